package dev.jtrack.kernel.extension;

import java.util.List;

/**
 * A cell's error as Jupyter shows it.
 *
 * @param ename the exception class name (or e.g. {@code CompilationException})
 * @param evalue the message
 * @param traceback lines to show, user cell lines first
 */
public record CellError(String ename, String evalue, List<String> traceback) {
    /** Copies the traceback; a missing one is empty. */
    public CellError {
        traceback = traceback == null ? List.of() : List.copyOf(traceback);
    }
}
