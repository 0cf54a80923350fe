package dev.jtrack.artifacts;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns artifact URIs (a run's {@code artifact_uri}, an experiment's {@code artifact_location})
 * into repositories the server can read and write: local paths and {@code file:} URIs directly,
 * {@code s3://} URIs below the S3 roots the server was configured with, and
 * {@code mlflow-artifacts:} URIs (or HTTP URLs of this server's artifact proxy) inside the
 * proxied artifact destination (a local directory or an S3 location).
 */
public final class ArtifactLocations {
    /** The route under which the server proxies artifacts. */
    public static final String PROXY_ROUTE = "/api/2.0/mlflow-artifacts/artifacts";

    private final ArtifactRepository destination;
    private final List<Path> localRoots;
    private final List<S3Location> s3Roots;
    private final S3Config s3Config;

    /**
     * Locations where only the destination may be read.
     *
     * @param destination where proxied ({@code mlflow-artifacts:}) artifacts live; null when the
     *     server does not serve artifacts
     */
    public ArtifactLocations(ArtifactRepository destination) {
        this(destination, List.of());
    }

    /**
     * @param destination where proxied ({@code mlflow-artifacts:}) artifacts live; null when the
     *     server does not serve artifacts
     * @param localRoots directories under which local ({@code file:} or plain path) artifact
     *     locations may be read, besides the destination. Anything else is refused: an experiment's
     *     artifact location is chosen by the client, and must not open the server's whole disk.
     */
    public ArtifactLocations(ArtifactRepository destination, List<Path> localRoots) {
        this(destination, localRoots, List.of(), null);
    }

    /**
     * @param destination where proxied artifacts live (local or S3); null when not served
     * @param localRoots directories under which local artifact locations may be read
     * @param s3Roots {@code s3://bucket/prefix} locations under which {@code s3://} artifact
     *     locations may be read and written (the S3 destination is always one)
     * @param s3Config how to reach S3 for those; null when there are no S3 roots
     */
    public ArtifactLocations(ArtifactRepository destination, List<Path> localRoots, List<S3Location> s3Roots,
            S3Config s3Config) {
        this.destination = destination;
        List<Path> roots = new ArrayList<>();
        for (Path r : localRoots) roots.add(r.toAbsolutePath().normalize());
        if (destination instanceof LocalArtifactRepository local) roots.add(local.root());
        this.localRoots = List.copyOf(roots);
        this.s3Roots = List.copyOf(s3Roots);
        if (!this.s3Roots.isEmpty() && s3Config == null) {
            throw new IllegalArgumentException("S3 roots need an S3 configuration");
        }
        this.s3Config = s3Config;
    }

    /** The proxied artifact destination, or null when artifacts are not served. */
    public ArtifactRepository destination() {
        return destination;
    }

    /**
     * The repository rooted at an artifact URI.
     *
     * @throws UnsupportedOperationException for schemes this server cannot access
     * @throws ArtifactPathException if the URI's path is unsafe
     */
    public ArtifactRepository forUri(String artifactUri) throws IOException {
        if (artifactUri == null || artifactUri.isEmpty()) {
            throw new UnsupportedOperationException("The run has no artifact location.");
        }
        int colon = artifactUri.indexOf(':');
        String scheme = colon > 1 ? artifactUri.substring(0, colon).toLowerCase() : "";
        switch (scheme) {
            case "":
                return local(Paths.get(artifactUri));
            case "file":
                return local(fileUriPath(artifactUri));
            case "mlflow-artifacts":
                return proxied(proxiedPath(artifactUri));
            case "s3":
                return s3(artifactUri);
            case "http":
            case "https": {
                String path = uri(artifactUri).getRawPath();
                int at = path == null ? -1 : path.indexOf(PROXY_ROUTE);
                if (at < 0) {
                    throw new UnsupportedOperationException(
                            "Artifact location " + artifactUri + " is not served by this server.");
                }
                return proxied(decode(path.substring(at + PROXY_ROUTE.length())));
            }
            default:
                throw new UnsupportedOperationException("Artifact location scheme '" + scheme
                        + "' is not supported by this server (" + artifactUri + ").");
        }
    }

    private LocalArtifactRepository local(Path path) throws IOException {
        Path p = path.toAbsolutePath().normalize();
        for (Path root : localRoots) {
            if (p.startsWith(root) && realPathInside(p, root)) {
                return new LocalArtifactRepository(p);
            }
        }
        throw new ArtifactPathException("Artifact location " + path
                + " is outside the artifact directories this server serves.");
    }

    private static boolean realPathInside(Path p, Path root) throws IOException {
        if (!Files.exists(p) || !Files.exists(root)) {
            return true; // nothing there yet to lead anywhere
        }
        return p.toRealPath().startsWith(root.toRealPath());
    }

    private ArtifactRepository s3(String artifactUri) {
        if (s3Roots.isEmpty()) {
            throw new UnsupportedOperationException("Artifact location " + artifactUri
                    + " is in S3, but this server has no S3 artifact root (--default-artifact-root or"
                    + " --artifacts-destination s3://...).");
        }
        S3Location where = S3Location.parse(artifactUri);
        for (S3Location root : s3Roots) {
            if (root.contains(where)) {
                return S3ArtifactRepository.forUri(s3Config, where.uri());
            }
        }
        throw new ArtifactPathException("Artifact location " + artifactUri
                + " is outside the S3 artifact roots this server serves.");
    }

    private ArtifactRepository proxied(String path) throws IOException {
        if (destination == null) {
            throw new UnsupportedOperationException(
                    "This server does not serve proxied artifacts (started with --no-serve-artifacts).");
        }
        return destination.subRepository(stripSlashes(path));
    }

    private static String proxiedPath(String artifactUri) {
        URI u = uri(artifactUri);
        String path = u.getPath();
        return path == null ? "" : path;
    }

    private static Path fileUriPath(String artifactUri) {
        URI u = uri(artifactUri);
        if (u.getAuthority() != null && !u.getAuthority().isEmpty() && !"localhost".equals(u.getAuthority())) {
            throw new UnsupportedOperationException("Remote file URIs are not supported: " + artifactUri);
        }
        return Paths.get(u.getPath());
    }

    private static URI uri(String s) {
        try {
            return new URI(s);
        } catch (URISyntaxException e) {
            throw new ArtifactPathException("Malformed artifact URI: " + s);
        }
    }

    private static String decode(String rawPath) {
        return URI.create("x:" + rawPath).getPath();
    }

    private static String stripSlashes(String path) {
        int start = 0;
        while (start < path.length() && path.charAt(start) == '/') start++;
        return path.substring(start);
    }
}
