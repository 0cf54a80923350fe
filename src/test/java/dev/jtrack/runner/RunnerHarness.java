package dev.jtrack.runner;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jtrack.BuiltJar;
import dev.jtrack.store.StoreUri;
import dev.jtrack.store.sql.SqlStores;
import dev.jtrack.tracking.Experiment;
import dev.jtrack.tracking.Run;
import dev.jtrack.tracking.ViewType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs the built jar's commands and reads back what they wrote (notebooks, the embedded store). */
final class RunnerHarness {
    static final ObjectMapper JSON = new ObjectMapper();

    record Result(int exit, String stdout, String stderr) {
        String all() {
            return stdout + "\n" + stderr;
        }
    }

    private RunnerHarness() {}

    /** Runs {@code jtrack ARGS} in {@code dir} with the tracking environment cleared, bounded in time. */
    static Result jtrack(Path dir, Map<String, String> env, int timeoutSeconds, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(BuiltJar.java().toString(), "-jar", BuiltJar.path().toString()));
        cmd.addAll(List.of(args));
        Path out = Files.createTempFile("jtrack-runner-it", ".out");
        Path err = Files.createTempFile("jtrack-runner-it", ".err");
        try {
            ProcessBuilder b = new ProcessBuilder(cmd).directory(dir.toFile())
                    .redirectOutput(out.toFile()).redirectError(err.toFile());
            b.environment().remove("MLFLOW_TRACKING_URI");
            b.environment().remove("MLFLOW_EXPERIMENT_NAME");
            b.environment().remove("JTRACK_AUTOLOG");
            b.environment().put("JTRACK_JOURNAL_DIR", dir.resolve(".journal").toString());
            b.environment().putAll(env);
            Process p = b.start();
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                p.waitFor(10, TimeUnit.SECONDS);
                fail("timed out after " + timeoutSeconds + " s: " + cmd + "\n" + Files.readString(out) + Files.readString(err));
            }
            return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    /** A notebook of code cells; a cell given as "#tag:NAME\n..." gets that tag. */
    static Path notebook(Path file, String... cells) throws Exception {
        NotebookFile nb = NotebookFile.empty();
        for (String cell : cells) {
            if (cell.startsWith("#tag:")) {
                int nl = cell.indexOf('\n');
                nb.cells().add(NotebookFile.codeCell(cell.substring(nl + 1), cell.substring(5, nl)));
            } else {
                nb.cells().add(NotebookFile.codeCell(cell));
            }
        }
        nb.write(file);
        return file;
    }

    static JsonNode read(Path notebook) throws Exception {
        return JSON.readTree(notebook.toFile());
    }

    /** Validates a notebook against the nbformat schema with Debian's Python nbformat. */
    static void assertValidNotebook(Path notebook) throws Exception {
        Process p = new ProcessBuilder("/usr/bin/python3", "-c",
                "import nbformat,sys; nb=nbformat.read(sys.argv[1], as_version=4); nbformat.validate(nb);"
                        + " assert (nb.nbformat, nb.nbformat_minor) >= (4, 5), (nb.nbformat, nb.nbformat_minor)",
                notebook.toString()).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "nbformat validation hung");
        assertTrue(p.exitValue() == 0, notebook + " is not a valid nbformat 4.5 notebook:\n" + output);
    }

    /** The text of all outputs of a cell (stream text, text/plain, error name and value). */
    static String outputText(JsonNode cell) {
        StringBuilder sb = new StringBuilder();
        for (JsonNode out : cell.path("outputs")) {
            sb.append(joined(out.path("text")));
            sb.append(joined(out.path("data").path("text/plain")));
            if (out.has("ename")) {
                sb.append(out.path("ename").asText()).append(": ").append(out.path("evalue").asText());
            }
        }
        return sb.toString();
    }

    static String joined(JsonNode node) {
        if (node.isArray()) {
            StringBuilder sb = new StringBuilder();
            node.forEach(n -> sb.append(n.asText()));
            return sb.toString();
        }
        return node.isMissingNode() || node.isNull() ? "" : node.asText();
    }

    /** The code cells of a notebook, in order. */
    static List<JsonNode> codeCells(JsonNode notebook) {
        List<JsonNode> out = new ArrayList<>();
        notebook.path("cells").forEach(c -> {
            if ("code".equals(c.path("cell_type").asText())) {
                out.add(c);
            }
        });
        return out;
    }

    /** All runs of experiment {@code name} in the embedded store of {@code dir}. */
    static List<Run> runs(Path dir, String experiment) {
        try (SqlStores stores = SqlStores.open(StoreUri.resolve(null, dir), null)) {
            Experiment e = stores.tracking().getExperimentByName(experiment);
            return stores.tracking().searchRuns(List.of(e.experimentId()), "", ViewType.ALL, 1000, List.of(), null).items();
        }
    }

    static Run run(Path dir, String runId) {
        try (SqlStores stores = SqlStores.open(StoreUri.resolve(null, dir), null)) {
            return stores.tracking().getRun(runId);
        }
    }

    static String tag(Run run, String key) {
        return run.data().tags().stream().filter(t -> t.key().equals(key)).map(t -> t.value()).findFirst().orElse(null);
    }

    static String param(Run run, String key) {
        return run.data().params().stream().filter(t -> t.key().equals(key)).map(t -> t.value()).findFirst().orElse(null);
    }

    static Path artifact(Run run, String path) {
        String uri = run.info().artifactUri();
        Path root = uri.startsWith("file:") ? Path.of(java.net.URI.create(uri)) : Path.of(uri);
        return root.resolve(path);
    }

    static String runId(Result r) {
        for (String line : r.stdout().split("\n")) {
            if (line.startsWith("run id: ")) {
                return line.substring("run id: ".length()).strip();
            }
            if (line.startsWith("new run: ")) {
                return line.substring("new run: ".length()).strip();
            }
        }
        fail("no run id in the output:\n" + r.all());
        return null;
    }
}
