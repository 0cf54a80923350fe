package dev.jtrack.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.jtrack.BuiltJar;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * For integration tests of the kernel and of what it records: installs the built jar's kernelspec
 * into a temporary Jupyter prefix with a given JDK and runs Debian's Jupyter tools against it.
 * Fails (never skips) when Jupyter is missing.
 */
public final class KernelHarness {
    /** Debian's Python, which has the Jupyter packages (the one on PATH may not). */
    public static final String PYTHON = "/usr/bin/python3";

    public final Path jdk;
    public final Path root;
    public final String kernelName;

    private KernelHarness(Path jdk, Path root, String kernelName) {
        this.jdk = jdk;
        this.root = root;
        this.kernelName = kernelName;
    }

    /** JDKs to test: {@code $JTRACK_TEST_JDKS} (colon-separated JAVA_HOMEs), else the running one. */
    static List<Path> jdks() {
        String env = System.getenv("JTRACK_TEST_JDKS");
        List<Path> out = new ArrayList<>();
        if (env != null && !env.isBlank()) {
            for (String home : env.split(":")) {
                if (!home.isBlank()) {
                    out.add(Path.of(home));
                }
            }
        } else {
            out.add(Path.of(System.getProperty("java.home")));
        }
        return out;
    }

    /** Fails clearly when /usr/bin/python3 can't import the Jupyter client libraries. */
    public static void requireJupyter(String... modules) throws Exception {
        for (String module : modules) {
            Result r = run(List.of(PYTHON, "-c", "import " + module), Map.of(), Path.of("."), 60);
            assertEquals(0, r.exit, PYTHON + " cannot import " + module
                    + " (apt-get install python3-jupyter-client jupyter-nbconvert python3-nbclient python3-nbformat): "
                    + r.output);
        }
    }

    /** Installs the kernelspec of the built jar with {@code jdk} under {@code root/share/jupyter}. */
    public static KernelHarness install(Path jdk, Path root, String kernelName, String... extra) throws Exception {
        Path java = jdk.resolve("bin").resolve("java");
        assertTrue(Files.isExecutable(java), "no java launcher in " + jdk);
        List<String> command = new ArrayList<>(List.of(java.toString(), "-jar", BuiltJar.path().toString(), "install",
                "--prefix", root.toString(), "--name", kernelName));
        command.addAll(List.of(extra));
        Files.createDirectories(root);
        KernelHarness harness = new KernelHarness(jdk, root, kernelName);
        Result r = run(command, harness.env(), root, 300);
        assertEquals(0, r.exit, "install failed: " + r.output);
        assertTrue(Files.isRegularFile(root.resolve("share/jupyter/kernels").resolve(kernelName).resolve("kernel.json")),
                "no kernel.json after install: " + r.output);
        return harness;
    }

    /**
     * The environment for Jupyter children: only our temporary dirs are searched, and the sessions
     * the kernels auto-track go to a store and journal there, never into the checkout.
     */
    public Map<String, String> env() {
        return Map.of(
                "MLFLOW_TRACKING_URI", root.resolve("tracking").toString(),
                "JTRACK_JOURNAL_DIR", root.resolve("journal").toString(),
                "JUPYTER_PATH", root.resolve("share/jupyter").toString(),
                "JUPYTER_DATA_DIR", root.resolve("data").toString(),
                "JUPYTER_RUNTIME_DIR", root.resolve("runtime").toString(),
                "JUPYTER_CONFIG_DIR", root.resolve("config").toString(),
                "JTRACK_HISTORY_FILE", root.resolve("history.jsonl").toString(),
                "JAVA_HOME", jdk.toString());
    }

    /** Exit status and the merged stdout and stderr of a finished command. */
    public record Result(int exit, String output) {}

    /**
     * Executes {@code notebook} on this kernel with Debian's nbconvert (120 s per cell) into
     * {@code outDir}, tracked into {@code experiment}; fails unless nbconvert succeeds.
     */
    public Result executeNotebook(Path notebook, String experiment, Path outDir) throws Exception {
        Map<String, String> env = new java.util.HashMap<>(env());
        env.put("MLFLOW_EXPERIMENT_NAME", experiment);
        Result result = run(List.of("/usr/bin/jupyter", "nbconvert", "--to", "notebook", "--execute",
                "--ExecutePreprocessor.kernel_name=" + kernelName, "--ExecutePreprocessor.timeout=120",
                "--output-dir", outDir.toString(), notebook.toString()), env, outDir.getParent(), 600);
        org.junit.jupiter.api.Assertions.assertEquals(0, result.exit(), "nbconvert failed:\n" + result.output());
        return result;
    }

    /**
     * Runs {@code command} in {@code dir} with {@code env} on top of ours minus the tracking settings
     * ({@code MLFLOW_TRACKING_URI}, {@code MLFLOW_EXPERIMENT_NAME}, {@code JTRACK_AUTOLOG}) that
     * would leak in from the developer's shell; fails after {@code timeoutSeconds}, killing the tree.
     */
    public static Result run(List<String> command, Map<String, String> env, Path dir, int timeoutSeconds) throws Exception {
        Path log = Files.createTempFile("jtrack-it", ".log");
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
}
