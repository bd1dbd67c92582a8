package org.esmtp4j.bench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchReportTest {

    private static String row(int benchCase, String client, int sessions, int round, double seconds, long roundTrips) {
        return String.join("\t", String.valueOf(benchCase), "nullsink", client, String.valueOf(sessions),
                String.valueOf(round), String.valueOf(seconds), "0.1", "100", "1", "100", "200000",
                client.equals("c") ? "-" : "2048", "1.0", "10240", "0.5", "0", String.valueOf(roundTrips));
    }

    private static List<Run> runs(@TempDir Path dir, String... rows) throws IOException {
        Path tsv = dir.resolve("raw.tsv");
        Files.writeString(tsv, Run.HEADER + "\n" + String.join("\n", rows) + "\n");
        return BenchReport.read(tsv);
    }

    @Test
    void ratiosAreTakenWithinEachRoundThenTheirMedian(@TempDir Path dir) throws IOException {
        String report = BenchReport.render(runs(dir,
                row(1, "c", 1, 1, 1.0, -1), row(1, "java", 1, 1, 0.5, -1),
                row(1, "c", 1, 2, 2.0, -1), row(1, "java", 1, 2, 1.8, -1),
                row(1, "c", 1, 3, 4.0, -1), row(1, "java", 1, 3, 2.8, -1)));
        // per round 0.50, 0.90, 0.70: median 0.70, although the median times (2.0 and 1.8) give 0.90
        assertTrue(report.contains("| 0.70 | 0.50, 0.90, 0.70 |"), report);
        assertTrue(report.contains("| Case 1 (nullsink): java session time ÷ C | 0.70 | ≤ 0.80 | met |"), report);
    }

    @Test
    void aMissedTargetSaysByHowMuch(@TempDir Path dir) throws IOException {
        String report = BenchReport.render(runs(dir,
                row(5, "java", 1, 1, 1.0, -1), row(5, "java", 8, 1, 0.8, -1)));
        assertTrue(report.contains("| Case 5: java throughput, x8 ÷ x1 | 1.25 | ≥ 1.60 | **missed** by 22% |"), report);
    }

    @Test
    void failedRunsAreLeftOutOfTheMedians(@TempDir Path dir) throws IOException {
        List<Run> runs = runs(dir, row(1, "c", 1, 1, 1.0, -1), row(1, "java", 1, 1, -1, -1));
        assertEquals(false, runs.get(1).ok());
        assertTrue(BenchReport.render(runs).contains("| java | 0/1 |"));
    }

    @Test
    void roundTripsPerMessageAreComparedWithC(@TempDir Path dir) throws IOException {
        String report = BenchReport.render(runs(dir,
                row(4, "c", 1, 1, 1.0, 302), row(4, "java", 1, 1, 1.0, 402)));
        assertTrue(report.contains("| java | 1 | 100 | 100 | 402 | 4.020 | 1.33 |"), report);
        assertTrue(report.contains("**missed** by 33%"), report);
    }

    @Test
    void medianOfAnEvenCountIsTheMeanOfTheMiddleTwo() {
        assertEquals(2.5, BenchReport.median(new double[] {4, 1, 3, 2}));
    }
}
