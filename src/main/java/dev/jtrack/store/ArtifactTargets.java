package dev.jtrack.store;

import dev.jtrack.artifacts.ArtifactPathException;
import dev.jtrack.artifacts.ArtifactProxy;
import dev.jtrack.artifacts.ArtifactRepository;
import dev.jtrack.artifacts.HttpArtifactRepository;
import dev.jtrack.artifacts.LocalArtifactRepository;
import dev.jtrack.artifacts.S3ArtifactRepository;
import dev.jtrack.artifacts.S3Config;
import dev.jtrack.http.RestConfig;
import java.net.URI;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Where the client writes a run's artifacts, from the run's artifact URI: local paths and
 * {@code file:} URIs directly, {@code mlflow-artifacts:} and {@code http(s)} URIs through the
 * tracking server's artifact proxy, {@code s3://} URIs directly in S3 (configured from the
 * environment as MLflow's clients are: {@code MLFLOW_S3_ENDPOINT_URL}, {@code AWS_*}).
 */
public final class ArtifactTargets {
    private final RestConfig server;
    private final java.util.function.Supplier<S3Config> s3;

    /** @param server the tracking server, or null when the store is a database (no proxy) */
    public ArtifactTargets(RestConfig server) {
        this(server, S3Config::fromEnvironment);
    }

    /**
     * @param server the tracking server, or null when the store is a database (no proxy)
     * @param s3 the S3 settings, asked for only when an {@code s3://} location is used
     */
    public ArtifactTargets(RestConfig server, java.util.function.Supplier<S3Config> s3) {
        this.server = server;
        this.s3 = s3;
    }

    /** The repository at {@code artifactUri}; {@link ArtifactPathException} if it cannot be reached. */
    public ArtifactRepository forUri(String artifactUri) {
        if (artifactUri == null || artifactUri.isBlank()) {
            throw new ArtifactPathException("The run has no artifact location.");
        }
        int colon = artifactUri.indexOf(':');
        String scheme = colon > 1 ? artifactUri.substring(0, colon).toLowerCase(Locale.ROOT) : "";
        switch (scheme) {
            case "":
                return new LocalArtifactRepository(Path.of(artifactUri));
            case "file": {
                URI u = URI.create(artifactUri);
                if (u.getAuthority() != null && !u.getAuthority().isEmpty() && !"localhost".equals(u.getAuthority())) {
                    throw new ArtifactPathException("Remote file URIs are not supported: " + artifactUri);
                }
                return new LocalArtifactRepository(Path.of(u.getPath()));
            }
            case "mlflow-artifacts":
            case "http":
            case "https":
                if (server != null) {
                    return HttpArtifactRepository.forUri(proxy(server), artifactUri);
                }
                if (scheme.equals("mlflow-artifacts")) {
                    throw new ArtifactPathException("Artifact location " + artifactUri
                            + " is served by a tracking server's artifact proxy; set MLFLOW_TRACKING_URI to that server.");
                }
                // an http(s) proxy URL names its server itself; no credentials are known for it
                URI u = URI.create(artifactUri);
                return HttpArtifactRepository.forUri(proxy(RestConfig.of(u.getScheme() + "://" + u.getRawAuthority())), artifactUri);
            case "s3":
                try {
                    return S3ArtifactRepository.forUri(s3.get(), artifactUri);
                } catch (IllegalArgumentException e) {
                    if (e instanceof ArtifactPathException) throw e;
                    throw new ArtifactPathException("Cannot reach " + artifactUri + ": " + e.getMessage());
                }
            default:
                throw new ArtifactPathException("Artifact location scheme '" + scheme + "' is not supported by the"
                        + " jtrack client (" + artifactUri + "); use a local path, s3://, mlflow-artifacts: or http(s).");
        }
    }

    /** How the artifact proxy of {@code server} is reached: its root, credentials and timeouts. */
    public static ArtifactProxy proxy(RestConfig server) {
        return new ArtifactProxy(server.baseUri(), server.authorization(), server.connectTimeout(), server.readTimeout());
    }
}
