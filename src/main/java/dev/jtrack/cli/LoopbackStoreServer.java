package dev.jtrack.cli;

import dev.jtrack.artifacts.ArtifactLocations;
import dev.jtrack.runner.StoreServer;
import dev.jtrack.server.ServerConfig;
import dev.jtrack.server.TrackingServer;
import dev.jtrack.store.sql.SqlStores;
import java.nio.file.Path;
import java.util.List;

/** The runner's {@link StoreServer}: jtrack's tracking server on 127.0.0.1, artifacts from the local root. */
final class LoopbackStoreServer implements StoreServer {
    private final TrackingServer server = new TrackingServer();

    @Override
    public int start(SqlStores stores, Path artifactRoot) {
        return server.start(ServerConfig.builder(stores.tracking(), stores.registry()).traces(stores.traces())
                .host("127.0.0.1").port(0).artifacts(new ArtifactLocations(null, List.of(artifactRoot))).build());
    }

    @Override
    public void close() {
        server.close();
    }
}
