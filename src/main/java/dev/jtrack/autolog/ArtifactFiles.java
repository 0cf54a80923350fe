package dev.jtrack.autolog;

import dev.jtrack.notebook.ActiveRun;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Logs bytes as an artifact through a file named as the artifact (the run copies it at once). */
final class ArtifactFiles {
    private ArtifactFiles() {}

    /** Logs {@code bytes} at {@code artifactPath} (e.g. {@code session/images/cell-2-display-1.png}) of {@code run}. */
    static void logBytes(ActiveRun run, byte[] bytes, String artifactPath) {
        int slash = artifactPath.lastIndexOf('/');
        String dir = slash < 0 ? null : artifactPath.substring(0, slash);
        String name = artifactPath.substring(slash + 1);
        Path tmp = null;
        try {
            tmp = Files.createTempDirectory("jtrack-artifact");
            Path file = tmp.resolve(name);
            Files.write(file, bytes);
            if (dir == null) {
                run.logArtifact(file);
            } else {
                run.logArtifact(file, dir);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot stage artifact " + artifactPath + ": " + e.getMessage(), e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp.resolve(name));
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // a leftover temp file is harmless
                }
            }
        }
    }
}
