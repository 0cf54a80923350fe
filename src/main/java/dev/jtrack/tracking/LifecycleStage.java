package dev.jtrack.tracking;

/** Whether an experiment or run is live or in the trash; wire values {@code active} / {@code deleted}. */
public enum LifecycleStage {
    ACTIVE("active"),
    DELETED("deleted");

    private final String wireName;

    LifecycleStage(String wireName) {
        this.wireName = wireName;
    }

    /** The lower-case name MLflow stores and sends. */
    public String wireName() {
        return wireName;
    }

    /** Parses {@code active}/{@code deleted} (any case); INVALID_PARAMETER_VALUE otherwise. */
    public static LifecycleStage fromWireName(String s) {
        for (LifecycleStage l : values()) {
            if (l.wireName.equalsIgnoreCase(s)) {
                return l;
            }
        }
        throw MlflowException.invalidParameter("Invalid lifecycle stage '%s'", s);
    }
}
