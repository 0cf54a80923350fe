package dev.jtrack.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** %maven warns when the notebook asks for another version of an artifact jtrack's jar bundles. */
class BundledArtifactsTest {

    @TempDir
    Path dir;

    @Test
    void readsEveryPomPropertiesOfAFatJar() throws Exception {
        Path jar = dir.resolve("fat.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            pom(out, "com.fasterxml.jackson.core", "jackson-databind", "2.19.2");
            pom(out, "tech.tablesaw", "tablesaw-core", "0.44.4");
            out.putNextEntry(new JarEntry("META-INF/maven/broken/pom.properties"));
            out.write("groupId=only\n".getBytes(StandardCharsets.ISO_8859_1));
            out.closeEntry();
        }
        assertEquals(Map.of("com.fasterxml.jackson.core:jackson-databind", "2.19.2", "tech.tablesaw:tablesaw-core", "0.44.4"),
                BundledArtifacts.read(jar));
    }

    @Test
    void onlyOtherVersionsOfBundledArtifactsAreConflicts() {
        Map<String, String> bundled = Map.of("com.fasterxml.jackson.core:jackson-databind", "2.19.2",
                "com.google.protobuf:protobuf-java", "3.25.5");
        List<ResolvedDependency> resolved = List.of(
                new ResolvedDependency("org.tribuo:tribuo-core:4.3.2", "org.tribuo:tribuo-core:4.3.2", Path.of("a.jar")),
                new ResolvedDependency("com.fasterxml.jackson.core:jackson-databind:2.19.2", "x:y:1", Path.of("b.jar")),
                new ResolvedDependency("com.google.protobuf:protobuf-java:jar:3.21.9", "org.tribuo:tribuo-core:4.3.2",
                        Path.of("c.jar")),
                new ResolvedDependency("com.fasterxml.jackson.core:jackson-databind:2.15.0",
                        "com.fasterxml.jackson.core:jackson-databind:2.15.0", Path.of("e.jar")),
                new ResolvedDependency(null, null, Path.of("d.jar")));
        assertEquals(List.of("com.google.protobuf:protobuf-java:3.21.9 (via org.tribuo:tribuo-core:4.3.2): jtrack bundles"
                + " com.google.protobuf:protobuf-java:3.25.5; classes present in both come from jtrack's 3.25.5",
                "com.fasterxml.jackson.core:jackson-databind:2.15.0: jtrack bundles com.fasterxml.jackson.core:jackson-databind:2.19.2;"
                + " classes present in both come from jtrack's 2.19.2"),
                BundledArtifacts.conflicts(resolved, bundled));
    }

    private static void pom(JarOutputStream out, String group, String artifact, String version) throws Exception {
        out.putNextEntry(new JarEntry("META-INF/maven/" + group + "/" + artifact + "/pom.properties"));
        OutputStream o = out;
        o.write(("groupId=" + group + "\nartifactId=" + artifact + "\nversion=" + version + "\n").getBytes(StandardCharsets.ISO_8859_1));
        out.closeEntry();
    }
}
