package dev.jtrack.kernel.engine;

/** Thrown instead of ending the JVM when notebook code calls {@code System.exit}, {@code Runtime.exit} or {@code Runtime.halt}. */
public final class ExitAttemptError extends Error {
    private static final long serialVersionUID = 1L;

    /**
     * @param call the call that was made, e.g. {@code System.exit(3)}
     */
    public ExitAttemptError(String call) {
        super(call + " was called in a cell; the kernel keeps running"
                + " (use the front end's restart to end the kernel)");
    }
}
