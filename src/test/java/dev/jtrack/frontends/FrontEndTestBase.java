package dev.jtrack.frontends;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jtrack.browser.Browser;
import dev.jtrack.kernel.KernelHarness;
import dev.jtrack.store.rest.ServerProcess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the front-end browser suites share: per test class ONE jtrack kernelspec installed by the
 * real {@code java -jar jtrack.jar install --prefix} into a temporary Jupyter path, ONE Jupyter
 * server of the tools environment serving a temporary notebook directory, ONE headless Chromium,
 * optionally ONE real {@code jtrack server} the kernels track into (with helpers that read the
 * session run back over its REST API); and after every test, no script error on the page's console.
 */
abstract class FrontEndTestBase {
    static final ObjectMapper JSON = new ObjectMapper();
    @TempDir static Path tmp;
    static KernelHarness kernel;
    static JupyterServer jupyter;
    static Browser browser;
    static NotebookPage page;
    /** The directory the Jupyter server serves, where the notebooks are. */
    static Path notebooks;
    /** The tracking store the kernels write to, if the suite started one with {@link #startTracking}. */
    static ServerProcess tracking;

    /** Starts a real {@code jtrack server} on a free port with a fresh store; stopped after the class. */
    static void startTracking(String suite) throws Exception {
        Path store = Files.createTempDirectory("jtrack-" + suite + "-store");
        tracking = ServerProcess.start(store.resolve("jtrack.db"), store.resolve("artifacts"), ServerProcess.freePort(), List.of());
    }

    static int trackingPort() {
        return Integer.parseInt(tracking.uri().substring(tracking.uri().lastIndexOf(':') + 1));
    }

    /** Installs the kernel, starts Jupyter {@code app} with {@code env} added, and the browser. */
    static void start(JupyterServer.App app, String suite, String basePath, Map<String, String> env) throws Exception {
        kernel = KernelHarness.install(Path.of(System.getProperty("java.home")), tmp.resolve("jupyter"), "jtrack", "--no-archive");
        notebooks = Files.createDirectories(tmp.resolve("notebooks"));
        Map<String, String> all = new HashMap<>(kernel.env());
        all.putAll(env);
        jupyter = JupyterServer.start(app, notebooks, basePath, all, Path.of("target", "screenshots", suite));
        browser = Browser.start();
        page = new NotebookPage(browser, suite);
    }

    @AfterAll
    static void stop() {
        try {
            if (browser != null) browser.close();
        } finally {
            try {
                if (jupyter != null) jupyter.close();
            } finally {
                if (tracking != null) tracking.close();
                tracking = null;
            }
        }
    }

    @AfterEach
    void thePageReportedNoScriptErrors() {
        List<String> errors = browser.takeScriptErrors().stream().filter(e -> !isKnownFrontEndNoise(e)).toList();
        assertEquals(List.of(), errors, "script errors on the page; Jupyter's log:\n" + tail(jupyter.logText()));
    }

    /**
     * A console error the front end logs by itself, whatever the kernel does; each suite names its
     * own, exactly, with the reason. None by default.
     */
    boolean isKnownFrontEndNoise(String consoleMessage) {
        return false;
    }

    static String tail(String text) {
        return text.length() <= 4000 ? text : text.substring(text.length() - 4000);
    }

    /** The session run of {@code notebook}, found by its source name (the notebook's path), once it is in the store. */
    static JsonNode sessionRun(String notebook) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        List<String> seen = List.of();
        while (System.nanoTime() < deadline) {
            List<String> experiments = new ArrayList<>();
            for (JsonNode e : post("experiments/search", "{\"max_results\": 1000}").path("experiments")) {
                experiments.add(e.path("experiment_id").asText());
            }
            JsonNode runs = post("runs/search", JSON.writeValueAsString(Map.of("experiment_ids", experiments,
                    "filter", "tags.`jtrack.session` = 'true'", "max_results", 1000))).path("runs");
            List<String> names = new ArrayList<>();
            for (JsonNode run : runs) {
                String source = tag(run, "mlflow.source.name");
                names.add(source);
                if (source.endsWith("/" + notebook) || source.equals(notebook)) {
                    assertEquals("NOTEBOOK", tag(run, "mlflow.source.type"));
                    return run;
                }
            }
            seen = names;
            sleep(250);
        }
        throw new AssertionError("no session run with source " + notebook + "; sources: " + seen);
    }

    /** The text of artifact {@code path} of run {@code runId}, once it has at least {@code lines} lines. */
    static String awaitArtifact(String runId, String path, int lines) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        String text = "";
        while (System.nanoTime() < deadline) {
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create(tracking.uri() + "/get-artifact?run_id=" + runId + "&path=" + path)).build(),
                    HttpResponse.BodyHandlers.ofString());
            text = r.body().strip();
            if (r.statusCode() == 200 && text.split("\n").length >= lines) {
                return text;
            }
            sleep(250);
        }
        throw new AssertionError(path + " of " + runId + " has not " + lines + " lines: " + text);
    }

    /** The cell ids recorded in a session's {@code cells.jsonl}, in order. */
    static List<String> recordedCellIds(String cellsJsonl) throws Exception {
        List<String> recorded = new ArrayList<>();
        for (String line : cellsJsonl.split("\n")) {
            recorded.add(JSON.readTree(line).path("cell_id").asText());
        }
        return recorded;
    }

    static String tag(JsonNode run, String key) {
        for (JsonNode t : run.path("data").path("tags")) {
            if (key.equals(t.path("key").asText())) {
                return t.path("value").asText();
            }
        }
        return "";
    }

    static JsonNode post(String path, String body) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(tracking.uri() + "/api/2.0/mlflow/" + path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        return JSON.readTree(r.body());
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
