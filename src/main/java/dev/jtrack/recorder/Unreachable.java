package dev.jtrack.recorder;

/** The store could not be reached or answered that it is unavailable: keep the entry, retry later. */
final class Unreachable extends Exception {
    private static final long serialVersionUID = 1L;

    /** Whether this was a server error (5xx other than 503) rather than unavailability. */
    private final boolean serverError;

    Unreachable(String message, Throwable cause, boolean serverError) {
        super(message, cause);
        this.serverError = serverError;
    }

    boolean serverError() {
        return serverError;
    }
}
