package dev.jtrack.tracking.evaluation;

/**
 * One registered version of a scorer (MLflow's {@code Scorer} message).
 *
 * @param experimentId the experiment
 * @param name the scorer name
 * @param version 1, 2, ... per experiment and name
 * @param serializedScorer the scorer as the client serialized it (JSON text, kept as given)
 * @param creationTime epoch milliseconds
 * @param scorerId the id shared by all versions of this scorer in this experiment
 */
public record ScorerVersion(String experimentId, String name, int version, String serializedScorer, long creationTime,
        String scorerId) {}
