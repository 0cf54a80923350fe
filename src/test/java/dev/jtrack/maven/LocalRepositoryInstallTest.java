package dev.jtrack.maven;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalRepositoryInstallTest {
    @TempDir
    Path tmp;

    @Test
    void writesTheJarAPomAndMetadataWhereMavenLooksAndKeepsEarlierVersions() throws Exception {
        Path jar = Files.write(tmp.resolve("x.jar"), new byte[] {1, 2, 3});
        Path repo = tmp.resolve("repo");
        LocalRepositoryInstall.install(repo, "dev.jtrack", "jtrack", "0.1.0", jar, "first & <best>");
        Path dir = LocalRepositoryInstall.install(repo, "dev.jtrack", "jtrack", "0.2.0-SNAPSHOT", jar, "second");

        assertTrue(dir.endsWith("dev/jtrack/jtrack/0.2.0-SNAPSHOT"), dir.toString());
        assertArrayEquals(new byte[] {1, 2, 3}, Files.readAllBytes(dir.resolve("jtrack-0.2.0-SNAPSHOT.jar")));
        for (Path xml : new Path[] {repo.resolve("dev/jtrack/jtrack/0.1.0/jtrack-0.1.0.pom"), dir.resolve("jtrack-0.2.0-SNAPSHOT.pom"),
                dir.resolve("maven-metadata-local.xml"), repo.resolve("dev/jtrack/jtrack/maven-metadata-local.xml")}) {
            DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(xml.toFile());
        }
        String artifact = Files.readString(repo.resolve("dev/jtrack/jtrack/maven-metadata-local.xml"));
        assertTrue(artifact.contains("<version>0.1.0</version>") && artifact.contains("<version>0.2.0-SNAPSHOT</version>")
                && artifact.contains("<latest>0.2.0-SNAPSHOT</latest>"), artifact);
        assertTrue(Files.readString(dir.resolve("maven-metadata-local.xml")).contains("<localCopy>true</localCopy>"));
        assertTrue(Files.readString(repo.resolve("dev/jtrack/jtrack/0.1.0/jtrack-0.1.0.pom")).contains("first &amp; &lt;best&gt;"));
        assertTrue(Files.notExists(repo.resolve("dev/jtrack/jtrack/0.1.0/maven-metadata-local.xml")), "a release has no snapshot metadata");
    }

    @Test
    void refusesAMissingJar() {
        assertThrows(IOException.class, () -> LocalRepositoryInstall.install(tmp, "g", "a", "1", tmp.resolve("none.jar"), "d"));
    }
}
