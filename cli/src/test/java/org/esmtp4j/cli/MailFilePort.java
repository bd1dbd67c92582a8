package org.esmtp4j.cli;

import java.io.Console;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.esmtp4j.AuthRequest;
import org.esmtp4j.AuthSettings;
import org.esmtp4j.HeaderOption;
import org.esmtp4j.Message;
import org.esmtp4j.MessageSource;
import org.esmtp4j.Monitor;
import org.esmtp4j.Notify;
import org.esmtp4j.Recipient;
import org.esmtp4j.Session;
import org.esmtp4j.Smtp;
import org.esmtp4j.SmtpEvents;
import org.esmtp4j.StartResult;
import org.esmtp4j.StartTlsMode;
import org.esmtp4j.Status;

/**
 * The esmtp4j port of libESMTP's example program {@code examples/mail-file.c}, written from its
 * documented behaviour and shown step by step in section 5 of MIGRATION.md:
 * {@code MailFilePort [options] file mailbox...} sends one RFC 5322 file ({@code -} for standard
 * input) to the mailboxes given. It lives in the test tree so that it is compiled and run against
 * a real server ({@code MailFilePortTest}) and the guide cannot drift from the API.
 */
public final class MailFilePort {

    /** The options that take a value, in their short and long forms. */
    private static final Set<String> TAKES_VALUE = Set.of("-h", "--host", "-f", "--reverse-path", "-s",
            "--subject", "-n", "--notify", "--to", "--cc", "--bcc");

    private MailFilePort() {
    }

    /**
     * Runs the port and exits with its status.
     *
     * @param args the command line
     * @throws IOException when standard input cannot be read
     */
    public static void main(String[] args) throws IOException {
        System.exit(send(args, System.out));
    }

    /**
     * Sends the file named on the command line and prints the message status and each
     * recipient's status.
     *
     * @param args options, then the file, then at least one mailbox
     * @param out where the statuses and the monitor's trace go (C's stdout)
     * @return 0 when a session ran, 1 when the file cannot be read or no session ran, 2 for a
     *     usage error
     * @throws IOException when standard input cannot be read
     */
    static int send(String[] args, PrintStream out) throws IOException {
        try (Session session = Smtp.engine().createSession()) {                // smtp_create_session
            Message message = session.addMessage();                            // smtp_add_message
            String host = "localhost:25";
            String from = null;
            String subject = null;
            boolean noAuth = false;
            boolean toCcOrBcc = false;
            Set<Notify> notify = EnumSet.noneOf(Notify.class);
            int i = 0;
            for (; i < args.length && args[i].startsWith("-") && !args[i].equals("-"); i++) {
                String option = args[i];
                String value = null;
                if (TAKES_VALUE.contains(option)) {
                    if (++i == args.length) {
                        return usage();
                    }
                    value = args[i];
                }
                switch (option) {
                    case "-h", "--host" -> host = value;
                    case "-f", "--reverse-path" -> from = value;
                    case "-s", "--subject" -> subject = value;
                    case "-n", "--notify" -> {
                        if (!addNotify(notify, value)) {
                            return usage();
                        }
                    }
                    case "-d", "--mdn" -> message.setHeaderDefault("Disposition-Notification-To"); // smtp_set_header(m, name, NULL, NULL)
                    case "-m", "--monitor" -> session.setMonitor(printingMonitor(out), true); // smtp_set_monitorcb(..., 1)
                    case "-c", "--crlf" -> { }  // nothing to do: the facade canonicalises line ends
                    case "-t", "--tls" -> session.setStartTls(StartTlsMode.ENABLED);      // smtp_starttls_enable
                    case "-T", "--require-tls" -> session.setStartTls(StartTlsMode.REQUIRED);
                    case "--noauth" -> noAuth = true;
                    case "--to", "--cc", "--bcc" -> {
                        String header = switch (option) {
                            case "--to" -> "To";
                            case "--cc" -> "Cc";
                            default -> "Bcc";
                        };
                        message.addMailboxHeader(header, null, value);             // smtp_set_header(m, header, NULL, addr)
                        toCcOrBcc = true;
                    }
                    default -> {
                        return usage();
                    }
                }
            }
            if (args.length - i < 2) {
                return usage();
            }
            // No SIGPIPE handling: the JVM ignores SIGPIPE, and a write to a closed socket is an
            // IOException that the engine turns into a status.
            session.setServer(host);                                          // smtp_set_server
            session.setEventListener(new ReportingEvents(out));               // smtp_set_eventcb
            if (!noAuth) {
                session.setAuth(AuthSettings.builder()                        // auth_create_context
                        .allowPlainMechanisms(true)                           // auth_set_mechanism_flags(AUTH_PLUGIN_PLAIN)
                        .interaction(MailFilePort::askTheUser)                // auth_set_interact_cb
                        .continueUnauthenticated(true)                        // what libESMTP always does
                        .build());                                            // smtp_auth_set_context
            }
            message.setReversePath(from);                                     // smtp_set_reverse_path (null: <>)
            if (!toCcOrBcc) {
                message.setHeaderDefault("To");                               // smtp_set_header(m, "To", NULL, NULL)
            }
            if (subject != null) {
                message.setHeader("Subject", subject);                        // smtp_set_header
                message.setHeaderOption("Subject", HeaderOption.OVERRIDE, true); // smtp_set_header_option
            }
            String file = args[i++];
            if (!file.equals("-") && !Files.isReadable(Path.of(file))) {       // fopen
                System.err.println("can't open " + file);
                return 1;
            }
            message.setMessageSource(file.equals("-")                         // smtp_set_message_fp
                    ? MessageSource.of(System.in.readAllBytes())
                    : MessageSource.of(Path.of(file)));
            for (; i < args.length; i++) {
                Recipient recipient = message.addRecipient(args[i]);            // smtp_add_recipient
                if (!notify.isEmpty()) {
                    recipient.setDsnNotify(notify);                           // smtp_dsn_set_notify
                }
            }
            StartResult result = session.start();                             // smtp_start_session
            if (!result.connected()) {
                System.err.println("SMTP server problem " + result.error().text() // smtp_strerror(smtp_errno())
                        + ": " + result.detail());
                return 1;
            }
            Status status = message.transferStatus();                         // smtp_message_transfer_status
            out.println(status.code() + " " + status.text());
            for (Recipient r : message.recipients()) {                        // smtp_enumerate_recipients
                Status s = r.status();                                        // smtp_recipient_status
                out.println(r.mailbox() + ": " + r.outcome() + " " + s.code() + " " + s.text());
            }
            return 0;
        }                                                                     // smtp_destroy_session, fclose
    }

    /** Adds one {@code -n} value; false for a value that is not a DSN notify keyword. */
    private static boolean addNotify(Set<Notify> notify, String value) {
        Notify flag = switch (value) {
            case "success" -> Notify.SUCCESS;                                 // Notify_SUCCESS
            case "failure" -> Notify.FAILURE;
            case "delay" -> Notify.DELAY;
            case "never" -> Notify.NEVER;
            default -> null;
        };
        if (flag == null) {
            return false;
        }
        if (flag == Notify.NEVER || notify.contains(Notify.NEVER)) {
            notify.clear();                                                   // NEVER is never combined with the others
        }
        notify.add(flag);
        return true;
    }

    /** The protocol trace on {@code out}, prefixed as mail-file does: C: written, S: read, H: header. */
    private static Monitor printingMonitor(PrintStream out) {
        return (buffer, offset, length, direction) -> {                        // smtp_monitorcb_t
            out.print(switch (direction) {
                case WRITE -> "C: ";
                case READ -> "S: ";
                case HEADERS -> "H: ";
            });
            out.write(buffer, offset, length);
            if (direction != Monitor.Direction.HEADERS && (length == 0 || buffer[offset + length - 1] != '\n')) {
                out.println();
            }
        };
    }

    /** Prompts on the terminal for each item a SASL mechanism asks for (C's authinteract). */
    private static List<char[]> askTheUser(String mechanism, List<AuthRequest> requests) {
        Console console = System.console();
        if (console == null) {
            return null;                                                      // no terminal: refuse this mechanism
        }
        List<char[]> answers = new ArrayList<>();
        for (AuthRequest request : requests) {
            String prompt = request.prompt()
                    + (request.flags().contains(AuthRequest.Flag.CLEARTEXT) ? " (not encrypted)" : "") + ": ";
            char[] answer = request.flags().contains(AuthRequest.Flag.PASS)
                    ? console.readPassword("%s", prompt)                      // getpass
                    : console.readLine("%s", prompt).toCharArray();
            answers.add(answer);
        }
        return answers;
    }

    private static int usage() {
        System.err.println("usage: MailFilePort [-h host[:port]] [-f from] [-s subject] [-n success|failure|delay|never]"
                + " [-d] [-m] [-c] [-t|-T] [--noauth] [--to|--cc|--bcc mailbox] file mailbox...");
        return 2;
    }

    /**
     * mail-file's event callback: it reports the TLS events. Unlike the C example it does not
     * accept certificate problems: the defaults refuse them, and trust is configured with
     * {@link org.esmtp4j.TlsSettings}.
     */
    private static final class ReportingEvents implements SmtpEvents {
        private final PrintStream out;

        ReportingEvents(PrintStream out) {
            this.out = out;
        }

        @Override
        public void startTlsOk(String protocol, String cipher, int bits) {    // SMTP_EV_STARTTLS_OK
            out.println("STARTTLS OK: " + protocol + " " + cipher + " (" + bits + " bits)");
        }

        @Override
        public boolean acceptInvalidPeerCertificate(long verifyResult, String reason) { // SMTP_EV_INVALID_PEER_CERTIFICATE
            out.println("invalid peer certificate (" + verifyResult + "): " + reason + " - refused");
            return false;
        }

        @Override
        public boolean acceptWrongPeerCertificate(String nameInCertificate) {  // SMTP_EV_WRONG_PEER_CERTIFICATE
            out.println("certificate is for " + nameInCertificate + " - refused");
            return false;
        }
    }
}
