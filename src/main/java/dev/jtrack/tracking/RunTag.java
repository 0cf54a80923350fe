package dev.jtrack.tracking;

/**
 * A mutable key/value tag on a run; keys starting with {@code mlflow.} are MLflow system tags.
 *
 * @param key the key (at most 250 characters)
 * @param value the value (at most 5000 characters)
 */
public record RunTag(String key, String value) {}
