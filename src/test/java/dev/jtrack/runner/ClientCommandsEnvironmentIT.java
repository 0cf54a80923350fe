package dev.jtrack.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jtrack.PythonTools;
import dev.jtrack.tracking.Run;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The client-side commands that run notebooks honour the MLflow variables their help documents when
 * the option is absent, and the option overrides them: {@code run} ({@code MLFLOW_TRACKING_URI} /
 * {@code --tracking-uri}, {@code MLFLOW_EXPERIMENT_NAME} / {@code --experiment}), {@code reproduce}
 * and {@code quickstart} ({@code MLFLOW_TRACKING_URI} / {@code --tracking-uri}), {@code import}
 * ({@code MLFLOW_TRACKING_URI} / {@code --to}). No command falls
 * back to {@code ./jtrack.db} while the variable is set.
 */
class ClientCommandsEnvironmentIT {
    private static final int TIMEOUT_S = 600;

    @TempDir
    Path tmp;

    /** A store {@link RunnerHarness#runs} can read: {@code DIR/jtrack.db}. */
    private Path storeDir(String name) throws Exception {
        return Files.createDirectories(tmp.resolve(name));
    }

    private static String uri(Path storeDir) {
        return "sqlite:///" + storeDir.resolve("jtrack.db");
    }

    @Test
    void runHonoursTheVariablesAndTheOptionsOverrideThem() throws Exception {
        Path cwd = storeDir("cwd");
        RunnerHarness.notebook(cwd.resolve("n.ipynb"), "int a = 20;", "a + 22");
        Path fromEnv = storeDir("env");
        Path fromOption = storeDir("option");
        Map<String, String> env = Map.of("MLFLOW_TRACKING_URI", uri(fromEnv), "MLFLOW_EXPERIMENT_NAME", "env-experiment");

        RunnerHarness.Result first = RunnerHarness.jtrack(cwd, env, TIMEOUT_S, "run", "n.ipynb", "o1.ipynb");
        assertEquals(0, first.exit(), first.all());
        List<Run> tracked = RunnerHarness.runs(fromEnv, "env-experiment");
        assertEquals(1, tracked.size());
        assertEquals(RunnerHarness.runId(first), tracked.get(0).info().runId());

        RunnerHarness.Result second = RunnerHarness.jtrack(cwd, env, TIMEOUT_S, "run", "n.ipynb", "o2.ipynb",
                "--tracking-uri", uri(fromOption), "--experiment", "option-experiment");
        assertEquals(0, second.exit(), second.all());
        assertEquals(RunnerHarness.runId(second), RunnerHarness.runs(fromOption, "option-experiment").get(0).info().runId());
        assertEquals(1, RunnerHarness.runs(fromEnv, "env-experiment").size(), "the option's run went to the variable's store");
        assertFalse(Files.exists(cwd.resolve("jtrack.db")), "run opened ./jtrack.db");
    }

    @Test
    void reproduceReadsAndWritesTheStoreOfTheVariableOrOfTheOption() throws Exception {
        Path cwd = storeDir("cwd");
        RunnerHarness.notebook(cwd.resolve("n.ipynb"), "int a = 20;", "a + 22");
        Path store = storeDir("store");
        Path empty = storeDir("empty");
        RunnerHarness.Result original = RunnerHarness.jtrack(cwd, Map.of("MLFLOW_TRACKING_URI", uri(store)), TIMEOUT_S,
                "run", "n.ipynb", "o.ipynb");
        assertEquals(0, original.exit(), original.all());
        String runId = RunnerHarness.runId(original);

        RunnerHarness.Result fromEnv = RunnerHarness.jtrack(cwd, Map.of("MLFLOW_TRACKING_URI", uri(store)), TIMEOUT_S,
                "reproduce", runId, "--out", "r1");
        assertEquals(0, fromEnv.exit(), fromEnv.all());
        assertEquals(runId, RunnerHarness.tag(RunnerHarness.run(store, RunnerHarness.runId(fromEnv)), "jtrack.reproduces"));

        RunnerHarness.Result fromOption = RunnerHarness.jtrack(cwd, Map.of("MLFLOW_TRACKING_URI", uri(empty)), TIMEOUT_S,
                "reproduce", runId, "--out", "r2", "--tracking-uri", uri(store));
        assertEquals(0, fromOption.exit(), fromOption.all());
        assertEquals(runId, RunnerHarness.tag(RunnerHarness.run(store, RunnerHarness.runId(fromOption)), "jtrack.reproduces"));
        assertFalse(Files.exists(empty.resolve("jtrack.db")), "reproduce opened the variable's store despite the option");
        assertFalse(Files.exists(cwd.resolve("jtrack.db")), "reproduce opened ./jtrack.db");
    }

    @Test
    void quickstartTracksIntoTheVariablesStoreOrTheOptionsInsteadOfItsOwn() throws Exception {
        Path cwd = storeDir("cwd");
        Path examples = storeDir("examples");
        RunnerHarness.notebook(examples.resolve("quickstart.ipynb"), "int a = 1;");
        RunnerHarness.notebook(examples.resolve("train-linear.ipynb"),
                "#tag:parameters\ndouble learningRate = 0.1;\nint epochs = 5;", "learningRate * epochs");
        Path fromEnv = storeDir("env");
        Path fromOption = storeDir("option");
        Map<String, String> env = Map.of("MLFLOW_TRACKING_URI", uri(fromEnv), "MLFLOW_EXPERIMENT_NAME", "not-used");

        RunnerHarness.Result first = RunnerHarness.jtrack(cwd, env, TIMEOUT_S,
                "quickstart", "--notebooks", examples.toString(), "--dir", "qs1", "--no-serve");
        assertEquals(0, first.exit(), first.all());
        assertTrue(first.stdout().contains(uri(fromEnv)), first.stdout());
        assertEquals(1, RunnerHarness.runs(fromEnv, "quickstart").size());
        assertFalse(Files.exists(cwd.resolve("qs1/jtrack.db")), "quickstart used its own store despite MLFLOW_TRACKING_URI");

        RunnerHarness.Result second = RunnerHarness.jtrack(cwd, env, TIMEOUT_S,
                "quickstart", "--notebooks", examples.toString(), "--dir", "qs2", "--no-serve",
                "--tracking-uri", uri(fromOption));
        assertEquals(0, second.exit(), second.all());
        assertEquals(1, RunnerHarness.runs(fromOption, "quickstart").size());
        assertEquals(1, RunnerHarness.runs(fromEnv, "quickstart").size(), "the option's runs went to the variable's store");
        assertFalse(Files.exists(cwd.resolve("qs2/jtrack.db")));
    }

    /** An MLflow 3 SQLite store written by the real MLflow: one experiment with one run. */
    private Path mlflowStore() throws Exception {
        Path dir = storeDir("mlflow");
        Path db = dir.resolve("mlflow.db");
        ProcessBuilder b = new ProcessBuilder(PythonTools.tools().toString(), "-c",
                "import mlflow, sys; mlflow.set_tracking_uri(sys.argv[1]); mlflow.set_experiment('imported');"
                        + " r = mlflow.start_run(); mlflow.log_param('p', '1'); mlflow.end_run(); print(r.info.run_id)",
                "sqlite:///" + db).directory(dir.toFile()).redirectErrorStream(true);
        b.environment().putAll(PythonTools.QUIET_MLFLOW);
        Process p = b.start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(300, java.util.concurrent.TimeUnit.SECONDS), out);
        assertEquals(0, p.exitValue(), out);
        return db;
    }

    @Test
    void importWritesIntoTheVariablesStoreOrTheOptionsAndElseIntoJtrackDbHere() throws Exception {
        String from = "sqlite:///" + mlflowStore();
        Path fromEnv = storeDir("env");
        Path fromOption = storeDir("option");
        Path cwd = storeDir("cwd");
        Map<String, String> env = Map.of("MLFLOW_TRACKING_URI", uri(fromEnv));

        RunnerHarness.Result first = RunnerHarness.jtrack(cwd, env, TIMEOUT_S, "import", "--from", from);
        assertEquals(0, first.exit(), first.all());
        assertEquals(1, RunnerHarness.runs(fromEnv, "imported").size());
        assertFalse(Files.exists(cwd.resolve("jtrack.db")), "import opened ./jtrack.db");

        RunnerHarness.Result second = RunnerHarness.jtrack(cwd, env, TIMEOUT_S, "import", "--from", from, "--to", uri(fromOption));
        assertEquals(0, second.exit(), second.all());
        assertEquals(1, RunnerHarness.runs(fromOption, "imported").size());
        assertFalse(Files.exists(cwd.resolve("jtrack.db")), "import opened ./jtrack.db");

        RunnerHarness.Result third = RunnerHarness.jtrack(cwd, Map.of(), TIMEOUT_S, "import", "--from", from);
        assertEquals(0, third.exit(), third.all());
        assertEquals(1, RunnerHarness.runs(cwd, "imported").size(), "without the variable and the option: ./jtrack.db");
    }
}
