package dev.jtrack.tracking;

/**
 * A metric point with the run it belongs to, as returned by get-history-bulk-interval.
 *
 * @param runId the run
 * @param metric the point
 */
public record MetricWithRunId(String runId, Metric metric) {}
