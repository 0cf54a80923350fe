package dev.jtrack.kernel.comm;

import java.util.Map;
import java.util.Objects;

/**
 * The comms of the running kernel. A kernel installs its own when it starts; elsewhere (a plain
 * Java program, a headless run) {@link #current()} is a detached instance whose comms go nowhere,
 * so code using comms never blocks or fails for lack of a front end.
 */
public interface Comms {
    /** Registers (or replaces) the target {@code name}. */
    void registerTarget(String name, CommTarget target);

    /** Removes the target {@code name}. */
    void unregisterTarget(String name);

    /**
     * Opens a comm from the kernel: sends comm_open to {@code targetName} with the open message's
     * data, metadata and buffers.
     *
     * @param id the comm id, or {@code null} for a new random one
     */
    Comm open(String id, String targetName, CommMessage open);

    /** The open comms (id → target name), only those to {@code targetName} when it is non-null. */
    Map<String, String> openComms(String targetName);

    /** Whether comms reach a front end (false when detached). */
    boolean connected();

    /** Called (on any thread) when every comm is closed because the kernel restarts or shuts down. */
    void onReset(Runnable listener);

    /**
     * Runs {@code task} later on the kernel's execution thread, like a comm handler (after the cells
     * and comm messages already queued; output to the last request handled). Detached: runs it at
     * once on the calling thread.
     */
    void submit(Runnable task);

    /** The comms of the running kernel, or a detached instance. */
    static Comms current() {
        return CommsHolder.current;
    }

    /** Makes {@code comms} what {@link #current()} returns (done by the kernel at start). */
    static void install(Comms comms) {
        CommsHolder.current = Objects.requireNonNull(comms);
    }
}
