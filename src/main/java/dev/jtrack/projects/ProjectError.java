package dev.jtrack.projects;

/**
 * A project that cannot run as asked: a malformed {@code MLproject}, an unknown entry point, a
 * missing or mistyped parameter, a JDK that does not match {@code java_env}. Nothing has run when
 * this is thrown; the command line reports it as a usage error (exit 2).
 */
public final class ProjectError extends RuntimeException {
    public ProjectError(String message) {
        super(message);
    }

    public ProjectError(String message, Throwable cause) {
        super(message, cause);
    }
}
