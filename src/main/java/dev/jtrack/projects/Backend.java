package dev.jtrack.projects;

/**
 * Where an entry point runs. The contract is the same for every backend: the run already exists
 * in the store ({@link Launch#runId()}); the backend starts the entry point with
 * {@code MLFLOW_RUN_ID}, {@code MLFLOW_TRACKING_URI} and {@code MLFLOW_EXPERIMENT_ID} set, waits
 * for it and says how it ended; the caller ends the run. {@code local} runs processes on this
 * machine; a Kubernetes backend would start one Job per launch with the same environment.
 */
public interface Backend {
    /** The name recorded as {@code mlflow.project.backend}. */
    String name();

    /**
     * Runs the entry point and waits for it.
     *
     * @throws InterruptedException when the waiting thread is interrupted (the launch is stopped)
     */
    Outcome run(Launch launch) throws InterruptedException;

    /** Stops every launch still running (Ctrl-C, SIGTERM), waiting a bounded time for them to end. */
    void stopAll();

    /**
     * How a launch ended.
     *
     * @param succeeded exit status 0
     * @param message what failed (the entry point's last error line or its exit status), or null
     */
    record Outcome(boolean succeeded, String message) {}
}
