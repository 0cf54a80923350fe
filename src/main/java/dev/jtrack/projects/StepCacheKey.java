package dev.jtrack.projects;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * The cache key of a workflow step: SHA-256 over a canonical JSON (keys sorted, no whitespace)
 * of the entry point, its resolved parameters, the project version, {@code java_env} and its
 * inputs (the runs of the steps it needs and the content of its {@code path} parameters).
 * Stored as tag {@value #TAG}; a FINISHED run with the same key is reused.
 */
public final class StepCacheKey {
    /** The tag holding a step run's key. */
    public static final String TAG = "jtrack.step.cacheKey";
    private static final ObjectMapper CANONICAL = new ObjectMapper()
            .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

    private StepCacheKey() {}

    /**
     * The key.
     *
     * @param parameters the step's parameters as text, with step outputs written as
     *     {@code runs:/<id>} (a download directory is not part of what a step computes)
     * @param neededRuns the run id of each step it needs
     * @param pathHashes the content hash of each {@code path} parameter
     */
    public static String of(String entryPoint, Map<String, String> parameters, String projectVersion, JavaEnv javaEnv,
                            Map<String, String> neededRuns, Map<String, String> pathHashes) {
        Map<String, Object> doc = new TreeMap<>();
        doc.put("entry_point", entryPoint);
        doc.put("parameters", new TreeMap<>(parameters));
        doc.put("project_version", projectVersion);
        doc.put("java_env", Map.of("java", String.valueOf(javaEnv.java()), "dependencies", javaEnv.dependencies(),
                "jvm_options", javaEnv.jvmOptions()));
        doc.put("inputs", Map.of("runs", new TreeMap<>(neededRuns), "paths", new TreeMap<>(pathHashes)));
        try {
            return sha256(CANONICAL.writeValueAsBytes(doc));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** SHA-256 of bytes, in hex. */
    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** SHA-256 of a file's content, in hex. */
    public static String sha256(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[64 * 1024];
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A content hash of a file or a directory tree: the SHA-256 of its sorted relative paths and
     * their contents' hashes, leaving out what {@code skip} matches (relative paths).
     */
    public static String treeHash(Path root, Predicate<Path> skip) throws IOException {
        if (Files.isRegularFile(root)) {
            return sha256(root);
        }
        StringBuilder listing = new StringBuilder();
        List<Path> files;
        try (Stream<Path> walk = Files.walk(root)) {
            files = walk.filter(Files::isRegularFile).filter(p -> !skip.test(root.relativize(p)))
                    .sorted().toList();
        }
        for (Path f : files) {
            listing.append(root.relativize(f).toString().replace('\\', '/')).append('\0').append(sha256(f)).append('\n');
        }
        return sha256(listing.toString().getBytes(StandardCharsets.UTF_8));
    }
}
