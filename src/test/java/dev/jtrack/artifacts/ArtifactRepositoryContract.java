package dev.jtrack.artifacts;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The behaviour every {@link ArtifactRepository} shares, run against each implementation (local
 * directory, S3) by a subclass that supplies fresh, empty repositories.
 */
abstract class ArtifactRepositoryContract {
    @TempDir Path scratch;

    /** A new, empty repository whose root does not exist yet. */
    abstract ArtifactRepository newRepository() throws Exception;

    static InputStream bytes(String s) {
        return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
    }

    static String read(ArtifactRepository repo, String path) throws Exception {
        try (InputStream in = repo.open(path)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void emptyRepositoryListsNothing() throws Exception {
        ArtifactRepository repo = newRepository();
        assertEquals(List.of(), repo.list(""));
        assertEquals(List.of(), repo.list("no/such/dir"));
        assertFalse(repo.isDirectory("no"));
        assertThrows(NoSuchFileException.class, () -> repo.open("missing.txt"));
        assertThrows(NoSuchFileException.class, () -> repo.size("missing.txt"));
        assertThrows(NoSuchFileException.class, () -> repo.delete("missing.txt"));
    }

    @Test
    void listsDirectChildrenSortedWithSizes() throws Exception {
        ArtifactRepository repo = newRepository();
        repo.write("model/MLmodel", bytes("flavors: {}"));
        repo.write("model/data/weights.bin", bytes("0123456789"));
        repo.write("b.txt", bytes("bb"));
        repo.write("a.txt", bytes("hello"));
        repo.write("c/deep/er/x", bytes("x"));
        assertEquals(List.of(new FileInfo("a.txt", false, 5), new FileInfo("b.txt", false, 2),
                new FileInfo("c", true, -1), new FileInfo("model", true, -1)), repo.list(""));
        assertEquals(List.of(new FileInfo("model/MLmodel", false, 11), new FileInfo("model/data", true, -1)),
                repo.list("model"));
        assertEquals(List.of(new FileInfo("c/deep/er", true, -1)), repo.list("c/deep"));
        assertEquals(List.of(), repo.list("a.txt"), "listing a file lists nothing, as MLflow does");
        assertTrue(repo.isDirectory("model"));
        assertTrue(repo.isDirectory("model/data"));
        assertFalse(repo.isDirectory("a.txt"));
        assertFalse(repo.isDirectory("mod"), "a prefix of a name is not a directory");
    }

    @Test
    void readsSizesAndOverwrites() throws Exception {
        ArtifactRepository repo = newRepository();
        repo.write("dir/a.txt", bytes("hello"));
        assertEquals("hello", read(repo, "dir/a.txt"));
        assertEquals(5, repo.size("dir/a.txt"));
        repo.write("dir/a.txt", bytes("replaced"));
        assertEquals("replaced", read(repo, "dir/a.txt"));
        assertEquals(8, repo.size("dir/a.txt"));
        repo.write("empty", bytes(""));
        assertEquals(0, repo.size("empty"));
        assertEquals("", read(repo, "empty"));
    }

    @Test
    void writesLocalFiles() throws Exception {
        ArtifactRepository repo = newRepository();
        Path f = Files.writeString(scratch.resolve("local.txt"), "from a file");
        repo.write("up/local.txt", f);
        assertEquals("from a file", read(repo, "up/local.txt"));
    }

    @Test
    void pathsAreNormalisedAndConfined() throws Exception {
        ArtifactRepository repo = newRepository();
        repo.write("./x//y/z.txt", bytes("z"));
        assertEquals("z", read(repo, "x/y/z.txt"));
        assertEquals(List.of(new FileInfo("x/y", true, -1)), repo.list("x/"));
        for (String bad : List.of("../escape", "x/../../escape", "/abs", "a\\b", "nul\u0000")) {
            assertThrows(ArtifactPathException.class, () -> repo.write(bad, bytes("no")), bad);
            assertThrows(ArtifactPathException.class, () -> repo.open(bad), bad);
            assertThrows(ArtifactPathException.class, () -> repo.list(bad), bad);
            assertThrows(ArtifactPathException.class, () -> repo.delete(bad), bad);
        }
        assertThrows(ArtifactPathException.class, () -> repo.subRepository("../sibling"));
    }

    @Test
    void refusesToWriteTheRootOrOverADirectory() throws Exception {
        ArtifactRepository repo = newRepository();
        repo.write("dir/file", bytes("f"));
        assertThrows(ArtifactPathException.class, () -> repo.write("", bytes("x")));
        assertThrows(ArtifactPathException.class, () -> repo.write("dir", bytes("x")));
        assertEquals("f", read(repo, "dir/file"));
        assertThrows(NoSuchFileException.class, () -> repo.open("dir"), "a directory cannot be opened");
        assertThrows(NoSuchFileException.class, () -> repo.open(""));
    }

    @Test
    void deletesFilesAndWholeDirectories() throws Exception {
        ArtifactRepository repo = newRepository();
        repo.write("keep.txt", bytes("k"));
        repo.write("model/MLmodel", bytes("m"));
        repo.write("model/data/w1", bytes("1"));
        repo.write("model/data/w2", bytes("2"));
        repo.write("modelx", bytes("sibling with the same prefix"));
        repo.delete("model/data/w1");
        assertEquals(List.of(new FileInfo("model/data/w2", false, 1)), repo.list("model/data"));
        repo.delete("model");
        assertFalse(repo.isDirectory("model"));
        assertThrows(NoSuchFileException.class, () -> repo.open("model/MLmodel"));
        assertThrows(NoSuchFileException.class, () -> repo.delete("model"));
        assertEquals(List.of(new FileInfo("keep.txt", false, 1), new FileInfo("modelx", false, 28)), repo.list(""));
    }

    @Test
    void subRepositoriesSeeOnlyTheirPart() throws Exception {
        ArtifactRepository repo = newRepository();
        ArtifactRepository run = repo.subRepository("1/run-a/artifacts");
        run.write("plot.png", bytes("png"));
        repo.write("1/run-b/artifacts/other", bytes("o"));
        assertEquals(List.of(new FileInfo("plot.png", false, 3)), run.list(""));
        assertEquals("png", read(repo, "1/run-a/artifacts/plot.png"));
        assertTrue(run.rootUri().endsWith("1/run-a/artifacts"), run.rootUri());
        assertThrows(NoSuchFileException.class, () -> run.open("other"));
    }
}
