package dev.jtrack.tracking.trace;

/**
 * The few fields of a trace that trace metrics aggregate.
 *
 * @param name the trace name (tag {@code mlflow.traceName}), or null
 * @param state the execution state
 * @param requestTime start, epoch milliseconds
 * @param executionDuration duration in milliseconds, or null while unknown
 */
public record TraceSummary(String name, TraceState state, long requestTime, Long executionDuration) {}
