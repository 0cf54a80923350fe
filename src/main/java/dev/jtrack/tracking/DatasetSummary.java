package dev.jtrack.tracking;

/**
 * A dataset used in an experiment, with the context it was used in, as the UI's dataset filter
 * lists them ({@code experiments/search-datasets}).
 *
 * @param experimentId the experiment
 * @param name the dataset's name
 * @param digest the dataset's digest
 * @param context the input's {@code mlflow.data.context} tag, or null when it has none
 */
public record DatasetSummary(String experimentId, String name, String digest, String context) {}
