package dev.jtrack.registry;

/**
 * A tag on a registered model.
 *
 * @param key the key (at most 250 characters)
 * @param value the value (at most 5000 characters)
 */
public record RegisteredModelTag(String key, String value) {}
