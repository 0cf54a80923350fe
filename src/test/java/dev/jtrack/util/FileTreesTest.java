package dev.jtrack.util;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileTreesTest {
    @TempDir
    Path tmp;

    private Path tree() throws IOException {
        Path root = tmp.resolve("root");
        Files.createDirectories(root.resolve("a/b"));
        Files.writeString(root.resolve("a/b/file.txt"), "x");
        Files.writeString(root.resolve("top.txt"), "y");
        return root;
    }

    @Test
    void deletesATreeButNeverWhatALinkPointsTo() throws IOException {
        Path outside = Files.createDirectories(tmp.resolve("outside"));
        Files.writeString(outside.resolve("keep.txt"), "keep");
        Path root = tree();
        Files.createSymbolicLink(root.resolve("link"), outside);
        FileTrees.delete(root);
        assertFalse(Files.exists(root));
        assertTrue(Files.exists(outside.resolve("keep.txt")));
        FileTrees.delete(root); // a missing tree is no error
    }

    @Test
    void quietDeletionRemovesTheTreeAndNeverThrows() throws IOException {
        Path root = tree();
        FileTrees.deleteQuietly(root);
        assertFalse(Files.exists(root));
        FileTrees.deleteQuietly(root);
        FileTrees.deleteQuietly(null);
    }
}
