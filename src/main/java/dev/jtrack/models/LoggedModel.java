package dev.jtrack.models;

/**
 * A model logged to a run: on an MLflow 3 server an MLflow 3 logged model ({@code modelId} set, its
 * files under the logged model's own artifact location), elsewhere a package in the run's artifacts.
 *
 * @param runId the run
 * @param artifactPath the package's path in the run's artifacts, or (logged model) its name
 * @param mlmodel its description
 * @param modelId the MLflow 3 logged model's id ({@code m-...}), or null when the server has no logged models
 */
public record LoggedModel(String runId, String artifactPath, MLmodel mlmodel, String modelId) {
    /** A model logged as run artifacts (no MLflow 3 logged model). */
    public LoggedModel(String runId, String artifactPath, MLmodel mlmodel) {
        this(runId, artifactPath, mlmodel, null);
    }

    /**
     * {@code models:/<model_id>} for an MLflow 3 logged model, else {@code runs:/<run_id>/<artifact_path>};
     * either loads and registers it.
     */
    public String modelUri() {
        return modelId != null ? "models:/" + modelId : "runs:/" + runId + "/" + artifactPath;
    }

    @Override
    public String toString() {
        return modelUri();
    }
}
