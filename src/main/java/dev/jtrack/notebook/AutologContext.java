package dev.jtrack.notebook;

import java.util.Map;
import java.util.Optional;

/** What an {@link AutologIntegration} logs with: its settings, the runs to log into, a background worker. */
public final class AutologContext {
    private final String library;

    AutologContext(String library) {
        this.library = library;
    }

    /** The library's settings ({@code %autolog <library> ...}). */
    public Autolog.Settings settings() {
        return Autolog.settings(library);
    }

    /**
     * The run a training logs into: the user's run (one started with {@code %start_run} or the
     * Java API) for its first autologged training, a child run of it for later ones (so a second
     * training never collides with the first one's params); outside a user's run a child run of
     * the notebook's session run, or in a plain program a run of its own. Runs autologging starts
     * stay open for evaluations of their model and are ended when the session or program ends.
     *
     * @param name the run's name when a new run is started
     */
    public ActiveRun trainingRun(String name) {
        return Autolog.trainingRun(library, name);
    }

    /** The run an evaluation of a model autologging did not see trained logs into: the user's run, else the session run, else a new one. */
    public ActiveRun evaluationRun(String name) {
        return Autolog.evaluationRun(library, name);
    }

    /** Remembers that what {@code key} identifies (e.g. a model's provenance) was logged in {@code run}. */
    public void remember(Object key, ActiveRun run) {
        Autolog.remember(key, run);
    }

    /** The run remembered for {@code key}, while it is still active. */
    public Optional<ActiveRun> runFor(Object key) {
        return Autolog.runFor(key);
    }

    /** Whether {@code key} (e.g. a model object) was already handled; marks it handled. */
    public boolean firstTime(Object key) {
        return Autolog.firstTime(key);
    }

    /** Runs {@code task} on autologging's one background thread (failures are reported, not thrown). */
    public void background(String what, Runnable task) {
        Autolog.background(library + ": " + what, task);
    }

    /** Logs each param unless the run already has that key (logged by hand or by an earlier training). */
    public void logNewParams(ActiveRun run, Map<String, String> params) {
        for (Map.Entry<String, String> p : params.entrySet()) {
            try {
                run.logParam(p.getKey(), p.getValue());
            } catch (RuntimeException e) {
                // the key was logged with another value (by hand): the user's value stays
            }
        }
    }

    /** The tracking client runs belong to. */
    public TrackingClient client() {
        return Tracking.client();
    }
}
