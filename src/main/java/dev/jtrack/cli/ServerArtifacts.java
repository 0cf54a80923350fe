package dev.jtrack.cli;

import dev.jtrack.artifacts.ArtifactLocations;
import dev.jtrack.artifacts.ArtifactPathException;
import dev.jtrack.artifacts.ArtifactRepository;
import dev.jtrack.artifacts.LocalArtifactRepository;
import dev.jtrack.artifacts.S3ArtifactRepository;
import dev.jtrack.artifacts.S3Config;
import dev.jtrack.artifacts.S3Location;
import dev.jtrack.store.StoreUri;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The artifact side of {@code jtrack server}: where proxied artifacts go (a directory or
 * {@code s3://bucket/prefix}) and which locations the server may read. The flags are checked at
 * once; the repositories, which load the AWS SDK for S3, are made by {@link #locations()}, which
 * the server runs while the store opens.
 */
final class ServerArtifacts {
    private final String destinationUri;
    private final boolean serve;
    private final List<Path> localRoots = new ArrayList<>();
    private final List<S3Location> s3Roots = new ArrayList<>();
    private final S3Config s3;
    private final Path destinationDir;
    private ArtifactRepository destination;

    /**
     * @param where the backend store (its default artifact directory)
     * @param artifactRoot the artifact root of new experiments
     * @param artifactsDestination {@code --artifacts-destination}, or null for the default
     * @param serve whether the artifact proxy is on
     * @throws UserError for unusable flags or S3 settings
     */
    ServerArtifacts(StoreUri where, String artifactRoot, String artifactsDestination, boolean serve) {
        this.serve = serve;
        localRoots.add(Path.of(URI.create(where.defaultArtifactRoot())));
        Path localRoot = localPath(artifactRoot);
        if (localRoot != null) localRoots.add(localRoot);
        if (isS3(artifactRoot)) s3Roots.add(s3Location("--default-artifact-root", artifactRoot));
        destinationUri = artifactsDestination != null ? artifactsDestination : where.defaultArtifactRoot();
        boolean s3Destination = serve && isS3(destinationUri);
        if (s3Destination) s3Roots.add(s3Location("--artifacts-destination", destinationUri));
        s3 = s3Roots.isEmpty() ? null : s3Config();
        destinationDir = serve && !s3Destination ? destinationDir(destinationUri) : null;
    }

    /** Makes the repositories (loading the AWS SDK only when an S3 location is configured). */
    ArtifactLocations locations() {
        if (serve) {
            destination = destinationDir != null ? new LocalArtifactRepository(destinationDir)
                    : S3ArtifactRepository.forUri(s3, destinationUri);
        }
        return new ArtifactLocations(destination, localRoots, s3Roots, s3);
    }

    /** For the banner: the destination directory or URI; null when artifacts are not served. */
    String describeDestination() {
        if (!serve) return null;
        return destinationDir != null ? destinationDir.toString() : destinationUri;
    }

    /**
     * Checks in the background that every S3 root answers, so a wrong endpoint, key or bucket shows
     * up in the log at start rather than at the first upload (and the first request finds the
     * client warm). The server runs either way.
     */
    void checkS3InBackground() {
        if (s3Roots.isEmpty()) return;
        Thread t = new Thread(() -> {
            for (S3Location root : s3Roots) {
                try {
                    S3ArtifactRepository.forUri(s3, root.uri()).isDirectory("");
                } catch (IOException | RuntimeException e) {
                    System.err.println("jtrack server: warning: S3 artifact root " + root + " is not reachable: "
                            + e.getMessage());
                }
            }
        }, "jtrack-s3-check");
        t.setDaemon(true);
        t.start();
    }

    private static boolean isS3(String uri) {
        return uri.regionMatches(true, 0, "s3://", 0, 5);
    }

    private static S3Location s3Location(String flag, String uri) {
        try {
            return S3Location.parse(uri);
        } catch (ArtifactPathException e) {
            throw new UserError(flag + " " + uri + ": " + e.getMessage());
        }
    }

    private static S3Config s3Config() {
        try {
            return S3Config.fromEnvironment();
        } catch (IllegalArgumentException e) {
            throw new UserError("S3 settings: " + e.getMessage());
        }
    }

    /** The directory of a local artifact root (a path or file: URI), or null for other schemes. */
    private static Path localPath(String root) {
        if (root.startsWith("file:")) return Path.of(URI.create(root));
        if (root.matches("^[a-zA-Z][a-zA-Z0-9+.-]+:.*")) return null;
        return Path.of(root);
    }

    private static Path destinationDir(String d) {
        Path dir;
        if (d.startsWith("file:")) {
            dir = Path.of(URI.create(d));
        } else if (d.matches("^[a-zA-Z][a-zA-Z0-9+.-]+://.*")) {
            throw new UserError("--artifacts-destination " + d + ": only local directories and s3:// locations are supported");
        } else {
            dir = Path.of(d);
        }
        dir = dir.toAbsolutePath().normalize();
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new UserError("--artifacts-destination " + dir + " is not a directory");
        }
        return dir;
    }
}
