package dev.jtrack.recorder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jtrack.artifacts.ArtifactLocations;
import dev.jtrack.artifacts.LocalArtifactRepository;
import dev.jtrack.notebook.TrackingClient;
import dev.jtrack.server.ServerConfig;
import dev.jtrack.server.TrackingServer;
import dev.jtrack.store.StoreUri;
import dev.jtrack.store.sql.SqlStores;
import dev.jtrack.tracking.Metric;
import dev.jtrack.tracking.Run;
import dev.jtrack.tracking.RunStatus;
import dev.jtrack.tracking.ViewType;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real process logs while its server is down and is killed with SIGKILL; the next client on
 * that store delivers its journal and ends its unfinished run as KILLED.
 */
class CrashRecoveryTest {

    @TempDir
    Path dir;

    @Test
    void aKilledProcessLeavesNothingBehindButAKilledRun() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        String uri = "http://127.0.0.1:" + port;
        Path journal = dir.resolve("journal");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                DoomedProgram.class.getName(), uri, journal.toString())
                .redirectErrorStream(true).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            List<String> seen = new ArrayList<>();
            while ((line = out.readLine()) != null && !line.equals("LOGGED")) {
                seen.add(line);
                assertTrue(seen.size() < 1000, "no LOGGED line: " + seen);
            }
            assertEquals("LOGGED", line, "program output: " + seen);
        } finally {
            p.destroyForcibly(); // SIGKILL: no shutdown hooks, no close
            assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        }
        assertEquals(1, entries(journal), "the dead process's journal is on disk");

        List<String> reports = Collections.synchronizedList(new ArrayList<>());
        TrackingServer server = new TrackingServer();
        try (SqlStores stores = SqlStores.open(StoreUri.resolve(dir.resolve("server.db").toString()), "mlflow-artifacts:/")) {
            server.start(ServerConfig.builder(stores.tracking(), stores.registry()).port(port).workers(8)
                    .artifacts(new ArtifactLocations(new LocalArtifactRepository(dir.resolve("artifacts")))).build());
            try (TrackingClient next = TrackingClient.builder().trackingUri(uri).journalDir(journal)
                    .reporter(reports::add).build()) {
                assertTrue(next.flush(Duration.ofSeconds(60)));
            }
            String exp = stores.tracking().getExperimentByName("crash").experimentId();
            List<Run> runs = stores.tracking().searchRuns(List.of(exp), null, ViewType.ALL, 10, null, null).items();
            assertEquals(2, runs.size());
            Run doomed = runs.stream().filter(r -> r.info().runName().equals("doomed")).findFirst().orElseThrow();
            Run finished = runs.stream().filter(r -> !r.info().runName().equals("doomed")).findFirst().orElseThrow();
            assertEquals(RunStatus.KILLED, doomed.info().status());
            assertEquals(RunStatus.FINISHED, finished.info().status());
            List<Metric> m = stores.tracking().getMetricHistory(doomed.info().runId(), "m", null, null).items();
            assertEquals(50, m.size());
            assertEquals("v", doomed.data().params().get(0).value());
            String root = doomed.info().artifactUri().substring("mlflow-artifacts:/".length());
            assertEquals("written before the crash",
                    Files.readString(dir.resolve("artifacts").resolve(root).resolve("crash.txt")));
        } finally {
            server.close();
        }
        assertEquals(0, entries(journal), "both journals delivered and removed");
        assertTrue(reports.stream().anyMatch(r -> r.contains("KILLED")), reports.toString());
    }

    private static long entries(Path d) throws java.io.IOException {
        try (var s = Files.list(d)) {
            return s.count();
        }
    }
}
