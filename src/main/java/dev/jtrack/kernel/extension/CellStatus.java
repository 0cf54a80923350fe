package dev.jtrack.kernel.extension;

/** How a cell ended. */
public enum CellStatus {
    /** It ran to the end. */
    OK,
    /** It failed: did not compile or threw. */
    ERROR,
    /** It was interrupted. */
    INTERRUPTED
}
