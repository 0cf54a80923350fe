package dev.jtrack.tracking.trace;

/**
 * One span of a trace: the columns searches use, plus the whole span as OpenTelemetry JSON in
 * MLflow's form (snake_case fields, base64 ids, attributes as OTLP {@code AnyValue}s), returned to
 * clients as stored.
 *
 * @param traceId the MLflow trace id the span belongs to
 * @param spanId the span id, 16 hex digits
 * @param parentSpanId the parent's span id, or null for the root span
 * @param name the span name
 * @param spanType MLflow's span type ({@code mlflow.spanType}), or null
 * @param status {@code OK}, {@code ERROR} or {@code UNSET}
 * @param startTimeNanos start, epoch nanoseconds
 * @param endTimeNanos end, epoch nanoseconds, or null while running
 * @param json the span as OpenTelemetry JSON
 */
public record Span(String traceId, String spanId, String parentSpanId, String name, String spanType,
        String status, long startTimeNanos, Long endTimeNanos, String json) {

    /** Whether this is the trace's root span. */
    public boolean isRoot() {
        return parentSpanId == null || parentSpanId.isEmpty();
    }
}
