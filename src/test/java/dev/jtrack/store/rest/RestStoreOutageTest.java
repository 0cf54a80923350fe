package dev.jtrack.store.rest;

import dev.jtrack.http.RetryPolicy;
import dev.jtrack.http.RestConfig;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jtrack.tracking.ErrorCode;
import dev.jtrack.tracking.Metric;
import dev.jtrack.tracking.MlflowException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The REST store rides out a real server outage: calls made while the server is down are retried
 * with backoff and succeed once it is back on the same port; a longer outage ends in
 * TEMPORARILY_UNAVAILABLE within the retry budget.
 */
class RestStoreOutageTest {

    @TempDir
    Path dir;

    @Test
    void writesDuringARestartSucceedAfterRetries() throws Exception {
        ServerFixture first = ServerFixture.start(dir);
        int port = first.port();
        RetryPolicy patient = new RetryPolicy(20, Duration.ofMillis(50), Duration.ofMillis(400), Duration.ofSeconds(30));
        try (RestTrackingStore store = new RestTrackingStore(RestConfig.of(first.uri()).withRetry(patient)
                .withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(10)))) {
            String exp = store.createExperiment("outage", null, List.of());
            String run = store.createRun(exp, "u", null, List.of(), "r").info().runId();
            store.logMetric(run, new Metric("m", 1.0, 1, 0));
            first.close();

            CompletableFuture<ServerFixture> second = CompletableFuture.supplyAsync(() -> {
                try {
                    Thread.sleep(700);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return ServerFixture.start(dir, port);
            });
            long t0 = System.nanoTime();
            store.logMetric(run, new Metric("m", 2.0, 2, 1)); // server is down now
            long waitedMs = (System.nanoTime() - t0) / 1_000_000;
            try (ServerFixture back = second.get(30, TimeUnit.SECONDS)) {
                assertTrue(waitedMs >= 500, "the call returned before the server was back: " + waitedMs + " ms");
                List<Metric> h = store.getMetricHistory(run, "m", null, null).items();
                assertEquals(List.of(1.0, 2.0), h.stream().map(Metric::value).toList());
            }
        }
    }

    @Test
    void aLongOutageEndsInTemporarilyUnavailableWithinTheBudget() throws Exception {
        ServerFixture server = ServerFixture.start(dir);
        String uri = server.uri();
        server.close();
        RetryPolicy brief = new RetryPolicy(50, Duration.ofMillis(50), Duration.ofMillis(200), Duration.ofMillis(1500));
        try (RestTrackingStore store = new RestTrackingStore(RestConfig.of(uri).withRetry(brief))) {
            long t0 = System.nanoTime();
            MlflowException e = assertThrows(MlflowException.class, () -> store.getExperiment("0"));
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertEquals(ErrorCode.TEMPORARILY_UNAVAILABLE, e.errorCode());
            assertTrue(ms >= 1000 && ms < 5000, "gave up after " + ms + " ms");
        }
    }
}
