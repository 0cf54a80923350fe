package dev.jtrack.server;

/**
 * An error the server reports to the client as MLflow's error JSON
 * ({@code {"error_code": ..., "message": ...}}) with the matching HTTP status.
 */
public final class ApiException extends RuntimeException {
    private final String errorCode;
    private final int status;

    public ApiException(String errorCode, int status, String message) {
        super(message, null, false, false);
        this.errorCode = errorCode;
        this.status = status;
    }

    /** MLflow error code, e.g. {@code INVALID_PARAMETER_VALUE}. */
    public String errorCode() {
        return errorCode;
    }

    /** HTTP status sent with the error. */
    public int status() {
        return status;
    }

    public static ApiException invalidParameter(String message) {
        return new ApiException("INVALID_PARAMETER_VALUE", 400, message);
    }

    public static ApiException malformedRequest(String message) {
        return new ApiException("MALFORMED_REQUEST", 400, message);
    }

    public static ApiException badRequest(String message) {
        return new ApiException("BAD_REQUEST", 400, message);
    }

    public static ApiException notFound(String message) {
        return new ApiException("RESOURCE_DOES_NOT_EXIST", 404, message);
    }

    public static ApiException endpointNotFound(String message) {
        return new ApiException("ENDPOINT_NOT_FOUND", 404, message);
    }

    public static ApiException tooLarge(String message) {
        return new ApiException("REQUEST_LIMIT_EXCEEDED", 413, message);
    }

    public static ApiException unauthenticated(String message) {
        return new ApiException("UNAUTHENTICATED", 401, message);
    }

    public static ApiException permissionDenied(String message) {
        return new ApiException("PERMISSION_DENIED", 403, message);
    }
}
