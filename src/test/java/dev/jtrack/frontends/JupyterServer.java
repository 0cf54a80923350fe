package dev.jtrack.frontends;

import dev.jtrack.PythonTools;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * A real {@code jupyter lab} or {@code jupyter notebook} (7) of the tools environment on a free
 * loopback port, with a random token, serving {@code root}; the child gets only the environment it
 * is given on top of ours (the caller's {@code KernelHarness} keeps Jupyter's paths, the journal and
 * the store in temporary directories). {@link #close()} stops it and every process it started.
 */
final class JupyterServer implements AutoCloseable {
    /** Which front end: the {@code jupyter} subcommand and the page that opens a notebook. */
    enum App {
        LAB("lab", "lab/tree/"),
        NOTEBOOK("notebook", "notebooks/");

        final String command;
        final String notebookPage;

        App(String command, String notebookPage) {
            this.command = command;
            this.notebookPage = notebookPage;
        }
    }

    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);

    final App app;
    final int port;
    final String token;
    /** The server's base URL path, e.g. {@code /user/tester/}, as JupyterHub would give it. */
    final String basePath;
    final Path log;
    private final Process process;

    private JupyterServer(App app, int port, String token, String basePath, Path log, Process process) {
        this.app = app;
        this.port = port;
        this.token = token;
        this.basePath = basePath;
        this.log = log;
        this.process = process;
    }

    /**
     * Starts the server and waits until its REST API answers. Jupyter's user settings go to
     * {@code JUPYTER_CONFIG_DIR/lab/user-settings}: no news or update checks (no network, no toast
     * over the page) and, in JupyterLab, all cells rendered (no windowing, so off-screen outputs are in the DOM).
     */
    static JupyterServer start(App app, Path root, String basePath, Map<String, String> env, Path logDir) throws Exception {
        Path config = Path.of(env.get("JUPYTER_CONFIG_DIR"));
        writeSettings(config.resolve("lab/user-settings/@jupyterlab/apputils-extension/notification.jupyterlab-settings"),
                "{\"fetchNews\": \"false\", \"checkForUpdates\": false}");
        if (app == App.LAB) {
            // Not for Notebook 7: there this user setting throws "Cannot read properties of undefined
            // (reading 'schema')" in its own code at page load (seen with notebook 7.6.5 and no kernel at all).
            writeSettings(config.resolve("lab/user-settings/@jupyterlab/notebook-extension/tracker.jupyterlab-settings"),
                    "{\"windowingMode\": \"none\"}");
        }
        int port = dev.jtrack.store.rest.ServerProcess.freePort();
        Files.createDirectories(logDir);
        Path log = logDir.resolve("jupyter-" + app.command + ".log");
        List<String> command = new ArrayList<>(List.of(PythonTools.toolsScript("jupyter").toString(), app.command,
                "--no-browser", "--allow-root", "--ServerApp.ip=127.0.0.1", "--ServerApp.port=" + port,
                "--ServerApp.port_retries=0", "--ServerApp.root_dir=" + root, "--ServerApp.base_url=" + basePath));
        ProcessBuilder builder = new ProcessBuilder(command).directory(root.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().remove("MLFLOW_TRACKING_URI");
        builder.environment().remove("MLFLOW_EXPERIMENT_NAME");
        builder.environment().remove("JTRACK_AUTOLOG");
        builder.environment().remove("JUPYTERHUB_SERVICE_PREFIX");
        builder.environment().remove("JTRACK_UI_URL");
        builder.environment().putAll(PythonTools.QUIET_MLFLOW);
        builder.environment().putAll(env);
        String token = UUID.randomUUID().toString().replace("-", "");
        builder.environment().put("JUPYTER_TOKEN", token); // not on the command line, where ps shows it
        JupyterServer server = new JupyterServer(app, port, token, basePath, log, builder.start());
        server.awaitReady();
        return server;
    }

    private static void writeSettings(Path file, String json) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, json);
    }

    private void awaitReady() throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError("jupyter " + app.command + " exited with " + process.exitValue() + ":\n" + logText());
            }
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(origin() + basePath + "api/status"))
                        .header("Authorization", "token " + token).timeout(Duration.ofSeconds(5)).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        close();
        throw new AssertionError("jupyter " + app.command + " did not answer within " + START_TIMEOUT + ":\n" + logText());
    }

    /** {@code http://127.0.0.1:<port>}. */
    String origin() {
        return "http://127.0.0.1:" + port;
    }

    /** The page that opens {@code notebook} (relative to the root), logging the browser in with the token. */
    String notebookUrl(String notebook) {
        return origin() + basePath + app.notebookPage + notebook + "?token=" + token;
    }

    /** A URL of this server, for a path relative to its base URL, e.g. {@code proxy/5000/}. */
    String url(String relative) {
        return origin() + basePath + relative;
    }

    String logText() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    @Override
    public void close() {
        List<ProcessHandle> children = process.descendants().toList();
        process.destroy(); // SIGTERM: Jupyter shuts its kernels down
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        children.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    }
}
