package dev.jtrack.kernel.engine;

import java.util.List;

/**
 * The language side of the kernel: everything that understands Java, magics and display, behind the
 * protocol layer. The protocol layer calls {@link #execute} on a single execution thread, one cell at
 * a time; {@link #complete}, {@link #inspect} and {@link #isComplete} may be called from another
 * thread while a cell runs; {@link #interrupt} comes from the control thread.
 */
public interface ExecutionEngine extends AutoCloseable {

    /** Name and version shown in kernel_info's language_info (e.g. the JDK's feature version). */
    String languageVersion();

    /**
     * Runs one cell to its end, blocking. Output is sent to {@code sink} as it happens; the value of
     * the final expression comes back rendered in the outcome. Never throws for user errors: they
     * become an {@link ExecutionOutcome.Status#ERROR} outcome.
     */
    ExecutionOutcome execute(ExecuteRequest request, OutputSink sink);

    /**
     * Stops the running cell (if any) as soon as possible; safe to call at any time from any thread.
     * The cell then ends with {@link ExecutionOutcome.Status#INTERRUPTED}, and the shell's state
     * defined before it survives.
     */
    void interrupt();

    /** Completions at {@code cursor} (an index in UTF-16 code units into {@code code}). */
    CompletionResult complete(String code, int cursor);

    /** Signature and documentation of what is at {@code cursor}; {@code detailLevel} 0 or 1. */
    InspectionResult inspect(String code, int cursor, int detailLevel);

    /** Whether {@code code} is ready to run. */
    IsCompleteResult isComplete(String code);

    /** Ends the shell and tells extensions the kernel is going down. */
    /**
     * Runs {@code task} (a comm handler, which may call notebook code such as a widget's listener)
     * like a cell: one at a time with cells, its output and displays sent to {@code sink}, stopped
     * by {@link #interrupt()}, an exception it throws returned as an error outcome, never thrown.
     * This default only catches the exception; engines that run notebook code do the rest.
     */
    default ExecutionOutcome callback(Runnable task, OutputSink sink) {
        try {
            task.run();
            return ExecutionOutcome.ok(null);
        } catch (RuntimeException e) {
            String message = e.getMessage() == null ? "" : e.getMessage();
            return new ExecutionOutcome(ExecutionOutcome.Status.ERROR, null,
                    new ErrorInfo(e.getClass().getName(), message, List.of(e.getClass().getName() + ": " + message)));
        }
    }

    @Override
    void close();
}
