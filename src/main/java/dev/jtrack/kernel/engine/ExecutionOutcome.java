package dev.jtrack.kernel.engine;

/**
 * How a cell ended.
 *
 * @param status {@link Status#OK}, {@link Status#ERROR} or {@link Status#INTERRUPTED}
 * @param result the rendered value of the cell's final expression, or {@code null} when there is none
 * @param error the error for a failed or interrupted cell, else {@code null}
 */
public record ExecutionOutcome(Status status, MimeBundle result, ErrorInfo error) {
    /** The end state of a cell. */
    public enum Status { OK, ERROR, INTERRUPTED }

    /** A successful outcome with an optional result. */
    public static ExecutionOutcome ok(MimeBundle result) {
        return new ExecutionOutcome(Status.OK, result, null);
    }
}
