package dev.jtrack.models;

import java.util.Locale;
import java.util.Set;

/**
 * One column of a {@link ModelSignature}, as MLflow's {@code ColSpec}.
 *
 * @param name the column name, or null for an unnamed output
 * @param type one of MLflow's data types: {@code double float long integer string boolean datetime binary}
 * @param required whether the column must be present
 */
public record ColSpec(String name, String type, boolean required) {
    /** MLflow's column data types. */
    public static final Set<String> TYPES = Set.of("double", "float", "long", "integer", "string", "boolean",
            "datetime", "binary");

    public ColSpec {
        type = type == null ? null : type.toLowerCase(Locale.ROOT);
        if (!TYPES.contains(type)) {
            throw new IllegalArgumentException("Unknown column type '" + type + "'; expected one of " + TYPES);
        }
    }

    /** A required column. */
    public static ColSpec of(String name, String type) {
        return new ColSpec(name, type, true);
    }

    /** Whether values of this column are numbers. */
    public boolean numeric() {
        return switch (type) {
            case "double", "float", "long", "integer" -> true;
            default -> false;
        };
    }
}
