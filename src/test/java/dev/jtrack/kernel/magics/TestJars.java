package dev.jtrack.kernel.magics;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/** Builds small jars at test time: compiles sources with javax.tools and packs them with resources. */
public final class TestJars {
    private TestJars() {}

    /**
     * Compiles {@code sources} (file path such as {@code com/x/A.java} → source) against the test
     * classpath plus {@code classpath}, and writes a jar with the classes and {@code resources}.
     */
    public static Path jar(Path work, String name, Map<String, String> sources, Map<String, String> resources,
            List<Path> classpath) throws IOException {
        Path src = Files.createDirectories(work.resolve(name + "-src"));
        Path classes = Files.createDirectories(work.resolve(name + "-classes"));
        List<String> args = new ArrayList<>(List.of("-d", classes.toString(), "--release", "17", "-proc:none"));
        StringBuilder cp = new StringBuilder(System.getProperty("java.class.path"));
        classpath.forEach(p -> cp.append(java.io.File.pathSeparator).append(p));
        args.add("-classpath");
        args.add(cp.toString());
        for (Map.Entry<String, String> source : sources.entrySet()) {
            Path file = src.resolve(source.getKey());
            Files.createDirectories(file.getParent());
            Files.writeString(file, source.getValue());
            args.add(file.toString());
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        int status = javac.run(null, null, System.err, args.toArray(String[]::new));
        if (status != 0) {
            throw new IOException("javac failed for " + name);
        }
        Path jar = work.resolve(name + ".jar");
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream jarOut = new JarOutputStream(out);
                Stream<Path> files = Files.walk(classes)) {
            for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                jarOut.putNextEntry(new JarEntry(classes.relativize(file).toString().replace('\\', '/')));
                jarOut.write(Files.readAllBytes(file));
                jarOut.closeEntry();
            }
            for (Map.Entry<String, String> resource : resources.entrySet()) {
                jarOut.putNextEntry(new JarEntry(resource.getKey()));
                jarOut.write(resource.getValue().getBytes(StandardCharsets.UTF_8));
                jarOut.closeEntry();
            }
        }
        return jar;
    }

    /** Installs {@code jar} with a pom into a Maven repository layout under {@code repo}. */
    public static void install(Path repo, String group, String artifact, String version, Path jar, String dependencies)
            throws IOException {
        Path dir = Files.createDirectories(repo.resolve(group.replace('.', '/')).resolve(artifact).resolve(version));
        Files.copy(jar, dir.resolve(artifact + "-" + version + ".jar"));
        Files.writeString(dir.resolve(artifact + "-" + version + ".pom"), """
                <?xml version="1.0" encoding="UTF-8"?>
                <project xmlns="http://maven.apache.org/POM/4.0.0">
                  <modelVersion>4.0.0</modelVersion>
                  <groupId>%s</groupId>
                  <artifactId>%s</artifactId>
                  <version>%s</version>
                  <dependencies>%s</dependencies>
                </project>
                """.formatted(group, artifact, version, dependencies));
    }
}
