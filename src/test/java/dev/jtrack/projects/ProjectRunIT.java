package dev.jtrack.projects;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.jtrack.BuiltJar;
import dev.jtrack.runner.NotebookFile;
import dev.jtrack.store.StoreUri;
import dev.jtrack.store.sql.SqlStores;
import dev.jtrack.tracking.Experiment;
import dev.jtrack.tracking.Run;
import dev.jtrack.tracking.RunStatus;
import dev.jtrack.tracking.ViewType;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code jtrack run PROJECT} through the built jar: every entry kind, a refusal before anything
 * runs, a git project by {@code file://} URL at a tag, a workflow's order, parallelism, caching,
 * {@code --force}, a failing step with {@code --resume}, and SIGTERM mid-workflow.
 */
class ProjectRunIT {
    @TempDir
    static Path tmp;
    static Path project;

    private static final String MLPROJECT = """
            name: dag
            java_env:
              java: "17+"
            entry_points:
              prepare:
                parameters:
                  rows: {type: int, default: 3}
                notebook: prepare.ipynb
              work:
                parameters:
                  label: string
                  data: path
                  seconds: {type: int, default: 2}
                command: 'test -f {data}/data/data.csv && sleep {seconds} && test -z "$JTRACK_IT_FAIL_{label}"'
              evaluate:
                parameters:
                  model_run: string
                  threshold: {type: double, default: 0.5}
                java: Evaluate.java
              main:
                parameters:
                  rows: {type: int, default: 3}
                  wait: {type: int, default: 3}
                steps:
                  prepare:
                    parameters: {rows: "{rows}"}
                  a:
                    entry_point: work
                    needs: [prepare]
                    parameters: {label: a, data: "{steps.prepare.artifacts}", seconds: "{wait}"}
                  b:
                    entry_point: work
                    needs: [prepare]
                    parameters: {label: b, data: "{steps.prepare.artifacts}", seconds: "{wait}"}
                  train:
                    entry_point: work
                    needs: [prepare, a]
                    parameters: {label: train, data: "{steps.prepare.artifacts}", seconds: 0}
                  evaluate:
                    needs: [train, b]
                    parameters: {model_run: "{steps.train.run_id}"}
            """;

    private static final String EVALUATE = """
            import dev.jtrack.notebook.Tracking;
            import java.util.Map;

            public class Evaluate {
                public static void main(String[] args) {
                    if (!args[0].equals("--model_run") || !args[1].equals(System.getProperty("jtrack.param.model_run"))) {
                        throw new IllegalStateException("parameters not passed: " + String.join(" ", args));
                    }
                    var run = Tracking.client().resumeRun(System.getenv("MLFLOW_RUN_ID"), Map.of());
                    run.logMetric("threshold", Double.parseDouble(System.getProperty("jtrack.param.threshold")));
                    run.setTag("evaluated", args[1]);
                    if (!Tracking.flush(java.time.Duration.ofSeconds(120))) {
                        throw new IllegalStateException("records not delivered");
                    }
                }
            }
            """;

    @BeforeAll
    static void project() throws Exception {
        project = Files.createDirectories(tmp.resolve("project"));
        Files.writeString(project.resolve("MLproject"), MLPROJECT);
        Files.writeString(project.resolve("Evaluate.java"), EVALUATE);
        NotebookFile nb = NotebookFile.empty();
        nb.cells().add(NotebookFile.codeCell("int rows = 1;", "parameters"));
        nb.cells().add(NotebookFile.codeCell("""
                import dev.jtrack.notebook.Tracking;
                import java.nio.file.*;
                Path dir = Files.createTempDirectory("prepare");
                Path f = dir.resolve("data.csv");
                Files.writeString(f, "x\\n".repeat(rows));
                Tracking.logArtifact(f, "data");
                "rows " + rows"""));
        nb.write(project.resolve("prepare.ipynb"));
    }

    record Result(int exit, String out, String err) {
        String all() {
            return out + "\n" + err;
        }

        String runId() {
            return out.lines().filter(l -> l.startsWith("run id: ")).reduce((a, b) -> b)
                    .map(l -> l.substring(8).strip()).orElseThrow(() -> new AssertionError("no run id:\n" + all()));
        }
    }

    private static ProcessBuilder builder(Path workDir, Map<String, String> env, String... args) {
        List<String> cmd = new ArrayList<>(List.of(BuiltJar.java().toString(), "-jar", BuiltJar.path().toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder b = new ProcessBuilder(cmd).directory(workDir.toFile());
        b.environment().remove("MLFLOW_TRACKING_URI");
        b.environment().remove("MLFLOW_EXPERIMENT_NAME");
        b.environment().remove("JTRACK_AUTOLOG");
        b.environment().put("JTRACK_JOURNAL_DIR", workDir.resolve(".journal").toString());
        b.environment().put("JTRACK_PROJECT_CACHE", tmp.resolve("cache").toString());
        b.environment().putAll(env);
        return b;
    }

    private static Result jtrack(Path workDir, Map<String, String> env, String... args) throws Exception {
        Path out = Files.createTempFile(tmp, "out", ".txt");
        Path err = Files.createTempFile(tmp, "err", ".txt");
        Process p = builder(workDir, env, args).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(600, TimeUnit.SECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            fail("timed out: " + String.join(" ", args) + "\n" + Files.readString(out) + Files.readString(err));
        }
        return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    }

    private static List<Run> runs(Path workDir, String experiment) {
        try (SqlStores stores = SqlStores.open(StoreUri.resolve(null, workDir), null)) {
            Experiment e = stores.tracking().getExperimentByName(experiment);
            return e == null ? List.of()
                    : stores.tracking().searchRuns(List.of(e.experimentId()), "", ViewType.ALL, 1000, List.of(), null).items();
        }
    }

    private static Run run(Path workDir, String runId) {
        try (SqlStores stores = SqlStores.open(StoreUri.resolve(null, workDir), null)) {
            return stores.tracking().getRun(runId);
        }
    }

    private static String tag(Run run, String key) {
        return run.data().tags().stream().filter(t -> t.key().equals(key)).map(t -> t.value()).findFirst().orElse(null);
    }

    private static String param(Run run, String key) {
        return run.data().params().stream().filter(t -> t.key().equals(key)).map(t -> t.value()).findFirst().orElse(null);
    }

    /** The parent's step summary: step name to [status, run id]. */
    private static Map<String, List<String>> steps(Run parent) throws Exception {
        Map<String, Map<String, Object>> json = new com.fasterxml.jackson.databind.ObjectMapper().readValue(
                tag(parent, "jtrack.workflow.steps"), new com.fasterxml.jackson.core.type.TypeReference<>() {});
        Map<String, List<String>> out = new LinkedHashMap<>();
        json.forEach((k, v) -> out.put(k, List.of(String.valueOf(v.get("status")), String.valueOf(v.get("run_id")))));
        return out;
    }

    @Test
    void entryPointsOfEveryKindAndRefusals() throws Exception {
        Path work = Files.createDirectories(tmp.resolve("single"));
        Path data = Files.createDirectories(work.resolve("data/data"));
        Files.writeString(data.resolve("data.csv"), "x\n");

        Result command = jtrack(work, Map.of(), "run", project.toString(), "-e", "work", "-P", "label=x",
                "-P", "data=" + work.resolve("data"), "-p", "seconds", "0", "--experiment", "single");
        assertEquals(0, command.exit(), command.all());
        Run c = run(work, command.runId());
        assertEquals(RunStatus.FINISHED, c.info().status());
        assertEquals("PROJECT", tag(c, "mlflow.source.type"));
        assertEquals(project.toString(), tag(c, "mlflow.source.name"));
        assertEquals("work", tag(c, "mlflow.project.entryPoint"));
        assertEquals("java", tag(c, "mlflow.project.env"));
        assertEquals("local", tag(c, "mlflow.project.backend"));
        assertEquals("0", param(c, "seconds"));
        assertEquals(work.resolve("data").toString(), param(c, "data"), "a path parameter is made absolute");

        Result notebook = jtrack(work, Map.of(), "run", project.toString(), "-e", "prepare", "-P", "rows=4",
                "--experiment", "single");
        assertEquals(0, notebook.exit(), notebook.all());
        Run n = run(work, notebook.runId());
        assertEquals(RunStatus.FINISHED, n.info().status());
        assertEquals("PROJECT", tag(n, "mlflow.source.type"), "the session keeps the project's tags");
        assertEquals("prepare", tag(n, "mlflow.project.entryPoint"));
        assertEquals("4", param(n, "rows"));
        assertEquals(1, runs(work, "single").stream().filter(r -> r.info().runId().equals(n.info().runId())).count(),
                "the notebook session recorded into the project's run, not a run of its own");

        int before = runs(work, "single").size();
        Result wrongType = jtrack(work, Map.of(), "run", project.toString(), "-e", "work", "-P", "label=x",
                "-P", "data=" + work.resolve("data"), "-P", "seconds=soon", "--experiment", "single");
        assertEquals(2, wrongType.exit(), wrongType.all());
        assertTrue(wrongType.err().contains("entry point 'work'") && wrongType.err().contains("parameter 'seconds'"), wrongType.err());
        Result missing = jtrack(work, Map.of(), "run", project.toString(), "-e", "evaluate", "--experiment", "single");
        assertEquals(2, missing.exit(), missing.all());
        assertTrue(missing.err().contains("missing required parameter 'model_run'"), missing.err());
        assertEquals(before, runs(work, "single").size(), "nothing ran for refused input");

        Path newer = Files.createDirectories(tmp.resolve("needs-99"));
        Files.writeString(newer.resolve("MLproject"), "java_env: {java: \"99+\"}\nentry_points: {main: {command: \"true\"}}\n");
        Result jdk = jtrack(work, Map.of("JAVA_HOME", System.getProperty("java.home")), "run", newer.toString());
        assertEquals(2, jdk.exit(), jdk.all());
        assertTrue(jdk.err().contains("needs JDK 99+"), jdk.err());

        // a git project by file:// URL, at a tag; the java entry point gets its parameters and the run
        Path repo = Files.createDirectories(tmp.resolve("repo"));
        Files.createDirectories(repo.resolve("sub"));
        for (String f : List.of("MLproject", "Evaluate.java", "prepare.ipynb")) {
            Files.copy(project.resolve(f), repo.resolve("sub").resolve(f));
        }
        git(repo, "init", "-q", "-b", "main");
        git(repo, "-c", "user.email=t@example.com", "-c", "user.name=t", "add", ".");
        git(repo, "-c", "user.email=t@example.com", "-c", "user.name=t", "commit", "-q", "-m", "v1");
        git(repo, "tag", "v1");
        String commit = git(repo, "rev-parse", "HEAD");
        git(repo, "-c", "user.email=t@example.com", "-c", "user.name=t", "commit", "-q", "--allow-empty", "-m", "later");
        String url = "file://" + repo + "#sub";
        Result java = jtrack(work, Map.of(), "run", url, "--git-ref", "v1", "-e", "evaluate", "-P", "model_run=m1",
                "-P", "threshold=0.75", "--experiment", "single");
        assertEquals(0, java.exit(), java.all());
        Run j = run(work, java.runId());
        assertEquals(RunStatus.FINISHED, j.info().status());
        assertEquals(commit, tag(j, "mlflow.source.git.commit"));
        assertEquals("file://" + repo, tag(j, "mlflow.source.git.repoURL"));
        assertEquals(url, tag(j, "mlflow.source.name"));
        assertEquals("m1", tag(j, "evaluated"), "the program logged into the project's run");
        assertEquals(0.75, j.data().metrics().stream().filter(m -> m.key().equals("threshold")).findFirst().orElseThrow().value());
    }

    private static String git(Path dir, String... args) throws Exception {
        ProjectSource.Git.Result r = ProjectSource.Git.run(dir, args);
        assertEquals(0, r.exit(), r.err());
        return r.out().strip();
    }

    @Test
    void workflowOrderParallelismCachingAndForce() throws Exception {
        Path work = Files.createDirectories(tmp.resolve("dag"));
        Result first = jtrack(work, Map.of(), "run", project.toString(), "--parallel", "2", "--experiment", "dag");
        assertEquals(0, first.exit(), first.all());
        Run parent = run(work, first.runId());
        assertEquals(RunStatus.FINISHED, parent.info().status());
        Map<String, List<String>> steps = steps(parent);
        assertEquals(List.of("prepare", "a", "b", "train", "evaluate"), List.copyOf(steps.keySet()));
        Map<String, Run> byStep = new LinkedHashMap<>();
        steps.forEach((name, st) -> {
            assertEquals("FINISHED", st.get(0), name + " " + st);
            Run r = run(work, st.get(1));
            assertEquals(parent.info().runId(), tag(r, "mlflow.parentRunId"));
            assertEquals(64, tag(r, StepCacheKey.TAG).length());
            byStep.put(name, r);
        });
        Run prepare = byStep.get("prepare"), a = byStep.get("a"), b = byStep.get("b"), train = byStep.get("train"),
                evaluate = byStep.get("evaluate");
        assertTrue(prepare.info().endTime() <= a.info().startTime() && prepare.info().endTime() <= b.info().startTime(),
                "a and b start after prepare finished");
        assertTrue(a.info().startTime() < b.info().endTime() && b.info().startTime() < a.info().endTime(),
                "a and b ran at the same time with --parallel 2");
        assertTrue(a.info().endTime() <= train.info().startTime());
        assertTrue(train.info().endTime() <= evaluate.info().startTime() && b.info().endTime() <= evaluate.info().startTime());
        assertEquals(train.info().runId(), tag(evaluate, "evaluated"), "{steps.train.run_id} reached evaluate");

        Result second = jtrack(work, Map.of(), "run", project.toString(), "--parallel", "2", "--experiment", "dag");
        assertEquals(0, second.exit(), second.all());
        Map<String, List<String>> cached = steps(run(work, second.runId()));
        cached.forEach((name, st) -> {
            assertEquals("CACHED", st.get(0), name);
            assertEquals(byStep.get(name).info().runId(), st.get(1), name + " reuses its run");
        });
        assertEquals(7, runs(work, "dag").size(), "the second run added only its parent run");

        Result forced = jtrack(work, Map.of(), "run", project.toString(), "--force", "train", "--experiment", "dag");
        assertEquals(0, forced.exit(), forced.all());
        Map<String, List<String>> f = steps(run(work, forced.runId()));
        for (String reused : List.of("prepare", "a", "b")) {
            assertEquals(List.of("CACHED", byStep.get(reused).info().runId()), f.get(reused), reused);
        }
        for (String rerun : List.of("train", "evaluate")) {
            assertEquals("FINISHED", f.get(rerun).get(0), rerun);
            assertNotEquals(byStep.get(rerun).info().runId(), f.get(rerun).get(1), rerun + " ran again");
        }
    }

    @Test
    void failingStepThenResume() throws Exception {
        Path work = Files.createDirectories(tmp.resolve("fail"));
        Result failed = jtrack(work, Map.of("JTRACK_IT_FAIL_a", "1"), "run", project.toString(), "--parallel", "2",
                "-P", "wait=1", "--experiment", "fail");
        assertEquals(1, failed.exit(), failed.all());
        Run parent = run(work, failed.runId());
        assertEquals(RunStatus.FAILED, parent.info().status());
        Map<String, List<String>> steps = steps(parent);
        assertEquals("FINISHED", steps.get("prepare").get(0));
        assertEquals("FAILED", steps.get("a").get(0));
        assertEquals("FINISHED", steps.get("b").get(0), "an independent step finishes");
        assertEquals("SKIPPED", steps.get("train").get(0));
        assertEquals("SKIPPED", steps.get("evaluate").get(0));
        String note = tag(parent, "mlflow.note.content");
        assertTrue(note.contains("step a FAILED") && note.contains("not started: train, evaluate"), note);
        assertEquals(RunStatus.FAILED, run(work, steps.get("a").get(1)).info().status());

        Result resumed = jtrack(work, Map.of(), "run", project.toString(), "--resume", parent.info().runId(),
                "-P", "wait=1", "--experiment", "fail");
        assertEquals(0, resumed.exit(), resumed.all());
        assertEquals(parent.info().runId(), resumed.runId());
        Run after = run(work, parent.info().runId());
        assertEquals(RunStatus.FINISHED, after.info().status());
        Map<String, List<String>> now = steps(after);
        assertEquals(steps.get("prepare"), now.get("prepare"), "finished steps are reused");
        assertEquals(steps.get("b"), now.get("b"));
        for (String s : List.of("a", "train", "evaluate")) {
            assertEquals("FINISHED", now.get(s).get(0), s);
        }
        assertNotEquals(steps.get("a").get(1), now.get("a").get(1));
    }

    @Test
    void sigtermMarksRunningStepsAndTheParentKilled() throws Exception {
        Path work = Files.createDirectories(tmp.resolve("term"));
        Process p = builder(work, Map.of(), "run", project.toString(), "--parallel", "2", "-P", "wait=120",
                "--experiment", "term").redirectErrorStream(true).start();
        StringBuilder seen = new StringBuilder();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
            for (String line; System.nanoTime() < deadline && (line = in.readLine()) != null; ) {
                seen.append(line).append('\n');
                if (seen.indexOf("step a: run") >= 0 && seen.indexOf("step b: run") >= 0) {
                    break;
                }
            }
            assertTrue(seen.indexOf("step b: run") >= 0, seen.toString());
            Thread.sleep(1500); // both commands are sleeping
            p.destroy(); // SIGTERM
            Thread drain = new Thread(() -> {
                try {
                    in.lines().forEach(l -> seen.append(l).append('\n'));
                } catch (java.io.UncheckedIOException closed) {
                    // the reader is closed once jtrack has exited
                }
            });
            drain.setDaemon(true);
            drain.start();
            assertTrue(p.waitFor(90, TimeUnit.SECONDS), "jtrack stopped on SIGTERM:\n" + seen);
        } finally {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
        Map<String, RunStatus> byName = runs(work, "term").stream()
                .collect(Collectors.toMap(r -> r.info().runName(), r -> r.info().status()));
        assertEquals(RunStatus.KILLED, byName.get("dag main"), byName + "\n" + seen);
        assertEquals(RunStatus.FINISHED, byName.get("prepare"), byName.toString());
        assertEquals(RunStatus.KILLED, byName.get("a"), byName.toString());
        assertEquals(RunStatus.KILLED, byName.get("b"), byName.toString());
        assertTrue(byName.values().stream().noneMatch(s -> s == RunStatus.RUNNING), "nothing left RUNNING: " + byName);
    }
}
