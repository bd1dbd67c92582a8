package org.esmtp4j.bench.report;

import java.util.Map;

/**
 * One client process run by {@code bin/bench}: one line of its {@code raw.tsv}.
 *
 * @param benchCase the case number, 1 to 5
 * @param server the server it sent to ({@code smtp-sink}, {@code nullsink}, {@code proxy})
 * @param client the client ({@code c}, {@code java}, {@code libesmtp}, {@code angus}, {@code raw}, ...)
 * @param sessions concurrent sessions in the process
 * @param round the round, from 1
 * @param sessionSeconds the client's own timer around its SMTP session(s)
 * @param sessionCpuSeconds the CPU time the client process used during that time, all threads
 * @param messages messages it was asked to send
 * @param recipients recipients per message
 * @param delivered messages delivered to every recipient
 * @param contentBytes content octets it was asked to send
 * @param heapGrowthKiB live heap growth (JVM clients; -1 for the C client)
 * @param wallSeconds whole-process wall time (GNU time)
 * @param rssKiB whole-process peak resident set (GNU time)
 * @param cpuSeconds whole-process user + system time (GNU time)
 * @param exit the process's exit status
 * @param roundTrips round trips the delay proxy counted (case 4; -1 elsewhere)
 */
public record Run(int benchCase, String server, String client, int sessions, int round, double sessionSeconds, double sessionCpuSeconds,
        long messages, int recipients, long delivered, long contentBytes, long heapGrowthKiB, double wallSeconds,
        long rssKiB, double cpuSeconds, int exit, long roundTrips) {

    /** The column names of {@code raw.tsv}, in order. */
    public static final String HEADER = "case\tserver\tclient\tsessions\tround\tsession_s\tsession_cpu_s\tmessages\trecipients"
            + "\tdelivered\tcontent_bytes\theap_growth_kib\twall_s\trss_kib\tcpu_s\texit\tround_trips";

    /**
     * @param columns the header's names mapped to this line's fields
     * @return the run
     */
    static Run of(Map<String, String> columns) {
        return new Run(Integer.parseInt(columns.get("case")), columns.get("server"), columns.get("client"),
                Integer.parseInt(columns.get("sessions")), Integer.parseInt(columns.get("round")),
                number(columns, "session_s"), number(columns, "session_cpu_s"), (long) number(columns, "messages"),
                (int) number(columns, "recipients"), (long) number(columns, "delivered"),
                (long) number(columns, "content_bytes"), (long) number(columns, "heap_growth_kib"),
                number(columns, "wall_s"), (long) number(columns, "rss_kib"), number(columns, "cpu_s"),
                (int) number(columns, "exit"), (long) number(columns, "round_trips"));
    }

    private static double number(Map<String, String> columns, String name) {
        String v = columns.get(name);
        return v == null || v.isEmpty() || v.equals("-") ? -1 : Double.parseDouble(v);
    }

    /** @return whether the process succeeded and delivered everything */
    public boolean ok() {
        return exit == 0 && delivered == messages && sessionSeconds > 0;
    }

    /** @return messages per second of session time */
    public double messagesPerSecond() {
        return messages / sessionSeconds;
    }

    /** @return content MiB per second of session time */
    public double mibPerSecond() {
        return contentBytes / 1048576.0 / sessionSeconds;
    }

    /** @return the name that tells this client apart within a case: the client and its sessions */
    public String label() {
        return sessions == 1 ? client : client + " x" + sessions;
    }
}
