package dev.jtrack.scale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jtrack.artifacts.S3ProxyProcess;
import dev.jtrack.store.PostgresTestDatabase;
import dev.jtrack.store.rest.ServerProcess;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Several stateless replicas: two real {@code jtrack server} processes on one PostgreSQL schema
 * and one S3 artifact root (S3Proxy), started at the same moment on an empty schema, written to
 * concurrently, and read back through either. Nothing may be lost or doubled, and model version
 * numbers stay unique.
 */
class ReplicasIT {
    private static final int RUNS = 12;
    private static final int BATCHES = 4;
    private static final int POINTS = 25;
    private static final int SHARED_POINTS = 10;
    private static final int VERSIONS = 16;

    @TempDir Path work;

    @Test
    void twoReplicasShareOneDatabaseAndOneBucket() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try (S3ProxyProcess s3 = S3ProxyProcess.start(work); PostgresTestDatabase pg = PostgresTestDatabase.create()) {
            String bucket = s3.createBucket();
            List<String> args = List.of("--backend-store-uri", pg.trackingUri(),
                    "--artifacts-destination", "s3://" + bucket + "/shared");
            // both start at once on the empty schema: the schema migration must happen exactly once
            CompletableFuture<ServerProcess> startingB = CompletableFuture.supplyAsync(() -> start(args, s3.environment()), pool);
            try (ServerProcess a = start(args, s3.environment()); ServerProcess b = startingB.get(90, TimeUnit.SECONDS)) {
                Api[] replicas = {new Api(a.uri()), new Api(b.uri())};
                String exp = replicas[0].post("experiments/create", Map.of("name", "replicated"))
                        .path("experiment_id").asText();
                String shared = createRun(replicas[1], exp, "shared");

                List<Callable<String>> runTasks = new ArrayList<>();
                for (int i = 0; i < RUNS; i++) {
                    int run = i;
                    runTasks.add(() -> writeRun(replicas, exp, shared, run));
                }
                List<String> runIds = new ArrayList<>();
                for (Future<String> f : pool.invokeAll(runTasks, 180, TimeUnit.SECONDS)) runIds.add(f.get());

                List<String> versions = createVersionsConcurrently(pool, replicas, runIds.get(0));

                for (Api reader : replicas) {
                    checkEverything(reader, exp, shared, runIds, versions);
                }
                assertEquals(RUNS, s3.rawKeys(bucket, "shared/").size(), s3.rawKeys(bucket, "shared/").toString());
                for (ServerProcess s : List.of(a, b)) assertFalse(s.output().contains("Exception"), s.output());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static ServerProcess start(List<String> args, Map<String, String> env) {
        try {
            return ServerProcess.start(args, env);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String createRun(Api api, String exp, String name) throws Exception {
        return api.post("runs/create", Map.of("experiment_id", exp, "run_name", name, "start_time", 1000))
                .path("run").path("info").path("run_id").asText();
    }

    /** One run, its metric batches spread over both replicas, an artifact uploaded through the replica that did not create it. */
    private static String writeRun(Api[] replicas, String exp, String shared, int i) throws Exception {
        String runId = createRun(replicas[i % 2], exp, "run-" + i);
        for (int batch = 0; batch < BATCHES; batch++) {
            List<Map<String, Object>> metrics = new ArrayList<>();
            for (int p = 0; p < POINTS; p++) {
                int step = batch * POINTS + p;
                metrics.add(Map.of("key", "loss", "value", 1.0 / (step + 1), "timestamp", 2000 + step, "step", step));
            }
            replicas[(i + batch) % 2].post("runs/log-batch", Map.of("run_id", runId, "metrics", metrics,
                    "params", List.of(Map.of("key", "p" + batch, "value", "v" + i))));
            List<Map<String, Object>> sharedPoints = new ArrayList<>();
            for (int p = 0; p < SHARED_POINTS; p++) {
                int step = (i * BATCHES + batch) * SHARED_POINTS + p;
                sharedPoints.add(Map.of("key", "shared", "value", step, "timestamp", 3000 + step, "step", step));
            }
            replicas[(i + batch + 1) % 2].post("runs/log-batch", Map.of("run_id", shared, "metrics", sharedPoints));
        }
        byte[] content = ("artifact of run " + i).getBytes(StandardCharsets.UTF_8);
        replicas[(i + 1) % 2].upload(exp + "/" + runId + "/artifacts/out/run-" + i + ".txt", () -> new ByteArrayInputStream(content));
        return runId;
    }

    /** Both replicas try to create the model; then all versions are created at once, half through each. */
    private static List<String> createVersionsConcurrently(ExecutorService pool, Api[] replicas, String runId) throws Exception {
        List<Callable<Integer>> creates = new ArrayList<>();
        for (Api api : replicas) {
            creates.add(() -> api.raw(HttpRequest.newBuilder(URI.create(api.base() + "/api/2.0/mlflow/registered-models/create"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"replicated-model\"}"))).statusCode());
        }
        List<Integer> statuses = new ArrayList<>();
        for (Future<Integer> f : pool.invokeAll(creates, 60, TimeUnit.SECONDS)) statuses.add(f.get());
        assertEquals(List.of(200, 400), statuses.stream().sorted().toList(), "exactly one replica creates the model");

        CountDownLatch gate = new CountDownLatch(1);
        List<Callable<String>> tasks = new ArrayList<>();
        for (int i = 0; i < VERSIONS; i++) {
            Api api = replicas[i % 2];
            tasks.add(() -> {
                gate.await(30, TimeUnit.SECONDS);
                return api.post("model-versions/create", Map.of("name", "replicated-model",
                        "source", "runs:/" + runId + "/model", "run_id", runId)).path("model_version").path("version").asText();
            });
        }
        List<Future<String>> futures = new ArrayList<>();
        for (Callable<String> t : tasks) futures.add(pool.submit(t));
        gate.countDown();
        List<String> versions = new ArrayList<>();
        for (Future<String> f : futures) versions.add(f.get(120, TimeUnit.SECONDS));
        return versions;
    }

    private static void checkEverything(Api api, String exp, String shared, List<String> runIds, List<String> versions)
            throws Exception {
        JsonNode found = api.post("runs/search", Map.of("experiment_ids", List.of(exp), "max_results", 1000));
        assertEquals(RUNS + 1, found.path("runs").size(), "runs seen through " + api.base());

        for (int i = 0; i < RUNS; i++) {
            String runId = runIds.get(i);
            JsonNode history = api.get("metrics/get-history?run_id=" + runId + "&metric_key=loss");
            Set<Long> steps = new TreeSet<>();
            history.path("metrics").forEach(m -> steps.add(m.path("step").asLong()));
            assertEquals(BATCHES * POINTS, history.path("metrics").size(), "points of run " + i + " via " + api.base());
            assertEquals(BATCHES * POINTS, steps.size());
            JsonNode run = api.get("runs/get?run_id=" + runId).path("run");
            assertEquals(BATCHES, run.path("data").path("params").size(), run.toString());
            JsonNode latest = run.path("data").path("metrics").get(0);
            assertEquals(BATCHES * POINTS - 1, latest.path("step").asLong(), "latest loss of run " + i + ": " + latest);
            String artifact = new String(api.runArtifact(runId, "out/run-" + i + ".txt"), StandardCharsets.UTF_8);
            assertEquals("artifact of run " + i, artifact);
            JsonNode listing = api.proxyList(exp + "/" + runId + "/artifacts/out");
            assertEquals("run-" + i + ".txt", listing.path("files").get(0).path("path").asText());
        }

        JsonNode sharedHistory = api.get("metrics/get-history?run_id=" + shared + "&metric_key=shared");
        Set<Long> sharedSteps = new HashSet<>();
        sharedHistory.path("metrics").forEach(m -> sharedSteps.add(m.path("step").asLong()));
        assertEquals(RUNS * BATCHES * SHARED_POINTS, sharedHistory.path("metrics").size(), "shared run via " + api.base());
        assertEquals(RUNS * BATCHES * SHARED_POINTS, sharedSteps.size());
        JsonNode latestShared = api.get("runs/get?run_id=" + shared).path("run").path("data").path("metrics").get(0);
        assertEquals(RUNS * BATCHES * SHARED_POINTS - 1, latestShared.path("step").asLong(), latestShared.toString());

        Set<String> expected = new TreeSet<>();
        for (int v = 1; v <= VERSIONS; v++) expected.add(Integer.toString(v));
        assertEquals(expected, new TreeSet<>(versions), "version numbers handed out: " + versions);
        JsonNode listed = api.get("model-versions/search?filter=" + Api.q("name='replicated-model'") + "&max_results=1000");
        Set<String> seen = new TreeSet<>();
        listed.path("model_versions").forEach(v -> seen.add(v.path("version").asText()));
        assertEquals(VERSIONS, listed.path("model_versions").size());
        assertEquals(expected, seen);
        assertTrue(api.get("registered-models/get?name=replicated-model").path("registered_model").has("name"));
    }
}
