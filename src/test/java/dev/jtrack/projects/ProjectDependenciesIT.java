package dev.jtrack.projects;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jtrack.BuiltJar;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code java_env.dependencies} reach the code of every Java entry kind: a {@code java:} program and
 * a notebook's cells both use a library that is not in jtrack.jar (JUnit's API, which the build has
 * already put into the local Maven repository, so nothing is downloaded).
 */
class ProjectDependenciesIT {
    @TempDir
    Path tmp;

    @Test
    void aNotebookEntryAndAJavaEntryBothSeeTheProjectsDependencies() throws Exception {
        Path project = Files.createDirectories(tmp.resolve("deps"));
        Files.writeString(project.resolve("MLproject"), """
                name: deps
                java_env:
                  java: "17+"
                  dependencies: ["org.junit.jupiter:junit-jupiter-api:5.13.4"]
                entry_points:
                  notebook: {notebook: uses-junit.ipynb}
                  program: {java: UsesJunit.java}
                  logs: {java: LogsMetric.java}
                """);
        Files.writeString(project.resolve("LogsMetric.java"), """
                public class LogsMetric {
                    public static void main(String[] args) {
                        dev.jtrack.notebook.Tracking.logMetric("seen", 1.0); // no run handling: MLFLOW_RUN_ID's run
                        dev.jtrack.notebook.Tracking.flush(java.time.Duration.ofSeconds(60));
                    }
                }
                """);
        Files.writeString(project.resolve("uses-junit.ipynb"), """
                {"cells": [{"cell_type": "code", "id": "a", "metadata": {}, "execution_count": null, "outputs": [],
                  "source": ["org.junit.jupiter.api.Assertions.assertEquals(2, 1 + 1);\\n",
                             "System.out.println(\\"notebook sees \\" + org.junit.jupiter.api.Assertions.class.getSimpleName());"]}],
                 "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
                """);
        Files.writeString(project.resolve("UsesJunit.java"), """
                public class UsesJunit {
                    public static void main(String[] args) {
                        org.junit.jupiter.api.Assertions.assertEquals(2, 1 + 1);
                        System.out.println("program sees " + org.junit.jupiter.api.Assertions.class.getSimpleName());
                    }
                }
                """);
        // a notebook entry's cell output stays in its output notebook: the run succeeding is the proof
        // (its cell does not compile without the library, as the control below shows)
        jtrack(0, "run", project.toString(), "-e", "notebook");
        assertTrue(jtrack(0, "run", project.toString(), "-e", "program").contains("program sees Assertions"));

        // a java: program's plain Tracking calls land in the step's run, as mlflow.start_run() does with MLFLOW_RUN_ID
        String logged = jtrack(0, "run", project.toString(), "-e", "logs");
        String runId = logged.lines().filter(l -> l.startsWith("run id: ")).reduce((a, b) -> b).orElseThrow().substring(8).strip();
        try (var stores = dev.jtrack.store.sql.SqlStores.open(dev.jtrack.store.StoreUri.resolve(null, tmp), null)) {
            var tracking = stores.tracking();
            assertEquals(1.0, tracking.getRun(runId).data().metrics().stream().filter(m -> m.key().equals("seen"))
                    .findFirst().orElseThrow(() -> new AssertionError("the step's run has no 'seen' metric")).value());
            String experiment = tracking.getRun(runId).info().experimentId();
            assertEquals(0, tracking.searchRuns(List.of(experiment), "metrics.seen = 1 and attributes.run_id != '" + runId + "'",
                    dev.jtrack.tracking.ViewType.ALL, 10, List.of(), null).items().size(), "no second run");
        }

        Files.writeString(project.resolve("MLproject"), Files.readString(project.resolve("MLproject"))
                .replace("  dependencies: [\"org.junit.jupiter:junit-jupiter-api:5.13.4\"]\n", ""));
        String without = jtrack(1, "run", project.toString(), "-e", "notebook");
        assertTrue(without.contains("failed"), without);
    }

    private String jtrack(int expectedExit, String... args) throws Exception {
        Path log = tmp.resolve("log-" + System.nanoTime());
        List<String> command = new java.util.ArrayList<>(List.of(BuiltJar.java().toString(), "-jar", BuiltJar.path().toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(tmp.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().remove("MLFLOW_TRACKING_URI");
        Process process = builder.start();
        if (!process.waitFor(300, TimeUnit.SECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            throw new AssertionError("timed out: " + Files.readString(log));
        }
        String out = Files.readString(log, StandardCharsets.UTF_8);
        assertEquals(expectedExit, process.exitValue(), out);
        return out;
    }
}
