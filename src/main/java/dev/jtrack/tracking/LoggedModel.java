package dev.jtrack.tracking;

import java.util.List;
import java.util.Map;

/**
 * An MLflow 3 logged model: a model with its own id ({@code m-<32 hex>}), artifacts under
 * {@code <experiment artifact location>/models/<model id>/artifacts}, params, tags and the
 * metrics logged against it, optionally linked to the run that produced it.
 *
 * @param modelId the id
 * @param experimentId the experiment it belongs to
 * @param name its name (not unique)
 * @param artifactLocation the root of its artifacts
 * @param creationTimestamp ms since the epoch
 * @param lastUpdatedTimestamp ms since the epoch
 * @param status the upload state
 * @param statusMessage a message about the status, or null
 * @param modelType a free-form type, or null
 * @param sourceRunId the run that produced it, or null
 * @param lifecycleStage active or deleted
 * @param tags tags by key, ordered by key
 * @param params params by key, ordered by key
 * @param metrics every metric point logged against the model
 */
public record LoggedModel(
        String modelId,
        String experimentId,
        String name,
        String artifactLocation,
        long creationTimestamp,
        long lastUpdatedTimestamp,
        LoggedModelStatus status,
        String statusMessage,
        String modelType,
        String sourceRunId,
        LifecycleStage lifecycleStage,
        Map<String, String> tags,
        Map<String, String> params,
        List<ModelMetric> metrics) {
    public LoggedModel {
        tags = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(tags));
        params = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(params));
        metrics = List.copyOf(metrics);
    }
}
