package dev.jtrack.store.rest;

import dev.jtrack.http.RetryPolicy;
import dev.jtrack.http.RestConfig;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jtrack.tracking.Metric;
import dev.jtrack.tracking.Page;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * 8 concurrent writers × 10,000 metric points each, over HTTP to a real server on a SQLite store:
 * every point is stored exactly once and no call fails (no "database is locked").
 */
class ConcurrentWritersTest {

    private static final int WRITERS = 8;
    private static final int POINTS = 10_000;

    @TempDir
    Path dir;

    @Test
    void everyPointStoredExactlyOnce() throws Exception {
        try (ServerFixture server = ServerFixture.start(dir)) {
            String exp;
            String shared;
            List<String> own = new ArrayList<>();
            try (RestTrackingStore store = new RestTrackingStore(RestConfig.of(server.uri()).withRetry(RetryPolicy.none()))) {
                exp = store.createExperiment("concurrent", null, List.of());
                shared = store.createRun(exp, "w", null, List.of(), "shared").info().runId();
                for (int w = 0; w < WRITERS; w++) {
                    own.add(store.createRun(exp, "w", null, List.of(), "own-" + w).info().runId());
                }
            }
            ExecutorService pool = Executors.newFixedThreadPool(WRITERS);
            List<Future<?>> done = new ArrayList<>();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            for (int w = 0; w < WRITERS; w++) {
                int writer = w;
                done.add(pool.submit(() -> write(server.uri(), writer, shared, own.get(writer), deadline)));
            }
            pool.shutdown();
            for (Future<?> f : done) {
                f.get(150, TimeUnit.SECONDS); // rethrows a writer's failure
            }
            assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS));

            try (RestTrackingStore store = new RestTrackingStore(RestConfig.of(server.uri()))) {
                List<Metric> all = store.getMetricHistory(shared, "shared", null, null).items();
                assertEquals(WRITERS * POINTS / 2, all.size(), "shared run: half of each writer's points");
                boolean[] seen = new boolean[WRITERS * POINTS];
                for (Metric m : all) {
                    int step = (int) m.step();
                    assertTrue(!seen[step], "step " + step + " stored twice");
                    seen[step] = true;
                    assertEquals(step * 0.25, m.value());
                    assertEquals(1_000_000L + step, m.timestamp());
                }
                for (int w = 0; w < WRITERS; w++) {
                    Page<Metric> mine = store.getMetricHistory(own.get(w), "own", null, null);
                    assertEquals(POINTS / 2, mine.items().size(), "writer " + w);
                    for (int i = 0; i < POINTS / 2; i++) {
                        assertEquals(i, mine.items().get(i).step());
                    }
                }
            }
        }
    }

    /**
     * Half of the points go one by one through log-metric to the writer's own run, half in
     * batches of 100 through log-batch to the run all writers share.
     */
    private static void write(String uri, int writer, String shared, String own, long deadline) {
        try (RestTrackingStore store = new RestTrackingStore(RestConfig.of(uri).withRetry(RetryPolicy.none()))) {
            List<Metric> batch = new ArrayList<>();
            for (int i = 0; i < POINTS / 2; i++) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("writer " + writer + " ran out of time at point " + i);
                }
                int step = writer * (POINTS / 2) + i;
                batch.add(new Metric("shared", step * 0.25, 1_000_000L + step, step));
                if (batch.size() == 100) {
                    store.logBatch(shared, batch, List.of(), List.of());
                    batch.clear();
                }
                store.logMetric(own, new Metric("own", i, 2_000_000L + i, i));
            }
        }
    }
}
