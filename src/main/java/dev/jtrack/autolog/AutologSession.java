package dev.jtrack.autolog;

import dev.jtrack.kernel.engine.StdioRouter;
import dev.jtrack.kernel.extension.CellRecord;
import dev.jtrack.kernel.extension.KernelSession;
import dev.jtrack.maven.ResolvedDependency;
import dev.jtrack.notebook.ActiveRun;
import dev.jtrack.notebook.Autolog;
import dev.jtrack.notebook.Tracking;
import dev.jtrack.notebook.TrackingClient;
import dev.jtrack.tracking.RunStatus;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * The auto-tracked notebook session: a run per session (started with the first recorded cell),
 * every executed cell recorded in it, the environment logged once and again when it changes,
 * explicit runs started by magics.
 *
 * <p>Threads: the kernel's execution thread calls the hooks and magics; it only appends to the
 * local journal (through {@link ActiveRun}) or hands work to one worker thread, so a cell never
 * waits for the network. The worker builds the cell records, captures the environment (git,
 * file hashes) and rewrites the session artifacts after each burst of cells.
 */
public final class AutologSession {
    /** How long kernel shutdown may take for tracking (the kernel gives its engine 3 s to close). */
    static final Duration SHUTDOWN_BUDGET = Duration.ofMillis(2500);
    /** How much of the shutdown budget library autologging may take to hand over its last models. */
    static final Duration LIBRARY_AUTOLOG_BUDGET = Duration.ofMillis(1500);
    /** How long a cell may wait for the tracking client to be ready (local disk only). */
    private static final long CLIENT_WAIT_SECONDS = 20;
    /** Session artifacts are rewritten this long after the first cell of a burst. */
    private static final long ARTIFACT_DELAY_MS = 2000;
    /** Longest the kernel waits for a cell's record to reach the journal before replying. */
    private static final long JOURNAL_WAIT_MS = 200;

    private final KernelSession kernel;
    private final Map<String, String> env;
    private final SessionSource source;
    private final String jtrackVersion;
    private final EnvironmentRecorder environment;
    private final ScheduledThreadPoolExecutor worker;
    private final Consumer<String> reporter;
    private final AtomicBoolean shutdown = new AtomicBoolean();

    /** Null until tracking is first needed (with autolog off at start, nothing is opened or written). */
    private volatile CompletableFuture<TrackingClient> client;
    private volatile boolean autolog;
    private volatile String experiment;
    private volatile String trackingUri;
    /** Kernel-thread state. */
    private ActiveRun sessionRun;
    private SessionRecording recording;
    private final Deque<ActiveRun> explicitRuns = new ArrayDeque<>();
    private ActiveRun trackedCell;
    private volatile String lastProblem;
    /** The code of the last cell executed (the parameters cell, when papermill's injected cell runs). */
    private volatile String previousCellCode;
    /** Whether the last cell executed failed or was interrupted: execution stopped on an error. */
    private volatile boolean lastCellFailed;
    /** {@code MLFLOW_RUN_ID} until the first session run has resumed it. */
    private String resumeRunId;

    /**
     * @param kernel the kernel session (dependencies, classpath, Java version)
     * @param env the process environment
     * @param workingDir the kernel's working directory
     */
    public AutologSession(KernelSession kernel, Map<String, String> env, Path workingDir) {
        this.kernel = kernel;
        this.env = Map.copyOf(env);
        this.source = SessionSource.detect(env, workingDir);
        String version = AutologSession.class.getPackage().getImplementationVersion();
        this.jtrackVersion = version == null ? "dev" : version;
        this.environment = new EnvironmentRecorder(jtrackVersion, kernel.compilerOptions(), workingDir, env);
        this.experiment = source.experiment(env);
        this.trackingUri = blankToNull(env.get("MLFLOW_TRACKING_URI"));
        this.resumeRunId = blankToNull(env.get("MLFLOW_RUN_ID"));
        this.autolog = !"off".equalsIgnoreCase(String.valueOf(env.get("JTRACK_AUTOLOG")).strip());
        this.reporter = message -> {
            lastProblem = message;
            StdioRouter.originalErr().println("jtrack autolog: " + message);
        };
        this.worker = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "jtrack-autolog");
            t.setDaemon(true);
            return t;
        });
        worker.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    }

    /**
     * With autolog on and a store configured ({@code MLFLOW_TRACKING_URI}), opens the tracking
     * client in the background now, which also delivers the journals of dead sessions and ends
     * their runs KILLED. The embedded default store is only opened (and its file created) once a
     * cell is recorded, so a kernel that only starts leaves no {@code jtrack.db} behind and a
     * first cell may still choose another store with {@code %tracking_uri}.
     */
    public void start() {
        if (autolog && trackingUri != null) {
            clientFuture();
        }
        Runtime.getRuntime().addShutdownHook(new Thread(this::shutdown, "jtrack-autolog-exit"));
        if (!autolog) {
            Autolog.disable();
        }
        Autolog.usePlacement(new Autolog.RunPlacement() {
            @Override
            public java.util.Optional<ActiveRun> userRun() {
                return AutologSession.this.userRun();
            }

            @Override
            public java.util.Optional<ActiveRun> sessionRun() {
                if (sessionRun == null && autolog && !shutdown.get()) {
                    startSessionRun();
                }
                return java.util.Optional.ofNullable(sessionRun);
            }

            @Override
            public Map<String, String> runTags() {
                Map<String, String> tags = new LinkedHashMap<>(sourceTags());
                tags.putAll(environment.lastTags());
                return tags;
            }
        });
    }

    /**
     * The run the user is logging to: the {@code %%track} cell's, else the innermost one started
     * with {@code %start_run}, else one notebook code started with the Java API; not the session run.
     */
    java.util.Optional<ActiveRun> userRun() {
        if (trackedCell != null && trackedCell.isActive()) {
            return java.util.Optional.of(trackedCell);
        }
        for (ActiveRun r : explicitRuns) {
            if (r.isActive()) return java.util.Optional.of(r);
        }
        CompletableFuture<TrackingClient> c = client;
        if (c == null || !c.isDone() || c.isCompletedExceptionally()) {
            return java.util.Optional.empty();
        }
        return c.join().activeRun().filter(r -> r != sessionRun);
    }

    /** The client being opened, starting to open it now if needed. */
    private synchronized CompletableFuture<TrackingClient> clientFuture() {
        if (client == null) {
            CompletableFuture<TrackingClient> target = new CompletableFuture<>();
            client = target;
            String uri = trackingUri;
            submit("open tracking client", () -> openClient(uri, target));
        }
        return client;
    }

    private void openClient(String uri, CompletableFuture<TrackingClient> target) {
        try {
            TrackingClient c = TrackingClient.builder().trackingUri(uri).experiment(experiment)
                    .workingDir(source.workingDir()).reporter(reporter).build();
            Tracking.useClient(c);
            target.complete(c);
        } catch (RuntimeException | Error e) {
            reporter.accept("cannot open the tracking store " + (uri == null ? "(default)" : uri) + ": " + e.getMessage());
            target.completeExceptionally(e);
        }
    }

    // ----- hooks (kernel thread) -----

    /**
     * Before a cell: makes sure the session run exists, so notebook code logs to it. A cell that
     * starts by choosing the store or experiment ({@code %tracking_uri}, {@code %experiment},
     * {@code %autolog}) starts it afterwards instead, in the place it chose.
     */
    public void beforeCell(String code) {
        if (autolog && sessionRun == null && !shutdown.get() && !choosesWhereToTrack(code)) {
            startSessionRun();
        }
    }

    static boolean choosesWhereToTrack(String code) {
        String first = code.stripLeading();
        return first.startsWith("%tracking_uri") || first.startsWith("%experiment") || first.startsWith("%autolog");
    }

    /** After a cell: ends a {@code %%track} child run and queues the cell's record. */
    public void afterCell(CellRecord record) {
        previousCellCode = record.code();
        lastCellFailed = record.status() != dev.jtrack.kernel.extension.CellStatus.OK;
        if (trackedCell != null) {
            ActiveRun child = trackedCell;
            trackedCell = null;
            finishTrackedCell(child, record);
        }
        if (autolog && sessionRun == null && !shutdown.get()) {
            startSessionRun();
        }
        SessionRecording rec = recording;
        if (!autolog || rec == null || shutdown.get()) {
            return;
        }
        List<ResolvedDependency> deps = kernel.dependencies();
        List<Path> classpath = kernel.classpath();
        awaitJournaled(submit("record cell " + record.executionCount(), () -> rec.record(record)));
        submit("refresh environment after cell " + record.executionCount(), () -> {
            environment.refresh(rec.run(), deps, classpath, false);
            if (rec.scheduleWrite()) {
                // cells.jsonl and notebook.ipynb are rewritten once per burst of cells, not per cell,
                // and less often as they grow (RewriteBudget); always at the end of the session
                worker.schedule(() -> guarded("write session artifacts", rec::writeArtifactsIfDue),
                        ARTIFACT_DELAY_MS, TimeUnit.MILLISECONDS);
            }
        });
    }

    /**
     * Waits, briefly, until the cell's record is in the journal on disk, so that a kernel killed
     * right after a reply has still journaled that cell. A local file append, never the network;
     * bounded so that a busy worker (the first cell, while the store opens) cannot hold the reply.
     */
    private static void awaitJournaled(Future<?> recorded) {
        try {
            recorded.get(JOURNAL_WAIT_MS, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException | java.util.concurrent.ExecutionException e) {
            // still being recorded in the background (or its failure already reported by guarded)
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Ends the session: artifacts rewritten, the session run ended FAILED when the last cell
     * failed (execution stopped on an error) and FINISHED otherwise, like every other run, records
     * delivered within a bounded time.
     */
    public void shutdown() {
        if (!shutdown.compareAndSet(false, true)) {
            return;
        }
        long deadline = System.nanoTime() + SHUTDOWN_BUDGET.toNanos();
        // library autologging first: its models and runs go out with the session's records
        Autolog.finish(LIBRARY_AUTOLOG_BUDGET);
        SessionRecording rec = recording;
        ActiveRun run = sessionRun;
        boolean failed = lastCellFailed;
        CompletableFuture<TrackingClient> c = client;
        Future<?> done = submit("shutdown", () -> {
            if (rec != null) {
                rec.writeArtifacts();
            }
            if (run != null && failed && run.isActive()) {
                // the kernel shut down right after a failed cell (papermill, nbconvert and nbclient
                // stop at the first error): the run did not finish
                run.end(RunStatus.FAILED);
            }
            if (c != null && c.isDone() && !c.isCompletedExceptionally()) {
                Duration left = Duration.ofNanos(Math.max(1, deadline - System.nanoTime() - 200_000_000L));
                c.join().close(left);
            }
        });
        try {
            done.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            reporter.accept("shutdown: records still pending stay in the journal and are delivered by the next session");
        } catch (Exception e) {
            reporter.accept("shutdown failed: " + e);
        }
        worker.shutdown();
    }

    // ----- runs -----

    /** The tracking client, waiting (bounded, local work only) until it is open. */
    TrackingClient client() {
        try {
            return clientFuture().get(CLIENT_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            throw new IllegalStateException("the tracking client is not ready after " + CLIENT_WAIT_SECONDS + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the tracking client opens");
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("tracking is unavailable: " + e.getCause().getMessage(), e.getCause());
        }
    }

    private void startSessionRun() {
        TrackingClient c;
        try {
            c = client();
        } catch (IllegalStateException e) {
            reporter.accept(e.getMessage() + "; this cell is not recorded");
            return;
        }
        ActiveRun run;
        String resume = resumeRunId;
        if (resume != null) {
            // MLFLOW_RUN_ID: the pipeline made the run; the session logs into it (once: a new
            // session run after %experiment or %tracking_uri is a run of its own)
            resumeRunId = null;
            run = c.resumeRun(resume, Map.of("jtrack.session", "true"));
        } else {
            String name = source.runName(LocalDateTime.now());
            Map<String, String> tags = new LinkedHashMap<>(sourceTags());
            tags.put("mlflow.runName", name);
            tags.put("jtrack.session", "true");
            run = c.startTopLevelRun(name, tags);
        }
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("run_key", run.key());
        metadata.put("source", source.sourceName());
        metadata.put("experiment", experiment);
        sessionRun = run;
        recording = new SessionRecording(run, kernel.javaVersion(), metadata);
        List<ResolvedDependency> deps = kernel.dependencies();
        List<Path> classpath = kernel.classpath();
        submit("environment", () -> environment.logTo(run, deps, classpath));
    }

    /**
     * The session run as the headless runner sees it: started by the first recorded cell, null
     * before that or with autolog off.
     */
    public ActiveRun currentSessionRun() {
        return sessionRun;
    }

    /**
     * Ends the session run with {@code status} (its artifacts rewritten first) and waits, bounded,
     * until the worker has handled it; used by {@code jtrack run} to mark a failed notebook.
     */
    public void finishSessionRun(RunStatus status, Duration timeout) {
        endSessionRun(status);
        drainWorker(timeout);
    }

    /**
     * Waits, at most {@code timeout}, until everything recorded so far has reached the store (what
     * is still on its way after that stays in the journal). A headless run calls it before it exits,
     * so a slow server (a Python {@code mlflow server}) still gets the whole session.
     */
    public boolean awaitDelivery(Duration timeout) {
        CompletableFuture<TrackingClient> c = client;
        return c != null && c.isDone() && !c.isCompletedExceptionally() && c.join().flush(timeout);
    }

    /** The MLflow source tags of every run of this session. */
    Map<String, String> sourceTags() {
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put("mlflow.source.type", "NOTEBOOK");
        tags.put("mlflow.source.name", source.sourceName());
        tags.put("mlflow.user", source.user());
        return tags;
    }

    /** Ends the session run (artifacts rewritten first); the next recorded cell starts a new one. */
    private void endSessionRun(RunStatus status) {
        ActiveRun run = sessionRun;
        SessionRecording rec = recording;
        sessionRun = null;
        recording = null;
        if (run != null) {
            submit("end session run", () -> {
                rec.writeArtifacts();
                run.end(status);
            });
        }
    }

    /**
     * The run logging magics write to: the {@code %%track} cell's run, else the innermost run
     * started with {@code %start_run}, else the innermost run notebook code started with the
     * Java API, else the session run (started if needed).
     */
    ActiveRun currentRun() {
        if (trackedCell != null && trackedCell.isActive()) {
            return trackedCell;
        }
        while (!explicitRuns.isEmpty() && !explicitRuns.peek().isActive()) {
            explicitRuns.pop();
        }
        if (!explicitRuns.isEmpty()) {
            return explicitRuns.peek();
        }
        java.util.Optional<ActiveRun> active = client().activeRun();
        if (active.isPresent()) {
            return active.get();
        }
        if (sessionRun == null) {
            startSessionRun();
        }
        if (sessionRun == null) {
            throw new IllegalStateException("no run: tracking is unavailable (" + lastProblem + ")");
        }
        return sessionRun;
    }

    /** Starts an explicit run ({@code %start_run}); nested runs are children of the current run. */
    ActiveRun startExplicitRun(String name, boolean nested) {
        TrackingClient c = client();
        Map<String, String> tags = new LinkedHashMap<>(sourceTags());
        tags.putAll(environment.lastTags());
        ActiveRun run;
        if (nested) {
            run = currentRun().startChildRun(name, tags);
        } else {
            ActiveRun open = explicitRuns.isEmpty() ? null : explicitRuns.peek();
            if (open != null && open.isActive()) {
                throw new IllegalStateException("run " + describe(open) + " is already active: end it with %end_run,"
                        + " or start a child run with %start_run " + (name == null ? "" : name + " ") + "--nested");
            }
            run = c.startTopLevelRun(name, tags);
        }
        explicitRuns.push(run);
        return run;
    }

    /** Ends the innermost explicit run; returns it. */
    ActiveRun endExplicitRun(RunStatus status) {
        while (!explicitRuns.isEmpty() && !explicitRuns.peek().isActive()) {
            explicitRuns.pop();
        }
        if (explicitRuns.isEmpty()) {
            throw new IllegalStateException("no run started with %start_run is active");
        }
        ActiveRun run = explicitRuns.pop();
        run.end(status);
        return run;
    }

    /** Starts the child run of a {@code %%track} cell; it ends when the cell has ended. */
    ActiveRun startTrackedCell(String name) {
        Map<String, String> tags = new LinkedHashMap<>(sourceTags());
        tags.putAll(environment.lastTags());
        tags.put("jtrack.tracked_cell", "true");
        ActiveRun child = currentRun().startChildRun(name, tags);
        trackedCell = child;
        return child;
    }

    private void finishTrackedCell(ActiveRun child, CellRecord record) {
        if (!child.isActive()) {
            return;
        }
        try {
            dev.jtrack.autolog.session.CellEntry entry = dev.jtrack.autolog.session.CellEntry.of(1, record);
            child.logText(SessionRecording.line(entry.json()) + "\n", "cell/cell.json");
            child.logText(record.code(), "cell/code.java");
            if (record.stdout() != null && !record.stdout().isEmpty()) {
                child.logText(record.stdout(), "cell/stdout.txt");
            }
            if (record.stderr() != null && !record.stderr().isEmpty()) {
                child.logText(record.stderr(), "cell/stderr.txt");
            }
            entry.images().forEach((path, bytes) ->
                    child.logBytes(bytes, "cell/" + path.substring(path.lastIndexOf('/') + 1)));
            child.logMetric("cell_duration_ms", record.duration().toNanos() / 1_000_000.0);
        } catch (RuntimeException e) {
            reporter.accept("could not record the %%track cell's outputs: " + e.getMessage());
        }
        child.end(switch (record.status()) {
            case OK -> RunStatus.FINISHED;
            case ERROR -> RunStatus.FAILED;
            case INTERRUPTED -> RunStatus.KILLED;
        });
    }

    // ----- settings (kernel thread, from magics) -----

    /** Whether cells are recorded (false with {@code JTRACK_AUTOLOG=off} or after {@code %autolog off}). */
    public boolean autolog() {
        return autolog;
    }

    /** Turns cell recording on or off. */
    void setAutolog(boolean on) {
        autolog = on;
        if (on) {
            Autolog.enable();
        } else {
            Autolog.disable();
        }
        if (on) {
            clientFuture();
        }
    }

    String experiment() {
        return experiment;
    }

    /** Sets the experiment; a session run already started ends and the session continues in a new run there. */
    boolean setExperiment(String name) {
        dev.jtrack.tracking.validation.Validation.experimentName(name);
        if (name.equals(experiment)) {
            return false;
        }
        experiment = name;
        client().setExperiment(name);
        boolean restarted = sessionRun != null;
        endSessionRun(RunStatus.FINISHED);
        return restarted;
    }

    String trackingUriDisplay() {
        CompletableFuture<TrackingClient> c = client;
        if (c != null && c.isDone() && !c.isCompletedExceptionally()) {
            return c.join().trackingUri();
        }
        return trackingUri == null ? "(embedded default: jtrack.db in " + source.workingDir() + ")" : trackingUri;
    }

    String rawTrackingUri() {
        return trackingUri;
    }

    /** Switches the store: runs of the old store end FINISHED and its records are delivered in the background. */
    void setTrackingUri(String uri) {
        dev.jtrack.store.StoreUri.resolve(uri, source.workingDir()); // a malformed URI fails here
        ActiveRun tracked = trackedCell;
        if (tracked != null) {
            throw new IllegalStateException("cannot switch the tracking store inside a %%track cell");
        }
        endSessionRun(RunStatus.FINISHED);
        explicitRuns.clear();
        synchronized (this) {
            trackingUri = uri;
            client = null;
        }
        clientFuture();
    }

    /** The code of the cell executed before the current one, or null. */
    String previousCellCode() {
        return previousCellCode;
    }

    SessionSource source() {
        return source;
    }

    ActiveRun sessionRun() {
        return sessionRun;
    }

    SessionRecording recording() {
        return recording;
    }

    String lastProblem() {
        return lastProblem;
    }

    /** Waits until the worker has handled everything queued so far (for %run_info and tests). */
    boolean drainWorker(Duration timeout) {
        try {
            submit("drain", () -> { }).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    static String describe(ActiveRun run) {
        return (run.name() != null ? "'" + run.name() + "' " : "") + "(" + run.runId().orElse("key " + run.key()) + ")";
    }

    private void guarded(String what, Runnable task) {
        try {
            task.run();
        } catch (RuntimeException | LinkageError e) {
            reporter.accept(what + " failed: " + e);
        }
    }

    private Future<?> submit(String what, Runnable task) {
        try {
            return worker.submit(() -> guarded(what, task));
        } catch (java.util.concurrent.RejectedExecutionException e) {
            return CompletableFuture.completedFuture(null);
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
