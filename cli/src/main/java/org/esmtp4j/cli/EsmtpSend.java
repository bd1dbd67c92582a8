package org.esmtp4j.cli;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.IntConsumer;
import org.esmtp4j.EngineChoice;
import org.esmtp4j.InvalidArgumentException;
import org.esmtp4j.Session;
import org.esmtp4j.Smtp;
import org.esmtp4j.SmtpEngine;
import org.esmtp4j.StartResult;

/**
 * {@code esmtp-send [OPTIONS] FILE MAILBOX...}: sends one message through the facade, on the
 * engine chosen, and reports the result as text or JSON, with the exit statuses of the
 * command-line contract (cli.md).
 */
public final class EsmtpSend {

    private static final String PROGRAM = "esmtp-send";

    private final InputStream in;
    private final PrintStream out;
    private final PrintStream err;
    private final boolean terminal;

    /**
     * @param in standard input (the message when FILE is {@code -})
     * @param out standard output (results, JSON)
     * @param err standard error (diagnostics, trace, progress)
     * @param terminal whether the user is watching a terminal (enables the progress line)
     */
    public EsmtpSend(InputStream in, PrintStream out, PrintStream err, boolean terminal) {
        this.in = in;
        this.out = out;
        this.err = err;
        this.terminal = terminal;
    }

    /**
     * Runs esmtp-send and exits with its status.
     *
     * @param args the command line
     */
    public static void main(String[] args) {
        PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
        PrintStream err = new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8);
        int status = new EsmtpSend(System.in, out, err, System.console() != null).run(args);
        out.flush();
        err.flush();
        System.exit(status);
    }

    /**
     * @param args the command line without the program name
     * @return the exit status: 0 all delivered, 1 not all delivered, 2 refused before
     *     connecting, 3 no session
     */
    public int run(String[] args) {
        SendOptions o;
        try {
            o = SendOptionsParser.parse(args);
        } catch (UsageException e) {
            err.println(PROGRAM + ": " + e.getMessage());
            err.println("Try '" + PROGRAM + " --help'.");
            if (e.jsonRequested()) {
                out.println(JsonReport.render(RunReport.withoutSession(null, null, ErrorInfo.invalid(e.getMessage()),
                        ExitStatus.REFUSED)));
            }
            return ExitStatus.REFUSED;
        }
        if (o.help) {
            out.print(SendOptionsParser.help());
            return ExitStatus.DELIVERED;
        }
        if (o.version) {
            VersionInfo.lines().forEach(out::println);
            return ExitStatus.DELIVERED;
        }
        if (o.insecure) {
            err.println(PROGRAM + ": " + TlsAuthOptions.INSECURE_WARNING);
        }
        EngineChoice choice;
        try {
            choice = chooseEngine(o);
        } catch (UsageException e) {
            return finish(o, RunReport.withoutSession(o.engine, null, ErrorInfo.invalid(e.getMessage()), ExitStatus.REFUSED));
        } catch (IllegalStateException e) {
            return finish(o, RunReport.withoutSession(o.engine, null, ErrorInfo.client(e.getMessage()
                    + "; use another engine with --engine (esmtp-send --version lists them)"), ExitStatus.NO_SESSION));
        }
        SmtpEngine engine = choice.engine();
        if (o.verbose) {
            err.println(PROGRAM + " " + VersionInfo.tool() + ", esmtp4j facade " + Smtp.VERSION + ", Java " + Runtime.version());
            err.println(PROGRAM + ": engine " + engine.name() + " " + engine.version() + " (" + choice.reason() + ")");
        }
        return finish(o, send(o, engine));
    }

    private static EngineChoice chooseEngine(SendOptions o) throws UsageException {
        if (o.engine == null) {
            try {
                return Smtp.engineChoice();
            } catch (IllegalArgumentException e) { // -Desmtp4j.engine names no engine
                throw new UsageException(e.getMessage(), o.json);
            }
        }
        List<String> names = Smtp.engineNames();
        if (!names.contains(o.engine)) {
            throw new UsageException("unknown engine \"" + Printable.of(o.engine) + "\" for --engine; choose one of "
                    + String.join(", ", names), o.json);
        }
        return new EngineChoice(Smtp.engine(o.engine), "requested with --engine");
    }

    private RunReport send(SendOptions o, SmtpEngine engine) {
        MessageInput input;
        try {
            input = o.file == null ? null : MessageInput.open(o.file, in);
        } catch (InvalidArgumentException e) {
            return RunReport.withoutSession(engine.name(), engine.version(), ErrorInfo.invalid(e.getMessage()),
                    ExitStatus.REFUSED);
        }
        // The progress line would garble the trace, and the trace says what is happening anyway.
        ProgressMeter progress = input != null && !o.monitor && ProgressMeter.wanted(input.size(), terminal)
                ? new ProgressMeter(err, input.size(), System::nanoTime) : null;
        IntConsumer dataSink = progress != null ? progress : length -> { };
        EventLog log = new EventLog(dataSink);
        TracePrinter trace = o.monitor ? new TracePrinter(err) : null;
        Session session;
        try {
            session = engine.createSession();
        } catch (RuntimeException | LinkageError e) { // a native library or class the engine needs is missing
            return RunReport.withoutSession(engine.name(), engine.version(),
                    ErrorInfo.client("the " + engine.name() + " engine could not create a session: " + e), ExitStatus.NO_SESSION);
        }
        try (session) {
            session.setEventListener(log);
            if (trace != null) {
                session.setMonitor(trace, true);                          // smtp_set_monitorcb(..., headers = 1)
            }
            try {
                SessionSetup.apply(o, session, input);
            } catch (InvalidArgumentException e) {
                return report(engine, log, session, ErrorInfo.invalid(e.getMessage()), ExitStatus.REFUSED);
            }
            StartResult result;
            try {
                result = session.start();
            } catch (InvalidArgumentException e) {                       // content refused by the prescan
                return report(engine, log, session, ErrorInfo.invalid(e.getMessage()), ExitStatus.REFUSED);
            } catch (RuntimeException | LinkageError e) {
                ErrorInfo error = ErrorInfo.client("the " + engine.name() + " engine failed: " + e);
                int status = log.sawConnect()
                        ? ExitStatus.afterStart(true, session.messages(), session.etrnNodes()) : ExitStatus.NO_SESSION;
                return report(engine, log, session, error, status);
            } finally {
                if (progress != null) {
                    progress.finish();
                }
                if (trace != null) {
                    trace.flush();
                }
            }
            return report(engine, log, session, ErrorInfo.of(result),
                    ExitStatus.afterStart(log.sawConnect(), session.messages(), session.etrnNodes()));
        }
    }

    private static RunReport report(SmtpEngine engine, EventLog log, Session session, ErrorInfo error, int status) {
        return new RunReport(engine.name(), engine.version(), log.sawConnect(), error, log.events(),
                session.messages(), session.etrnNodes(), status);
    }

    private int finish(SendOptions o, RunReport report) {
        if (o.json) {
            out.println(JsonReport.render(report));
        } else if (report.started()) {
            TextReport.printReplies(report, out);
        }
        if (report.exitStatus() == ExitStatus.REFUSED) {
            err.println(PROGRAM + ": refused before connecting: " + Printable.of(report.error().text()));
        } else if (report.engineVersion() == null) {
            err.println(PROGRAM + ": " + Printable.of(report.error().text()));
        } else {
            TextReport.printProblems(report, o.host, err);
        }
        return report.exitStatus();
    }
}
