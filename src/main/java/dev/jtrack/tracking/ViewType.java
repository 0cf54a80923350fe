package dev.jtrack.tracking;

/** Which lifecycle stages a search returns (MLflow's {@code ViewType}). */
public enum ViewType {
    ACTIVE_ONLY,
    DELETED_ONLY,
    ALL;

    /** Whether an entity in {@code stage} is included. */
    public boolean includes(LifecycleStage stage) {
        return switch (this) {
            case ACTIVE_ONLY -> stage == LifecycleStage.ACTIVE;
            case DELETED_ONLY -> stage == LifecycleStage.DELETED;
            case ALL -> true;
        };
    }

    /** Parses the wire name (any case); {@code null} means {@link #ACTIVE_ONLY} as in MLflow. */
    public static ViewType parse(String s) {
        if (s == null || s.isEmpty()) {
            return ACTIVE_ONLY;
        }
        for (ViewType v : values()) {
            if (v.name().equalsIgnoreCase(s)) {
                return v;
            }
        }
        throw MlflowException.invalidParameter("Invalid view type '%s'; expected one of ACTIVE_ONLY, DELETED_ONLY, ALL", s);
    }
}
