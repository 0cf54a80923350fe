package dev.jtrack.tracking.trace;

import dev.jtrack.tracking.MlflowException;

/** A trace's execution state, as MLflow's {@code TraceInfoV3.State}. */
public enum TraceState {
    STATE_UNSPECIFIED,
    OK,
    ERROR,
    IN_PROGRESS;

    /** Parses a state name (any case); INVALID_PARAMETER_VALUE when unknown. */
    public static TraceState parse(String name) {
        if (name == null || name.isEmpty()) {
            return STATE_UNSPECIFIED;
        }
        try {
            return valueOf(name.toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw MlflowException.invalidParameter("Invalid trace state '%s': expected OK, ERROR, IN_PROGRESS or STATE_UNSPECIFIED", name);
        }
    }
}
