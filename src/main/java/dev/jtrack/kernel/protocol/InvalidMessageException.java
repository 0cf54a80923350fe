package dev.jtrack.kernel.protocol;

/** A received multipart message that is malformed or carries a wrong signature. */
public final class InvalidMessageException extends Exception {
    /** A rejection with the reason shown in the kernel log. */
    public InvalidMessageException(String reason) {
        super(reason);
    }
}
