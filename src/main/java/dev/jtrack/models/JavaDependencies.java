package dev.jtrack.models;

import dev.jtrack.maven.BundledArtifacts;
import dev.jtrack.maven.MavenSettings;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.io.OutputStream;
import java.io.Serializable;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The Maven coordinates of the jars that hold a model's classes: what a flavor records as
 * {@code java_dependencies} in {@code MLmodel} so that a JVM without those libraries (e.g.
 * {@code jtrack models serve}) can resolve them again. A jar's coordinates come from its
 * {@code META-INF/maven/.../pom.properties} or, when it has none, from its place in the local
 * Maven repository ({@code group/path/artifact/version/artifact-version.jar}). Classes of the JDK
 * and of jtrack itself are skipped; a jar with no known coordinates is skipped too.
 */
public final class JavaDependencies {
    /** The key of the coordinates in a flavor's section of {@code MLmodel}. */
    public static final String KEY = "java_dependencies";

    private JavaDependencies() {}

    /** The coordinates listed under {@value #KEY} in a flavor's configuration. */
    public static List<String> listed(java.util.Map<String, Object> config) {
        List<String> deps = new ArrayList<>();
        if (config.get(KEY) instanceof List<?> l) l.forEach(x -> deps.add(String.valueOf(x)));
        return deps;
    }

    /** The coordinates of the jars holding the classes of {@code model}'s serialized object graph. */
    public static List<String> ofObjectGraph(Serializable model) {
        Set<Class<?>> classes = new LinkedHashSet<>();
        classes.add(model.getClass());
        try (ObjectOutputStream out = new ObjectOutputStream(OutputStream.nullOutputStream()) {
            @Override
            protected void annotateClass(Class<?> cl) {
                classes.add(cl);
            }
        }) {
            out.writeObject(model);
        } catch (IOException e) {
            // a part that does not serialize: the classes seen so far still say which jars are needed
        }
        return of(classes.toArray(Class<?>[]::new));
    }

    /** The coordinates of the jars holding {@code classes}, in first-seen order without duplicates. */
    public static List<String> of(Class<?>... classes) {
        Set<String> coordinates = new LinkedHashSet<>();
        Set<Path> jars = new LinkedHashSet<>();
        Path own = location(JavaDependencies.class).orElse(null);
        Path repo = localRepository();
        for (Class<?> c : classes) {
            Optional<Path> jar = location(c);
            if (jar.isEmpty() || jar.get().equals(own) || !jars.add(jar.get())) continue;
            coordinatesOf(jar.get(), repo).ifPresent(coordinates::add);
        }
        return new ArrayList<>(coordinates);
    }

    private static Path localRepository() {
        try {
            return MavenSettings.load().localRepository().toAbsolutePath().normalize();
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static Optional<Path> location(Class<?> c) {
        CodeSource source = c.getProtectionDomain() == null ? null : c.getProtectionDomain().getCodeSource();
        URL url = source == null ? null : source.getLocation();
        if (url == null || !"file".equals(url.getProtocol())) return Optional.empty();
        try {
            return Optional.of(Path.of(url.toURI()).toAbsolutePath().normalize());
        } catch (URISyntaxException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** {@code group:artifact:version} of one jar, if it can be told. */
    public static Optional<String> coordinatesOf(Path jar) {
        return coordinatesOf(jar, localRepository());
    }

    private static Optional<String> coordinatesOf(Path jar, Path localRepository) {
        if (!Files.isRegularFile(jar)) return Optional.empty();
        Optional<String> fromPom = fromPomProperties(jar);
        return fromPom.isPresent() || localRepository == null ? fromPom : fromRepositoryLayout(jar, localRepository);
    }

    private static Optional<String> fromPomProperties(Path jar) {
        Map<String, String> found;
        try {
            found = BundledArtifacts.read(jar);
        } catch (IOException e) {
            return Optional.empty();
        }
        // a jar with several poms bundles other artifacts (a fat jar): not one resolvable coordinate
        return found.size() == 1
                ? found.entrySet().stream().map(e -> e.getKey() + ":" + e.getValue()).findFirst()
                : Optional.empty();
    }

    private static Optional<String> fromRepositoryLayout(Path jar, Path repo) {
        if (!jar.startsWith(repo)) return Optional.empty();
        Path rel = repo.relativize(jar);
        int n = rel.getNameCount();
        if (n < 4) return Optional.empty();
        String version = rel.getName(n - 2).toString();
        String artifact = rel.getName(n - 3).toString();
        if (!rel.getFileName().toString().equals(artifact + "-" + version + ".jar")) return Optional.empty();
        StringBuilder group = new StringBuilder();
        for (int i = 0; i < n - 3; i++) {
            if (i > 0) group.append('.');
            group.append(rel.getName(i));
        }
        return Optional.of(group + ":" + artifact + ":" + version);
    }
}
