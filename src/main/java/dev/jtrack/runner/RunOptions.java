package dev.jtrack.runner;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How one notebook is run headless.
 *
 * @param input the notebook to run
 * @param output where the executed notebook is written (after every cell)
 * @param parameters the values to inject, in order (String from {@code -p}, typed from YAML)
 * @param experiment the experiment to track into, or null for the session default
 * @param executionTimeout the longest a cell may run, or null for no limit
 * @param log where cell output is echoed ({@code --log-output}), or null
 * @param tags extra tags for the tracked run (e.g. {@code mlflow.parentRunId}, {@code jtrack.reproduces})
 */
public record RunOptions(Path input, Path output, Map<String, Object> parameters, String experiment,
                         Duration executionTimeout, PrintStream log, Map<String, String> tags) {
    public RunOptions {
        parameters = new LinkedHashMap<>(parameters);
        tags = new LinkedHashMap<>(tags);
    }
}
