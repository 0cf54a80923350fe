package dev.jtrack.models;

/**
 * A model logged to a run.
 *
 * @param runId the run
 * @param artifactPath the package's path in the run's artifacts
 * @param mlmodel its description
 */
public record LoggedModel(String runId, String artifactPath, MLmodel mlmodel) {
    /** {@code runs:/<run_id>/<artifact_path>}, to load or register it. */
    public String modelUri() {
        return "runs:/" + runId + "/" + artifactPath;
    }

    @Override
    public String toString() {
        return modelUri();
    }
}
