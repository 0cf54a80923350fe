package dev.jtrack.models;

/** A scoring request that cannot be read: answered with 400 and MLflow's {@code BAD_REQUEST}. */
public final class ScoringException extends RuntimeException {
    public ScoringException(String message) {
        super(message);
    }
}
