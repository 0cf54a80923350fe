package dev.jtrack.kernel.spec;

/** A kernelspec could not be installed, listed or removed; the message says why, in one line. */
public final class InstallException extends Exception {
    /** A failure with a user-facing message. */
    public InstallException(String message) {
        super(message);
    }
}
