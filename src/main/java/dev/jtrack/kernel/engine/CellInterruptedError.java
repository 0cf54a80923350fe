package dev.jtrack.kernel.engine;

/**
 * Thrown inside user code when the running cell was interrupted. It is an {@link Error} so that
 * ordinary {@code catch (Exception e)} blocks in notebook code do not swallow it.
 */
public final class CellInterruptedError extends Error {
    private static final long serialVersionUID = 1L;

    /** Creates the error; no stack trace is filled in because nobody needs to see it. */
    public CellInterruptedError() {
        super("The cell was interrupted", null, false, false);
    }
}
