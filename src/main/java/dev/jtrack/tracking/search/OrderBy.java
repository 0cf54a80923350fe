package dev.jtrack.tracking.search;

/**
 * One parsed order-by clause. Rows without a value for the key sort last in both directions.
 *
 * @param type what the key refers to
 * @param key the key (for attributes the canonical attribute name)
 * @param ascending true for ASC (the default)
 */
public record OrderBy(KeyType type, String key, boolean ascending) {}
