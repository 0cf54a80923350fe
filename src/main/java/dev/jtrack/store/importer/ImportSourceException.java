package dev.jtrack.store.importer;

/** The import source cannot be opened or read (unknown scheme, missing file, not an MLflow store). */
public final class ImportSourceException extends RuntimeException {
    /** A failure described by {@code message}. */
    public ImportSourceException(String message) {
        super(message);
    }
}
