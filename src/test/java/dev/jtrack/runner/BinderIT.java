package dev.jtrack.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jtrack.BuiltJar;
import dev.jtrack.store.rest.ServerProcess;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * binder/postBuild and binder/start as repo2docker runs them, in a temporary HOME and prefix
 * (no Docker here): the kernelspec lands in the prefix and Jupyter sees it; start serves the
 * embedded store (health 200) and execs the given command with MLFLOW_TRACKING_URI set and
 * binder/jupyter-config (jupyter-server-proxy's entry for the tracking UI) on JUPYTER_CONFIG_PATH.
 */
class BinderIT {
    @TempDir
    Path tmp;

    @Test
    void postBuildInstallsTheKernelAndStartServesTheStore() throws Exception {
        Path home = Files.createDirectories(tmp.resolve("home"));
        Path prefix = Files.createDirectories(tmp.resolve("prefix"));
        int port = ServerProcess.freePort();
        Map<String, String> env = Map.of("HOME", home.toString(), "NB_PYTHON_PREFIX", prefix.toString(),
                "JTRACK_JAR", BuiltJar.path().toString(), "JTRACK_PORT", Integer.toString(port),
                "JTRACK_JOURNAL_DIR", home.resolve(".jtrack/journal").toString(),
                "PATH", Path.of(System.getProperty("java.home"), "bin") + ":/usr/bin:/bin");
        Result build = run(List.of(Path.of("binder/postBuild").toAbsolutePath().toString()), env, 300);
        assertEquals(0, build.exit, build.output);
        Path spec = prefix.resolve("share/jupyter/kernels/jtrack/kernel.json");
        assertTrue(Files.isRegularFile(spec), "kernelspec installed into the prefix: " + build.output);
        JsonNode kernel = RunnerHarness.JSON.readTree(spec.toFile());
        assertEquals("http://127.0.0.1:" + port, kernel.path("env").path("MLFLOW_TRACKING_URI").asText());
        Map<String, String> jupyterEnv = new java.util.HashMap<>(env);
        jupyterEnv.put("JUPYTER_PATH", prefix.resolve("share/jupyter").toString());
        Result list = run(List.of("/usr/bin/jupyter", "kernelspec", "list"), jupyterEnv, 60);
        assertTrue(list.output.contains("jtrack") && list.output.contains(prefix.toString()), list.output);

        String probe = "import os, time, urllib.request\n"
                + "print('config path', os.environ.get('JUPYTER_CONFIG_PATH'))\n"
                + "uri = os.environ['MLFLOW_TRACKING_URI']\n"
                + "for i in range(120):\n"
                + "    try:\n"
                + "        print('health', urllib.request.urlopen(uri + '/health', timeout=5).status, uri); break\n"
                + "    except Exception:\n"
                + "        time.sleep(0.5)\n";
        Result start = run(List.of(Path.of("binder/start").toAbsolutePath().toString(), "/usr/bin/python3", "-c", probe),
                env, 120);
        Path pidFile = home.resolve(".jtrack/server.pid");
        try {
            assertEquals(0, start.exit, start.output);
            assertTrue(start.output.contains("health 200 http://127.0.0.1:" + port), start.output);
            // jupyter-server-proxy's entry for the server (exercised in JupyterLabBrowserIT) is on Jupyter's config path
            assertTrue(start.output.contains("config path " + Path.of("binder/jupyter-config").toAbsolutePath()), start.output);
            assertTrue(Files.isRegularFile(home.resolve(".jtrack/jtrack.db")), "the server's embedded store");
        } finally {
            if (Files.isRegularFile(pidFile)) {
                long pid = Long.parseLong(Files.readString(pidFile).strip());
                ProcessHandle.of(pid).ifPresent(p -> {
                    p.destroy();
                    p.onExit().orTimeout(15, TimeUnit.SECONDS).exceptionally(e -> {
                        p.destroyForcibly();
                        return null;
                    }).join();
                });
            }
        }
    }

    private record Result(int exit, String output) {}

    private static Result run(List<String> cmd, Map<String, String> env, int seconds) throws Exception {
        Path log = Files.createTempFile("binder-it", ".log");
        try {
            ProcessBuilder b = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
            b.environment().remove("MLFLOW_TRACKING_URI");
            b.environment().remove("CONDA_DIR");
            b.environment().putAll(env);
            Process p = b.start();
            if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                fail("timed out: " + cmd + "\n" + Files.readString(log));
            }
            return new Result(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(log);
        }
    }
}
