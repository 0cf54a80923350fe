package dev.jtrack.notebook;

import dev.jtrack.tracking.RunStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeSet;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Library autologging: what ML libraries train and evaluate is logged with no logging code — the
 * trainer's configuration as params, the dataset as the run's input, metrics, and the model.
 * Libraries are {@link AutologIntegration}s (Tribuo is built in).
 *
 * <p>In the Jupyter kernel it is on by default and sees every training call a cell makes
 * ({@code %autolog tribuo off}, {@code %autolog tribuo --log-models false}, {@code %autolog off}
 * stops it with session recording). In a plain program it is off until {@link #enable()}, and the
 * program hands over what it trained:
 * <pre>{@code
 * Autolog.enable();
 * Model<Label> model = Autolog.record(trainer.train(train));        // params, dataset, model
 * Autolog.record(new LabelEvaluator().evaluate(model, test));      // metrics, into the model's run
 * Autolog.finish(Duration.ofSeconds(30));                           // before the program exits
 * }</pre>
 */
public final class Autolog {
    /** How many autologged runs stay open for evaluations of their models; older ones are ended. */
    static final int OPEN_RUNS = 50;

    /**
     * One library's settings.
     *
     * @param enabled whether its calls are logged
     * @param logModels whether trained models are logged
     * @param logEveryNSteps per-step metrics are logged every this many steps (epochs, iterations)
     */
    public record Settings(boolean enabled, boolean logModels, int logEveryNSteps) {
        /** Validates. */
        public Settings {
            if (logEveryNSteps < 1) {
                throw new IllegalArgumentException("--log-every-n-steps must be at least 1, not " + logEveryNSteps);
            }
        }

        static final Settings DEFAULT = new Settings(true, true, 1);
    }

    /** Where autologging puts its runs; the kernel's session sets its own (the session run, magics' runs). */
    public interface RunPlacement {
        /** The run the user started and is logging to, if any. */
        Optional<ActiveRun> userRun();

        /** The run of the notebook session, if any (started if needed). */
        Optional<ActiveRun> sessionRun();

        /** Tags for the runs autologging starts (e.g. the session's source tags). */
        default Map<String, String> runTags() {
            return Map.of();
        }
    }

    private static final RunPlacement PROGRAM = new RunPlacement() {
        @Override
        public Optional<ActiveRun> userRun() {
            return Tracking.activeRun();
        }

        @Override
        public Optional<ActiveRun> sessionRun() {
            return Optional.empty();
        }
    };

    private static volatile boolean on;
    private static volatile RunPlacement placement = PROGRAM;
    private static final Map<String, Settings> SETTINGS = new ConcurrentHashMap<>();
    private static volatile List<AutologIntegration> integrations;
    private static ExecutorService worker;
    private static final List<Future<?>> PENDING = Collections.synchronizedList(new ArrayList<>());
    /** Runs autologging started, oldest first; ended when evicted and at {@link #finish}. */
    private static final Map<ActiveRun, Boolean> STARTED = Collections.synchronizedMap(new LinkedHashMap<>());
    /** User runs that already hold an autologged training. */
    private static final Map<ActiveRun, Boolean> USED = Collections.synchronizedMap(new WeakHashMap<>());
    private static final Map<Object, ActiveRun> RUN_OF = Collections.synchronizedMap(new WeakHashMap<>());
    private static final Set<Object> SEEN = Collections.synchronizedSet(Collections.newSetFromMap(new WeakHashMap<>()));

    private Autolog() {}

    // ----- switching -----

    /** Turns library autologging on (every library whose settings are enabled, all by default). */
    public static void enable() {
        on = true;
    }

    /** Turns autologging of {@code library} on (and autologging as a whole). */
    public static void enable(String library) {
        SETTINGS.put(known(library), new Settings(true, settings(library).logModels(), settings(library).logEveryNSteps()));
        on = true;
    }

    /** Turns library autologging off for every library. */
    public static void disable() {
        on = false;
    }

    /** Turns autologging of {@code library} off. */
    public static void disable(String library) {
        Settings s = settings(library);
        SETTINGS.put(known(library), new Settings(false, s.logModels(), s.logEveryNSteps()));
    }

    /** Sets {@code library}'s settings. */
    public static void configure(String library, Settings settings) {
        SETTINGS.put(known(library), settings);
    }

    /** Whether library autologging is on. */
    public static boolean isEnabled() {
        return on;
    }

    /** {@code library}'s settings (all on, every step, by default). */
    public static Settings settings(String library) {
        return SETTINGS.getOrDefault(library.toLowerCase(Locale.ROOT), Settings.DEFAULT);
    }

    /** The libraries that can be autologged, by name. */
    public static List<String> libraries() {
        return integrations().stream().map(AutologIntegration::library).toList();
    }

    private static String known(String library) {
        String name = library.toLowerCase(Locale.ROOT).strip();
        if (!libraries().contains(name)) {
            throw new IllegalArgumentException("no autologging for '" + library + "'; libraries: " + libraries());
        }
        return name;
    }

    /** The method names whose calls the kernel shows to {@link #observed}. */
    public static Set<String> observedMethods() {
        Set<String> names = new TreeSet<>();
        integrations().forEach(i -> names.addAll(i.methods()));
        return names;
    }

    /** Makes the kernel's session decide where runs go (null: as in a plain program). */
    public static void usePlacement(RunPlacement p) {
        placement = p == null ? PROGRAM : p;
    }

    // ----- what is logged -----

    /**
     * Logs what a library's training or evaluation call returned (a Tribuo {@code Model} or
     * {@code Evaluation}, ...) when autologging is on and some library's integration knows it;
     * returns it unchanged, so it can wrap the call. Objects no integration knows are returned as
     * they are.
     */
    public static <T> T record(T result) {
        observed(null, result, List.of(), 0);
        return result;
    }

    /**
     * As {@link #record(Object)}, with the arguments the training call was given, for libraries
     * whose result does not tell everything: XGBoost4J's {@code Booster} (its params, rounds, watches
     * and the metrics array {@code XGBoost.train} filled), e.g.
     * {@code Autolog.record(XGBoost.train(train, params, rounds, watches, metrics, null, null, 0), train, params, rounds, watches, metrics)}.
     */
    public static <T> T record(T result, Object... arguments) {
        observed(null, result, Arrays.asList(arguments), 0);
        return result;
    }

    /**
     * Called by the kernel when a cell's call of an {@link #observedMethods() observed method}
     * returned {@code result}, given {@code arguments} (primitives boxed).
     */
    public static void observed(String method, Object result, List<Object> arguments, long elapsedNanos) {
        if (!on || result == null) return;
        for (AutologIntegration i : integrations()) {
            if ((method == null || i.methods().contains(method)) && settings(i.library()).enabled() && i.accepts(result)) {
                try {
                    i.log(result, arguments, elapsedNanos, new AutologContext(i.library()));
                } catch (RuntimeException | LinkageError e) {
                    System.err.println("jtrack autolog: " + i.library() + " could not log " + result.getClass().getName() + ": " + e);
                }
                return;
            }
        }
    }

    /**
     * Waits, at most {@code timeout}, until everything autologged so far was handed to the tracking
     * client, then ends the runs autologging started. Plain programs call it before they exit; the
     * kernel calls it when the session ends.
     *
     * @return false when logging was still going on at the timeout
     */
    public static boolean finish(Duration timeout) {
        boolean done = await(timeout);
        List<ActiveRun> runs;
        synchronized (STARTED) {
            runs = new ArrayList<>(STARTED.keySet());
            STARTED.clear();
        }
        runs.forEach(r -> r.end(RunStatus.FINISHED));
        return done;
    }

    /** Waits, at most {@code timeout}, until the background logging queued so far is done. */
    public static boolean await(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<Future<?>> pending;
        synchronized (PENDING) {
            pending = new ArrayList<>(PENDING);
        }
        for (Future<?> f : pending) {
            try {
                f.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.CancellationException e) {
                // reported by the task itself
            }
        }
        return true;
    }

    // ----- for AutologContext -----

    static synchronized List<AutologIntegration> integrations() {
        if (integrations == null) {
            List<AutologIntegration> found = new ArrayList<>();
            for (AutologIntegration i : ServiceLoader.load(AutologIntegration.class, Autolog.class.getClassLoader())) {
                found.add(i);
            }
            integrations = List.copyOf(found);
        }
        return integrations;
    }

    static ActiveRun trainingRun(String library, String name) {
        RunPlacement p = placement;
        Optional<ActiveRun> user = p.userRun().filter(ActiveRun::isActive);
        if (user.isPresent() && USED.putIfAbsent(user.get(), Boolean.TRUE) == null) {
            return user.get();
        }
        ActiveRun parent = user.or(p::sessionRun).filter(ActiveRun::isActive).orElse(null);
        return started(Tracking.client().startDetachedRun(name, tags(p, library), parent));
    }

    static ActiveRun evaluationRun(String library, String name) {
        RunPlacement p = placement;
        Optional<ActiveRun> run = p.userRun().or(p::sessionRun).filter(ActiveRun::isActive);
        return run.orElseGet(() -> started(Tracking.client().startDetachedRun(name, tags(p, library), null)));
    }

    private static Map<String, String> tags(RunPlacement p, String library) {
        Map<String, String> tags = new LinkedHashMap<>(p.runTags());
        tags.put("jtrack.autolog", library);
        return tags;
    }

    private static ActiveRun started(ActiveRun run) {
        ActiveRun evicted = null;
        synchronized (STARTED) {
            STARTED.put(run, Boolean.TRUE);
            if (STARTED.size() > OPEN_RUNS) {
                evicted = STARTED.keySet().iterator().next();
                STARTED.remove(evicted);
            }
        }
        if (evicted != null) {
            evicted.end(RunStatus.FINISHED);
        }
        return run;
    }

    static void remember(Object key, ActiveRun run) {
        RUN_OF.put(key, run);
    }

    static Optional<ActiveRun> runFor(Object key) {
        return Optional.ofNullable(RUN_OF.get(key)).filter(ActiveRun::isActive);
    }

    static boolean firstTime(Object key) {
        return SEEN.add(key);
    }

    static synchronized void background(String what, Runnable task) {
        if (worker == null) {
            worker = Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "jtrack-library-autolog");
                t.setDaemon(true);
                return t;
            });
        }
        synchronized (PENDING) {
            PENDING.removeIf(Future::isDone);
            PENDING.add(worker.submit(() -> {
                try {
                    task.run();
                } catch (RuntimeException | LinkageError e) {
                    System.err.println("jtrack autolog: " + what + " failed: " + e);
                }
            }));
        }
    }
}
