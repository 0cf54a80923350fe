package dev.jtrack.tracking;

import java.util.List;

/**
 * An experiment: a named group of runs (MLflow's {@code Experiment}).
 *
 * @param experimentId the id, a decimal string; "0" is the "Default" experiment
 * @param name the unique name
 * @param artifactLocation where the runs' artifacts go (a URI or path)
 * @param lifecycleStage active or deleted
 * @param creationTime creation time in ms since the epoch
 * @param lastUpdateTime last update time in ms since the epoch
 * @param tags the experiment tags
 */
public record Experiment(
        String experimentId,
        String name,
        String artifactLocation,
        LifecycleStage lifecycleStage,
        long creationTime,
        long lastUpdateTime,
        List<ExperimentTag> tags) {

    /** The id of the experiment every store creates on first open. */
    public static final String DEFAULT_EXPERIMENT_ID = "0";

    /** The name of that experiment. */
    public static final String DEFAULT_EXPERIMENT_NAME = "Default";

    public Experiment {
        tags = List.copyOf(tags);
    }
}
