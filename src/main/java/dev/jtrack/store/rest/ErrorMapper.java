package dev.jtrack.store.rest;

/** Turns a failed MLflow REST answer into the exception the caller should see. */
@FunctionalInterface
public interface ErrorMapper {

    /**
     * @param httpStatus the HTTP status, or 0 when no answer arrived (connection failure, timeout)
     * @param errorCode  MLflow's {@code error_code} from the body, or one derived from the status
     * @param message    MLflow's {@code message}, or a description of the failure
     * @param cause      the I/O failure when there was no answer, else null
     */
    RuntimeException toException(int httpStatus, String errorCode, String message, Throwable cause);

    /** The MLflow error code conventionally sent with an HTTP status, for bodies that carry none. */
    static String codeForStatus(int status) {
        return switch (status) {
            case 0 -> "TEMPORARILY_UNAVAILABLE";
            case 400 -> "BAD_REQUEST";
            case 401 -> "UNAUTHENTICATED";
            case 403 -> "PERMISSION_DENIED";
            case 404 -> "ENDPOINT_NOT_FOUND";
            case 409 -> "ABORTED";
            case 429 -> "REQUEST_LIMIT_EXCEEDED";
            case 501 -> "NOT_IMPLEMENTED";
            case 503 -> "TEMPORARILY_UNAVAILABLE";
            default -> status >= 500 ? "INTERNAL_ERROR" : "BAD_REQUEST";
        };
    }
}
