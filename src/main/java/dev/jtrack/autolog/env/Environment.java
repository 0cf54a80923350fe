package dev.jtrack.autolog.env;

import dev.jtrack.maven.ResolvedDependency;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The environment a notebook session runs in: JDK, OS, machine, jtrack version, JVM options, the
 * notebook's Maven dependencies (with the SHA-256 of each file) and classpath additions, git state
 * and the non-secret environment variables.
 *
 * @param machine JDK, OS and machine facts, in a stable order
 * @param dependencies the artifacts resolved by {@code %maven}, in order
 * @param classpath the entries added with {@code %classpath}/{@code %jars}/{@code %maven}
 * @param git the git state of the working directory, or null when it has none
 * @param variables the environment variables whose names do not look secret
 */
public record Environment(Map<String, Object> machine, List<Dependency> dependencies, List<String> classpath,
        GitInfo git, Map<String, String> variables) {

    /**
     * One resolved Maven artifact.
     *
     * @param coordinates {@code group:artifact[:ext[:classifier]]:version}, or null for a plain classpath entry
     * @param requested the coordinate the user asked for that pulled it in
     * @param file the file on disk
     * @param sha256 the file's SHA-256 in hex, or null when it could not be read
     */
    public record Dependency(String coordinates, String requested, String file, String sha256) {}

    private static final Map<String, String> HASHES = new ConcurrentHashMap<>();

    /**
     * Captures the environment now. Runs git (bounded) and hashes dependency files: call it off
     * the kernel's execution thread.
     */
    public static Environment capture(String jtrackVersion, List<String> compilerOptions,
            List<ResolvedDependency> resolved, List<Path> classpath, Path workingDir, Map<String, String> env) {
        List<Dependency> dependencies = new ArrayList<>();
        for (ResolvedDependency d : resolved) {
            dependencies.add(new Dependency(d.coordinates(), d.requested(), d.file().toString(), sha256(d.file())));
        }
        List<String> entries = classpath.stream().map(Path::toString).toList();
        return new Environment(machine(jtrackVersion, compilerOptions), dependencies, entries,
                GitInfo.read(workingDir), SecretFilter.publicVariables(env));
    }

    /** JDK, OS and machine facts. */
    static Map<String, Object> machine(String jtrackVersion, List<String> compilerOptions) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("jtrack_version", jtrackVersion);
        m.put("java_version", System.getProperty("java.version"));
        m.put("java_runtime_version", Runtime.version().toString());
        m.put("java_vendor", System.getProperty("java.vendor"));
        m.put("java_vm_name", System.getProperty("java.vm.name"));
        m.put("java_home", System.getProperty("java.home"));
        m.put("os_name", System.getProperty("os.name"));
        m.put("os_version", System.getProperty("os.version"));
        m.put("os_arch", System.getProperty("os.arch"));
        m.put("cpus", Runtime.getRuntime().availableProcessors());
        m.put("max_heap_bytes", Runtime.getRuntime().maxMemory());
        Long physical = physicalMemory();
        if (physical != null) {
            m.put("physical_memory_bytes", physical);
        }
        m.put("hostname", hostname());
        m.put("jvm_options", ManagementFactory.getRuntimeMXBean().getInputArguments());
        m.put("compiler_options", compilerOptions);
        return m;
    }

    private static Long physicalMemory() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getTotalMemorySize();
        }
        return null;
    }

    private static String hostname() {
        String env = System.getenv("HOSTNAME");
        if (env != null && !env.isBlank()) {
            return env.strip();
        }
        try {
            String file = Files.readString(Path.of("/etc/hostname")).strip();
            if (!file.isEmpty()) {
                return file;
            }
        } catch (IOException | RuntimeException e) {
            // not Linux, or unreadable: ask the resolver
        }
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "unknown";
        }
    }

    /** The SHA-256 of {@code file} in hex (cached by path, size and modification time), or null. */
    public static String sha256(Path file) {
        try {
            String key = file.toAbsolutePath() + "|" + Files.size(file) + "|" + Files.getLastModifiedTime(file).toMillis();
            String cached = HASHES.get(key);
            if (cached != null) {
                return cached;
            }
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            try (InputStream in = Files.newInputStream(file)) {
                byte[] buffer = new byte[65536];
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    digest.update(buffer, 0, n);
                }
            }
            String hex = HexFormat.of().formatHex(digest.digest());
            HASHES.put(key, hex);
            return hex;
        } catch (IOException e) {
            return null;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Whether {@code other} differs from this environment in what is worth recording again
     * (dependencies, classpath, git state, variables or machine facts).
     */
    public boolean differsFrom(Environment other) {
        return other == null || !Objects.equals(machine, other.machine) || !dependencies.equals(other.dependencies)
                || !classpath.equals(other.classpath) || !Objects.equals(git, other.git)
                || !variables.equals(other.variables);
    }

    /** Everything except the variables and the diff, as JSON-ready maps (environment/environment.json). */
    public Map<String, Object> toJson() {
        Map<String, Object> out = new LinkedHashMap<>(machine);
        List<Map<String, Object>> deps = new ArrayList<>();
        for (Dependency d : dependencies) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("coordinates", d.coordinates());
            m.put("requested", d.requested());
            m.put("file", d.file());
            m.put("sha256", d.sha256());
            deps.add(m);
        }
        out.put("maven_dependencies", deps);
        out.put("classpath", classpath);
        if (git != null) {
            Map<String, Object> g = new LinkedHashMap<>();
            g.put("commit", git.commit());
            g.put("branch", git.branch());
            g.put("remote_url", git.remoteUrl());
            g.put("dirty", git.dirty());
            out.put("git", g);
        }
        return out;
    }

    /** One line per Maven artifact: {@code coordinates sha256} (environment/maven.txt). */
    public String mavenLines() {
        StringBuilder out = new StringBuilder();
        for (Dependency d : dependencies) {
            if (d.coordinates() != null) {
                out.append(d.coordinates()).append(' ').append(d.sha256() == null ? "-" : d.sha256()).append('\n');
            }
        }
        return out.toString();
    }

    /**
     * Run tags summarising the environment: {@code jtrack.env.*} plus MLflow's
     * {@code mlflow.source.git.commit|branch|repoURL} when there is git.
     */
    public Map<String, String> tags() {
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put("jtrack.env.java", machine.get("java_runtime_version") + " (" + machine.get("java_vendor") + ")");
        tags.put("jtrack.env.os", machine.get("os_name") + " " + machine.get("os_version") + " " + machine.get("os_arch"));
        tags.put("jtrack.env.cpus", String.valueOf(machine.get("cpus")));
        tags.put("jtrack.env.hostname", String.valueOf(machine.get("hostname")));
        tags.put("jtrack.env.jtrack_version", String.valueOf(machine.get("jtrack_version")));
        tags.put("jtrack.env.maven_dependencies", String.valueOf(dependencies.stream().filter(d -> d.coordinates() != null).count()));
        if (git != null) {
            tags.put("mlflow.source.git.commit", git.commit());
            if (git.branch() != null) {
                tags.put("mlflow.source.git.branch", git.branch());
            }
            if (git.remoteUrl() != null) {
                tags.put("mlflow.source.git.repoURL", git.remoteUrl());
            }
            tags.put("jtrack.git.dirty", String.valueOf(git.dirty()));
        }
        return tags;
    }
}
