package dev.jtrack.artifacts;

/** An artifact path that is malformed or would lead outside its repository's root. */
public final class ArtifactPathException extends IllegalArgumentException {
    public ArtifactPathException(String message) {
        super(message);
    }
}
