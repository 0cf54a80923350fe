package dev.jtrack.registry;

/**
 * A named pointer (e.g. {@code champion}) from a registered model to one of its versions.
 *
 * @param alias the alias name
 * @param version the version number as a decimal string
 */
public record RegisteredModelAlias(String alias, String version) {}
