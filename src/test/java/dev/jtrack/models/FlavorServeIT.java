package dev.jtrack.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jtrack.BuiltJar;
import dev.jtrack.maven.MavenResolver;
import dev.jtrack.maven.ResolvedDependency;
import dev.jtrack.notebook.ActiveRun;
import dev.jtrack.notebook.TrackingClient;
import dev.jtrack.store.rest.ServerProcess;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlflow.api.proto.ModelRegistry;
import org.mlflow.tracking.MlflowClient;
import org.tribuo.Model;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import tech.tablesaw.api.Table;

/**
 * A Tribuo classifier and its ONNX export are logged to a real {@code jtrack server} process,
 * registered and aliased; {@code java -jar jtrack.jar models serve -m models:/...@champion} (a JVM
 * without Tribuo or ONNX Runtime: it resolves them from the MLmodel's {@code java_dependencies})
 * answers every JSON payload form and CSV with the predictions Tribuo itself makes; the registry
 * is checked through the MLflow Java client; the jar shares no class with those libraries.
 */
class FlavorServeIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] ROWS = {"5.1,3.5,1.4,0.2", "6.4,3.2,4.5,1.5", "7.7,3.0,6.1,2.3", "5.9,3.0,5.1,1.8"};

    @TempDir
    Path dir;

    @Test
    void servesTribuoAndOnnxModelsFromTheRegistry() throws Exception {
        Model<Label> model = TribuoTestModels.irisClassifier();
        Table iris = TribuoTestModels.iris();
        Table example = iris.selectColumns(TribuoTestModels.IRIS_FEATURES.toArray(String[]::new)).first(3);
        try (ServerProcess server = ServerProcess.start(dir.resolve("mlflow.db"), dir.resolve("artifacts"),
                ServerProcess.freePort(), List.of())) {
            String tribuoRun;
            String onnxRun;
            try (TrackingClient client = TrackingClient.builder().trackingUri(server.uri()).journalDir(dir.resolve("journal"))
                    .experiment("flavors").build()) {
                Models models = Models.of(client);
                try (ActiveRun run = client.startRun("tribuo")) {
                    LoggedModel logged = models.logModel(run, model, "model", example);
                    models.setAlias("iris-tribuo", "champion", models.registerModel(logged.modelUri(), "iris-tribuo").version());
                    tribuoRun = logged.runId();
                }
                try (ActiveRun run = client.startRun("onnx")) {
                    LoggedModel logged = models.logModel(run, OnnxFlavorTest.irisOnnx(model), "model", example);
                    models.setAlias("iris-onnx", "champion", models.registerModel(logged.modelUri(), "iris-onnx").version());
                    onnxRun = logged.runId();
                }
                assertTrue(client.flush(Duration.ofSeconds(30)));
            }
            checkRegistry(server.uri(), "iris-tribuo", tribuoRun, "tribuo", "model");
            checkRegistry(server.uri(), "iris-onnx", onnxRun, "onnx", "model");
            List<Prediction<Label>> expected = expected(model);
            serveAndCheck("models:/iris-tribuo@champion", server.uri(), expected, 1e-9);
            serveAndCheck("models:/iris-onnx@champion", server.uri(), expected, 1e-5);
        }
    }

    /**
     * The whole path: {@code notebooks/models-tribuo.ipynb} run headless against a real
     * {@code jtrack server} trains, logs, registers and aliases its model; {@code models serve}
     * then serves {@code models:/iris-tribuo@champion} from that server, and every payload form
     * gets the predictions of the same package loaded into this JVM with its Tribuo classes.
     */
    @Test
    void servesTheModelTheTribuoNotebookRegistered() throws Exception {
        Path notebooks = Path.of("notebooks").toAbsolutePath();
        try (ServerProcess server = ServerProcess.start(dir.resolve("mlflow.db"), dir.resolve("artifacts"),
                ServerProcess.freePort(), List.of())) {
            ProcessBuilder run = new ProcessBuilder(BuiltJar.java().toString(), "-jar", BuiltJar.path().toString(), "run", "--cwd", notebooks.toString(),
                    notebooks.resolve("models-tribuo.ipynb").toString(), dir.resolve("out.ipynb").toString())
                    .redirectErrorStream(true).redirectOutput(dir.resolve("run.log").toFile());
            run.environment().put("MLFLOW_TRACKING_URI", server.uri());
            run.environment().put("JTRACK_JOURNAL_DIR", dir.resolve("journal").toString());
            run.environment().remove("MLFLOW_EXPERIMENT_NAME");
            Process p = run.start();
            assertTrue(p.waitFor(300, java.util.concurrent.TimeUnit.SECONDS), "notebook still running after 300 s");
            assertEquals(0, p.exitValue(), java.nio.file.Files.readString(dir.resolve("run.log")));
            String runId;
            Model<?> trained;
            try (TrackingClient client = TrackingClient.builder().trackingUri(server.uri()).journalDir(dir.resolve("journal2"))
                    .build()) {
                Models models = Models.of(client);
                LoadedModel champion = models.load("models:/iris-tribuo@champion");
                runId = champion.mlmodel().runId();
                trained = champion.object(Model.class);
            }
            checkRegistry(server.uri(), "iris-tribuo", runId, "tribuo", "iris-tribuo");
            @SuppressWarnings("unchecked")
            List<Prediction<Label>> expected = expected((Model<Label>) trained);
            serveAndCheck("models:/iris-tribuo@champion", server.uri(), expected, 1e-9);
        }
    }

    private static List<Prediction<Label>> expected(Model<Label> model) {
        Table rows = Table.read().csv("sepal_length,sepal_width,petal_length,petal_width\n" + String.join("\n", ROWS) + "\n", "rows");
        return TribuoTestModels.predict(model, rows, TribuoTestModels.IRIS_FEATURES, LabelFactory.UNKNOWN_LABEL);
    }

    private static void checkRegistry(String uri, String name, String runId, String flavor, String artifactPath)
            throws Exception {
        MlflowClient mlflow = new MlflowClient(uri);
        try {
            ModelRegistry.RegisteredModel rm = mlflow.getRegisteredModel(name);
            assertEquals("champion", rm.getAliases(0).getAlias());
            assertEquals("1", rm.getAliases(0).getVersion());
            ModelRegistry.ModelVersion mv = mlflow.getModelVersion(name, "1");
            assertEquals(runId, mv.getRunId());
            // jtrack server serves MLflow 3 logged models, so the version comes from one: its source is
            // models:/<model_id>, and the logged model holds the package, linked to the run.
            assertTrue(mv.getSource().startsWith("models:/m-"), mv.getSource());
            String modelId = mv.getSource().substring("models:/".length());
            HttpClient http = HttpClient.newHttpClient();
            JsonNode info = JSON.readTree(http.send(HttpRequest.newBuilder(
                    URI.create(uri + "/api/2.0/mlflow/logged-models/" + modelId)).build(),
                    HttpResponse.BodyHandlers.ofString()).body()).path("model").path("info");
            assertEquals(runId, info.path("source_run_id").asText(), info.toString());
            assertEquals(artifactPath, info.path("name").asText(), info.toString());
            assertEquals("LOGGED_MODEL_READY", info.path("status").asText(), info.toString());
            String artifactUri = info.path("artifact_uri").asText();
            assertTrue(artifactUri.startsWith("mlflow-artifacts:/") && artifactUri.endsWith("/models/" + modelId + "/artifacts"),
                    artifactUri);
            String mlmodel = http.send(HttpRequest.newBuilder(URI.create(uri + "/api/2.0/mlflow-artifacts/artifacts/"
                    + artifactUri.substring("mlflow-artifacts:/".length()) + "/MLmodel")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            JsonNode flavors = new ObjectMapper(new com.fasterxml.jackson.dataformat.yaml.YAMLFactory())
                    .readTree(mlmodel).path("flavors");
            assertTrue(flavors.has(flavor), mlmodel);
            assertFalse(flavors.path(flavor).path("java_dependencies").isEmpty(), mlmodel);
        } finally {
            mlflow.close();
        }
    }

    private static void serveAndCheck(String modelUri, String trackingUri, List<Prediction<Label>> expected, double tolerance)
            throws Exception {
        try (ServerProcess p = ServerProcess.startModelServer(modelUri, trackingUri)) {
            String base = p.uri();
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            String columns = "[\"sepal_length\",\"sepal_width\",\"petal_length\",\"petal_width\"]";
            List<String> records = new ArrayList<>();
            List<String> lists = new ArrayList<>();
            for (String r : ROWS) {
                String[] v = r.split(",");
                records.add(String.format("{\"sepal_length\":%s,\"sepal_width\":%s,\"petal_length\":%s,\"petal_width\":%s}",
                        (Object[]) v));
                lists.add("[" + r + "]");
            }
            String[][] bodies = {
                {"application/json", "{\"dataframe_split\": {\"columns\": " + columns + ", \"data\": " + lists + "}}"},
                {"application/json", "{\"dataframe_records\": " + records + "}"},
                {"application/json", "{\"instances\": " + lists + "}"},
                {"application/json", "{\"inputs\": " + records + "}"},
                {"text/csv", "sepal_length,sepal_width,petal_length,petal_width\n" + String.join("\n", ROWS) + "\n"},
            };
            for (String[] b : bodies) {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/invocations"))
                        .header("Content-Type", b[0]).timeout(Duration.ofSeconds(10))
                        .POST(HttpRequest.BodyPublishers.ofString(b[1])).build(), HttpResponse.BodyHandlers.ofString());
                assertEquals(200, r.statusCode(), modelUri + " " + b[1] + " -> " + r.body());
                JsonNode predictions = JSON.readTree(r.body()).get("predictions");
                assertEquals(expected.size(), predictions.size(), r.body());
                for (int i = 0; i < expected.size(); i++) {
                    JsonNode row = predictions.get(i);
                    assertEquals(expected.get(i).getOutput().getLabel(), row.get("label").asText(), modelUri + " " + b[1]);
                    for (var s : expected.get(i).getOutputScores().entrySet()) {
                        assertEquals(s.getValue().getScore(), row.get("score_" + s.getKey()).asDouble(), tolerance,
                                modelUri + " row " + i + " " + s.getKey());
                    }
                }
            }
            HttpResponse<String> bad = http.send(HttpRequest.newBuilder(URI.create(base + "/invocations"))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"instances\": [[1]]}"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(400, bad.statusCode(), bad.body());
        }
    }

    /**
     * jtrack.jar bundles libraries unrelocated: a library jar of Tribuo or ONNX Runtime (with their
     * dependencies) may share classes with it only when it is the very artifact and version jtrack
     * bundles (commons-logging, say); a different version of the same classes would clash.
     */
    @Test
    void jtrackJarSharesNoClassWithTheFlavorLibrariesBeyondIdenticalArtifacts() throws Exception {
        Set<String> own = new HashSet<>();
        Set<String> bundled = new HashSet<>();
        try (JarFile jar = new JarFile(BuiltJar.path().toFile())) {
            for (Enumeration<JarEntry> e = jar.entries(); e.hasMoreElements(); ) {
                JarEntry entry = e.nextElement();
                String n = entry.getName();
                if (n.endsWith(".class") && !n.startsWith("META-INF/")) own.add(n);
                if (n.startsWith("META-INF/maven/") && n.endsWith("/pom.properties")) {
                    java.util.Properties p = new java.util.Properties();
                    try (var in = jar.getInputStream(entry)) {
                        p.load(in);
                    }
                    bundled.add(p.getProperty("groupId") + ":" + p.getProperty("artifactId") + ":" + p.getProperty("version"));
                }
            }
        }
        List<ResolvedDependency> deps = new MavenResolver().resolve(List.of("org.tribuo:tribuo-classification-sgd:4.3.2",
                "org.tribuo:tribuo-regression-sgd:4.3.2", "org.tribuo:tribuo-data:4.3.2", OnnxFlavor.DEFAULT_ONNXRUNTIME,
                "ml.dmlc:xgboost4j_2.12:3.4.0"),
                new PrintStream(java.io.OutputStream.nullOutputStream()));
        assertTrue(deps.size() > 5, deps.toString());
        Set<String> clashing = new java.util.TreeSet<>();
        for (ResolvedDependency d : deps) {
            if (bundled.contains(d.coordinates())) continue;
            try (JarFile jar = new JarFile(d.file().toFile())) {
                for (Enumeration<JarEntry> e = jar.entries(); e.hasMoreElements(); ) {
                    String n = e.nextElement().getName();
                    if (n.endsWith(".class") && !n.startsWith("META-INF/") && own.contains(n)) clashing.add(d.coordinates());
                }
            }
        }
        assertEquals(Set.of(), clashing, "library jars holding classes that jtrack.jar bundles in another version");
    }
}
