package dev.jtrack.tracking;

import java.util.Locale;

/**
 * The upload state of a {@link LoggedModel} (MLflow's {@code LoggedModelStatus}): created
 * {@link #PENDING}, then finalized {@link #READY} or {@link #FAILED}.
 */
public enum LoggedModelStatus {
    UNSPECIFIED(0, "LOGGED_MODEL_STATUS_UNSPECIFIED"),
    PENDING(1, "LOGGED_MODEL_PENDING"),
    READY(2, "LOGGED_MODEL_READY"),
    FAILED(3, "LOGGED_MODEL_UPLOAD_FAILED");

    private final int number;
    private final String wireName;

    LoggedModelStatus(int number, String wireName) {
        this.number = number;
        this.wireName = wireName;
    }

    /** The protobuf enum number, also what the database stores. */
    public int number() {
        return number;
    }

    /** The protobuf enum name, as it appears in JSON. */
    public String wireName() {
        return wireName;
    }

    /** The status with this protobuf number; INVALID_PARAMETER_VALUE if none. */
    public static LoggedModelStatus ofNumber(int number) {
        for (LoggedModelStatus s : values()) {
            if (s.number == number) return s;
        }
        throw MlflowException.invalidParameter("Unknown model status: %d", number);
    }

    /**
     * The status named {@code name}: the protobuf name ({@code LOGGED_MODEL_READY}), the short
     * name MLflow's Python entities use ({@code READY}), or the number; INVALID_PARAMETER_VALUE
     * if none.
     */
    public static LoggedModelStatus parse(String name) {
        String n = name.strip().toUpperCase(Locale.ROOT);
        for (LoggedModelStatus s : values()) {
            if (s.wireName.equals(n) || s.name().equals(n)) return s;
        }
        try {
            return ofNumber(Integer.parseInt(n));
        } catch (NumberFormatException e) {
            throw MlflowException.invalidParameter("Unknown model status: %s", name);
        }
    }
}
