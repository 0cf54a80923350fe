package dev.jtrack.runner.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Notebooks as tests: runs a notebook with parameters in the test's JVM and hands back what it did
 * ({@link ExecutedNotebook}: its variables, outputs, failing cell, and the tracked run's params and
 * metrics), for assertions in JUnit or any other test framework.
 *
 * <pre>{@code
 * ExecutedNotebook nb = Notebooks.notebook("notebooks/train.ipynb")
 *         .param("learningRate", 0.05).param("epochs", 3)
 *         .run().assertSucceeded();
 * assertTrue(nb.metric("accuracy") > 0.9);
 * assertEquals(3, nb.variable("epochs", Integer.class));
 * }</pre>
 *
 * With JUnit 5, {@link NotebookTest} does the same declaratively.
 */
public final class Notebooks {
    private Notebooks() {}

    /** A run of the notebook at {@code path} (relative to the working directory), to configure and {@link NotebookRun#run()}. */
    public static NotebookRun notebook(String path) {
        return new NotebookRun(Path.of(path));
    }

    /** A run of the notebook at {@code path}, to configure and {@link NotebookRun#run()}. */
    public static NotebookRun notebook(Path path) {
        return new NotebookRun(path);
    }

    /** Runs the notebook at {@code path} with {@code parameters} and the defaults of {@link NotebookRun}. */
    public static ExecutedNotebook run(String path, Map<String, ?> parameters) {
        return notebook(path).params(parameters).run();
    }

    static String defaultTrackingUri() {
        String property = System.getProperty("jtrack.trackingUri");
        if (property != null && !property.isBlank()) {
            return property.strip();
        }
        String env = System.getenv("MLFLOW_TRACKING_URI");
        return env != null && !env.isBlank() ? env.strip() : null;
    }

    static Path outputDirectory() throws java.io.IOException {
        String property = System.getProperty("jtrack.notebookTests.dir");
        if (property != null && !property.isBlank()) {
            return Path.of(property);
        }
        Path target = Path.of("target");
        if (Files.isDirectory(target)) {
            return target.resolve("notebook-tests");
        }
        return Files.createTempDirectory("jtrack-notebook-tests");
    }
}
