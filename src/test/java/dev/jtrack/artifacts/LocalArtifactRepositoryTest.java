package dev.jtrack.artifacts;

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

class LocalArtifactRepositoryTest {
    @TempDir Path tmp;

    private static InputStream bytes(String s) {
        return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void normalizeCanonicalisesAndRejectsEscapes() {
        assertEquals("", ArtifactPaths.normalize(null));
        assertEquals("a/b", ArtifactPaths.normalize("./a//b/"));
        for (String bad : List.of("../x", "a/../../x", "/etc/passwd", "a\u0000b", "a\\b", "C:/x", "..")) {
            assertThrows(ArtifactPathException.class, () -> ArtifactPaths.normalize(bad), bad);
        }
    }

    @Test
    void writeListReadDelete() throws Exception {
        LocalArtifactRepository repo = new LocalArtifactRepository(tmp.resolve("root"));
        assertEquals(List.of(), repo.list(""));
        repo.write("model/MLmodel", bytes("flavors: {}"));
        repo.write("a.txt", bytes("hello"));
        assertEquals(List.of(new FileInfo("a.txt", false, 5), new FileInfo("model", true, -1)), repo.list(""));
        assertEquals(List.of(new FileInfo("model/MLmodel", false, 11)), repo.list("model"));
        try (InputStream in = repo.open("a.txt")) {
            assertEquals("hello", new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
        repo.write("a.txt", bytes("replaced"));
        assertEquals(8, repo.size("a.txt"));
        repo.delete("model");
        assertFalse(repo.isDirectory("model"));
        assertThrows(NoSuchFileException.class, () -> repo.open("model/MLmodel"));
        assertThrows(NoSuchFileException.class, () -> repo.delete("nope"));
        assertThrows(NoSuchFileException.class, () -> repo.open(""));
    }

    @Test
    void aRootBelowAFileListsNothingAndReadsNothing() throws Exception {
        // e.g. an artifact-proxy upload named like an experiment's directory, before that experiment's runs log artifacts
        Path blocker = Files.writeString(tmp.resolve("0"), "a file, not a directory");
        LocalArtifactRepository repo = new LocalArtifactRepository(blocker.resolve("models/m-1/artifacts"));
        assertEquals(List.of(), repo.list(""));
        assertEquals(List.of(), repo.list("sub"));
        assertThrows(java.nio.file.NoSuchFileException.class, () -> repo.open("MLmodel"));
    }

    @Test
    void symlinkLeadingOutIsRejectedAndNotListed() throws Exception {
        Path outside = Files.createDirectories(tmp.resolve("outside"));
        Files.writeString(outside.resolve("secret"), "s");
        Path root = Files.createDirectories(tmp.resolve("root"));
        Files.createSymbolicLink(root.resolve("link"), outside);
        LocalArtifactRepository repo = new LocalArtifactRepository(root);
        assertThrows(ArtifactPathException.class, () -> repo.open("link/secret"));
        assertThrows(ArtifactPathException.class, () -> repo.write("link/new", bytes("x")));
        assertFalse(Files.exists(outside.resolve("new")));
        assertEquals(List.of(), repo.list(""));
        // deleting the link removes the link only, never the target
        repo.delete("link");
        assertTrue(Files.exists(outside.resolve("secret")));
    }

    @Test
    void locationsResolveSchemes() throws Exception {
        LocalArtifactRepository dest = new LocalArtifactRepository(tmp.resolve("dest"));
        ArtifactLocations loc = new ArtifactLocations(dest);
        assertEquals(tmp.resolve("dest/1/r/artifacts"), ((LocalArtifactRepository) loc.forUri("mlflow-artifacts:/1/r/artifacts")).root());
        assertEquals(tmp.resolve("dest/1/r/artifacts"), ((LocalArtifactRepository) loc.forUri("mlflow-artifacts://host:5000/1/r/artifacts")).root());
        assertEquals(tmp.resolve("dest/1/x"),
                ((LocalArtifactRepository) loc.forUri("http://h:1/api/2.0/mlflow-artifacts/artifacts/1/x")).root());
        assertEquals(tmp.resolve("dest/plain"), ((LocalArtifactRepository) loc.forUri(tmp.resolve("dest/plain").toString())).root());
        assertEquals(tmp.resolve("dest/f"), ((LocalArtifactRepository) loc.forUri(tmp.resolve("dest/f").toUri().toString())).root());
        assertThrows(ArtifactPathException.class, () -> loc.forUri("/etc"));
        assertThrows(ArtifactPathException.class, () -> loc.forUri("file:///etc"));
        assertThrows(ArtifactPathException.class, () -> loc.forUri(tmp.resolve("dest/../other").toString()));
        ArtifactLocations withLocal = new ArtifactLocations(dest, java.util.List.of(tmp.resolve("local")));
        assertEquals(tmp.resolve("local/1"), ((LocalArtifactRepository) withLocal.forUri(tmp.resolve("local/1").toString())).root());
        assertThrows(ArtifactPathException.class, () -> loc.forUri("mlflow-artifacts:/../x"));
        assertThrows(UnsupportedOperationException.class, () -> loc.forUri("s3://bucket/x"));
        assertThrows(UnsupportedOperationException.class, () -> new ArtifactLocations(null).forUri("mlflow-artifacts:/1"));
    }
}
