package dev.jtrack.notebook;

import dev.jtrack.http.RetryPolicy;
import dev.jtrack.recorder.Recorder;
import dev.jtrack.store.StoreConnection;
import dev.jtrack.store.StoreUri;
import dev.jtrack.tracking.RunStatus;
import dev.jtrack.tracking.TrackingStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A connection to one tracking store that starts and records runs. Logging never waits for the
 * store: every call is written to a local journal and delivered in the background (see
 * {@link Recorder}), so a notebook or program keeps going while a server is down and nothing is
 * lost.
 *
 * <pre>{@code
 * try (TrackingClient client = TrackingClient.fromEnvironment();
 *      ActiveRun run = client.startRun("training")) {
 *     run.logParam("lr", 0.01);
 *     run.logMetric("loss", 0.25, 1);
 * }
 * }</pre>
 *
 * Most code uses the process-wide client through {@link Tracking} instead. Thread-safe.
 */
public final class TrackingClient implements AutoCloseable {

    private final StoreConnection connection;
    private final Recorder recorder;
    private final Deque<ActiveRun> active = new ArrayDeque<>();
    private volatile String experimentName;
    private final java.util.List<MetricListener> metricListeners = new java.util.concurrent.CopyOnWriteArrayList<>();

    /** Told of every metric point logged through this client's runs, on the logging thread. */
    @FunctionalInterface
    public interface MetricListener {
        /** Called after {@code metrics} were handed to the recorder for {@code run}; must be quick. */
        void logged(ActiveRun run, java.util.List<dev.jtrack.tracking.Metric> metrics);
    }

    /**
     * Adds a listener of logged metric points (e.g. a live chart); closing the returned handle
     * removes it. A listener that throws is removed and the logging call is not affected.
     */
    public AutoCloseable onMetrics(MetricListener listener) {
        Objects.requireNonNull(listener, "listener");
        metricListeners.add(listener);
        return () -> metricListeners.remove(listener);
    }

    void metricsLogged(ActiveRun run, java.util.List<dev.jtrack.tracking.Metric> metrics) {
        for (MetricListener l : metricListeners) {
            try {
                l.logged(run, metrics);
            } catch (RuntimeException e) {
                metricListeners.remove(l);
                System.err.println("jtrack: a metric listener failed and was removed: " + e);
            }
        }
    }

    private TrackingClient(Builder b) {
        StoreUri uri = StoreUri.resolve(b.trackingUri, b.workingDir);
        this.connection = StoreConnection.open(uri, Env.all(), rest -> rest
                // the recorder retries on its own; keep single calls short
                .withRetry(new RetryPolicy(2, Duration.ofMillis(200), Duration.ofSeconds(1), Duration.ofSeconds(5)))
                .withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(60)));
        this.experimentName = b.experimentName;
        Recorder.Builder rb = Recorder.builder(uri.display(), connection::store)
                .artifacts(connection.artifactTargets())
                .reporter(b.reporter);
        if (b.journalDir != null) {
            rb.journalRoot(b.journalDir);
        }
        if (b.initialBackoff != null) {
            rb.backoff(b.initialBackoff, b.maxBackoff);
        }
        this.recorder = rb.start();
    }

    /**
     * A client configured as MLflow's: {@code MLFLOW_TRACKING_URI} ({@code sqlite:///file.db},
     * {@code postgresql://user:pass@host/db}, {@code http(s)://server}, a directory, or unset for
     * the embedded SQLite store {@code jtrack.db} in the working directory),
     * {@code MLFLOW_EXPERIMENT_NAME}, {@code MLFLOW_TRACKING_USERNAME}/{@code _PASSWORD}/
     * {@code _TOKEN}; journal in {@code JTRACK_JOURNAL_DIR} or {@code ~/.jtrack/journal}.
     */
    public static TrackingClient fromEnvironment() {
        return builder().build();
    }

    /** A client for {@code trackingUri}, otherwise configured from the environment. */
    public static TrackingClient create(String trackingUri) {
        return builder().trackingUri(trackingUri).build();
    }

    /** A builder starting from the environment's settings. */
    public static Builder builder() {
        return new Builder();
    }

    /** Options of a {@link TrackingClient}. */
    public static final class Builder {
        private String trackingUri = Env.get("MLFLOW_TRACKING_URI");
        private String experimentName = blankToNull(Env.get("MLFLOW_EXPERIMENT_NAME"));
        private Path workingDir = Path.of("").toAbsolutePath();
        private Path journalDir = blankToNull(Env.get("JTRACK_JOURNAL_DIR")) == null
                ? null : Path.of(Env.get("JTRACK_JOURNAL_DIR"));
        private Consumer<String> reporter = System.err::println;
        private Duration initialBackoff;
        private Duration maxBackoff;

        private Builder() {}

        /** The tracking URI; null or blank for the embedded default. */
        public Builder trackingUri(String uri) {
            this.trackingUri = uri;
            return this;
        }

        /** The experiment new runs go to (created when missing); null for "Default". */
        public Builder experiment(String name) {
            this.experimentName = blankToNull(name);
            return this;
        }

        /** The directory relative paths and the embedded default store are resolved against. */
        public Builder workingDir(Path dir) {
            this.workingDir = dir.toAbsolutePath();
            return this;
        }

        /** Where the journal of undelivered records lives. */
        public Builder journalDir(Path dir) {
            this.journalDir = dir;
            return this;
        }

        /** Where one-line reports of delivery problems go (default stderr). */
        public Builder reporter(Consumer<String> reporter) {
            this.reporter = Objects.requireNonNull(reporter);
            return this;
        }

        /** Retry delays while the store is unreachable (default 100 ms doubling to 5 s). */
        public Builder backoff(Duration initial, Duration max) {
            this.initialBackoff = initial;
            this.maxBackoff = max;
            return this;
        }

        /**
         * Creates the client. Nothing is contacted yet; a malformed tracking URI fails here.
         */
        public TrackingClient build() {
            return new TrackingClient(this);
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    /**
     * Where this client's store is, credentials included: for handing the store on to a process
     * this one starts ({@link StoreUri#uri()}), never for showing (use {@link #trackingUri()}).
     */
    public StoreUri storeUri() {
        return connection.uri();
    }

    /** The tracking URI in effect, with any password hidden. */
    public String trackingUri() {
        return connection.uri().display();
    }

    /** The kind of store: embedded/SQLite, PostgreSQL or a REST server. */
    public StoreUri.Kind storeKind() {
        return connection.uri().kind();
    }

    /** The experiment new runs go to ("Default" when none was set). */
    public String experiment() {
        return experimentName == null ? "Default" : experimentName;
    }

    /** Sets the experiment new runs go to; it is created in the store when missing. */
    public void setExperiment(String name) {
        dev.jtrack.tracking.validation.Validation.experimentName(name);
        this.experimentName = name;
    }

    /**
     * Starts a run in the current experiment. If a run is active, the new run is its child
     * (tagged {@code mlflow.parentRunId}). Returns at once; the run is created in the store in the
     * background.
     *
     * @param name the run name, or null for a generated one
     */
    public ActiveRun startRun(String name) {
        return startRun(name, Map.of());
    }

    /**
     * Starts a run with initial tags (e.g. {@code mlflow.source.type}). If a run is active, the
     * new run is its child.
     */
    public ActiveRun startRun(String name, Map<String, ?> tags) {
        synchronized (active) {
            return startRun(name, tags, active.peek());
        }
    }

    /** Starts a top-level run even when another run is active. */
    public ActiveRun startTopLevelRun(String name, Map<String, ?> tags) {
        return startRun(name, tags, null);
    }

    ActiveRun startRun(String name, Map<String, ?> tags, ActiveRun parent) {
        ActiveRun run = startDetachedRun(name, tags, parent);
        synchronized (active) {
            active.push(run);
        }
        return run;
    }

    /**
     * Starts a run that never becomes the active run (library autologging's runs: code that logs
     * by hand keeps logging to its own run), a child of {@code parent} when not null. Ended by
     * whoever started it.
     */
    ActiveRun startDetachedRun(String name, Map<String, ?> tags, ActiveRun parent) {
        Map<String, String> all = new LinkedHashMap<>();
        all.put("mlflow.user", System.getProperty("user.name", "unknown"));
        all.put("mlflow.source.type", "LOCAL");
        all.put("mlflow.source.name", sourceName());
        tags.forEach((k, v) -> all.put(k, String.valueOf(v)));
        ActiveRun run = new ActiveRun(this, recorder.newRunKey(), name, experiment(), parent);
        recorder.createRun(run.key(), experimentName, name, parent == null ? null : parent.key(),
                ActiveRun.toTags(all), System.currentTimeMillis());
        return run;
    }

    /**
     * Continues a run that already exists in the store, as MLflow does when {@code MLFLOW_RUN_ID}
     * is set: the run is marked RUNNING and given {@code tags} (its name and other tags stay),
     * and becomes the active run. Returns at once; an id the store does not know is reported
     * like any refused record.
     *
     * @param runId the store's run id
     */
    public ActiveRun resumeRun(String runId, Map<String, ?> tags) {
        Map<String, String> all = new LinkedHashMap<>();
        tags.forEach((k, v) -> all.put(k, String.valueOf(v)));
        ActiveRun run = new ActiveRun(this, recorder.newRunKey(), null, experiment(), null);
        recorder.resumeRun(run.key(), runId, ActiveRun.toTags(all));
        synchronized (active) {
            active.push(run);
        }
        return run;
    }

    /** The main class, jar or source file of this JVM, as MLflow records the script it ran. */
    private static String sourceName() {
        String sourceFile = System.getProperty("jdk.launcher.sourcefile");
        if (sourceFile != null && !sourceFile.isBlank()) {
            return sourceFile; // `java Train.java`: the source launcher ran this file
        }
        String cmd = System.getProperty("sun.java.command", "").strip();
        if (cmd.isEmpty()) {
            return "java";
        }
        return cmd.split(" ")[0];
    }

    /** The innermost run started and not yet ended. */
    public Optional<ActiveRun> activeRun() {
        synchronized (active) {
            return Optional.ofNullable(active.peek());
        }
    }

    /** Ends the innermost active run with {@code status}; does nothing when none is active. */
    public void endRun(RunStatus status) {
        activeRun().ifPresent(r -> r.end(status));
    }

    /** Ends every active run, innermost first. */
    void endActiveRuns(RunStatus status) {
        while (true) {
            Optional<ActiveRun> r = activeRun();
            if (r.isEmpty()) {
                return;
            }
            r.get().end(status);
        }
    }

    /** Called by a run when it ends. */
    void ended(ActiveRun run) {
        synchronized (active) {
            active.remove(run);
        }
    }

    /** Active runs whose parent is {@code run}. */
    java.util.List<ActiveRun> childrenOf(ActiveRun run) {
        synchronized (active) {
            return active.stream().filter(r -> r.parent().orElse(null) == run).toList();
        }
    }

    Recorder recorder() {
        return recorder;
    }

    /**
     * The store, for reading what was recorded (search runs, metric history, ...). Opens it on
     * first use. Records logged through runs may still be on their way: call {@link #flush} first
     * to read them back.
     */
    public TrackingStore store() {
        return connection.store();
    }

    /**
     * The model registry of the same store (SQL tables beside the runs, or the server's registry
     * REST API). Opens it on first use.
     */
    public dev.jtrack.registry.RegistryStore registry() {
        return connection.registry();
    }

    /**
     * The artifact repository at {@code artifactUri} (a run's artifact URI or a path under it),
     * reached as this client reaches run artifacts: local paths directly, {@code mlflow-artifacts:}
     * through the tracking server's proxy with this client's credentials.
     */
    public dev.jtrack.artifacts.ArtifactRepository artifactRepository(String artifactUri) {
        return connection.artifactTargets().forUri(artifactUri);
    }

    /** The journal directory of this client's session. */
    public Path journalDir() {
        return recorder.journalDir();
    }

    /** Records not yet delivered to the store. */
    public long pendingRecords() {
        return recorder.pending();
    }

    /**
     * Why the last delivery failed (store unreachable, record refused), or empty when the last
     * delivery went through.
     */
    public Optional<String> deliveryProblem() {
        return Optional.ofNullable(recorder.lastError());
    }

    /** Records the store refused (kept in the journal's {@code failed.jsonl}). */
    public int failedRecords() {
        return recorder.failed();
    }

    /**
     * Waits until everything logged so far is in the store, at most {@code timeout}.
     *
     * @return true when it all got there in time
     */
    public boolean flush(Duration timeout) {
        return recorder.flush(timeout);
    }

    /** {@link #close(Duration)} with 10 seconds. */
    @Override
    public void close() {
        close(Duration.ofSeconds(10));
    }

    /**
     * Ends the runs still active as FINISHED, delivers what it can within {@code timeout} and
     * closes the store. Anything undelivered stays in the journal and is delivered by the next
     * client on this store.
     *
     * @return true when everything was delivered
     */
    public boolean close(Duration timeout) {
        endActiveRuns(RunStatus.FINISHED);
        boolean all = recorder.close(timeout);
        connection.close();
        return all;
    }
}
