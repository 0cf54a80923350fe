package dev.jtrack.autolog;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jtrack.kernel.KernelHarness;
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

/**
 * For autolog integration tests: the built jar's kernel installed into a temporary Jupyter prefix
 * (see {@link KernelHarness}, which also runs the Jupyter tools); reads back what a session
 * recorded. Fails (never skips) when Jupyter is missing.
 */
final class AutologHarness {
    static final String PYTHON = KernelHarness.PYTHON;
    static final ObjectMapper JSON = new ObjectMapper();

    final String kernelName;
    private final KernelHarness kernel;

    private AutologHarness(KernelHarness kernel) {
        this.kernel = kernel;
        this.kernelName = kernel.kernelName;
    }

    /** Installs the kernel of the built jar, on the running JDK, under {@code root/share/jupyter}. */
    static AutologHarness install(Path root, String kernelName) throws Exception {
        KernelHarness.requireJupyter("jupyter_client", "nbconvert", "nbclient", "nbformat");
        return new AutologHarness(KernelHarness.install(Path.of(System.getProperty("java.home")), root, kernelName,
                "--no-archive"));
    }

    /**
     * The environment for Jupyter children: only our temporary dirs, our journal directory; no
     * tracking URI, so each test chooses where the session goes (default: jtrack.db in the working directory).
     */
    Map<String, String> env() {
        Map<String, String> env = new HashMap<>(kernel.env());
        env.remove("MLFLOW_TRACKING_URI");
        return env;
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
