package dev.jtrack.store.rest;

import dev.jtrack.http.RetryPolicy;
import dev.jtrack.http.RestConfig;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jtrack.tracking.Metric;
import dev.jtrack.tracking.MlflowException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kill -9} of a real {@code jtrack server} process during a stream of log-batch calls from
 * four writers, then a restart on the same SQLite file: every batch that got a 200 is there in
 * full, no batch is there in part, and the store opens cleanly.
 */
class ServerKillIT {

    private static final int WRITERS = 4;
    private static final int BATCH = 100;

    @TempDir
    Path dir;

    @Test
    void acknowledgedWritesSurviveKill9() throws Exception {
        Path db = dir.resolve("store.db");
        Path artifacts = dir.resolve("artifacts");
        int port = ServerProcess.freePort();
        String runId;
        Set<Integer> acked = ConcurrentHashMap.newKeySet();
        Set<Integer> attempted = ConcurrentHashMap.newKeySet();
        try (ServerProcess server = ServerProcess.start(db, artifacts, port, List.of())) {
            try (RestTrackingStore store = new RestTrackingStore(RestConfig.of(server.uri()))) {
                String exp = store.createExperiment("kill", null, List.of());
                runId = store.createRun(exp, "k", null, List.of(), "victim").info().runId();
            }
            AtomicBoolean stop = new AtomicBoolean();
            List<Thread> writers = new ArrayList<>();
            for (int w = 0; w < WRITERS; w++) {
                int writer = w;
                Thread t = new Thread(() -> stream(server.uri(), runId, writer, acked, attempted, stop), "writer-" + w);
                t.start();
                writers.add(t);
            }
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (acked.size() < 200 && System.nanoTime() < until) {
                Thread.sleep(20);
            }
            assertTrue(acked.size() >= 50, "too few writes before the kill: " + acked.size() + "\n" + server.output());
            server.kill9();
            stop.set(true);
            for (Thread t : writers) {
                t.join(TimeUnit.SECONDS.toMillis(60));
                assertTrue(!t.isAlive(), t.getName() + " still running");
            }
        }

        // The file must be a sound SQLite database after the kill (WAL recovery on open).
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db.toAbsolutePath());
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("PRAGMA integrity_check")) {
            assertTrue(rs.next());
            assertEquals("ok", rs.getString(1));
        }

        try (ServerProcess server = ServerProcess.start(db, artifacts, port, List.of());
                RestTrackingStore store = new RestTrackingStore(RestConfig.of(server.uri()))) {
            List<Metric> points = store.getMetricHistory(runId, "k", null, null).items();
            Map<Integer, Integer> perBatch = new HashMap<>();
            for (Metric m : points) {
                int batch = (int) (m.step() / BATCH);
                perBatch.merge(batch, 1, Integer::sum);
                assertEquals(m.step() * 0.5, m.value());
            }
            System.out.printf("kill -9 after %d acknowledged batches (%d sent); %d batches stored after restart%n",
                    acked.size(), attempted.size(), perBatch.size());
            for (int b : acked) {
                assertEquals(BATCH, perBatch.getOrDefault(b, 0), "acknowledged batch " + b);
            }
            for (Map.Entry<Integer, Integer> e : perBatch.entrySet()) {
                assertEquals(BATCH, e.getValue(), "batch " + e.getKey() + " stored in part");
                assertTrue(attempted.contains(e.getKey()), "batch " + e.getKey() + " was never sent");
            }
            assertTrue(perBatch.size() - acked.size() <= WRITERS,
                    "at most one in-flight batch per writer may land unacknowledged");
            // The store is usable: new writes work.
            store.logMetric(runId, new Metric("after", 1.0, 1, 0));
            assertEquals(1, store.getMetricHistory(runId, "after", null, null).items().size());
        }
    }

    /** Sends batches {@code writer, writer+WRITERS, ...} until the server dies or time is up. */
    private static void stream(String uri, String runId, int writer, Set<Integer> acked, Set<Integer> attempted,
            AtomicBoolean stop) {
        RestConfig cfg = RestConfig.of(uri).withRetry(RetryPolicy.none())
                .withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(10));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        try (RestTrackingStore store = new RestTrackingStore(cfg)) {
            for (int b = writer; !stop.get() && System.nanoTime() < deadline; b += WRITERS) {
                List<Metric> batch = new ArrayList<>(BATCH);
                for (int i = 0; i < BATCH; i++) {
                    long step = (long) b * BATCH + i;
                    batch.add(new Metric("k", step * 0.5, 1_000 + step, step));
                }
                attempted.add(b);
                try {
                    store.logBatch(runId, batch, List.of(), List.of());
                    acked.add(b);
                } catch (MlflowException e) {
                    return; // the server is gone: this batch's fate is unknown
                }
            }
        }
    }
}
