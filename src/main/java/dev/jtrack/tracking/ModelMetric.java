package dev.jtrack.tracking;

/**
 * A metric point logged with a {@code model_id} (and optionally the dataset it was measured on):
 * it belongs to the run's history and is also shown on the logged model.
 *
 * @param modelId the logged model
 * @param runId the run it was logged to
 * @param metric the point
 * @param datasetName the dataset's name, or null
 * @param datasetDigest the dataset's digest, or null
 */
public record ModelMetric(String modelId, String runId, Metric metric, String datasetName, String datasetDigest) {}
