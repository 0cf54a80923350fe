package dev.jtrack.recorder;

/** The store refused an entry for good (invalid input, unknown run): record it as failed, move on. */
final class Refused extends Exception {
    private static final long serialVersionUID = 1L;

    Refused(String message, Throwable cause) {
        super(message, cause);
    }
}
