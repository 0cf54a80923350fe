package dev.jtrack.notebook;

import dev.jtrack.tracking.RunStatus;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * The tracking API for notebooks and plain Java programs: one process-wide
 * {@link TrackingClient}, configured like MLflow ({@code MLFLOW_TRACKING_URI},
 * {@code MLFLOW_EXPERIMENT_NAME}, ...; with nothing set, runs go to the embedded SQLite store
 * {@code jtrack.db} in the working directory).
 *
 * <pre>{@code
 * Tracking.setExperiment("iris");
 * try (ActiveRun run = Tracking.startRun("logistic-regression")) {
 *     run.logParam("C", 1.0);
 *     run.logMetric("accuracy", 0.96);
 * }
 * }</pre>
 *
 * The shortcuts {@link #logParam}, {@link #logMetric}, {@link #setTag} and {@link #logArtifact}
 * log to the active run, starting one when none is active (as {@code mlflow.log_param} does).
 * Calls return at once; records reach the store in the background and survive the store being
 * down (see {@link TrackingClient}). At JVM exit, active runs end FINISHED and pending records
 * are delivered for up to {@value #EXIT_FLUSH_SECONDS} seconds (the rest stays in the journal).
 */
public final class Tracking {

    /** How long the JVM shutdown hook waits for pending records. */
    public static final int EXIT_FLUSH_SECONDS = 10;

    private static TrackingClient client;
    /** Set by {@link #setTrackingUri}; until then the environment decides when the client is made. */
    private static String trackingUri;
    private static boolean trackingUriSet;
    private static String experiment;
    private static boolean experimentSet;
    private static boolean hookInstalled;
    /** True while the client is the one {@link #client()} made from the environment (not one the kernel set). */
    private static boolean environmentClient;
    /** Whether the environment client took up {@code MLFLOW_RUN_ID} already (it names one run, continued once). */
    private static boolean environmentRunTaken;

    private Tracking() {}

    /** The process-wide client, created on first use from the settings. */
    public static synchronized TrackingClient client() {
        if (client == null) {
            TrackingClient.Builder b = TrackingClient.builder(); // reads the environment (and %env) now
            if (trackingUriSet) {
                b.trackingUri(trackingUri);
            }
            if (experimentSet) {
                b.experiment(experiment);
            }
            client = b.build();
            environmentClient = true;
            environmentRunTaken = false;
            installHook();
        }
        return client;
    }

    /**
     * Replaces the process-wide client (e.g. one the kernel configured); the previous one is
     * closed in the background, delivering what it can within 10 seconds.
     */
    public static synchronized void useClient(TrackingClient newClient) {
        TrackingClient old = client;
        client = newClient;
        environmentClient = false;
        installHook();
        if (old != newClient) {
            closeInBackground(old);
        }
    }

    /**
     * Closes a replaced client without making the caller wait for its store: its runs end now,
     * its records are delivered in the background (what a JVM exit cuts short stays in its
     * journal for the next client on that store).
     */
    private static void closeInBackground(TrackingClient old) {
        if (old == null) {
            return;
        }
        old.endActiveRuns(RunStatus.FINISHED);
        Thread t = new Thread(() -> old.close(Duration.ofSeconds(10)), "jtrack-close-previous-client");
        t.setDaemon(true);
        t.start();
    }

    private static void installHook() {
        if (!hookInstalled) {
            hookInstalled = true;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                TrackingClient c;
                synchronized (Tracking.class) {
                    c = client;
                    client = null;
                }
                if (c != null) {
                    c.close(Duration.ofSeconds(EXIT_FLUSH_SECONDS));
                }
            }, "jtrack-tracking-exit"));
        }
    }

    /**
     * Sets where runs are recorded from now on: {@code sqlite:///path.db},
     * {@code postgresql://user:pass@host:5432/db}, {@code http://host:5000}, a directory, or null
     * for the embedded default. Active runs of the previous store end FINISHED, and its pending
     * records are delivered in the background (up to 10 seconds; the rest stays in its journal).
     *
     * @throws dev.jtrack.tracking.MlflowException if the URI is malformed
     */
    public static synchronized void setTrackingUri(String uri) {
        dev.jtrack.store.StoreUri.resolve(uri); // fail now on a malformed URI
        trackingUri = uri;
        trackingUriSet = true;
        TrackingClient old = client;
        client = null;
        closeInBackground(old);
    }

    /** The tracking URI in effect (password hidden). */
    public static String trackingUri() {
        return client().trackingUri();
    }

    /** Sets the experiment new runs go to (created when missing). */
    public static synchronized void setExperiment(String name) {
        dev.jtrack.tracking.validation.Validation.experimentName(name);
        experiment = name;
        experimentSet = true;
        if (client != null) {
            client.setExperiment(name);
        }
    }

    /** The experiment new runs go to. */
    public static String experiment() {
        return client().experiment();
    }

    /**
     * Starts a run with a generated name (a child of the active run, if any). Like MLflow's
     * {@code start_run()}, the first top-level run of a program started with {@code MLFLOW_RUN_ID}
     * (a project's {@code java:} step, a pipeline's run) continues that run instead.
     */
    public static ActiveRun startRun() {
        return startRun(null, Map.of());
    }

    /** Starts a run named {@code name} (a child of the active run, if any; see {@link #startRun()}). */
    public static ActiveRun startRun(String name) {
        return startRun(name, Map.of());
    }

    /** Starts a run with initial tags (a child of the active run, if any; see {@link #startRun()}). */
    public static ActiveRun startRun(String name, Map<String, ?> tags) {
        TrackingClient c = client();
        synchronized (Tracking.class) {
            if (c.activeRun().isEmpty()) {
                Optional<ActiveRun> resumed = resumeEnvironmentRun(c, name, tags);
                if (resumed.isPresent()) {
                    return resumed.get();
                }
            }
        }
        return c.startRun(name, tags);
    }

    /**
     * Continues the run {@code MLFLOW_RUN_ID} names, once per process, when the client is the
     * program's own (a kernel's session handles that variable itself).
     */
    private static Optional<ActiveRun> resumeEnvironmentRun(TrackingClient c, String name, Map<String, ?> tags) {
        String id = Env.get("MLFLOW_RUN_ID");
        if (!environmentClient || environmentRunTaken || id == null || id.isBlank()) {
            return Optional.empty();
        }
        environmentRunTaken = true;
        Map<String, Object> withName = new java.util.LinkedHashMap<>(tags);
        if (name != null) {
            withName.put("mlflow.runName", name);
        }
        return Optional.of(c.resumeRun(id.strip(), withName));
    }

    /** The innermost active run, if any. */
    public static Optional<ActiveRun> activeRun() {
        return client().activeRun();
    }

    /** The active run, starting one when none is active (continuing {@code MLFLOW_RUN_ID}'s, see {@link #startRun()}). */
    public static ActiveRun run() {
        TrackingClient c = client();
        synchronized (Tracking.class) {
            return c.activeRun().orElseGet(() -> resumeEnvironmentRun(c, null, Map.of()).orElseGet(() -> c.startRun(null)));
        }
    }

    /** Ends the innermost active run FINISHED. */
    public static void endRun() {
        endRun(RunStatus.FINISHED);
    }

    /** Ends the innermost active run with {@code status}. */
    public static void endRun(RunStatus status) {
        client().endRun(status);
    }

    /** Logs a param to the active run (starting one if needed). */
    public static ActiveRun logParam(String key, Object value) {
        return run().logParam(key, value);
    }

    /** Logs params to the active run (starting one if needed). */
    public static ActiveRun logParams(Map<String, ?> values) {
        return run().logParams(values);
    }

    /** Logs a metric point to the active run (starting one if needed). */
    public static ActiveRun logMetric(String key, double value) {
        return run().logMetric(key, value);
    }

    /** Logs a metric point at {@code step} to the active run (starting one if needed). */
    public static ActiveRun logMetric(String key, double value, long step) {
        return run().logMetric(key, value, step);
    }

    /** Logs metrics to the active run (starting one if needed). */
    public static ActiveRun logMetrics(Map<String, ? extends Number> values, long step) {
        return run().logMetrics(values, step);
    }

    /** Sets a tag on the active run (starting one if needed). */
    public static ActiveRun setTag(String key, Object value) {
        return run().setTag(key, value);
    }

    /** Logs a file or directory to the active run (starting one if needed). */
    public static ActiveRun logArtifact(Path file) {
        return run().logArtifact(file);
    }

    /** Logs a file or directory under {@code artifactDir} of the active run (starting one if needed). */
    public static ActiveRun logArtifact(Path file, String artifactDir) {
        return run().logArtifact(file, artifactDir);
    }

    /**
     * Waits until everything logged so far is in the store, at most {@code timeout}.
     *
     * @return true when it all got there in time
     */
    public static boolean flush(Duration timeout) {
        return client().flush(timeout);
    }
}
