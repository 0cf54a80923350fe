package dev.jtrack.models;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jtrack.notebook.ActiveRun;
import dev.jtrack.notebook.TrackingClient;
import dev.jtrack.store.rest.ServerProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.Table;

/**
 * {@code jtrack models serve} finds its model where {@code MLFLOW_TRACKING_URI} says when
 * {@code --tracking-uri} is absent, and where the option says when it is given (it used to open
 * {@code ./jtrack.db} whenever the option was absent).
 */
class ModelsServeEnvironmentIT {
    @TempDir
    Path dir;

    private String storeWithModel(String name) throws Exception {
        Table iris = Table.read().csv("notebooks/data/iris.csv");
        String store = "sqlite:///" + dir.resolve(name).resolve("mlruns.db");
        Files.createDirectories(dir.resolve(name));
        try (TrackingClient client = TrackingClient.builder().trackingUri(store).journalDir(dir.resolve("journal-" + name)).build();
                ActiveRun run = client.startRun("iris")) {
            Models models = Models.of(client);
            LoggedModel logged = models.logModel(run, ModelsServeIT.irisModel(iris), "model",
                    iris.selectColumns("sepal_length", "sepal_width", "petal_length", "petal_width").first(3));
            models.setAlias("env-iris", "champion", models.registerModel(logged.modelUri(), "env-iris").version());
        }
        return store;
    }

    @Test
    void honoursMlflowTrackingUriAndTheOptionOverridesIt() throws Exception {
        String withModel = storeWithModel("a");
        Path empty = Files.createDirectories(dir.resolve("empty"));
        String emptyStore = "sqlite:///" + empty.resolve("other.db");
        Path cwd = Files.createDirectories(dir.resolve("cwd"));
        try (ServerProcess p = ServerProcess.startModelServer("models:/env-iris@champion", List.of(),
                Map.of("MLFLOW_TRACKING_URI", withModel, "JTRACK_JOURNAL_DIR", dir.resolve("j1").toString()), cwd)) {
            assertTrue(p.output().contains("Serving models:/env-iris@champion"), p.output());
        }
        try (ServerProcess p = ServerProcess.startModelServer("models:/env-iris@champion", List.of("--tracking-uri", withModel),
                Map.of("MLFLOW_TRACKING_URI", emptyStore, "JTRACK_JOURNAL_DIR", dir.resolve("j2").toString()), cwd)) {
            assertTrue(p.output().contains("Serving models:/env-iris@champion"), p.output());
        }
        assertFalse(Files.exists(cwd.resolve("jtrack.db")), "models serve opened ./jtrack.db");
    }
}
