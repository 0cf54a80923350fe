package dev.jtrack.autolog.params;

/** A parameter that cannot be injected: an unknown name or a value of the wrong type. */
public final class ParameterError extends Exception {
    public ParameterError(String message) {
        super(message);
    }
}
