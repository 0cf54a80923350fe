package dev.jtrack.tracking;

/** The status of a run as in MLflow's {@code RunStatus}. */
public enum RunStatus {
    RUNNING,
    SCHEDULED,
    FINISHED,
    FAILED,
    KILLED;

    /** Whether the run has ended (FINISHED, FAILED or KILLED). */
    public boolean isTerminated() {
        return this == FINISHED || this == FAILED || this == KILLED;
    }

    /** Parses the wire name (exact upper case, as MLflow); INVALID_PARAMETER_VALUE otherwise. */
    public static RunStatus parse(String s) {
        for (RunStatus r : values()) {
            if (r.name().equals(s)) {
                return r;
            }
        }
        throw MlflowException.invalidParameter(
                "Invalid run status '%s'; expected one of RUNNING, SCHEDULED, FINISHED, FAILED, KILLED", s);
    }
}
