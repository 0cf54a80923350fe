package dev.jtrack.maven;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * The Maven artifacts jtrack's own jar bundles (from the {@code pom.properties} files the shade
 * plugin keeps), keyed by {@code groupId:artifactId}. The kernel's class loader is searched before
 * the notebook's, so for a class that both hold, the bundled version wins: {@code %maven} of such
 * an artifact in another version gets a warning instead of a silent mix of versions.
 */
public final class BundledArtifacts {

    private static volatile Map<String, String> own;

    private BundledArtifacts() {}

    /** jtrack's bundled artifacts; empty when jtrack does not run from a jar (e.g. in its own build). */
    public static Map<String, String> own() {
        Map<String, String> m = own;
        if (m == null) {
            m = Map.of();
            try {
                var source = BundledArtifacts.class.getProtectionDomain().getCodeSource();
                if (source != null) {
                    Path location = Path.of(source.getLocation().toURI());
                    if (Files.isRegularFile(location)) {
                        m = read(location);
                    }
                }
            } catch (IOException | java.net.URISyntaxException | RuntimeException e) {
                m = Map.of(); // no warnings is the safe fallback; resolution itself is unaffected
            }
            own = m;
        }
        return m;
    }

    /** {@code groupId:artifactId -> version} of every {@code pom.properties} in {@code jar}. */
    public static Map<String, String> read(Path jar) throws IOException {
        Map<String, String> out = new TreeMap<>();
        try (JarFile file = new JarFile(jar.toFile())) {
            for (Enumeration<JarEntry> e = file.entries(); e.hasMoreElements(); ) {
                JarEntry entry = e.nextElement();
                String name = entry.getName();
                if (!name.startsWith("META-INF/maven/") || !name.endsWith("/pom.properties")) {
                    continue;
                }
                Properties p = new Properties();
                try (InputStream in = file.getInputStream(entry)) {
                    p.load(in);
                }
                String g = p.getProperty("groupId");
                String a = p.getProperty("artifactId");
                String v = p.getProperty("version");
                if (g != null && a != null && v != null) {
                    out.put(g + ":" + a, v);
                }
            }
        }
        return Collections.unmodifiableMap(out);
    }

    /**
     * One line per resolved artifact that {@code bundled} holds in another version, saying which
     * version notebook code will see.
     */
    public static List<String> conflicts(List<ResolvedDependency> resolved, Map<String, String> bundled) {
        List<String> lines = new ArrayList<>();
        for (ResolvedDependency d : resolved) {
            if (d.coordinates() == null) {
                continue;
            }
            String[] parts = d.coordinates().split(":");
            String ga = parts[0] + ":" + parts[1];
            String version = parts[parts.length - 1];
            String mine = bundled.get(ga);
            if (mine != null && !mine.equals(version)) {
                String via = d.requested() == null || d.requested().equals(d.coordinates()) ? "" : " (via " + d.requested() + ")";
                lines.add(ga + ":" + version + via + ": jtrack bundles " + ga + ":" + mine
                        + "; classes present in both come from jtrack's " + mine);
            }
        }
        return lines;
    }
}
