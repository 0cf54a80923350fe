package dev.jtrack.projects;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jtrack.runner.EntryPoint;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command lines the local backend starts, and a real command run through it. */
class LocalBackendTest {

    @BeforeAll
    static void theCommandLineIsTheEntryPoint() {
        // as jtrack's Main does; this test only builds commands and starts no shared store
        EntryPoint.install("dev.jtrack.cli.Main", () -> {
            throw new IllegalStateException("this test starts no store server");
        });
    }

    @TempDir
    Path dir;

    private MLProject project() throws Exception {
        Files.writeString(dir.resolve("MLproject"), """
                java_env: {java: "17+", jvm_options: ["-Xmx64m"]}
                entry_points:
                  nb: {notebook: nb.ipynb, parameters: {rate: double}}
                  prog: {java: Train.java, parameters: {epochs: int}}
                  cmd: {command: 'echo "$MLFLOW_RUN_ID $MLFLOW_EXPERIMENT_ID" {name} > out.txt', parameters: {name: string}}
                """);
        Files.writeString(dir.resolve("nb.ipynb"), "{}");
        Files.writeString(dir.resolve("Train.java"), "class Train {}");
        return MLProject.load(dir);
    }

    private Launch launch(MLProject p, String entry, Map<String, Object> params) {
        return new Launch(p, p.entryPoint(entry), params, "RUN1", "7", "exp", "http://127.0.0.1:1",
                Path.of(System.getProperty("java.home")), List.of(Path.of("/deps/lib.jar")), dir.resolve("work"),
                new LinkedHashMap<>(Map.of("mlflow.source.type", "PROJECT")));
    }

    @Test
    void javaEntryGetsArgumentsPropertiesAndTheClassPath() throws Exception {
        List<String> cmd = LocalBackend.command(launch(project(), "prog", Map.of("epochs", 5L)));
        assertTrue(cmd.get(0).endsWith("/bin/java"));
        assertEquals("-Xmx64m", cmd.get(1));
        assertTrue(cmd.contains("-Djtrack.param.epochs=5"), cmd.toString());
        String cp = cmd.get(cmd.indexOf("-cp") + 1);
        assertTrue(cp.endsWith("/deps/lib.jar"), cp);
        assertEquals(List.of(dir.resolve("Train.java").toString(), "--epochs", "5"), cmd.subList(cmd.size() - 3, cmd.size()));
    }

    @Test
    void notebookEntryIsAJtrackRunWithTheProjectTags() throws Exception {
        List<String> cmd = LocalBackend.command(launch(project(), "nb", Map.of("rate", 0.5)));
        int run = cmd.indexOf("dev.jtrack.cli.Main") + 1;
        assertEquals("run", cmd.get(run));
        assertEquals(dir.resolve("nb.ipynb").toString(), cmd.get(run + 1));
        assertEquals(dir.resolve("work/nb.output.ipynb").toString(), cmd.get(run + 2));
        String line = String.join(" ", cmd);
        assertTrue(line.contains("-p rate 0.5") && line.contains("--experiment exp")
                && line.contains("--tag mlflow.source.type=PROJECT"), line);
    }

    @Test
    void commandRunsWithTheRunContract() throws Exception {
        MLProject p = project();
        Backend.Outcome outcome = new LocalBackend(null).run(launch(p, "cmd", Map.of("name", "a b")));
        assertTrue(outcome.succeeded(), String.valueOf(outcome.message()));
        assertEquals("RUN1 7 a b\n", Files.readString(dir.resolve("out.txt")));
        assertTrue(Files.isRegularFile(dir.resolve("work/cmd.log")));
    }

    @Test
    void lastErrorIsOneLine() {
        assertEquals("jtrack run: bad parameters: unknown parameter 'x'",
                LocalBackend.lastError(List.of("output", "jtrack run: bad parameters:", "  unknown parameter 'x'")));
        assertEquals("Exception in thread \"main\" java.lang.IllegalStateException: boom",
                LocalBackend.lastError(List.of("Exception in thread \"main\" java.lang.IllegalStateException: boom",
                        "\tat Train.main(Train.java:3)")));
        assertNull(LocalBackend.lastError(List.of("all good")));
    }
}
