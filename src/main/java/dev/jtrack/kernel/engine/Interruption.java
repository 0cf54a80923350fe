package dev.jtrack.kernel.engine;

/**
 * The runtime half of interrupt and exit handling. Notebook classes are rewritten by
 * {@link StopInstrumenter} to call {@link #check()} at every method entry and loop back-edge, and
 * to call the {@code exit}/{@code halt} replacements here instead of ending the JVM. Public only
 * because rewritten user classes, loaded by another class loader, must be able to call it.
 */
public final class Interruption {
    /** Set by {@link JShellEngine#interrupt()}; read at every back-edge of notebook code. */
    private static volatile boolean requested;

    private Interruption() {}

    /** Throws {@link CellInterruptedError} when an interrupt was requested. */
    public static void check() {
        if (requested) {
            throw new CellInterruptedError();
        }
    }

    /** Replacement for {@link System#exit(int)}. */
    public static void systemExit(int status) {
        throw new ExitAttemptError("System.exit(" + status + ")");
    }

    /** Replacement for {@link Runtime#exit(int)}. */
    public static void runtimeExit(Runtime runtime, int status) {
        throw new ExitAttemptError("Runtime.exit(" + status + ")");
    }

    /** Replacement for {@link Runtime#halt(int)}. */
    public static void runtimeHalt(Runtime runtime, int status) {
        throw new ExitAttemptError("Runtime.halt(" + status + ")");
    }

    static void request() {
        requested = true;
    }

    static void clear() {
        requested = false;
    }

    static boolean isRequested() {
        return requested;
    }
}
