package dev.jtrack.autolog.session;

/**
 * Decides when the session artifacts ({@code session/cells.jsonl}, {@code session/notebook.ipynb}),
 * which artifact stores can only replace, not append to, are rewritten. While they are small they
 * are rewritten after every burst of cells; as they grow, a rewrite waits until they have grown
 * enough that the bytes written over the whole session stay below {@value #FACTOR} times their
 * current size plus {@value #ALLOWANCE_MIB} MiB. Rewriting after every cell would make a session of
 * n cells write O(n²) bytes (gigabytes for 5,000 cells); with this budget it writes O(n). The
 * final rewrite at the end of a session is always made.
 */
public final class RewriteBudget {
    /** Total bytes written may reach this multiple of the artifacts' current size ... */
    static final long FACTOR = 10;
    /** ... plus this allowance, so short sessions are rewritten after every burst. */
    static final long ALLOWANCE_MIB = 16;
    private static final long ALLOWANCE = ALLOWANCE_MIB * 1024 * 1024;

    private long written;

    /** Whether a rewrite of {@code size} bytes fits the budget now. */
    public boolean allows(long size) {
        return written + size <= FACTOR * size + ALLOWANCE;
    }

    /** Counts a rewrite of {@code size} bytes. */
    public void spent(long size) {
        written += size;
    }

    /** The bytes counted so far. */
    public long written() {
        return written;
    }
}
