package dev.jtrack.tracking;

/**
 * The metadata of a run (MLflow's {@code RunInfo}).
 *
 * @param runId 32 lower-case hex characters
 * @param experimentId the experiment the run belongs to
 * @param runName the run name (mirrored in the {@code mlflow.runName} tag)
 * @param userId who created the run, or null
 * @param status the status
 * @param startTime ms since the epoch, or null if unknown
 * @param endTime ms since the epoch, or null while the run is not terminated
 * @param artifactUri the root URI of the run's artifacts
 * @param lifecycleStage active or deleted
 */
public record RunInfo(
        String runId,
        String experimentId,
        String runName,
        String userId,
        RunStatus status,
        Long startTime,
        Long endTime,
        String artifactUri,
        LifecycleStage lifecycleStage) {}
