package dev.jtrack.store.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jtrack.tracking.Metric;
import dev.jtrack.tracking.Run;
import dev.jtrack.tracking.ViewType;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a writer process with SIGKILL in the middle of a stream of log-batch calls and checks that
 * every batch it acknowledged is in the SQLite file and that the file opens cleanly.
 */
class SqliteDurabilityTest {

    @TempDir
    Path dir;

    /**
     * The child process: logs batches of 100 points, printing "ack N" after each commit; forever,
     * or {@code args[1]} batches of single-metric calls when given (then exits 0).
     */
    public static void main(String[] args) throws Exception {
        Path db = Path.of(args[0]);
        if (args.length > 1) {
            int n = Integer.parseInt(args[1]);
            try (SqlTrackingStore s = new SqlTrackingStore(Database.sqlite(db), db.getParent().toUri().toString(), true)) {
                String run = s.createRun("0", "proc", null, List.of(), null).info().runId();
                for (int i = 0; i < n; i++) {
                    s.logMetric(run, new Metric("m", i, 1, i));
                }
                System.out.println("done " + run);
            }
            return;
        }
        try (SqlTrackingStore s = new SqlTrackingStore(Database.sqlite(db), db.getParent().toUri().toString(), true)) {
            String run = s.createRun("0", "kill-test", null, List.of(), "victim").info().runId();
            System.out.println("run " + run);
            System.out.flush();
            for (long b = 0; ; b++) {
                List<Metric> ms = new ArrayList<>();
                for (int i = 0; i < 100; i++) {
                    ms.add(new Metric("m", b * 100 + i, 1, b * 100 + i));
                }
                s.logBatch(run, ms, List.of(), List.of());
                System.out.println("ack " + b);
                System.out.flush();
            }
        }
    }

    @Test
    void twoProcessesWriteOneFileWithoutLockErrors() throws Exception {
        Path db = dir.resolve("shared.db");
        new SqlTrackingStore(Database.sqlite(db), dir.toUri().toString(), true).close();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<Process> ps = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            ps.add(new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), SqliteDurabilityTest.class.getName(),
                    db.toString(), "1500").redirectErrorStream(true).start());
        }
        List<String> runs = new ArrayList<>();
        for (Process p : ps) {
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(120, TimeUnit.SECONDS));
            assertEquals(0, p.exitValue(), out);
            runs.add(out.substring(out.indexOf("done ") + 5).strip());
        }
        try (SqlTrackingStore s = new SqlTrackingStore(Database.sqlite(db), dir.toUri().toString(), true)) {
            for (String run : runs) {
                assertEquals(1500, s.getMetricHistory(run, "m", null, null).items().size());
            }
        }
    }

    /**
     * Two stores open on one file at the same time (as a kernel and {@code jtrack server} are):
     * neither may keep the write lock between its writes, so alternating writes never wait for the
     * busy timeout (60 s).
     */
    @Test
    void storesOpenOnOneFileTakeTurnsWithoutWaiting() {
        Path db = dir.resolve("turns.db");
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            try (SqlTrackingStore a = new SqlTrackingStore(Database.sqlite(db), dir.toUri().toString(), true);
                    SqlTrackingStore b = new SqlTrackingStore(Database.sqlite(db), dir.toUri().toString(), true)) {
                String runA = a.createRun("0", "a", null, List.of(), null).info().runId();
                String runB = b.createRun("0", "b", null, List.of(), null).info().runId();
                for (int i = 0; i < 20; i++) {
                    a.logMetric(runA, new Metric("m", i, 1, i));
                    b.logMetric(runB, new Metric("m", i, 1, i));
                }
                assertEquals(20, b.getMetricHistory(runA, "m", null, null).items().size());
                assertEquals(20, a.getMetricHistory(runB, "m", null, null).items().size());
            }
        });
    }

    @Test
    void everyAcknowledgedBatchSurvivesKill9() throws Exception {
        Path db = dir.resolve("kill.db");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), SqliteDurabilityTest.class.getName(),
                db.toString()).redirectErrorStream(true).start();
        String run = null;
        long lastAck = -1;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null && System.nanoTime() < deadline) {
                if (line.startsWith("run ")) {
                    run = line.substring(4);
                } else if (line.startsWith("ack ")) {
                    lastAck = Long.parseLong(line.substring(4));
                    if (lastAck >= 200) {
                        break;
                    }
                }
            }
            // SIGKILL: no shutdown hooks, no close.
            p.destroyForcibly();
            assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        } finally {
            p.destroyForcibly();
        }
        assertTrue(run != null && lastAck >= 200, "writer did not make progress: run=" + run + " lastAck=" + lastAck);
        try (SqlTrackingStore s = new SqlTrackingStore(Database.sqlite(db), dir.toUri().toString(), true)) {
            int stored = s.getMetricHistory(run, "m", null, null).items().size();
            assertTrue(stored >= (lastAck + 1) * 100, "stored " + stored + " points but " + (lastAck + 1) * 100 + " were acknowledged");
            assertEquals(0, stored % 100, "a batch was stored partly: " + stored);
            Run got = s.getRun(run);
            assertEquals(stored - 1, (long) got.data().metrics().get(0).value());
            assertEquals(1, s.searchRuns(List.of("0"), "attributes.run_name = 'victim'", ViewType.ALL, 10, null, null).items().size());
        }
    }
}
