package dev.jtrack.scale;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jtrack.artifacts.ArtifactRepository;
import dev.jtrack.artifacts.S3ProxyProcess;
import dev.jtrack.store.ArtifactTargets;
import dev.jtrack.store.PostgresTestDatabase;
import dev.jtrack.store.rest.ServerProcess;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlflow.api.proto.Service;
import org.mlflow.tracking.MlflowClient;

/**
 * The real jar as {@code jtrack server --backend-store-uri postgresql://... --artifacts-destination
 * s3://bucket/root} against a real S3 endpoint (S3Proxy) and PostgreSQL: artifacts go up and down
 * through the proxy endpoints and land in the bucket; the MLflow Java client lists them.
 */
class S3ServerIT {
    @TempDir static Path work;
    private static S3ProxyProcess s3;
    private static String bucket;

    @BeforeAll
    static void startS3() throws Exception {
        s3 = S3ProxyProcess.start(work);
        bucket = s3.createBucket();
    }

    @AfterAll
    static void stopS3() throws Exception {
        if (s3 != null) s3.close();
    }

    @Test
    void proxiedArtifactsLiveInS3() throws Exception {
        try (PostgresTestDatabase pg = PostgresTestDatabase.create();
                ServerProcess server = ServerProcess.start(List.of("--backend-store-uri", pg.trackingUri(),
                        "--artifacts-destination", "s3://" + bucket + "/root"), s3.environment())) {
            assertTrue(server.output().contains("artifacts s3://" + bucket + "/root"), server.output());
            MlflowClient client = new MlflowClient(server.uri());
            String exp = client.createExperiment("s3-proxied");
            Service.RunInfo run = client.createRun(exp);
            String runId = run.getRunId();
            String root = exp + "/" + runId + "/artifacts";
            assertEquals("mlflow-artifacts:/" + root, run.getArtifactUri());
            Api api = new Api(server.uri());

            byte[] big = new byte[9 * 1024 * 1024 + 7]; // more than one multipart part, streamed with no length
            new Random(42).nextBytes(big);
            api.upload(root + "/model/MLmodel", () -> new ByteArrayInputStream("flavors: {}\n".getBytes(StandardCharsets.UTF_8)));
            api.upload(root + "/model/data/weights.bin", () -> new ByteArrayInputStream(big));
            api.upload(root + "/notes.txt", () -> new ByteArrayInputStream("hello s3".getBytes(StandardCharsets.UTF_8)));

            List<String> keys = s3.rawKeys(bucket, "root/");
            assertEquals(List.of("root/" + root + "/model/MLmodel", "root/" + root + "/model/data/weights.bin",
                    "root/" + root + "/notes.txt"), keys.stream().sorted().collect(Collectors.toList()));
            assertArrayEquals(big, s3.rawObject(bucket, "root/" + root + "/model/data/weights.bin"));

            // (the MLflow Java client lists and downloads non-local artifacts only through a Python
            // mlflow CLI, so the REST endpoint its Python client uses is called directly)
            JsonNode top = api.get("artifacts/list?run_id=" + runId);
            assertEquals(run.getArtifactUri(), top.path("root_uri").asText());
            assertEquals(List.of("model", "notes.txt"), paths(top));
            assertTrue(top.path("files").get(0).path("is_dir").asBoolean());
            assertEquals(8, top.path("files").get(1).path("file_size").asLong());
            JsonNode data = api.get("artifacts/list?run_id=" + runId + "&path=model/data");
            assertEquals(List.of("model/data/weights.bin"), paths(data));
            assertEquals(big.length, data.path("files").get(0).path("file_size").asLong());
            JsonNode proxied = api.proxyList(root + "/model");
            assertEquals("MLmodel", proxied.path("files").get(0).path("path").asText());

            assertArrayEquals(big, api.download(root + "/model/data/weights.bin"));
            assertEquals("hello s3", new String(api.runArtifact(runId, "notes.txt"), StandardCharsets.UTF_8));
            HttpResponse<String> dir = api.raw(HttpRequest.newBuilder(URI.create(server.uri()
                    + "/api/2.0/mlflow-artifacts/artifacts/" + root + "/model")).GET());
            assertEquals(400, dir.statusCode(), dir.body());
            HttpResponse<String> missing = api.raw(HttpRequest.newBuilder(URI.create(server.uri()
                    + "/api/2.0/mlflow-artifacts/artifacts/" + root + "/nope.txt")).GET());
            assertEquals(404, missing.statusCode(), missing.body());
            HttpResponse<String> escape = api.raw(HttpRequest.newBuilder(URI.create(server.uri()
                    + "/api/2.0/mlflow-artifacts/artifacts?path=" + Api.q("../outside"))).GET());
            assertEquals(400, escape.statusCode(), escape.body());

            assertEquals(200, api.delete(root + "/model"));
            assertEquals(List.of("root/" + root + "/notes.txt"), s3.rawKeys(bucket, "root/"));
            assertEquals(List.of("notes.txt"), paths(api.get("artifacts/list?run_id=" + runId)));
            assertEquals(404, api.delete(root + "/model"));
            assertFalse(server.output().contains("Exception"), server.output());
        }
    }

    static List<String> paths(JsonNode listing) {
        List<String> out = new java.util.ArrayList<>();
        listing.path("files").forEach(f -> out.add(f.path("path").asText()));
        return out;
    }

    /** A plain Java program configured only by MLflow's and AWS's variables logs its artifact straight into S3. */
    @Test
    void programsLogArtifactsStraightToS3() throws Exception {
        try (PostgresTestDatabase pg = PostgresTestDatabase.create();
                ServerProcess server = ServerProcess.start(List.of("--backend-store-uri", pg.trackingUri(),
                        "--default-artifact-root", "s3://" + bucket + "/programs", "--no-serve-artifacts"), s3.environment())) {
            Path source = java.nio.file.Files.writeString(work.resolve("Train.java"), String.join("\n",
                    "import dev.jtrack.notebook.*;",
                    "public class Train {",
                    "  public static void main(String[] args) throws Exception {",
                    "    try (ActiveRun run = Tracking.startRun(\"to-s3\")) {",
                    "      run.logMetric(\"loss\", 0.5, 0);",
                    "      run.logText(\"model v1\", \"model/README.txt\");",
                    "    }",
                    "  }",
                    "}"));
            ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", Path.of(System.getProperty("jtrack.jar")).toAbsolutePath().toString(), source.toString())
                    .directory(work.toFile()).redirectErrorStream(true);
            pb.environment().putAll(s3.environment());
            pb.environment().put("MLFLOW_TRACKING_URI", server.uri());
            pb.environment().put("MLFLOW_EXPERIMENT_NAME", "programs");
            pb.environment().put("JTRACK_JOURNAL_DIR", work.resolve("journal").toString());
            Process p = pb.start();
            assertTrue(p.waitFor(120, java.util.concurrent.TimeUnit.SECONDS), "program finished");
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(0, p.exitValue(), out);

            MlflowClient client = new MlflowClient(server.uri());
            String exp = client.getExperimentByName("programs").orElseThrow().getExperimentId();
            Service.RunInfo run = client.searchRuns(List.of(exp), "attributes.run_name = 'to-s3'").get(0);
            String prefix = "programs/" + exp + "/" + run.getRunId() + "/artifacts/";
            assertEquals(run.getArtifactUri() + "/", "s3://" + bucket + "/" + prefix);
            assertEquals("model v1", new String(s3.rawObject(bucket, prefix + "model/README.txt"), StandardCharsets.UTF_8), out);
            assertEquals("model v1", new String(new Api(server.uri()).runArtifact(run.getRunId(), "model/README.txt"),
                    StandardCharsets.UTF_8));
        }
    }

    @Test
    void clientsWriteStraightToAnS3DefaultArtifactRoot() throws Exception {
        try (PostgresTestDatabase pg = PostgresTestDatabase.create();
                ServerProcess server = ServerProcess.start(List.of("--backend-store-uri", pg.trackingUri(),
                        "--default-artifact-root", "s3://" + bucket + "/direct", "--no-serve-artifacts"), s3.environment())) {
            MlflowClient client = new MlflowClient(server.uri());
            String exp = client.createExperiment("s3-direct");
            assertEquals("s3://" + bucket + "/direct/" + exp, client.getExperiment(exp).getArtifactLocation());
            Service.RunInfo run = client.createRun(exp);
            assertTrue(run.getArtifactUri().startsWith("s3://" + bucket + "/direct/" + exp + "/"), run.getArtifactUri());

            // the jtrack client resolves the run's s3:// artifact URI to S3 itself, as MLflow's clients do
            ArtifactRepository direct = new ArtifactTargets(null, s3::config).forUri(run.getArtifactUri());
            direct.write("plots/loss.csv", new ByteArrayInputStream("step,loss\n0,1.0\n".getBytes(StandardCharsets.UTF_8)));

            // and the server reads it back from S3 for the UI and clients
            JsonNode files = new Api(server.uri()).get("artifacts/list?run_id=" + run.getRunId() + "&path=plots");
            assertEquals("s3://" + bucket + "/direct/" + exp + "/" + run.getRunId() + "/artifacts", files.path("root_uri").asText());
            assertEquals(List.of("plots/loss.csv"), paths(files));
            assertEquals("step,loss\n0,1.0\n", new String(new Api(server.uri()).runArtifact(run.getRunId(), "plots/loss.csv"),
                    StandardCharsets.UTF_8));

            // an experiment pointing elsewhere in S3 is not served with the server's credentials
            String other = client.createExperiment(Service.CreateExperiment.newBuilder().setName("elsewhere")
                    .setArtifactLocation("s3://" + bucket + "/not-ours").build());
            String otherRun = client.createRun(other).getRunId();
            HttpResponse<String> refused = new Api(server.uri()).raw(HttpRequest.newBuilder(URI.create(server.uri()
                    + "/api/2.0/mlflow/artifacts/list?run_id=" + otherRun)).GET());
            assertEquals(400, refused.statusCode(), refused.body());
            assertTrue(refused.body().contains("outside the S3 artifact roots"), refused.body());
        }
    }
}
