package dev.jtrack.tracking;

/**
 * A key/value tag on an experiment.
 *
 * @param key the tag key (at most 250 characters)
 * @param value the tag value (at most 5000 characters)
 */
public record ExperimentTag(String key, String value) {}
