package dev.jtrack.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jtrack.artifacts.ArtifactLocations;
import dev.jtrack.artifacts.LocalArtifactRepository;
import dev.jtrack.notebook.ActiveRun;
import dev.jtrack.notebook.TrackingClient;
import dev.jtrack.registry.ModelVersion;
import dev.jtrack.server.ServerConfig;
import dev.jtrack.server.TrackingServer;
import dev.jtrack.store.StoreUri;
import dev.jtrack.store.sql.SqlStores;
import dev.jtrack.tracking.MlflowException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlflow.api.proto.ModelRegistry;
import org.mlflow.tracking.MlflowClient;
import tech.tablesaw.api.Table;

/** Log, register, alias and load models against the embedded store and a jtrack server over REST. */
class ModelsTest {

    @TempDir
    Path dir;

    private TrackingClient client(String uri) {
        return TrackingClient.builder().trackingUri(uri).journalDir(dir.resolve("journal")).experiment("models").build();
    }

    /**
     * The whole round trip; returns the logged model's run id. {@code loggedModels}: the store
     * serves MLflow 3 logged models (jtrack server does), so the model is one of those and its URI
     * is {@code models:/<model_id>}; otherwise it is run artifacts named in {@code mlflow.log-model.history}.
     */
    private String roundTrip(TrackingClient client, boolean loggedModels) {
        Models models = Models.of(client);
        LoggedModel logged;
        try (ActiveRun run = client.startRun("train")) {
            logged = models.logModel(run, ModelPackageTest.classifier(), "classifier", ModelPackageTest.example());
        }
        if (loggedModels) {
            assertTrue(logged.modelUri().startsWith("models:/m-"), logged.modelUri());
        } else {
            assertEquals("runs:/" + logged.runId() + "/classifier", logged.modelUri());
            String history = client.store().getRun(logged.runId()).data().tags().stream()
                    .filter(t -> t.key().equals("mlflow.log-model.history")).findFirst().orElseThrow().value();
            assertTrue(history.contains("\"artifact_path\":\"classifier\"") && history.contains("java_function"), history);
        }

        Table in = ModelPackageTest.example();
        assertEquals(List.of("left", "right"), models.load(logged.modelUri()).predict(in).stringColumn(0).asList());

        ModelVersion v1 = models.registerModel(logged.modelUri(), "clf");
        ModelVersion v2 = models.registerModel(logged.modelUri(), "clf");
        assertEquals("1", v1.version());
        assertEquals("2", v2.version());
        assertEquals(logged.runId(), v1.runId());
        if (loggedModels) {
            assertEquals(logged.modelUri(), v1.source());
        } else {
            assertTrue(v1.source().endsWith("/artifacts/classifier") && !v1.source().startsWith("runs:"), v1.source());
        }
        models.setAlias("clf", "champion", "1");
        models.transitionStage("clf", "2", "Staging", false);

        LoadedModel byAlias = models.load("models:/clf@champion");
        assertEquals("right", byAlias.predictor().predict(new double[][] {{4, 0}}, "x", "y").getString(0, 0));
        assertEquals(logged.runId(), byAlias.mlmodel().runId());
        String path = loggedModels ? models.load(logged.modelUri()).mlmodel().artifactPath() : "classifier";
        assertEquals(path, models.load("models:/clf/2").mlmodel().artifactPath());
        assertEquals(path, models.load("models:/clf/Staging").mlmodel().artifactPath());
        assertEquals(path, models.load("models:/clf/latest").mlmodel().artifactPath());

        Table list = models.list("name LIKE 'cl%'");
        assertEquals(2, list.rowCount(), list.print());
        assertEquals("2", list.stringColumn("version").get(0));
        assertEquals("@champion", list.stringColumn("aliases").get(1));
        assertEquals("Staging", list.stringColumn("stage").get(0));
        assertEquals(0, models.list("name = 'other'").rowCount());

        assertThrows(MlflowException.class, () -> models.load("models:/clf@nobody"));
        assertThrows(MlflowException.class, () -> models.load("models:/clf/9"));
        assertThrows(IllegalArgumentException.class, () -> models.load("models:/"));
        assertTrue(assertThrows(java.io.UncheckedIOException.class, () -> models.load("runs:/" + logged.runId() + "/nothing"))
                .getMessage().contains("No model"));
        Path copy = models.download("models:/clf/1", dir.resolve("copy"));
        assertTrue(Files.isRegularFile(copy.resolve("MLmodel")) && Files.isRegularFile(copy.resolve("input_example.json")));
        return logged.runId();
    }

    @Test
    void embeddedStore() {
        try (TrackingClient client = client(dir.resolve("store").toString())) {
            roundTrip(client, false);
        }
    }

    @Test
    void jtrackServerOverRestCheckedWithTheMlflowJavaClient() {
        SqlStores stores = SqlStores.open(StoreUri.resolve("sqlite:///" + dir.resolve("srv.db").toAbsolutePath()),
                "mlflow-artifacts:/");
        TrackingServer server = new TrackingServer();
        try {
            int port = server.start(ServerConfig.builder(stores.tracking(), stores.registry())
                    .artifacts(new ArtifactLocations(new LocalArtifactRepository(dir.resolve("artifacts"))))
                    .port(0).build());
            String uri = "http://127.0.0.1:" + port;
            String runId;
            String downloadUri;
            try (TrackingClient client = client(uri)) {
                runId = roundTrip(client, true);
                assertTrue(client.flush(Duration.ofSeconds(10)));
            }
            MlflowClient mlflow = new MlflowClient(uri);
            try {
                ModelRegistry.RegisteredModel rm = mlflow.getRegisteredModel("clf");
                assertEquals("champion", rm.getAliases(0).getAlias());
                assertEquals("1", rm.getAliases(0).getVersion());
                ModelRegistry.ModelVersion mv = mlflow.getModelVersion("clf", "1");
                assertEquals(runId, mv.getRunId());
                assertTrue(mv.getSource().startsWith("models:/m-"), mv.getSource());
                String modelId = mv.getSource().substring("models:/".length());
                assertEquals("Staging", mlflow.getModelVersion("clf", "2").getCurrentStage());
                downloadUri = mlflow.getModelVersionDownloadUri("clf", "1");
                assertTrue(downloadUri.startsWith("mlflow-artifacts:/") && downloadUri.endsWith("/models/" + modelId + "/artifacts"),
                        downloadUri);
                String model = mlflow.sendGet("logged-models/" + modelId);
                assertTrue(model.replace(" ", "").contains("\"source_run_id\":\"" + runId + "\""), model);
                String alias = mlflow.sendGet("registered-models/alias?name=clf&alias=champion");
                assertTrue(alias.contains("\"version\":\"1\"") || alias.contains("\"version\": \"1\""), alias);
            } finally {
                mlflow.close();
            }
            assertTrue(Files.isRegularFile(dir.resolve("artifacts")
                    .resolve(downloadUri.substring("mlflow-artifacts:/".length())).resolve("MLmodel")), downloadUri);
        } finally {
            server.close();
            stores.close();
        }
    }
}
