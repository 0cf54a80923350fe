package dev.jtrack.artifacts;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.NoSuchFileException;
import java.util.List;

/**
 * A tree of artifact files under one root (a run's artifact directory, or the server's artifact
 * destination). All paths are relative to the root, '/'-separated, and are checked with
 * {@link ArtifactPaths#normalize}; no operation can reach outside the root.
 */
public interface ArtifactRepository {

    /** The URI of the root, as stored in a run's {@code artifact_uri}. */
    String rootUri();

    /**
     * The direct children of a directory, sorted by path; empty if the directory does not exist.
     * Listing a file returns an empty list, as MLflow does.
     */
    List<FileInfo> list(String path) throws IOException;

    /** Whether the path names an existing directory ("" is the root). */
    boolean isDirectory(String path) throws IOException;

    /**
     * Opens a file for reading.
     *
     * @throws NoSuchFileException if it does not exist or is a directory
     */
    InputStream open(String path) throws IOException;

    /** Size of a file in bytes. */
    long size(String path) throws IOException;

    /**
     * Writes a file atomically: readers see the old content or the new, never a part (a temp file
     * and a rename locally; one PUT or a completed multipart upload in S3). Parent directories
     * come into being as needed.
     *
     * @throws ArtifactPathException if the path is the root or an existing directory
     */
    void write(String path, InputStream data) throws IOException;

    /** Writes a local file; repositories that can send a file of known length (and retry it) override this. */
    default void write(String path, java.nio.file.Path file) throws IOException {
        try (InputStream in = java.nio.file.Files.newInputStream(file)) {
            write(path, in);
        }
    }

    /**
     * The repository rooted at a sub-directory of this one (a run's artifacts inside the server's
     * artifact destination), confined like every other path.
     *
     * @throws ArtifactPathException if the relative path is unsafe
     */
    ArtifactRepository subRepository(String relative) throws IOException;

    /**
     * Deletes a file or a directory tree.
     *
     * @throws NoSuchFileException if nothing exists at the path
     */
    void delete(String path) throws IOException;
}
