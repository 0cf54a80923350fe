package dev.jtrack.notebook;

import java.util.Set;

/**
 * Library autologging for one ML library (Tribuo, XGBoost4J, DJL), found with
 * {@link java.util.ServiceLoader} ({@code META-INF/services/dev.jtrack.notebook.AutologIntegration}).
 * An implementation names no type of its library: it recognises the library's objects by class
 * name through the object's own class loader, and hands them to typed code defined in a child of
 * that loader, so the library may come from {@code %maven} at any point of a session (see the
 * class-path rule in {@code dev.jtrack.models}).
 *
 * <p>{@link Autolog} gives it what the library's training and evaluation calls return: in the
 * kernel every call of one of {@link #methods} made by a cell; in a plain program what the program
 * passes to {@link Autolog#record}.
 */
public interface AutologIntegration {
    /** The library's name as {@code %autolog <library> off} and {@link Autolog#disable(String)} spell it, e.g. {@code "tribuo"}. */
    String library();

    /** The simple names of the library methods whose results this integration logs, e.g. {@code "train"}. */
    Set<String> methods();

    /** Whether {@code result} is an object of the library this integration logs; quick. */
    boolean accepts(Object result);

    /**
     * Logs what {@code result} tells (its configuration, metrics, the model) through
     * {@code context}. Called on the thread that trained, right after the call: hand slow work
     * (model files, anything that waits for the store) to {@link AutologContext#background}.
     *
     * @param elapsedNanos how long the call took, 0 when unknown
     */
    void log(Object result, long elapsedNanos, AutologContext context);

    /**
     * As {@link #log(Object, long, AutologContext)}, also given the call's arguments (primitives
     * boxed; empty when unknown, e.g. {@link Autolog#record(Object)}), for libraries whose result
     * does not tell its configuration. By default the arguments are ignored.
     */
    default void log(Object result, java.util.List<Object> arguments, long elapsedNanos, AutologContext context) {
        log(result, elapsedNanos, context);
    }
}
