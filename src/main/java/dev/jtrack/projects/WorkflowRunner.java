package dev.jtrack.projects;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jtrack.artifacts.ArtifactRepository;
import dev.jtrack.artifacts.FileInfo;
import dev.jtrack.notebook.ActiveRun;
import dev.jtrack.tracking.Param;
import dev.jtrack.tracking.Run;
import dev.jtrack.tracking.RunStatus;
import dev.jtrack.tracking.RunTag;
import dev.jtrack.tracking.ViewType;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Runs a workflow entry point: one parent run, each step a child run started when the steps it
 * needs have finished, up to {@code --parallel} at a time. A step whose cache key matches a
 * FINISHED run of the experiment reuses that run. A failing step fails the parent; the steps that
 * need it are not started, independent steps finish. The parent's tag {@value #STEPS_TAG} holds
 * each step's state and run as JSON (what {@code --resume} and the web UI read).
 */
final class WorkflowRunner {
    /** The parent run's tag with every step's state, run id and whether it was reused. */
    static final String STEPS_TAG = "jtrack.workflow.steps";
    private static final String DEFERRED = "\u0000deferred\u0000";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A step's state in the workflow. */
    enum State { PENDING, RUNNING, FINISHED, CACHED, FAILED, SKIPPED, KILLED }

    /** What became of a step. */
    record StepStatus(State state, String runId, String message) {
        Map<String, Object> json() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("status", state.name());
            if (runId != null) {
                m.put("run_id", runId);
            }
            if (message != null) {
                m.put("message", message);
            }
            return m;
        }
    }

    private final ProjectRunner.ProjectContext context;
    private final EntryPoint workflow;
    private final Map<String, Object> params;
    private final ProjectRunner.Request request;
    private final Map<String, StepStatus> states = new LinkedHashMap<>();
    private final Map<String, Path> downloads = new LinkedHashMap<>();
    private ActiveRun parent;
    private volatile String parentId;

    WorkflowRunner(ProjectRunner.ProjectContext context, EntryPoint workflow, Map<String, Object> params,
                   ProjectRunner.Request request) {
        this.context = context;
        this.workflow = workflow;
        this.params = params;
        this.request = request;
    }

    /**
     * Checks, before anything runs, that {@code --force STEP} names a step and that every step's
     * parameters (those not depending on another step's output) fit its entry point.
     */
    static void check(MLProject project, EntryPoint workflow, Map<String, Object> params, String forceStep) {
        if (forceStep != null && workflow.steps().stream().noneMatch(s -> s.name().equals(forceStep))) {
            throw new ProjectError("--force " + forceStep + ": workflow '" + workflow.name() + "' has no such step (it has "
                    + String.join(", ", workflow.steps().stream().map(Step::name).toList()) + ")");
        }
        Map<String, String> text = text(params);
        for (Step step : workflow.steps()) {
            Map<String, String> values;
            try {
                values = WorkflowPlan.substitute(step, text, (s, what) -> DEFERRED);
            } catch (IllegalArgumentException e) {
                throw new ProjectError("workflow '" + workflow.name() + "': " + e.getMessage());
            }
            Map<String, Object> known = new LinkedHashMap<>();
            Set<String> deferred = new LinkedHashSet<>();
            values.forEach((k, v) -> {
                if (v.contains(DEFERRED)) {
                    deferred.add(k);
                } else {
                    known.put(k, v);
                }
            });
            EntryPoint entry = project.entryPoint(step.entryPoint());
            try {
                Map<String, Object> resolved = entry.resolve(known, project.dir(), deferred);
                if (entry.kind() == EntryPoint.Kind.NOTEBOOK) {
                    NotebookParameters.check(project, entry, resolved, deferred);
                }
            } catch (ProjectError e) {
                throw new ProjectError("workflow '" + workflow.name() + "', step '" + step.name() + "': " + e.getMessage());
            }
        }
    }

    /** The workflow's parent run, once {@link #run()} has started it (else null). */
    String parentRunId() {
        return parentId;
    }

    /** Runs the workflow; 0 when every step finished (or was reused), 1 otherwise. */
    int run() throws IOException {
        List<Step> ordered = WorkflowPlan.order(workflow.steps());
        Set<String> forced = request.forceAll() ? new LinkedHashSet<>(ordered.stream().map(Step::name).toList())
                : request.forceStep() != null ? WorkflowPlan.withDependents(ordered, request.forceStep()) : Set.of();
        Map<String, StepStatus> previous = request.resumeRunId() != null ? resumeParent() : Map.of();
        if (parent == null) {
            Map<String, String> tags = context.tags(workflow, context.project().name() + " " + workflow.name());
            tags.put("jtrack.workflow", "true");
            parent = context.client().startTopLevelRun(tags.get("mlflow.runName"), tags);
            if (!params.isEmpty()) {
                parent.logParams(text(params));
            }
        }
        context.parent(parent);
        String parentId = parent.awaitRunId(ProjectRunner.RUN_ID_WAIT);
        this.parentId = parentId;
        for (Step s : ordered) {
            StepStatus before = previous.get(s.name());
            boolean reuse = before != null && before.runId() != null && !forced.contains(s.name())
                    && (before.state() == State.FINISHED || before.state() == State.CACHED);
            states.put(s.name(), reuse ? before : new StepStatus(State.PENDING, null, null));
        }
        int parallel = Math.max(1, request.parallel());
        context.out().println("workflow " + workflow.name() + " of project " + context.project().name() + ": run " + parentId
                + ", " + ordered.size() + " steps, " + parallel + " at a time");
        String projectVersion = context.projectVersion();
        ExecutorService pool = Executors.newFixedThreadPool(parallel, r -> {
            Thread t = new Thread(r, "jtrack-workflow-step");
            t.setDaemon(true);
            return t;
        });
        CompletionService<Map.Entry<String, StepStatus>> done = new ExecutorCompletionService<>(pool);
        int running = 0;
        try {
            while (true) {
                skipUnreachable(ordered);
                for (Step s : ordered) {
                    if (running < parallel && !context.stopping() && states.get(s.name()).state() == State.PENDING
                            && s.needs().stream().allMatch(this::succeeded)) {
                        states.put(s.name(), new StepStatus(State.RUNNING, null, null));
                        running++;
                        Map<String, String> neededRuns = new LinkedHashMap<>();
                        s.needs().forEach(n -> neededRuns.put(n, states.get(n).runId()));
                        boolean force = forced.contains(s.name());
                        done.submit(() -> Map.entry(s.name(), runStep(s, neededRuns, force, projectVersion, parentId)));
                    }
                }
                if (running == 0) {
                    break;
                }
                Future<Map.Entry<String, StepStatus>> next = done.poll(1, TimeUnit.HOURS);
                if (next == null) {
                    continue;
                }
                running--;
                Map.Entry<String, StepStatus> result = next.get();
                states.put(result.getKey(), result.getValue());
                publish();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            context.stop();
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("a step's runner failed: " + e.getCause(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
        if (context.stopping()) {
            return 130;
        }
        publish();
        boolean ok = states.values().stream().allMatch(st -> st.state() == State.FINISHED || st.state() == State.CACHED);
        context.out().println();
        context.out().print(summaryTable());
        if (!ok) {
            String note = failureSummary();
            parent.setTag("mlflow.note.content", note);
            parent.end(RunStatus.FAILED);
            context.out().println("jtrack run: " + note);
        } else {
            parent.end(RunStatus.FINISHED);
        }
        context.out().println("run id: " + parentId);
        return ok ? 0 : 1;
    }

    private boolean succeeded(String step) {
        State s = states.get(step).state();
        return s == State.FINISHED || s == State.CACHED;
    }

    /** Marks PENDING steps that need a failed, skipped or killed step as SKIPPED (not started). */
    private void skipUnreachable(List<Step> ordered) {
        for (Step s : ordered) {
            if (states.get(s.name()).state() != State.PENDING) {
                continue;
            }
            for (String need : s.needs()) {
                State st = states.get(need).state();
                if (st == State.FAILED || st == State.SKIPPED || st == State.KILLED) {
                    states.put(s.name(), new StepStatus(State.SKIPPED, null, "not started: step " + need + " did not finish"));
                    break;
                }
            }
        }
    }

    /** Runs (or reuses) one step; called on a pool thread. */
    private StepStatus runStep(Step step, Map<String, String> neededRuns, boolean force, String projectVersion,
                               String parentId) {
        try {
            EntryPoint entry = context.project().entryPoint(step.entryPoint());
            Map<String, String> workflowText = text(params);
            Map<String, String> keyValues = WorkflowPlan.substitute(step, workflowText,
                    (s, what) -> what.equals("run_id") ? neededRuns.get(s) : "runs:/" + neededRuns.get(s) + "/");
            Map<String, String> actual = WorkflowPlan.substitute(step, workflowText,
                    (s, what) -> what.equals("run_id") ? neededRuns.get(s) : download(s, neededRuns.get(s)).toString());
            Map<String, Object> typed = entry.resolve(actual, context.project().dir());
            Map<String, String> keyParams = new LinkedHashMap<>(text(typed));
            Map<String, String> pathHashes = new LinkedHashMap<>();
            for (ParameterSpec spec : entry.parameters().values()) {
                String template = step.parameters().get(spec.name());
                boolean fromStep = template != null && template.contains("{steps.");
                if (fromStep) {
                    keyParams.put(spec.name(), keyValues.get(spec.name()));
                } else if (spec.type() == ParameterType.PATH && !ParameterType.isUri(String.valueOf(typed.get(spec.name())))) {
                    pathHashes.put(spec.name(), StepCacheKey.treeHash(Path.of(String.valueOf(typed.get(spec.name()))), p -> false));
                }
            }
            String key = StepCacheKey.of(entry.name(), keyParams, projectVersion, context.project().javaEnv(), neededRuns, pathHashes);
            if (!force) {
                String cached = cachedRun(key);
                if (cached != null) {
                    context.out().println("step " + step.name() + ": reusing run " + cached + " (same cache key)");
                    return new StepStatus(State.CACHED, cached, null);
                }
            }
            Map<String, String> tags = context.tags(entry, step.name());
            tags.put(StepCacheKey.TAG, key);
            tags.put("jtrack.step.name", step.name());
            tags.put("jtrack.workflow.runId", parentId);
            ActiveRun child = parent.startChildRun(step.name(), tags);
            String childId = child.awaitRunId(ProjectRunner.RUN_ID_WAIT);
            context.out().println("step " + step.name() + ": run " + childId + " (" + entry.kind().name().toLowerCase(java.util.Locale.ROOT)
                    + " " + (entry.target() == null ? "" : entry.target()) + ")");
            Map<String, String> reapplied = new LinkedHashMap<>();
            reapplied.put("mlflow.parentRunId", parentId);
            reapplied.put(StepCacheKey.TAG, key);
            reapplied.put("jtrack.step.name", step.name());
            Backend.Outcome outcome = context.launch(child, entry, typed, context.workDir().resolve("steps").resolve(step.name()),
                    reapplied);
            context.end(child, outcome);
            if (context.stopping()) {
                return new StepStatus(State.KILLED, childId, "stopped");
            }
            context.out().println("step " + step.name() + ": " + (outcome.succeeded() ? "FINISHED" : "FAILED: " + outcome.message()));
            return outcome.succeeded() ? new StepStatus(State.FINISHED, childId, null)
                    : new StepStatus(State.FAILED, childId, outcome.message());
        } catch (ProjectError | IllegalArgumentException | IOException | IllegalStateException e) {
            context.out().println("step " + step.name() + ": FAILED: " + e.getMessage());
            return new StepStatus(State.FAILED, null, e.getMessage());
        }
    }

    /** A FINISHED run of the experiment with this cache key, or null. */
    private String cachedRun(String key) {
        String experimentId = parent.experimentId().orElse(null);
        if (experimentId == null) {
            return null;
        }
        List<Run> runs = context.client().store().searchRuns(List.of(experimentId),
                "tags.`" + StepCacheKey.TAG + "` = '" + key + "' and attributes.status = 'FINISHED'",
                ViewType.ACTIVE_ONLY, 1, List.of("attributes.start_time DESC"), null).items();
        return runs.isEmpty() ? null : runs.get(0).info().runId();
    }

    /** The artifacts of a needed step's run in a local directory (downloaded once per step). */
    private Path download(String step, String runId) {
        synchronized (downloads) {
            Path existing = downloads.get(step);
            if (existing != null) {
                return existing;
            }
            Path dir = context.workDir().resolve("artifacts").resolve(step);
            try {
                Files.createDirectories(dir);
                Run run = context.client().store().getRun(runId);
                copyTree(context.client().artifactRepository(run.info().artifactUri()), "", dir);
            } catch (IOException e) {
                throw new IllegalStateException("cannot download the artifacts of step " + step + " (run " + runId + "): "
                        + e.getMessage(), e);
            }
            downloads.put(step, dir);
            return dir;
        }
    }

    private static void copyTree(ArtifactRepository repo, String path, Path into) throws IOException {
        for (FileInfo f : repo.list(path)) {
            String name = f.path().substring(f.path().lastIndexOf('/') + 1);
            Path target = into.resolve(name);
            if (f.isDir()) {
                Files.createDirectories(target);
                copyTree(repo, f.path(), target);
            } else {
                try (InputStream in = repo.open(f.path())) {
                    Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    /** Continues the workflow run {@code --resume} names; returns its steps' states. */
    private Map<String, StepStatus> resumeParent() {
        String id = request.resumeRunId();
        Run run;
        try {
            run = context.client().store().getRun(id);
        } catch (RuntimeException e) {
            throw new ProjectError("--resume " + id + ": no such run (" + e.getMessage() + ")");
        }
        Map<String, String> tags = new LinkedHashMap<>();
        for (RunTag t : run.data().tags()) {
            tags.put(t.key(), t.value());
        }
        if (!tags.containsKey(STEPS_TAG) || !workflow.name().equals(tags.get("mlflow.project.entryPoint"))) {
            throw new ProjectError("--resume " + id + " is no run of workflow '" + workflow.name() + "'");
        }
        Map<String, String> now = text(params);
        for (Param p : run.data().params()) {
            if (now.containsKey(p.key()) && !now.get(p.key()).equals(p.value())) {
                throw new ProjectError("--resume " + id + ": the run has " + p.key() + "=" + p.value() + ", not "
                        + now.get(p.key()) + "; resume with the same parameters");
            }
        }
        String experimentName = context.client().store().getExperiment(run.info().experimentId()).name();
        context.client().setExperiment(experimentName);
        Map<String, StepStatus> out = new LinkedHashMap<>();
        try {
            Map<String, Map<String, Object>> steps = JSON.readValue(tags.get(STEPS_TAG), new TypeReference<>() {});
            steps.forEach((name, m) -> out.put(name, new StepStatus(State.valueOf(String.valueOf(m.getOrDefault("status", "PENDING"))),
                    textOrNull(m.get("run_id")), textOrNull(m.get("message")))));
        } catch (IOException | IllegalArgumentException e) {
            throw new ProjectError("--resume " + id + ": its " + STEPS_TAG + " tag is unreadable: " + e.getMessage());
        }
        parent = context.client().resumeRun(id, Map.of("jtrack.workflow.resumed", "true"));
        context.out().println("resuming workflow run " + id + ": reusing "
                + out.entrySet().stream().filter(e -> e.getValue().state() == State.FINISHED || e.getValue().state() == State.CACHED)
                .map(Map.Entry::getKey).toList());
        return out;
    }

    private static String textOrNull(Object value) {
        return value == null ? null : value.toString();
    }

    /** Writes every step's state (and the steps it needs) to the parent run. */
    private void publish() {
        Map<String, Object> json = new LinkedHashMap<>();
        states.forEach((name, st) -> {
            Map<String, Object> step = st.json();
            // the graph: the web UI draws the workflow from this tag alone
            workflow.steps().stream().filter(s -> s.name().equals(name)).findFirst().ifPresent(s -> {
                step.put("entry_point", s.entryPoint());
                step.put("needs", s.needs());
            });
            json.put(name, step);
        });
        try {
            parent.setTag(STEPS_TAG, JSON.writeValueAsString(json));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private String failureSummary() {
        List<String> failed = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        states.forEach((name, st) -> {
            if (st.state() == State.FAILED || st.state() == State.KILLED) {
                failed.add("step " + name + " " + st.state() + (st.message() == null ? "" : " (" + st.message() + ")"));
            } else if (st.state() == State.SKIPPED || st.state() == State.PENDING) {
                skipped.add(name);
            }
        });
        return "Workflow " + workflow.name() + " failed: " + String.join("; ", failed)
                + (skipped.isEmpty() ? "" : "; not started: " + String.join(", ", skipped));
    }

    private String summaryTable() {
        List<List<String>> rows = new ArrayList<>();
        states.forEach((name, st) -> rows.add(List.of(name, st.state().name(), st.runId() == null ? "" : st.runId())));
        return dev.jtrack.runner.Tables.render(List.of("step", "status", "run_id"), rows);
    }

    /** Values as text, in order. */
    static Map<String, String> text(Map<String, Object> values) {
        Map<String, String> out = new LinkedHashMap<>();
        values.forEach((k, v) -> out.put(k, ParameterType.text(v)));
        return out;
    }

    /** States for tests. */
    Map<String, StepStatus> states() {
        return states;
    }
}
