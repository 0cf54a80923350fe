package dev.jtrack.projects;

/**
 * One declared parameter of an entry point.
 *
 * @param name the parameter's name
 * @param type its type
 * @param defaultValue the default as written in {@code MLproject}, or null when the parameter is required
 */
public record ParameterSpec(String name, ParameterType type, Object defaultValue) {
    /** Whether a run must give a value. */
    public boolean required() {
        return defaultValue == null;
    }
}
