package dev.jtrack.autolog;

import static dev.jtrack.autolog.AutologHarness.JSON;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jtrack.autolog.env.Environment;
import dev.jtrack.autolog.session.NotebookBuilderTest;
import dev.jtrack.kernel.KernelHarness;
import dev.jtrack.store.StoreUri;
import dev.jtrack.store.sql.SqlStores;
import dev.jtrack.tracking.Metric;
import dev.jtrack.tracking.Run;
import dev.jtrack.tracking.RunStatus;
import dev.jtrack.tracking.TrackingStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Executes notebooks/tracked-session.ipynb (plus appended cells that fail, call System.exit and
 * use %maven) with {@code jupyter nbconvert --execute} on the installed kernel, in a git work tree
 * with the embedded default store, then opens that store and checks what the session recorded.
 */
class AutologNotebookIT {
    @TempDir
    Path tmp;

    @Test
    void aNotebookSessionIsRecordedInTheEmbeddedStore() throws Exception {
        AutologHarness kernel = AutologHarness.install(tmp.resolve("jupyter"), "jtrack-autolog");
        Path work = Files.createDirectories(tmp.resolve("work"));
        String commit = gitRepository(work);

        ObjectNode notebook = (ObjectNode) JSON.readTree(Path.of("notebooks/tracked-session.ipynb").toFile());
        ArrayNode cells = (ArrayNode) notebook.path("cells");
        appendCode(cells, "fails", "throw new IllegalStateException(\"boom\");");
        appendCode(cells, "exits", "System.exit(3);");
        appendCode(cells, "maven", "%maven com.example:tiny:1.0\n\"resolved\"");
        appendCode(cells, "after", "\"still \" + \"here\"");
        Path input = work.resolve("session.ipynb");
        JSON.writerWithDefaultPrettyPrinter().writeValue(input.toFile(), notebook);
        List<String> expectedCode = new ArrayList<>();
        for (JsonNode cell : cells) {
            if (cell.path("cell_type").asText().equals("code")) {
                expectedCode.add(source(cell));
            }
        }

        Map<String, String> env = new HashMap<>(kernel.env());
        env.put("JTRACK_IT_VISIBLE", "visible-value");
        env.put("JTRACK_IT_API_TOKEN", "hunter2");
        Path tinyJar = mavenRepository(tmp.resolve("repo"));
        Path settings = tmp.resolve("settings.xml");
        Files.writeString(settings, "<settings><localRepository>" + tmp.resolve("m2") + "</localRepository><mirrors><mirror>"
                + "<id>everything</id><mirrorOf>*</mirrorOf><url>" + tmp.resolve("repo").toUri() + "</url></mirror></mirrors></settings>");
        env.put("JTRACK_MAVEN_SETTINGS", settings.toString());
        KernelHarness.Result r = KernelHarness.run(List.of("/usr/bin/jupyter", "nbconvert", "--to", "notebook",
                "--execute", "--allow-errors", "--ExecutePreprocessor.kernel_name=" + kernel.kernelName,
                "--ExecutePreprocessor.timeout=180", "--output", "executed.ipynb", input.toString()), env, work, 600);
        assertEquals(0, r.exit(), "nbconvert failed:\n" + r.output());

        StoreUri uri = StoreUri.resolve(null, work);
        assertTrue(Files.isRegularFile(work.resolve("jtrack.db")), "no embedded store in the working directory");
        try (SqlStores stores = SqlStores.open(uri, null)) {
            TrackingStore store = stores.tracking();
            List<Run> runs = AutologHarness.runs(store, "Default");
            Run session = AutologHarness.sessionRun(runs);
            String runId = session.info().runId();
            assertEquals(RunStatus.FINISHED, session.info().status(), "the session run ends FINISHED on shutdown");

            // tags: source, user, run name, git
            assertEquals("NOTEBOOK", AutologHarness.tag(session, "mlflow.source.type"));
            assertEquals(work.toRealPath().toString(), Path.of(AutologHarness.tag(session, "mlflow.source.name")).toRealPath().toString());
            assertNotNull(AutologHarness.tag(session, "mlflow.user"));
            assertTrue(AutologHarness.tag(session, "mlflow.runName").startsWith("session "));
            assertEquals(commit, AutologHarness.tag(session, "mlflow.source.git.commit"));
            assertEquals("main", AutologHarness.tag(session, "mlflow.source.git.branch"));
            assertEquals("https://example.org/team/repo.git", AutologHarness.tag(session, "mlflow.source.git.repoURL"));
            assertEquals("true", AutologHarness.tag(session, "jtrack.git.dirty"));
            assertEquals("vision", AutologHarness.tag(session, "team"));

            // params from %%params (the List is not a param) and %log_param
            assertEquals("0.05", AutologHarness.param(session, "learningRate"));
            assertEquals("5", AutologHarness.param(session, "epochs"));
            assertEquals("sgd", AutologHarness.param(session, "optimizer"));
            assertEquals("SECONDS", AutologHarness.param(session, "unit"));
            assertEquals(null, AutologHarness.param(session, "layers"));
            assertEquals("first tracked notebook", AutologHarness.param(session, "note"));

            // metrics: from notebook code (Tracking API), from magics, per cell and summary
            List<Metric> loss = AutologHarness.history(store, runId, "loss");
            assertEquals(List.of(0L, 1L, 2L, 3L, 4L), loss.stream().map(Metric::step).sorted().toList());
            assertEquals(0.93, AutologHarness.history(store, runId, "accuracy").get(0).value());
            int codeCells = expectedCode.size();
            List<Metric> durations = AutologHarness.history(store, runId, "cell_duration_ms");
            assertEquals(codeCells, durations.size(), "one duration point per executed cell, exactly once");
            assertEquals(java.util.stream.LongStream.rangeClosed(1, codeCells).boxed().toList(),
                    durations.stream().map(Metric::step).sorted().toList());
            assertEquals(codeCells, (int) last(AutologHarness.history(store, runId, "cells_executed")).value());
            assertEquals(2, (int) last(AutologHarness.history(store, runId, "cells_failed")).value());
            assertTrue(last(AutologHarness.history(store, runId, "total_execution_time_ms")).value() > 0);

            // the %%track cell is a child run with its own metric and outputs
            Run child = runs.stream().filter(x -> "evaluation".equals(x.info().runName())).findFirst().orElseThrow();
            assertEquals(runId, AutologHarness.tag(child, "mlflow.parentRunId"));
            assertEquals(RunStatus.FINISHED, child.info().status());
            assertEquals(0.81, AutologHarness.history(store, child.info().runId(), "f1").get(0).value());
            assertEquals("evaluated\n", Files.readString(AutologHarness.artifact(child, "cell/stdout.txt")));

            // session/cells.jsonl: every cell once, in execution order, with outcome and variables
            List<JsonNode> entries = AutologHarness.cells(AutologHarness.artifact(session, "session/cells.jsonl"));
            assertEquals(codeCells, entries.size());
            for (int i = 0; i < codeCells; i++) {
                JsonNode e = entries.get(i);
                assertEquals(i + 1, e.path("order").asInt());
                assertEquals(i + 1, e.path("execution_count").asInt());
                assertEquals(expectedCode.get(i), e.path("code").asText());
                assertTrue(e.path("duration_ms").asDouble() >= 0);
                assertFalse(e.path("start_time").asText().isEmpty());
            }
            JsonNode params = entries.get(0);
            assertTrue(params.path("variables").toString().contains("\"name\":\"learningRate\""), params.toString());
            JsonNode train = entries.get(1);
            assertEquals("final loss 0.3277\n", train.path("stdout").asText());
            JsonNode plot = entries.get(3);
            String image = plot.path("outputs").get(0).path("artifacts").get(0).asText();
            byte[] png = Files.readAllBytes(AutologHarness.artifact(session, image));
            assertEquals((byte) 0x89, png[0]);
            assertEquals('P', png[1]);
            JsonNode fails = entries.get(codeCells - 4);
            assertEquals("error", fails.path("status").asText());
            assertEquals("java.lang.IllegalStateException", fails.path("error").path("class").asText());
            assertEquals("boom", fails.path("error").path("message").asText());
            assertEquals("error", entries.get(codeCells - 3).path("status").asText(), "System.exit is recorded as an error");
            assertEquals("ok", entries.get(codeCells - 1).path("status").asText());
            assertEquals("still here", entries.get(codeCells - 1).path("result").path("text").asText().replace("\"", ""));

            // the rebuilt notebook is valid nbformat 4.5 with every execution
            Path rebuilt = AutologHarness.artifact(session, "session/notebook.ipynb");
            NotebookBuilderTest.assertValidNotebook(rebuilt);
            JsonNode nb = JSON.readTree(rebuilt.toFile());
            assertEquals(codeCells, nb.path("cells").size());
            assertEquals("error", nb.path("cells").get(codeCells - 4).path("outputs").get(0).path("output_type").asText());

            // environment: machine, Maven coordinates with SHA-256, git diff, filtered variables
            JsonNode environment = JSON.readTree(AutologHarness.artifact(session, "environment/environment.json").toFile());
            assertEquals(System.getProperty("java.version"), environment.path("java_version").asText());
            assertTrue(environment.path("cpus").asInt() >= 1);
            String maven = Files.readString(AutologHarness.artifact(session, "environment/maven.txt"));
            String sha = Environment.sha256(tinyJar);
            assertTrue(maven.contains("com.example:tiny:jar:1.0 " + sha) || maven.contains("com.example:tiny:1.0 " + sha), maven);
            assertEquals("1", AutologHarness.tag(session, "jtrack.env.maven_dependencies"));
            String diff = Files.readString(AutologHarness.artifact(session, "environment/git.diff"));
            assertTrue(diff.contains("+changed after commit"), diff);
            JsonNode variables = JSON.readTree(AutologHarness.artifact(session, "environment/variables.json").toFile());
            assertEquals("visible-value", variables.path("JTRACK_IT_VISIBLE").asText());
            assertTrue(variables.path("JTRACK_IT_API_TOKEN").isMissingNode(), "secret-looking variable recorded");
            assertFalse(Files.readString(AutologHarness.artifact(session, "environment/variables.json")).contains("hunter2"));
        }
    }

    /** A file Maven repository with com.example:tiny:1.0; returns its jar. */
    private static Path mavenRepository(Path repo) throws Exception {
        Path dir = Files.createDirectories(repo.resolve("com/example/tiny/1.0"));
        Path jar = dir.resolve("tiny-1.0.jar");
        try (java.util.jar.JarOutputStream out = new java.util.jar.JarOutputStream(Files.newOutputStream(jar))) {
            out.putNextEntry(new java.util.jar.JarEntry("tiny.txt"));
            out.write("tiny".getBytes(StandardCharsets.UTF_8));
            out.closeEntry();
        }
        Files.writeString(dir.resolve("tiny-1.0.pom"), "<project><modelVersion>4.0.0</modelVersion><groupId>com.example</groupId>"
                + "<artifactId>tiny</artifactId><version>1.0</version></project>");
        return jar;
    }

    private static Metric last(List<Metric> history) {
        return history.stream().max(java.util.Comparator.comparingLong(Metric::step)).orElseThrow();
    }

    private static void appendCode(ArrayNode cells, String id, String code) {
        ObjectNode cell = cells.addObject();
        cell.put("cell_type", "code");
        cell.putNull("execution_count");
        cell.put("id", id);
        cell.putObject("metadata");
        cell.putArray("outputs");
        cell.put("source", code);
    }

    private static String source(JsonNode cell) {
        JsonNode s = cell.path("source");
        if (s.isArray()) {
            StringBuilder out = new StringBuilder();
            s.forEach(line -> out.append(line.asText()));
            return out.toString();
        }
        return s.asText();
    }

    /** Makes {@code dir} a git work tree with one commit and an uncommitted change; returns the commit. */
    private static String gitRepository(Path dir) throws Exception {
        Map<String, String> env = Map.of("GIT_AUTHOR_NAME", "t", "GIT_AUTHOR_EMAIL", "t@example.org",
                "GIT_COMMITTER_NAME", "t", "GIT_COMMITTER_EMAIL", "t@example.org", "HOME", dir.toString());
        Files.writeString(dir.resolve("data.txt"), "first\n", StandardCharsets.UTF_8);
        Files.writeString(dir.resolve(".gitignore"), "jtrack.db*\njtrack-artifacts/\n*.ipynb\n", StandardCharsets.UTF_8);
        for (List<String> cmd : List.of(List.of("git", "init", "-q", "-b", "main"), List.of("git", "add", "."),
                List.of("git", "commit", "-q", "-m", "init"),
                List.of("git", "remote", "add", "origin", "https://user:secret@example.org/team/repo.git"))) {
            KernelHarness.Result r = KernelHarness.run(cmd, env, dir, 60);
            assertEquals(0, r.exit(), cmd + ": " + r.output());
        }
        Files.writeString(dir.resolve("data.txt"), "first\nchanged after commit\n", StandardCharsets.UTF_8);
        Path head = Files.createTempFile("head", ".txt");
        try {
            ProcessBuilder b = new ProcessBuilder("git", "rev-parse", "HEAD").directory(dir.toFile()).redirectOutput(head.toFile());
            Process p = b.start();
            assertTrue(p.waitFor(30, java.util.concurrent.TimeUnit.SECONDS));
            return Files.readString(head).strip();
        } finally {
            Files.deleteIfExists(head);
        }
    }
}
