package dev.jtrack.tracking.trace;

/**
 * Feedback or an expectation attached to a trace. The store keeps the assessment's JSON (MLflow's
 * {@code Assessment} message: source, feedback/expectation value, rationale, metadata, ...) as
 * given and indexes the fields below.
 *
 * @param assessmentId the id ({@code a-<32 hex>})
 * @param traceId the trace it belongs to
 * @param name the assessment name
 * @param createTime epoch milliseconds
 * @param lastUpdateTime epoch milliseconds
 * @param json the whole assessment as MLflow's JSON, ids and times included
 */
public record Assessment(String assessmentId, String traceId, String name, long createTime, long lastUpdateTime,
        String json) {}
