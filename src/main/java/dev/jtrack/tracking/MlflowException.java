package dev.jtrack.tracking;

import java.util.Objects;

/**
 * An error every store raises the way MLflow does: an {@link ErrorCode} (whose HTTP status the
 * server answers with) and a message for the user. Stores never throw other exceptions for bad
 * input; anything else is a bug or an infrastructure failure.
 */
public class MlflowException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final ErrorCode errorCode;

    /** An error with a code and a message. */
    public MlflowException(ErrorCode errorCode, String message) {
        super(message);
        this.errorCode = Objects.requireNonNull(errorCode, "errorCode");
    }

    /** An error with a code, a message and the underlying cause. */
    public MlflowException(ErrorCode errorCode, String message, Throwable cause) {
        super(message, cause);
        this.errorCode = Objects.requireNonNull(errorCode, "errorCode");
    }

    /** The MLflow error code. */
    public ErrorCode errorCode() {
        return errorCode;
    }

    /** The HTTP status of {@link #errorCode()}. */
    public int httpStatus() {
        return errorCode.httpStatus();
    }

    /** {@code INVALID_PARAMETER_VALUE} with a formatted message. */
    public static MlflowException invalidParameter(String format, Object... args) {
        return new MlflowException(ErrorCode.INVALID_PARAMETER_VALUE, String.format(format, args));
    }

    /** {@code RESOURCE_DOES_NOT_EXIST} with a formatted message. */
    public static MlflowException notFound(String format, Object... args) {
        return new MlflowException(ErrorCode.RESOURCE_DOES_NOT_EXIST, String.format(format, args));
    }

    /** {@code RESOURCE_ALREADY_EXISTS} with a formatted message. */
    public static MlflowException alreadyExists(String format, Object... args) {
        return new MlflowException(ErrorCode.RESOURCE_ALREADY_EXISTS, String.format(format, args));
    }

    /** {@code INVALID_STATE} with a formatted message. */
    public static MlflowException invalidState(String format, Object... args) {
        return new MlflowException(ErrorCode.INVALID_STATE, String.format(format, args));
    }
}
