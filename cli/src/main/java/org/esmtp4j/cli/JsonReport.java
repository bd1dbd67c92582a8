package org.esmtp4j.cli;

import java.util.Locale;
import java.util.Map;
import org.esmtp4j.Message;
import org.esmtp4j.Outcome;
import org.esmtp4j.Recipient;
import org.esmtp4j.Status;

/**
 * The {@code --json} output (cli.md, "--json output"): one object whose keys come in the
 * documented order: engine, engineVersion, started, error, events, messages.
 */
final class JsonReport {

    private JsonReport() {
    }

    /**
     * @param report the run
     * @return the JSON text, on one line, without a line break
     */
    static String render(RunReport report) {
        JsonWriter w = new JsonWriter().beginObject();
        w.name("engine").value(report.engine());
        w.name("engineVersion").value(report.engineVersion());
        w.name("started").value(report.started());
        w.name("error").beginObject()
                .name("code").value(report.error().code())
                .name("name").value(report.error().name())
                .name("text").value(report.error().text())
                .endObject();
        w.name("events").beginArray();
        for (EventLog.Event event : report.events()) {
            w.beginObject().name("event").value(event.name());
            for (Map.Entry<String, Object> argument : event.arguments().entrySet()) {
                w.name(argument.getKey()).scalar(argument.getValue());
            }
            w.endObject();
        }
        w.endArray();
        w.name("messages").beginArray();
        for (Message m : report.messages()) {
            writeMessage(w, m);
        }
        w.endArray();
        return w.endObject().toString();
    }

    private static void writeMessage(JsonWriter w, Message m) {
        w.beginObject();
        w.name("reversePath");
        writeStatus(w, m.reversePathStatus());
        w.name("transfer");
        writeStatus(w, m.transferStatus());
        w.name("recipients").beginArray();
        for (Recipient r : m.recipients()) {
            w.beginObject().name("mailbox").value(r.mailbox());
            w.name("status");
            writeStatus(w, r.status());
            w.name("complete").value(r.isComplete());
            w.name("outcome").value(outcomeName(r.outcome()));
            w.endObject();
        }
        w.endArray();
        w.endObject();
    }

    /**
     * A status as {@code {"code", "text", "enhanced"}}, or null when no reply was recorded. The
     * text's lines are joined with CRLF (the facade joins them with LF); {@code enhanced} is
     * null unless the server advertised ENHANCEDSTATUSCODES and the reply carried a triplet,
     * which the engines already decide when they record the status.
     */
    private static void writeStatus(JsonWriter w, Status s) {
        if (!s.isSet()) {
            w.nullValue();
            return;
        }
        String enhanced = s.enhancedCode();
        w.beginObject()
                .name("code").value(s.code())
                .name("text").value(s.text().replace("\n", "\r\n"))
                .name("enhanced").value(enhanced.isEmpty() ? null : enhanced)
                .endObject();
    }

    /** @return the contract's outcome name, or null for a recipient that no start attempted */
    static String outcomeName(Outcome outcome) {
        return outcome == Outcome.PENDING ? null : outcome.name().toLowerCase(Locale.ROOT);
    }
}
