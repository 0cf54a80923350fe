package dev.jtrack.autolog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jtrack.tracking.Experiment;
import dev.jtrack.tracking.Metric;
import dev.jtrack.tracking.Page;
import dev.jtrack.tracking.Run;
import dev.jtrack.tracking.TrackingStore;
import dev.jtrack.tracking.ViewType;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * For autolog integration tests: installs the built jar's kernelspec into a temporary Jupyter
 * prefix and runs Debian's Jupyter tools against it; reads back what a session recorded.
 * Fails (never skips) when Jupyter is missing.
 */
final class AutologHarness {
    static final String PYTHON = "/usr/bin/python3";
    static final ObjectMapper JSON = new ObjectMapper();

    final Path root;
    final String kernelName;

    private AutologHarness(Path root, String kernelName) {
        this.root = root;
        this.kernelName = kernelName;
    }

    static Path jar() {
        String jar = System.getProperty("jtrack.jar");
        assertTrue(jar != null && Files.isRegularFile(Path.of(jar)),
                "system property jtrack.jar must name the built jar (run through mvn verify): " + jar);
        return Path.of(jar).toAbsolutePath();
    }

    static Path java() {
        return Path.of(System.getProperty("java.home"), "bin", "java");
    }

    /** Installs the kernel of the built jar under {@code root/share/jupyter}. */
    static AutologHarness install(Path root, String kernelName) throws Exception {
        for (String module : List.of("jupyter_client", "nbconvert", "nbclient", "nbformat")) {
            Result r = run(List.of(PYTHON, "-c", "import " + module), Map.of(), Path.of("."), 60);
            assertEquals(0, r.exit, PYTHON + " cannot import " + module
                    + " (apt-get install python3-jupyter-client jupyter-nbconvert python3-nbclient python3-nbformat): " + r.output);
        }
        Files.createDirectories(root);
        AutologHarness h = new AutologHarness(root, kernelName);
        Result r = run(List.of(java().toString(), "-jar", jar().toString(), "install", "--prefix", root.toString(),
                "--name", kernelName, "--no-archive"), h.env(), root, 300);
        assertEquals(0, r.exit, "install failed: " + r.output);
        return h;
    }

    /** The environment for Jupyter children: only our temporary dirs, our journal directory. */
    Map<String, String> env() {
        Map<String, String> env = new HashMap<>();
        env.put("JUPYTER_PATH", root.resolve("share/jupyter").toString());
        env.put("JUPYTER_DATA_DIR", root.resolve("data").toString());
        env.put("JUPYTER_RUNTIME_DIR", root.resolve("runtime").toString());
        env.put("JUPYTER_CONFIG_DIR", root.resolve("config").toString());
        env.put("JTRACK_HISTORY_FILE", root.resolve("history.jsonl").toString());
        env.put("JTRACK_JOURNAL_DIR", root.resolve("journal").toString());
        env.put("JAVA_HOME", System.getProperty("java.home"));
        return env;
    }

    record Result(int exit, String output) {}

    static Result run(List<String> command, Map<String, String> env, Path dir, int timeoutSeconds) throws Exception {
        Path log = Files.createTempFile("jtrack-autolog-it", ".log");
        try {
            ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile())
                    .redirectErrorStream(true).redirectOutput(log.toFile());
            builder.environment().remove("MLFLOW_TRACKING_URI");
            builder.environment().remove("MLFLOW_EXPERIMENT_NAME");
            builder.environment().remove("JTRACK_AUTOLOG");
            builder.environment().putAll(env);
            Process process = builder.start();
            if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
                fail("timed out after " + timeoutSeconds + " s: " + command + "\n" + Files.readString(log));
            }
            return new Result(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(log);
        }
    }

    // ----- reading back -----

    /** All runs of the experiment {@code name}. */
    static List<Run> runs(TrackingStore store, String experimentName) {
        Experiment e = store.getExperimentByName(experimentName);
        List<Run> out = new ArrayList<>();
        String token = null;
        for (int page = 0; page < 10; page++) {
            Page<Run> p = store.searchRuns(List.of(e.experimentId()), "", ViewType.ALL, 1000, List.of(), token);
            out.addAll(p.items());
            token = p.nextPageToken();
            if (token == null || token.isEmpty()) {
                break;
            }
        }
        return out;
    }

    /** The run tagged {@code jtrack.session=true} (exactly one expected). */
    static Run sessionRun(List<Run> runs) {
        List<Run> sessions = runs.stream().filter(r -> "true".equals(tag(r, "jtrack.session"))).toList();
        assertEquals(1, sessions.size(), "expected one session run, got " + sessions.size());
        return sessions.get(0);
    }

    static String tag(Run run, String key) {
        return run.data().tags().stream().filter(t -> t.key().equals(key)).map(t -> t.value()).findFirst().orElse(null);
    }

    static String param(Run run, String key) {
        return run.data().params().stream().filter(t -> t.key().equals(key)).map(t -> t.value()).findFirst().orElse(null);
    }

    static List<Metric> history(TrackingStore store, String runId, String key) {
        return store.getMetricHistory(runId, key, null, null).items();
    }

    /** A file artifact of a run stored under a local ({@code file:}) artifact URI. */
    static Path artifact(Run run, String path) {
        String uri = run.info().artifactUri();
        Path root = uri.startsWith("file:") ? Path.of(URI.create(uri)) : Path.of(uri);
        return root.resolve(path);
    }

    /** The lines of session/cells.jsonl as JSON. */
    static List<JsonNode> cells(Path jsonl) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (String line : Files.readAllLines(jsonl, StandardCharsets.UTF_8)) {
            if (!line.isBlank()) {
                out.add(JSON.readTree(line));
            }
        }
        return out;
    }
}
