package dev.jtrack.artifacts;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * Turns artifact URIs (a run's {@code artifact_uri}, an experiment's {@code artifact_location})
 * into repositories the server can read and write: local paths and {@code file:} URIs directly,
 * and {@code mlflow-artifacts:} URIs (or HTTP URLs of this server's artifact proxy) inside the
 * proxied artifact destination.
 */
public final class ArtifactLocations {
    /** The route under which the server proxies artifacts. */
    public static final String PROXY_ROUTE = "/api/2.0/mlflow-artifacts/artifacts";

    private final LocalArtifactRepository destination;

    /**
     * @param destination where proxied ({@code mlflow-artifacts:}) artifacts live; null when the
     *     server does not serve artifacts
     */
    public ArtifactLocations(LocalArtifactRepository destination) {
        this.destination = destination;
    }

    /** The proxied artifact destination, or null when artifacts are not served. */
    public LocalArtifactRepository destination() {
        return destination;
    }

    /**
     * The repository rooted at an artifact URI.
     *
     * @throws UnsupportedOperationException for schemes this server cannot access
     * @throws ArtifactPathException if the URI's path is unsafe
     */
    public LocalArtifactRepository forUri(String artifactUri) throws IOException {
        if (artifactUri == null || artifactUri.isEmpty()) {
            throw new UnsupportedOperationException("The run has no artifact location.");
        }
        int colon = artifactUri.indexOf(':');
        String scheme = colon > 1 ? artifactUri.substring(0, colon).toLowerCase() : "";
        switch (scheme) {
            case "":
                return new LocalArtifactRepository(Paths.get(artifactUri));
            case "file":
                return new LocalArtifactRepository(fileUriPath(artifactUri));
            case "mlflow-artifacts":
                return proxied(proxiedPath(artifactUri));
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

    private LocalArtifactRepository proxied(String path) throws IOException {
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
