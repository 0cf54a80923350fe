package dev.jtrack.artifacts;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * How to reach a tracking server's artifact proxy: the server's root, the {@code Authorization}
 * header to send and the timeouts.
 *
 * @param baseUri server root, e.g. {@code http://127.0.0.1:5000} (any path prefix is kept)
 * @param authorization the {@code Authorization} header value, or {@code null}
 * @param connectTimeout TCP connect timeout
 * @param readTimeout timeout for one request/response exchange (also used for writing)
 */
public record ArtifactProxy(URI baseUri, String authorization, Duration connectTimeout, Duration readTimeout) {
    /** Checks the required parts. */
    public ArtifactProxy {
        Objects.requireNonNull(baseUri, "baseUri");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(readTimeout, "readTimeout");
    }

    /** The same credentials and timeouts for another server root. */
    public ArtifactProxy withBase(URI base) {
        return new ArtifactProxy(base, authorization, connectTimeout, readTimeout);
    }
}
