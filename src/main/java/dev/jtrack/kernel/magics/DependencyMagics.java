package dev.jtrack.kernel.magics;

import dev.jtrack.maven.MavenResolver;
import dev.jtrack.maven.BundledArtifacts;
import dev.jtrack.maven.ResolvedDependency;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.eclipse.aether.resolution.DependencyResolutionException;

/**
 * {@code %maven g:a:v ...}, {@code %mavenRepo id url}, {@code %classpath path|glob ...} and its
 * alias {@code %jars}: put libraries on the notebook's classpath.
 */
public final class DependencyMagics {
    private MavenResolver resolver;

    /** Created on first use: Maven Resolver is large and most sessions never call %maven. */
    private synchronized MavenResolver resolver() {
        if (resolver == null) {
            resolver = new MavenResolver();
        }
        return resolver;
    }

    /** Registers this family in {@code registry}. */
    public void register(MagicRegistry registry) {
        registry.registerLine("maven", this::maven);
        registry.registerLine("mavenRepo", this::mavenRepo);
        registry.registerLine("classpath", DependencyMagics::classpath);
        registry.registerLine("jars", DependencyMagics::classpath);
    }

    private Object maven(String args, MagicContext context) throws IOException {
        List<String> coordinates = words(args);
        if (coordinates.isEmpty()) {
            throw new IllegalArgumentException("usage: %maven groupId:artifactId:version ...");
        }
        for (String coordinate : coordinates) {
            long parts = coordinate.chars().filter(c -> c == ':').count();
            if (parts < 2 || parts > 4 || coordinate.contains("::") || coordinate.endsWith(":")) {
                throw new IllegalArgumentException("not a Maven coordinate: " + coordinate
                        + " (expected groupId:artifactId:version or groupId:artifactId:extension[:classifier]:version)");
            }
        }
        List<ResolvedDependency> resolved;
        try {
            resolved = resolver().resolve(coordinates, System.err);
        } catch (DependencyResolutionException e) {
            throw new IOException("could not resolve " + String.join(" ", coordinates) + ": " + e.getMessage(), e);
        }
        context.addToClasspath(MavenResolver.files(resolved));
        context.recordDependencies(resolved);
        System.err.println("Added to the classpath: "
                + String.join(", ", resolved.stream().map(ResolvedDependency::coordinates).toList()));
        for (String conflict : BundledArtifacts.conflicts(resolved, BundledArtifacts.own())) {
            System.err.println("Warning: " + conflict);
        }
        return null;
    }

    private Object mavenRepo(String args, MagicContext context) {
        List<String> words = words(args);
        if (words.size() != 2) {
            throw new IllegalArgumentException("usage: %mavenRepo id url");
        }
        String url = words.get(1);
        if (!url.matches("(?i)(https?|file):.*")) {
            Path local = context.workingDirectory().resolve(url);
            url = local.toUri().toString();
        }
        resolver().addRepository(words.get(0), url);
        return null;
    }

    private static Object classpath(String args, MagicContext context) throws IOException {
        List<String> patterns = words(args);
        if (patterns.isEmpty()) {
            throw new IllegalArgumentException("usage: %classpath path-or-glob ... (e.g. %classpath lib/*.jar)");
        }
        List<Path> entries = new ArrayList<>();
        for (String pattern : patterns) {
            for (String part : pattern.split(java.io.File.pathSeparator)) {
                if (!part.isEmpty()) {
                    entries.addAll(expand(part, context.workingDirectory()));
                }
            }
        }
        context.addToClasspath(entries);
        context.recordDependencies(entries.stream().map(p -> new ResolvedDependency(null, null, p)).toList());
        return null;
    }

    /** The files {@code pattern} names: a path, or a glob ({@code *}, {@code ?}, {@code **}, {@code [..]}). */
    static List<Path> expand(String pattern, Path base) throws IOException {
        String expanded = pattern.startsWith("~/") ? System.getProperty("user.home") + pattern.substring(1) : pattern;
        if (!expanded.matches(".*[*?\\[{].*")) {
            Path path = base.resolve(expanded).normalize();
            if (!Files.exists(path)) {
                throw new IOException("no such file or directory: " + path);
            }
            return List.of(path);
        }
        String[] segments = expanded.split("/", -1);
        int firstGlob = 0;
        while (firstGlob < segments.length && !segments[firstGlob].matches(".*[*?\\[{].*")) {
            firstGlob++;
        }
        String root = String.join("/", Arrays.copyOfRange(segments, 0, firstGlob));
        Path dir = root.isEmpty() ? base : base.resolve(expanded.startsWith("/") && root.isEmpty() ? "/" : root).normalize();
        String rest = String.join("/", Arrays.copyOfRange(segments, firstGlob, segments.length));
        PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + rest);
        int depth = rest.contains("**") ? Integer.MAX_VALUE : segments.length - firstGlob;
        if (!Files.isDirectory(dir)) {
            throw new IOException("no such directory: " + dir);
        }
        List<Path> found;
        try (Stream<Path> walk = Files.walk(dir, depth)) {
            found = walk.filter(p -> !p.equals(dir) && matcher.matches(dir.relativize(p))).sorted().toList();
        }
        if (found.isEmpty()) {
            throw new IOException("nothing matches " + pattern + " in " + dir);
        }
        return found;
    }

    static List<String> words(String args) {
        return MagicArgs.split(args);
    }
}
