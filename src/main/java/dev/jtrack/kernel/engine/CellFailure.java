package dev.jtrack.kernel.engine;

/** Ends a cell early with an error or interrupted outcome; thrown through magics such as {@code %%time}. */
public final class CellFailure extends Exception {
    private static final long serialVersionUID = 1L;
    private final transient ExecutionOutcome outcome;

    CellFailure(ExecutionOutcome outcome) {
        super(outcome.error() == null ? outcome.status().toString() : outcome.error().ename() + ": " + outcome.error().evalue(),
                null, false, false);
        this.outcome = outcome;
    }

    /** The outcome the cell ends with. */
    public ExecutionOutcome outcome() {
        return outcome;
    }
}
