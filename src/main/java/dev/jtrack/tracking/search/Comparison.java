package dev.jtrack.tracking.search;

import java.util.List;

/**
 * One parsed term of a filter: {@code type.key op value}.
 *
 * @param type what the key refers to
 * @param key the key (for attributes the canonical attribute name)
 * @param op the operator
 * @param value a {@link String}, a {@link Double} (numeric comparisons) or a {@code List<String>}
 *     ({@code IN}/{@code NOT IN})
 */
public record Comparison(KeyType type, String key, Comparator op, Object value) {

    /** The value as a string (string comparisons). */
    public String stringValue() {
        return (String) value;
    }

    /** The value as a number (numeric comparisons). */
    public double numberValue() {
        return (Double) value;
    }

    /** The values of an IN / NOT IN list. */
    @SuppressWarnings("unchecked")
    public List<String> listValue() {
        return (List<String>) value;
    }
}
