package org.esmtp4j.libesmtp;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.lang.reflect.Method;
import org.esmtp4j.Message;
import org.esmtp4j.Recipient;
import org.esmtp4j.SmtpEvents;
import org.esmtp4j.Status;

/**
 * The status events (MAILSTATUS, RCPTSTATUS, MESSAGESENT) that the shim logs instead of calling
 * Java when nothing in the application would see them as they happen: no monitor, and a
 * listener that keeps the defaults of {@code mailStatus}, {@code recipientStatus} and
 * {@code messageSent}. The engine takes them, in order, before anything else reaches Java (every
 * other event, every content read) and after the session, so the facade records the same
 * statuses in the same order as when each event calls Java; the shim copies each status when
 * the event is raised.
 *
 * <p>The log entry is the shim's {@code struct shim_log_entry}: {@code int event_no, index,
 * code, enhanced[3]; long long n1; int text_length, reserved;} then the text, padded to 8 bytes.
 */
final class DeferredEvents {

    /** Receives one logged event. */
    interface Sink {
        /**
         * @param event the libESMTP event number
         * @param index the message index or recipient ordinal
         * @param status the status copied when the event was raised
         * @param n1 the event's flags (MESSAGESENT)
         */
        void deliver(int event, int index, Status status, long n1);
    }

    private static final int ENTRY_SIZE = 40;
    private static final int N1_OFFSET = 24;
    private static final int TEXT_LENGTH_OFFSET = 32;

    private final Pointer run;
    private Memory taken = new Memory(32 * 1024);
    private byte[] buffer = new byte[(int) taken.size()];

    DeferredEvents(Pointer run) {
        this.run = run;
    }

    /**
     * @param listener the application's listener
     * @return whether it has its own {@code mailStatus}, {@code recipientStatus} or
     *     {@code messageSent}, which must then be called as the events happen
     */
    static boolean listensToStatusEvents(SmtpEvents listener) {
        return overrides(listener, "mailStatus", Message.class) || overrides(listener, "recipientStatus", Recipient.class)
                || overrides(listener, "messageSent", Message.class);
    }

    private static boolean overrides(SmtpEvents listener, String name, Class<?> parameter) {
        try {
            Method m = listener.getClass().getMethod(name, parameter);
            return m.getDeclaringClass() != SmtpEvents.class;
        } catch (NoSuchMethodException e) {
            return true;
        }
    }

    /** Passes every logged event to {@code sink}, oldest first, and empties the log. */
    void drain(Sink sink) {
        while (true) {
            int n = Shim.shim_log_take(run, taken, buffer.length);
            if (n < 0) {
                buffer = new byte[Math.max(-n, buffer.length * 2)];
                taken = new Memory(buffer.length);
                continue;
            }
            if (n == 0) {
                return;
            }
            taken.read(0, buffer, 0, n);
            ByteBuffer view = ByteBuffer.wrap(buffer, 0, n).order(ByteOrder.nativeOrder());
            int at = 0;
            while (at < n) {
                int textLength = view.getInt(at + TEXT_LENGTH_OFFSET);
                String text = textLength < 0 ? null : new String(buffer, at + ENTRY_SIZE, textLength, StandardCharsets.UTF_8);
                Status status = NativeStatus.of(view.getInt(at + 8), text, view.getInt(at + 12), view.getInt(at + 16),
                        view.getInt(at + 20));
                sink.deliver(view.getInt(at), view.getInt(at + 4), status, view.getLong(at + N1_OFFSET));
                at += ENTRY_SIZE + ((Math.max(textLength, 0) + 7) & ~7);
            }
        }
    }
}
