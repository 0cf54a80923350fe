package dev.jtrack.runner.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jtrack.BuiltJar;
import dev.jtrack.store.StoreConnection;
import dev.jtrack.store.StoreUri;
import dev.jtrack.tracking.Run;
import dev.jtrack.tracking.RunStatus;
import dev.jtrack.tracking.TrackingStore;
import dev.jtrack.tracking.ViewType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The example Maven project {@code examples/notebook-tests} as a team uses it: {@code jtrack install
 * --maven} puts the built jar into the local Maven repository, the project's own build ({@code mvn
 * test}, offline) runs its notebook tests, every notebook run lands in the project's store, and a
 * notebook whose cell throws fails its test with the cell's error and line.
 */
class NotebookTestsExampleIT {
    private static final Path EXAMPLE = Path.of("examples/notebook-tests").toAbsolutePath();
    private static final Pattern SUITE = Pattern.compile("<testsuite [^>]*");

    @TempDir
    Path tmp;

    @Test
    void theExampleBuildTestsItsNotebookAndAFailingCellFailsItsTestWithTheLine() throws Exception {
        String install = run(tmp, BuiltJar.java().toString(), "-jar", BuiltJar.path().toString(), "install", "--maven");
        assertTrue(install.contains("Installed dev.jtrack:jtrack:"), install);

        Path project = tmp.resolve("notebook-tests");
        copy(EXAMPLE, project);
        Files.writeString(project.resolve("notebooks/broken.ipynb"), BROKEN_NOTEBOOK);
        Files.writeString(project.resolve("src/test/java/com/example/notebooks/BrokenNotebookTest.java"), BROKEN_TEST);

        String build = run(project, Path.of("mvnw").toAbsolutePath().toString(), "-B", "-o", "-ntp",
                "test", "-Dmaven.test.failure.ignore=true");
        Path reports = project.resolve("target/surefire-reports");
        String fitLine = Files.readString(reports.resolve("TEST-com.example.notebooks.FitLineNotebookTest.xml"));
        assertEquals("tests=3 failures=0 errors=0 skipped=0", counts(fitLine), build);
        String broken = Files.readString(reports.resolve("TEST-com.example.notebooks.BrokenNotebookTest.xml"));
        assertEquals("tests=1 failures=1 errors=0 skipped=0", counts(broken), build);
        Matcher failure = Pattern.compile("<failure message=\"([^\"]*)\"").matcher(broken);
        assertTrue(failure.find(), broken);
        String message = failure.group(1);
        assertTrue(message.contains("broken-") && message.contains("failed: java.lang.ArithmeticException: / by zero")
                && message.contains("line 2"), message);

        try (StoreConnection connection = StoreConnection.open(
                StoreUri.resolve("sqlite:///" + project.resolve("target/jtrack.db")), Map.of(), c -> c)) {
            TrackingStore store = connection.store();
            List<Run> fitRuns = runs(store, "fit-line");
            assertEquals(3, fitRuns.size());
            assertTrue(fitRuns.stream().allMatch(r -> r.info().status() == RunStatus.FINISHED), fitRuns.toString());
            List<Run> brokenRuns = runs(store, "broken");
            assertEquals(1, brokenRuns.size());
            assertEquals(RunStatus.FAILED, brokenRuns.get(0).info().status());
        }
    }

    private static List<Run> runs(TrackingStore store, String experiment) {
        String id = store.getExperimentByName(experiment).experimentId();
        return store.searchRuns(List.of(id), null, ViewType.ALL, 100, List.of(), null).items();
    }

    private static String counts(String report) {
        Matcher suite = SUITE.matcher(report);
        assertTrue(suite.find(), report);
        String head = suite.group();
        List<String> counts = new ArrayList<>();
        for (String name : List.of("tests", "failures", "errors", "skipped")) {
            Matcher m = Pattern.compile(" " + name + "=\"(\\d+)\"").matcher(head);
            counts.add(name + "=" + (m.find() ? m.group(1) : "?"));
        }
        return String.join(" ", counts);
    }

    /** Runs {@code command} in {@code dir} without MLFLOW_TRACKING_URI; fails unless it exits 0. */
    private static String run(Path dir, String... command) throws Exception {
        Path log = Files.createTempFile("notebook-tests", ".log");
        try {
            ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            builder.environment().remove("MLFLOW_TRACKING_URI");
            Process process = builder.start();
            if (!process.waitFor(600, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("timed out: " + List.of(command) + "\n" + Files.readString(log));
            }
            String out = Files.readString(log, StandardCharsets.UTF_8);
            assertEquals(0, process.exitValue(), out);
            return out;
        } finally {
            Files.deleteIfExists(log);
        }
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path source : (Iterable<Path>) files::iterator) {
                Path relative = from.relativize(source);
                if (relative.startsWith("target")) {
                    continue;
                }
                Path target = to.resolve(relative.toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target);
                }
            }
        }
    }

    private static final String BROKEN_TEST = """
            package com.example.notebooks;

            import dev.jtrack.runner.testing.NotebookTest;

            class BrokenNotebookTest {
                @NotebookTest("notebooks/broken.ipynb")
                void runs() {}
            }
            """;

    private static final String BROKEN_NOTEBOOK = """
            {"cells": [
              {"cell_type": "code", "id": "p", "metadata": {"tags": ["parameters"]}, "execution_count": null, "outputs": [],
               "source": ["int divisor = 0;"]},
              {"cell_type": "code", "id": "d", "metadata": {}, "execution_count": null, "outputs": [],
               "source": ["int a = 1;\\n", "int b = a / divisor;\\n"]}
             ],
             "metadata": {"kernelspec": {"name": "jtrack", "display_name": "Java (jtrack)", "language": "java"}},
             "nbformat": 4, "nbformat_minor": 5}
            """;
}
