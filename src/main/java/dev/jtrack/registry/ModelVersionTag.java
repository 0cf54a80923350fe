package dev.jtrack.registry;

/**
 * A tag on a model version.
 *
 * @param key the key (at most 250 characters)
 * @param value the value (at most 5000 characters)
 */
public record ModelVersionTag(String key, String value) {}
