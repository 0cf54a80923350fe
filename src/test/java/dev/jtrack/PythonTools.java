package dev.jtrack;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The Python interpreters of the pinned virtual environments that {@code .ci/python-envs.sh}
 * makes: {@link #tools()} (newest MLflow 3.x, JupyterLab 4, Notebook 7, papermill, ...) and
 * {@link #mlflowPeer()} ({@code mlflow==3.11.1}). A missing environment fails the test, never skips it.
 */
public final class PythonTools {
    /**
     * What every MLflow process the tests start gets: telemetry off, so nothing tries to reach the
     * internet, and no job runner (an MLflow 3.x server otherwise starts about eight worker processes).
     */
    public static final Map<String, String> QUIET_MLFLOW = Map.of("MLFLOW_DISABLE_TELEMETRY", "true", "DO_NOT_TRACK", "true",
            "MLFLOW_SERVER_ENABLE_JOB_EXECUTION", "false");

    private PythonTools() {}

    /** The tools environment's {@code python} ({@code $JTRACK_TEST_TOOLS_PYTHON}). */
    public static Path tools() {
        return named("JTRACK_TEST_TOOLS_PYTHON");
    }

    /** The {@code mlflow==3.11.1} environment's {@code python} ({@code $JTRACK_TEST_MLFLOW_PEER_PYTHON}). */
    public static Path mlflowPeer() {
        return named("JTRACK_TEST_MLFLOW_PEER_PYTHON");
    }

    /** A console script of the tools environment, e.g. {@code jupyter}, {@code papermill}. */
    public static Path toolsScript(String name) {
        Path p = tools().resolveSibling(name);
        if (!Files.isExecutable(p)) {
            throw new AssertionError(p + " is missing from the tools environment (python/requirements/tools.txt)");
        }
        return p;
    }

    private static Path named(String variable) {
        String value = System.getenv(variable);
        if (value == null || value.isBlank()) {
            throw new AssertionError(variable + " is not set: make the environments with `. .ci/python-envs.sh;"
                    + " ensure_python_envs` (the README's test command does)");
        }
        Path p = Path.of(value);
        if (!Files.isExecutable(p)) {
            throw new AssertionError(variable + "=" + value + " is not an executable python");
        }
        return p;
    }
}
