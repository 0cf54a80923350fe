package dev.jtrack.models;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which Maven coordinates a model's classes come from. */
class JavaDependenciesTest {
    @TempDir
    Path dir;

    @Test
    void coordinatesFromPomPropertiesOrTheLocalRepositoryLayout() {
        assertEquals(List.of("org.tribuo:tribuo-core:4.3.2"), JavaDependencies.of(org.tribuo.Model.class));
        // the ONNX Runtime jar has no pom.properties: its place in ~/.m2 tells
        assertEquals(List.of("com.microsoft.onnxruntime:onnxruntime:1.20.0"), JavaDependencies.of(ai.onnxruntime.OrtEnvironment.class));
        assertEquals(List.of(), JavaDependencies.of(String.class, JavaDependencies.class, Predictor.class), "JDK and jtrack are skipped");
        assertEquals(List.of("org.tribuo:tribuo-core:4.3.2"),
                JavaDependencies.of(org.tribuo.Model.class, org.tribuo.Example.class), "one entry per jar");
    }

    @Test
    void aJarWithSeveralPomsOrNoneOutsideTheRepositoryHasNoCoordinates() throws Exception {
        Path fat = dir.resolve("fat.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(fat))) {
            for (String a : List.of("a", "b")) {
                out.putNextEntry(new JarEntry("META-INF/maven/g/" + a + "/pom.properties"));
                out.write(("groupId=g\nartifactId=" + a + "\nversion=1\n").getBytes());
                out.closeEntry();
            }
        }
        assertEquals(Optional.empty(), JavaDependencies.coordinatesOf(fat));
        Path plain = dir.resolve("plain.jar");
        try (OutputStream out = new JarOutputStream(Files.newOutputStream(plain))) {
            // an empty jar
        }
        assertEquals(Optional.empty(), JavaDependencies.coordinatesOf(plain));
        assertEquals(Optional.empty(), JavaDependencies.coordinatesOf(dir.resolve("missing.jar")));
    }

    @Test
    void listedReadsTheFlavorSection() {
        assertEquals(List.of("g:a:1"), JavaDependencies.listed(Map.of(JavaDependencies.KEY, List.of("g:a:1"))));
        assertEquals(List.of(), JavaDependencies.listed(Map.of()));
    }
}
