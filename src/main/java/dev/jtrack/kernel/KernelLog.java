package dev.jtrack.kernel;

import java.io.PrintStream;

/**
 * The kernel's own log lines on the process's real stderr (which Jupyter shows in its server log).
 * Captured once at start, because cells may redirect {@code System.err}.
 */
public final class KernelLog {
    private static final PrintStream ERR = System.err;

    private KernelLog() {}

    /** Writes one line prefixed with {@code jtrack kernel:}. */
    public static void warn(String message) {
        ERR.println("jtrack kernel: " + message);
        ERR.flush();
    }
}
