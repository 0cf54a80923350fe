package dev.jtrack.server;

import dev.jtrack.artifacts.ArtifactLocations;
import dev.jtrack.registry.RegistryStore;
import dev.jtrack.server.auth.Authenticator;
import dev.jtrack.tracking.TrackingStore;
import dev.jtrack.tracking.trace.TraceStore;
import java.util.Objects;

/**
 * What a {@link TrackingServer} serves and how. Build with {@link #builder(TrackingStore, RegistryStore)}.
 *
 * @param host the interface to bind
 * @param port the port; 0 picks a free one
 * @param workers request threads
 * @param tracking the tracking store (not closed by the server)
 * @param registry the model registry store (not closed by the server), or null for a tracking-only
 *     server whose registry endpoints answer ENDPOINT_NOT_FOUND
 * @param artifacts resolves artifact URIs; its destination is served by the artifact proxy
 * @param authenticator checks credentials, or null for an open server
 * @param maxBodyBytes the largest JSON request body accepted
 * @param traces the trace store (not closed by the server), or null for a server whose tracing
 *     endpoints answer ENDPOINT_NOT_FOUND
 */
public record ServerConfig(
        String host,
        int port,
        int workers,
        TrackingStore tracking,
        RegistryStore registry,
        ArtifactLocations artifacts,
        Authenticator authenticator,
        long maxBodyBytes,
        TraceStore traces) {

    /** Default cap on JSON request bodies: far above MLflow's largest legal log-batch. */
    public static final long DEFAULT_MAX_BODY_BYTES = 16L * 1024 * 1024;

    public ServerConfig {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(tracking, "tracking");
        Objects.requireNonNull(artifacts, "artifacts");
        if (port < 0 || port > 65535) throw new IllegalArgumentException("port out of range: " + port);
        if (workers < 1) throw new IllegalArgumentException("workers must be at least 1");
        if (maxBodyBytes < 1) throw new IllegalArgumentException("maxBodyBytes must be positive");
    }

    /** Default number of request threads: enough to keep the cores and the store busy. */
    public static int defaultWorkers() {
        return Math.max(8, Runtime.getRuntime().availableProcessors() * 4);
    }

    public static Builder builder(TrackingStore tracking, RegistryStore registry) {
        return new Builder(tracking, registry);
    }

    /** Builder with defaults: 127.0.0.1, a free port, {@link #defaultWorkers()}, no artifact proxy, no auth. */
    public static final class Builder {
        private final TrackingStore tracking;
        private final RegistryStore registry;
        private String host = "127.0.0.1";
        private int port = 0;
        private int workers = defaultWorkers();
        private ArtifactLocations artifacts = new ArtifactLocations(null);
        private Authenticator authenticator;
        private long maxBodyBytes = DEFAULT_MAX_BODY_BYTES;
        private TraceStore traces;

        private Builder(TrackingStore tracking, RegistryStore registry) {
            this.tracking = tracking;
            this.registry = registry;
        }

        public Builder host(String host) { this.host = host; return this; }
        public Builder port(int port) { this.port = port; return this; }
        public Builder workers(int workers) { this.workers = workers; return this; }
        public Builder artifacts(ArtifactLocations artifacts) { this.artifacts = artifacts; return this; }
        public Builder authenticator(Authenticator authenticator) { this.authenticator = authenticator; return this; }
        public Builder maxBodyBytes(long maxBodyBytes) { this.maxBodyBytes = maxBodyBytes; return this; }
        /** Serves MLflow 3 tracing (REST and OTLP) from this store. */
        public Builder traces(TraceStore traces) { this.traces = traces; return this; }

        public ServerConfig build() {
            return new ServerConfig(host, port, workers, tracking, registry, artifacts, authenticator, maxBodyBytes, traces);
        }
    }
}
