package dev.jtrack.projects;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jtrack.BuiltJar;
import dev.jtrack.store.StoreUri;
import dev.jtrack.store.sql.SqlStores;
import dev.jtrack.tracking.Experiment;
import dev.jtrack.tracking.Run;
import dev.jtrack.tracking.RunStatus;
import dev.jtrack.tracking.ViewType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code %run_project} in a notebook (run headless by the built jar, which loads the same kernel
 * extensions as the kernel): an entry point and a workflow run into the session's store with their
 * output in the cell and their runs as a table; a failing entry point fails the cell after its table.
 */
class RunProjectMagicIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PROJECT = """
            name: magic-demo
            entry_points:
              hello:
                parameters:
                  who: string
                command: 'echo "hello {who}"'
              broken:
                command: 'echo "about to fail" && exit 3'
              main:
                steps:
                  prepare: {entry_point: hello, parameters: {who: prepare}}
                  train: {entry_point: hello, needs: [prepare], parameters: {who: train}}
            """;

    @TempDir
    Path tmp;

    @Test
    void entryPointsAndWorkflowsRunFromACellAndShowTheirRuns() throws Exception {
        Path project = Files.createDirectories(tmp.resolve("magic-demo"));
        Files.writeString(project.resolve("MLproject"), PROJECT);
        Path notebook = notebook("runs", "%run_project " + project + " -e hello -P who=world --experiment magic",
                "%run_project " + project + " --experiment magic --parallel 2");

        Run run = jtrack(notebook, 0);

        JsonNode cells = JSON.readTree(tmp.resolve("runs.out.ipynb").toFile()).path("cells");
        String first = text(cells.get(0));
        assertTrue(first.contains("hello world"), "the entry point's output is in the cell: " + first);
        String table = html(cells.get(0));
        assertTrue(table.contains("<td>hello</td><td>FINISHED</td>"), table);
        String workflow = html(cells.get(1));
        assertTrue(workflow.contains("<td>(workflow)</td><td>FINISHED</td>") && workflow.contains("<td>prepare</td><td>FINISHED</td>")
                && workflow.contains("<td>train</td><td>FINISHED</td>"), workflow);
        assertTrue(text(cells.get(1)).contains("hello train"), text(cells.get(1)));

        List<Run> runs = runs("magic");
        assertEquals(4, runs.size(), "hello, the workflow and its two steps: " + runs);
        assertTrue(runs.stream().allMatch(r -> r.info().status() == RunStatus.FINISHED));
        assertEquals(RunStatus.FINISHED, run.info().status(), "the notebook's own session run");
    }

    @Test
    void aFailingEntryPointFailsTheCellAfterItsTableAndBadArgumentsAreRefused() throws Exception {
        Path project = Files.createDirectories(tmp.resolve("magic-demo"));
        Files.writeString(project.resolve("MLproject"), PROJECT);
        Path failing = notebook("failing", "%run_project " + project + " -e broken --experiment magic-fail");
        jtrack(failing, 1);
        JsonNode cell = JSON.readTree(tmp.resolve("failing.out.ipynb").toFile()).path("cells");
        JsonNode code = null;
        for (JsonNode c : cell) {
            if ("code".equals(c.path("cell_type").asText())) {
                code = c;
            }
        }
        assertTrue(html(code).contains("<td>broken</td><td>FAILED</td>"), html(code));
        assertTrue(error(code).contains("the entry point failed"), error(code));
        assertTrue(text(code).contains("about to fail"), text(code));

        Path bad = notebook("bad", "%run_project " + project + " -P noequals");
        jtrack(bad, 1);
        JsonNode badCells = JSON.readTree(tmp.resolve("bad.out.ipynb").toFile()).path("cells");
        String message = "";
        for (JsonNode c : badCells) {
            message += error(c);
        }
        assertTrue(message.contains("-P expects name=value") && message.contains("usage: %run_project"), message);
    }

    private Path notebook(String name, String... cells) throws Exception {
        var root = JSON.createObjectNode();
        var list = root.putArray("cells");
        int i = 0;
        for (String source : cells) {
            var cell = list.addObject();
            cell.put("cell_type", "code").put("id", "c" + i++).putObject("metadata");
            cell.putNull("execution_count");
            cell.putArray("outputs");
            cell.put("source", source);
        }
        root.putObject("metadata");
        root.put("nbformat", 4).put("nbformat_minor", 5);
        Path path = tmp.resolve(name + ".ipynb");
        JSON.writeValue(path.toFile(), root);
        return path;
    }

    /** Runs the notebook with the built jar into tmp/jtrack.db; returns the notebook's own session run. */
    private Run jtrack(Path notebook, int expectedExit) throws Exception {
        Path log = tmp.resolve(notebook.getFileName() + ".log");
        Path out = tmp.resolve(notebook.getFileName().toString().replace(".ipynb", ".out.ipynb"));
        ProcessBuilder builder = new ProcessBuilder(BuiltJar.java().toString(), "-jar", BuiltJar.path().toString(),
                "run", notebook.toString(), out.toString()).directory(tmp.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().remove("MLFLOW_TRACKING_URI");
        builder.environment().remove("JTRACK_AUTOLOG");
        Process process = builder.start();
        if (!process.waitFor(300, TimeUnit.SECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            throw new AssertionError("timed out: " + Files.readString(log));
        }
        String output = Files.readString(log, StandardCharsets.UTF_8);
        assertEquals(expectedExit, process.exitValue(), output);
        String runId = output.lines().filter(l -> l.startsWith("run id: ")).reduce((a, b) -> b)
                .map(l -> l.substring(8).strip()).orElseThrow(() -> new AssertionError("no run id:\n" + output));
        try (SqlStores stores = SqlStores.open(StoreUri.resolve(null, tmp), null)) {
            return stores.tracking().getRun(runId);
        }
    }

    private List<Run> runs(String experiment) {
        try (SqlStores stores = SqlStores.open(StoreUri.resolve(null, tmp), null)) {
            Experiment e = stores.tracking().getExperimentByName(experiment);
            return stores.tracking().searchRuns(List.of(e.experimentId()), "", ViewType.ALL, 100, List.of(), null).items();
        }
    }

    private static String text(JsonNode cell) {
        StringBuilder text = new StringBuilder();
        for (JsonNode out : cell.path("outputs")) {
            if ("stream".equals(out.path("output_type").asText())) {
                out.path("text").forEach(t -> text.append(t.asText()));
                if (out.path("text").isTextual()) {
                    text.append(out.path("text").asText());
                }
            }
        }
        return text.toString();
    }

    private static String html(JsonNode cell) {
        StringBuilder html = new StringBuilder();
        for (JsonNode out : cell.path("outputs")) {
            JsonNode h = out.path("data").path("text/html");
            h.forEach(t -> html.append(t.asText()));
            if (h.isTextual()) {
                html.append(h.asText());
            }
        }
        return html.toString();
    }

    private static String error(JsonNode cell) {
        StringBuilder error = new StringBuilder();
        for (JsonNode out : cell.path("outputs")) {
            if ("error".equals(out.path("output_type").asText())) {
                error.append(out.path("ename").asText()).append(": ").append(out.path("evalue").asText());
            }
        }
        return error.toString();
    }
}
