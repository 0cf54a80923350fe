package dev.jtrack.tracking;

/**
 * MLflow's error codes (from {@code databricks.proto}) with the HTTP status the MLflow server
 * answers them with. The enum constant names are the wire names sent as {@code error_code}.
 */
public enum ErrorCode {
    INTERNAL_ERROR(500),
    TEMPORARILY_UNAVAILABLE(503),
    IO_ERROR(500),
    BAD_REQUEST(400),
    INVALID_PARAMETER_VALUE(400),
    ENDPOINT_NOT_FOUND(404),
    MALFORMED_REQUEST(400),
    INVALID_STATE(400),
    PERMISSION_DENIED(403),
    FEATURE_DISABLED(501),
    CUSTOMER_UNAUTHORIZED(401),
    UNAUTHENTICATED(401),
    REQUEST_LIMIT_EXCEEDED(429),
    RESOURCE_CONFLICT(409),
    RESOURCE_ALREADY_EXISTS(400),
    RESOURCE_DOES_NOT_EXIST(404),
    QUOTA_EXCEEDED(429),
    MAX_BLOCK_SIZE_EXCEEDED(400),
    MAX_READ_SIZE_EXCEEDED(400),
    DIRECTORY_NOT_EMPTY(400),
    RESOURCE_LIMIT_EXCEEDED(400),
    ALREADY_EXISTS(409),
    NOT_FOUND(404),
    NOT_IMPLEMENTED(501),
    CANCELLED(499),
    DEADLINE_EXCEEDED(504),
    ABORTED(409),
    UNAVAILABLE(503),
    DATA_LOSS(500);

    private final int httpStatus;

    ErrorCode(int httpStatus) {
        this.httpStatus = httpStatus;
    }

    /** The HTTP status MLflow's server returns for this code. */
    public int httpStatus() {
        return httpStatus;
    }

    /**
     * The code named {@code name}, or {@link #INTERNAL_ERROR} for a name we don't know (e.g. one
     * from a newer server), so a client never fails on an unknown code.
     */
    public static ErrorCode fromName(String name) {
        if (name != null) {
            for (ErrorCode c : values()) {
                if (c.name().equals(name)) {
                    return c;
                }
            }
        }
        return INTERNAL_ERROR;
    }
}
