package dev.jtrack.runner.testing;

import java.util.List;

/**
 * The cell that stopped a notebook run, as the executed notebook shows it.
 *
 * @param cellIndex the cell's index among the cells as run (0-based, as nbformat counts): the
 *     notebook's cells with the injected-parameters cell after the parameters cell, as in the
 *     executed notebook without papermill's error banners; -1 when no cell shows the error
 * @param executionCount the cell's execution count in the run
 * @param ename the exception's class name (or {@code CompilationException})
 * @param evalue the exception's message
 * @param traceback the traceback as plain text lines, with the cell lines ({@code at cell [3] line 2})
 */
public record CellFailure(int cellIndex, int executionCount, String ename, String evalue, List<String> traceback) {
    public CellFailure {
        traceback = List.copyOf(traceback);
    }

    /** A message naming the cell, the error and where in the cell it happened. */
    public String describe() {
        StringBuilder text = new StringBuilder(cellIndex < 0 ? "the run" : "cell " + (cellIndex + 1)
                + " (execution " + executionCount + ")").append(" failed: ").append(ename);
        if (evalue != null && !evalue.isEmpty()) {
            text.append(": ").append(evalue);
        }
        for (String line : traceback) {
            text.append('\n').append(line);
        }
        return text.toString();
    }
}
