package dev.jtrack.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jtrack.BuiltJar;
import dev.jtrack.notebook.ActiveRun;
import dev.jtrack.notebook.TrackingClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code jtrack models evaluate} of the built jar on models registered in a SQLite store: a Tribuo
 * champion (its library resolved from the {@code java_dependencies} it recorded) against a weak
 * challenger; a refused promotion exits 3 and leaves the alias, an accepted one moves it.
 */
class EvaluateCommandIT {
    @TempDir
    Path dir;

    record Result(int exit, String out) {}

    private Result jtrack(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(BuiltJar.java().toString(), "-jar", BuiltJar.path().toString()));
        command.addAll(List.of(args));
        Path log = dir.resolve("log-" + System.nanoTime());
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!p.waitFor(300, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("timed out: " + command);
        }
        return new Result(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
    }

    @Test
    void promotesOnlyWhenTheConditionHolds() throws Exception {
        String store = dir.resolve("store").toString();
        try (TrackingClient client = TrackingClient.builder().trackingUri(store).journalDir(dir.resolve("journal"))
                .experiment("train").build()) {
            Models models = Models.of(client);
            LinearClassifier constant = new LinearClassifier(TribuoTestModels.IRIS_FEATURES, List.of("setosa"),
                    new double[][] {{0, 0, 0, 0}}, new double[] {0});
            try (ActiveRun run = client.startRun("train")) {
                models.registerModel(models.logModel(run, TribuoTestModels.irisClassifier(), "tribuo").modelUri(), "iris");
                models.registerModel(models.logModel(run, constant, "constant").modelUri(), "iris");
            }
            models.setAlias("iris", "champion", "1");
        }
        Path data = Path.of("notebooks/data/iris.csv").toAbsolutePath();

        Result both = jtrack("models", "evaluate", "-m", "models:/iris/1", "-m", "models:/iris/2", "--data", data.toString(),
                "--target", "species", "--tracking-uri", store, "--no-plots");
        assertEquals(0, both.exit(), both.out());
        assertTrue(both.out().contains("accuracy_score") && both.out().contains(" *"), both.out());

        Result refused = jtrack("models", "evaluate", "-m", "models:/iris/2", "--data", data.toString(), "--target", "species",
                "--promote-if", "accuracy_score > champion.accuracy_score + 0.01", "--alias", "champion",
                "--tracking-uri", store);
        assertEquals(3, refused.exit(), refused.out());
        assertTrue(refused.out().contains("refused: models:/iris@champion -> version 1"), refused.out());

        Result bad = jtrack("models", "evaluate", "-m", "models:/iris/2", "--data", data.toString(), "--target", "species",
                "--promote-if", "accuracy_score >> 1", "--alias", "champion", "--tracking-uri", store);
        assertEquals(2, bad.exit(), bad.out());
        assertTrue(bad.out().contains("bad promotion condition at character 17"), bad.out());

        Result promoted = jtrack("models", "evaluate", "-m", "models:/iris/2", "--data", data.toString(), "--target", "species",
                "--promote-if", "accuracy_score >= 0.3", "--alias", "champion", "--tracking-uri", store, "--no-plots");
        assertEquals(0, promoted.exit(), promoted.out());
        try (TrackingClient client = TrackingClient.builder().trackingUri(store).journalDir(dir.resolve("journal2")).build()) {
            assertEquals("2", client.registry().getModelVersionByAlias("iris", "champion").version());
        }
    }
}
