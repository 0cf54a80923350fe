package dev.jtrack.recorder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jtrack.artifacts.ArtifactLocations;
import dev.jtrack.artifacts.LocalArtifactRepository;
import dev.jtrack.notebook.ActiveRun;
import dev.jtrack.notebook.TrackingClient;
import dev.jtrack.server.ServerConfig;
import dev.jtrack.server.TrackingServer;
import dev.jtrack.store.StoreUri;
import dev.jtrack.store.sql.SqlStores;
import dev.jtrack.tracking.Metric;
import dev.jtrack.tracking.Run;
import dev.jtrack.tracking.RunStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tracking client against a real jtrack server in this JVM over REST: the server stops in
 * the middle of a stream of records, logging goes on, the server comes back on the same port and
 * store, and every record is there exactly once, in order, artifacts included.
 */
class RecorderServerTest {

    @TempDir
    Path dir;

    private TrackingServer server;

    private int startServer(SqlStores stores, int port) {
        server = new TrackingServer();
        return server.start(ServerConfig.builder(stores.tracking(), stores.registry())
                .port(port)
                .workers(8)
                .artifacts(new ArtifactLocations(new LocalArtifactRepository(dir.resolve("artifacts"))))
                .build());
    }

    @Test
    void serverStoppedMidStreamLosesNothingAndDuplicatesNothing() throws Exception {
        List<String> reports = Collections.synchronizedList(new ArrayList<>());
        try (SqlStores stores = SqlStores.open(StoreUri.resolve(dir.resolve("server.db").toString()), "mlflow-artifacts:/")) {
            int port = startServer(stores, 0);
            try (TrackingClient client = TrackingClient.builder()
                    .trackingUri("http://127.0.0.1:" + port)
                    .experiment("outage")
                    .journalDir(dir.resolve("journal"))
                    .backoff(Duration.ofMillis(50), Duration.ofMillis(250))
                    .reporter(reports::add)
                    .build()) {
                ActiveRun run = client.startRun("stream");
                ActiveRun child = run.startChildRun("child");
                for (int i = 0; i < 100; i++) {
                    run.logMetric("m", i, i);
                }
                run.logParam("phase", "one").logText("before", "notes/before.txt");
                assertTrue(client.flush(Duration.ofSeconds(60)), "delivered while the server is up");
                String runId = run.runId().orElseThrow();

                server.close(); // the server goes away mid-session
                long slowest = 0;
                for (int i = 100; i < 300; i++) {
                    long t = System.nanoTime();
                    run.logMetric("m", i, i);
                    if (i % 50 == 0) {
                        child.logMetric("c", i, i);
                    }
                    slowest = Math.max(slowest, System.nanoTime() - t);
                }
                run.setTag("during", "outage").logText("during", "notes/during.txt");
                child.end();
                assertTrue(TimeUnit.NANOSECONDS.toMillis(slowest) < 1000, "calls never wait for the server");
                assertFalse(client.flush(Duration.ofMillis(500)), "nothing can be delivered while it is down");
                assertTrue(client.pendingRecords() > 0);
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (client.deliveryProblem().isEmpty()) { // the writer has tried, and failed
                    assertTrue(System.nanoTime() < deadline, "no delivery attempt during the outage");
                    client.flush(Duration.ofMillis(50));
                }

                startServer(stores, port); // back on the same port and store
                assertTrue(client.flush(Duration.ofSeconds(60)), "delivered once the server is back");
                assertTrue(client.deliveryProblem().isEmpty());
                run.end();
                assertTrue(client.flush(Duration.ofSeconds(60)));
                assertEquals(0, client.failedRecords());

                List<Metric> history = stores.tracking().getMetricHistory(runId, "m", null, null).items();
                assertEquals(300, history.size(), "every point exactly once");
                for (int i = 0; i < 300; i++) {
                    assertEquals(i, history.get(i).step());
                    assertEquals(i, history.get(i).value());
                }
                // timestamps follow the logging order too (steps are monotonic in time)
                for (int i = 1; i < 300; i++) {
                    assertTrue(history.get(i).timestamp() >= history.get(i - 1).timestamp());
                }
                Run stored = stores.tracking().getRun(runId);
                assertEquals(RunStatus.FINISHED, stored.info().status());
                assertEquals(Map.of("phase", "one"), Map.of(stored.data().params().get(0).key(),
                        stored.data().params().get(0).value()));
                assertTrue(stored.data().tags().stream().anyMatch(t -> t.key().equals("during")));
                Run storedChild = stores.tracking().getRun(child.runId().orElseThrow());
                assertEquals(4, stores.tracking().getMetricHistory(storedChild.info().runId(), "c", null, null)
                        .items().size());
                assertEquals(RunStatus.FINISHED, storedChild.info().status());

                // artifacts went through the server's proxy into its destination
                String uri = stored.info().artifactUri();
                assertTrue(uri.startsWith("mlflow-artifacts:/"), uri);
                Path runArtifacts = dir.resolve("artifacts").resolve(uri.substring("mlflow-artifacts:/".length()));
                assertEquals("before", Files.readString(runArtifacts.resolve("notes/before.txt")));
                assertEquals("during", Files.readString(runArtifacts.resolve("notes/during.txt")));
            } finally {
                server.close();
            }
        }
        assertEquals(1, reports.stream().filter(r -> r.startsWith("jtrack: tracking store unreachable")).count(),
                reports.toString());
    }
}
