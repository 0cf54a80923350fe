package dev.jtrack.kernel;

import dev.jtrack.kernel.engine.StdioRouter;
import java.io.PrintStream;

/**
 * The kernel's own log lines on the process's real stderr (which Jupyter shows in its server log),
 * never into a cell's output: the stderr from before the engine routed {@code System.err} to the
 * cells (this class may first be used after that, e.g. on the execution thread).
 */
public final class KernelLog {
    private KernelLog() {}

    /** Writes one line prefixed with {@code jtrack kernel:}. */
    public static void warn(String message) {
        PrintStream err = StdioRouter.originalErr();
        err.println("jtrack kernel: " + message);
        err.flush();
    }
}
