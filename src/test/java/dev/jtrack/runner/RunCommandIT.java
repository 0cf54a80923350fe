package dev.jtrack.runner;

import static dev.jtrack.runner.RunnerHarness.assertValidNotebook;
import static dev.jtrack.runner.RunnerHarness.codeCells;
import static dev.jtrack.runner.RunnerHarness.jtrack;
import static dev.jtrack.runner.RunnerHarness.notebook;
import static dev.jtrack.runner.RunnerHarness.outputText;
import static dev.jtrack.runner.RunnerHarness.read;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jtrack.tracking.Run;
import dev.jtrack.tracking.RunStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code jtrack run} end to end with the built jar: every parameter form, each failure mode, tracking. */
class RunCommandIT {
    private static final String PARAMETERS = """
            #tag:parameters
            int epochs = 5;
            double lr = 0.1;
            String name = "base";
            boolean verbose = false;
            long seed = 1L;
            List<Integer> sizes = List.of(1, 2);""";
    private static final String USE = """
            System.out.println("epochs=" + epochs + " lr=" + lr + " name=" + name + " verbose=" + verbose
                + " seed=" + seed + " sizes=" + sizes);
            dev.jtrack.notebook.Tracking.logMetric("score", epochs * lr);
            epochs * lr""";

    @TempDir
    Path dir;

    @Test
    void injectsTypedParametersFromTheCommandLineAndAYamlFileAndTracksTheRun() throws Exception {
        Path in = notebook(dir.resolve("train.ipynb"), "System.out.println(\"setup\");", PARAMETERS, USE);
        Files.writeString(dir.resolve("params.yaml"), "lr: 0.25\nsizes: [7, 8, 9]\nname: from yaml\nepochs: 2\n");
        RunnerHarness.Result r = jtrack(dir, Map.of(), 180, "run", "train.ipynb", "out.ipynb",
                "-f", "params.yaml", "-p", "epochs", "4", "-p", "verbose", "true", "-p", "seed", "9000000000");
        assertEquals(0, r.exit(), r.all());
        Path out = dir.resolve("out.ipynb");
        assertValidNotebook(out);
        JsonNode nb = read(out);
        List<JsonNode> cells = codeCells(nb);
        assertEquals(4, cells.size(), "one injected cell added");
        JsonNode injected = cells.get(2);
        assertEquals("injected-parameters", injected.path("metadata").path("tags").get(0).asText());
        assertEquals("""
                // Parameters
                double lr = 0.25;
                List<Integer> sizes = List.of(7, 8, 9);
                String name = "from yaml";
                int epochs = 4;
                boolean verbose = true;
                long seed = 9000000000L;""", RunnerHarness.joined(injected.path("source")));
        assertEquals("epochs=4 lr=0.25 name=from yaml verbose=true seed=9000000000 sizes=[7, 8, 9]\n1.0",
                outputText(cells.get(3)));
        assertEquals(4, cells.get(3).path("execution_count").asInt());
        // papermill metadata, notebook and cells
        JsonNode pm = nb.path("metadata").path("papermill");
        assertEquals(4, pm.path("parameters").path("epochs").asInt());
        assertEquals(0.25, pm.path("parameters").path("lr").asDouble());
        assertFalse(pm.path("exception").asBoolean());
        assertTrue(pm.path("duration").asDouble() > 0);
        for (JsonNode cell : cells) {
            JsonNode cm = cell.path("metadata").path("papermill");
            assertEquals("completed", cm.path("status").asText(), cell.toString());
            assertTrue(cm.path("duration").isNumber() && cm.path("start_time").isTextual() && cm.path("end_time").isTextual());
        }
        // tracked like an interactive session: params, the output notebook, the cells
        Run run = RunnerHarness.run(dir, RunnerHarness.runId(r));
        assertEquals(RunStatus.FINISHED, run.info().status());
        assertEquals("4", RunnerHarness.param(run, "epochs"));
        assertEquals("0.25", RunnerHarness.param(run, "lr"));
        assertEquals("7,8,9", RunnerHarness.param(run, "sizes"));
        assertEquals("true", RunnerHarness.tag(run, "jtrack.session"));
        assertEquals(dir.resolve("train.ipynb").toRealPath().toString(),
                Path.of(RunnerHarness.tag(run, "mlflow.source.name")).toRealPath().toString());
        assertEquals("train", RunnerHarness.runs(dir, "train").get(0).info().runName().split(" ")[0],
                "experiment and run named after the notebook, as in Jupyter");
        assertTrue(Files.isRegularFile(RunnerHarness.artifact(run, "papermill/out.ipynb")));
        List<String> recorded = Files.readAllLines(RunnerHarness.artifact(run, "session/cells.jsonl"));
        assertEquals(4, recorded.size(), "every executed cell recorded");
        assertTrue(run.data().metrics().stream().anyMatch(m -> m.key().equals("score") && m.value() == 1.0));
    }

    @Test
    void withoutAParametersCellInfersTypesAndInjectsAtTheTop() throws Exception {
        notebook(dir.resolve("plain.ipynb"), "System.out.println(\"n=\" + (n + 1) + \" x=\" + (x * 2) + \" s=\" + s.length());");
        RunnerHarness.Result r = jtrack(dir, Map.of("JTRACK_AUTOLOG", "off"), 180, "run", "plain.ipynb", "o.ipynb",
                "-p", "n", "41", "-p", "x", "1.5", "-p", "s", "four");
        assertEquals(0, r.exit(), r.all());
        List<JsonNode> cells = codeCells(read(dir.resolve("o.ipynb")));
        assertEquals("// Parameters\nvar n = 41;\nvar x = 1.5;\nvar s = \"four\";", RunnerHarness.joined(cells.get(0).path("source")));
        assertEquals("n=42 x=3.0 s=4\n", outputText(cells.get(1)));
        assertFalse(Files.exists(dir.resolve("jtrack.db")), "autolog off: nothing tracked");
    }

    @Test
    void badParametersAreReportedBeforeAnythingRuns() throws Exception {
        notebook(dir.resolve("train.ipynb"), PARAMETERS, "Files.writeString(Path.of(\"ran.txt\"), \"ran\");");
        RunnerHarness.Result unknown = jtrack(dir, Map.of(), 120, "run", "train.ipynb", "o.ipynb", "-p", "epoch", "3");
        assertEquals(2, unknown.exit(), unknown.all());
        assertTrue(unknown.stderr().contains("unknown parameter 'epoch': the parameters cell declares epochs, lr, name,"
                + " verbose, seed, sizes"), unknown.stderr());
        RunnerHarness.Result wrong = jtrack(dir, Map.of(), 120, "run", "train.ipynb", "o.ipynb",
                "-p", "epochs", "many", "-p", "verbose", "maybe");
        assertEquals(2, wrong.exit(), wrong.all());
        assertTrue(wrong.stderr().contains("'epochs' is declared int but got 'many'"), wrong.stderr());
        assertTrue(wrong.stderr().contains("'verbose' is declared boolean but got 'maybe'"), wrong.stderr());
        Files.writeString(dir.resolve("bad.yaml"), "- just\n- a list\n");
        RunnerHarness.Result yaml = jtrack(dir, Map.of(), 120, "run", "train.ipynb", "o.ipynb", "-f", "bad.yaml");
        assertEquals(2, yaml.exit(), yaml.all());
        assertTrue(yaml.stderr().contains("must be a YAML mapping"), yaml.stderr());
        assertFalse(Files.exists(dir.resolve("o.ipynb")), "no output notebook for rejected parameters");
        assertFalse(Files.exists(dir.resolve("ran.txt")), "no cell ran");
        assertFalse(Files.exists(dir.resolve("jtrack.db")), "nothing tracked");
    }

    @Test
    void aFailingCellIsMarkedStopsTheRunAndExitsNonZero() throws Exception {
        notebook(dir.resolve("fails.ipynb"), "int a = 1;", "System.out.println(\"before\");\nthrow new IllegalStateException(\"boom\");",
                "System.out.println(\"never\");");
        RunnerHarness.Result r = jtrack(dir, Map.of(), 180, "run", "fails.ipynb", "o.ipynb");
        assertEquals(1, r.exit(), r.all());
        assertTrue(r.stderr().contains("cell 2 failed: java.lang.IllegalStateException: boom"), r.stderr());
        Path out = dir.resolve("o.ipynb");
        assertValidNotebook(out);
        JsonNode nb = read(out);
        assertTrue(nb.path("metadata").path("papermill").path("exception").asBoolean());
        List<JsonNode> cells = codeCells(nb);
        JsonNode failed = cells.get(1);
        assertEquals("failed", failed.path("metadata").path("papermill").path("status").asText());
        assertTrue(failed.path("metadata").path("papermill").path("exception").asBoolean());
        assertTrue(outputText(failed).contains("before\njava.lang.IllegalStateException: boom"), outputText(failed));
        assertEquals("pending", cells.get(2).path("metadata").path("papermill").path("status").asText());
        assertTrue(cells.get(2).path("outputs").isEmpty() && cells.get(2).path("execution_count").isNull());
        assertTrue(nb.path("cells").get(0).toString().contains("An Exception was encountered"), "papermill's error banner");
        Run run = RunnerHarness.run(dir, RunnerHarness.runId(r));
        assertEquals(RunStatus.FAILED, run.info().status());
    }

    @Test
    void aCellOverTheExecutionTimeoutIsStopped() throws Exception {
        notebook(dir.resolve("slow.ipynb"), "Thread.sleep(120_000);", "1");
        long t0 = System.nanoTime();
        RunnerHarness.Result r = jtrack(dir, Map.of("JTRACK_AUTOLOG", "off"), 120, "run", "slow.ipynb", "o.ipynb",
                "--execution-timeout", "2");
        assertEquals(1, r.exit(), r.all());
        assertTrue((System.nanoTime() - t0) / 1e9 < 60, "stopped long before the sleep ends");
        List<JsonNode> cells = codeCells(read(dir.resolve("o.ipynb")));
        assertTrue(outputText(cells.get(0)).contains("CellTimeoutError"), outputText(cells.get(0)));
        assertEquals("failed", cells.get(0).path("metadata").path("papermill").path("status").asText());
    }

    @Test
    void prepareOnlyWritesTheInjectedNotebookWithoutRunningIt() throws Exception {
        notebook(dir.resolve("train.ipynb"), PARAMETERS, "Files.writeString(Path.of(\"ran.txt\"), \"ran\");");
        RunnerHarness.Result r = jtrack(dir, Map.of(), 120, "run", "train.ipynb", "prepared.ipynb", "--prepare-only",
                "-p", "lr", "0.5");
        assertEquals(0, r.exit(), r.all());
        assertValidNotebook(dir.resolve("prepared.ipynb"));
        List<JsonNode> cells = codeCells(read(dir.resolve("prepared.ipynb")));
        assertEquals("// Parameters\ndouble lr = 0.5;", RunnerHarness.joined(cells.get(1).path("source")));
        assertFalse(Files.exists(dir.resolve("ran.txt")));
        assertFalse(Files.exists(dir.resolve("jtrack.db")));
    }

    @Test
    void cwdIsTheWorkingDirectoryOfTheNotebookAndLogOutputEchoes() throws Exception {
        Path work = Files.createDirectories(dir.resolve("work"));
        Files.writeString(work.resolve("data.txt"), "42");
        notebook(dir.resolve("reads.ipynb"), "System.out.println(\"read \" + Files.readString(Path.of(\"data.txt\")));");
        RunnerHarness.Result r = jtrack(dir, Map.of(), 180, "run", "reads.ipynb", "o.ipynb", "--cwd", "work", "--log-output");
        assertEquals(0, r.exit(), r.all());
        assertTrue(r.stderr().contains("read 42"), "--log-output echoes cell output: " + r.stderr());
        assertEquals("read 42\n", outputText(codeCells(read(dir.resolve("o.ipynb"))).get(0)));
        assertTrue(Files.exists(work.resolve("jtrack.db")), "the embedded store is the notebook's working directory's");
    }

    @Test
    void aSweepRunsTheCrossProductAsChildRunsAndPrintsAComparison() throws Exception {
        notebook(dir.resolve("sweep.ipynb"), PARAMETERS, USE);
        RunnerHarness.Result r = jtrack(dir, Map.of(), 400, "run", "sweep.ipynb", "s.ipynb",
                "-p", "lr", "0.5,0.25", "-p", "epochs", "2,4", "--sweep", "--parallel", "2");
        assertEquals(0, r.exit(), r.all());
        List<Run> runs = RunnerHarness.runs(dir, "sweep");
        List<Run> parents = runs.stream().filter(x -> "true".equals(RunnerHarness.tag(x, "jtrack.sweep"))).toList();
        assertEquals(1, parents.size());
        String parentId = parents.get(0).info().runId();
        List<Run> children = runs.stream().filter(x -> parentId.equals(RunnerHarness.tag(x, "mlflow.parentRunId"))).toList();
        assertEquals(4, children.size(), "one child run per combination");
        for (Run child : children) {
            assertEquals(RunStatus.FINISHED, child.info().status());
            double expected = Double.parseDouble(RunnerHarness.param(child, "lr")) * Integer.parseInt(RunnerHarness.param(child, "epochs"));
            assertTrue(child.data().metrics().stream().anyMatch(m -> m.key().equals("score") && m.value() == expected));
            assertTrue(r.stdout().contains(child.info().runId()), "child in the table");
            assertEquals("lr=" + RunnerHarness.param(child, "lr") + " epochs=" + RunnerHarness.param(child, "epochs"),
                    child.info().runName(), "a sweep child is named after its parameters");
        }
        assertEquals(RunStatus.FINISHED, parents.get(0).info().status());
        assertTrue(r.stdout().contains("run_id") && r.stdout().contains("score"), r.stdout());
        for (int i = 1; i <= 4; i++) {
            assertValidNotebook(dir.resolve("s-" + i + ".ipynb"));
        }
    }
}
