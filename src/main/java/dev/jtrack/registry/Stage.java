package dev.jtrack.registry;

import dev.jtrack.tracking.MlflowException;

/**
 * The (deprecated in MLflow, still served) deployment stage of a model version. Wire names are
 * {@code None}, {@code Staging}, {@code Production}, {@code Archived}; parsing ignores case as
 * MLflow does.
 */
public enum Stage {
    NONE("None"),
    STAGING("Staging"),
    PRODUCTION("Production"),
    ARCHIVED("Archived");

    private final String wireName;

    Stage(String wireName) {
        this.wireName = wireName;
    }

    /** The canonical name MLflow sends. */
    public String wireName() {
        return wireName;
    }

    /** Parses a stage name ignoring case; INVALID_PARAMETER_VALUE otherwise. */
    public static Stage parse(String s) {
        for (Stage st : values()) {
            if (st.wireName.equalsIgnoreCase(s)) {
                return st;
            }
        }
        throw MlflowException.invalidParameter(
                "Invalid Model Version stage: %s. Value must be one of None, Staging, Production, Archived.", s);
    }
}
