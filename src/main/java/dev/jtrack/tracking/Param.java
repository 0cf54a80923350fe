package dev.jtrack.tracking;

/**
 * A run parameter; immutable once logged.
 *
 * @param key the key (at most 250 characters)
 * @param value the value (at most 6000 characters)
 */
public record Param(String key, String value) {}
