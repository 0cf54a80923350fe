package dev.jtrack.tracking;

/**
 * A tag on a dataset input, e.g. {@code mlflow.data.context=training}.
 *
 * @param key the key
 * @param value the value
 */
public record InputTag(String key, String value) {}
