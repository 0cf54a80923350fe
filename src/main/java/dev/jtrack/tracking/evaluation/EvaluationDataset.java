package dev.jtrack.tracking.evaluation;

import java.util.List;
import java.util.Map;

/**
 * An evaluation dataset (MLflow's {@code Dataset} message of {@code /api/3.0/mlflow/datasets}).
 *
 * @param datasetId the id ({@code d-<32 hex>})
 * @param name the name
 * @param tags the tags
 * @param schema the records' schema as JSON, or null before any record
 * @param profile a summary of the records as JSON ({@code {"num_records": n}}), or null
 * @param digest a short digest that changes when the records change
 * @param createdTime epoch milliseconds
 * @param lastUpdateTime epoch milliseconds
 * @param createdBy the creating user (tag {@code mlflow.user}), or null
 * @param lastUpdatedBy the last updating user, or null
 * @param experimentIds the experiments the dataset belongs to, ascending
 */
public record EvaluationDataset(String datasetId, String name, Map<String, String> tags, String schema, String profile,
        String digest, long createdTime, long lastUpdateTime, String createdBy, String lastUpdatedBy,
        List<String> experimentIds) {}
