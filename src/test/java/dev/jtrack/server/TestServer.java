package dev.jtrack.server;

import dev.jtrack.artifacts.ArtifactLocations;
import dev.jtrack.artifacts.LocalArtifactRepository;
import dev.jtrack.server.auth.Authenticator;
import dev.jtrack.store.StoreUri;
import dev.jtrack.store.sql.SqlStores;
import java.nio.file.Path;

/** A real server on a free loopback port over a fresh SQLite store in a temp directory. */
final class TestServer implements AutoCloseable {
    private final TrackingServer server = new TrackingServer();
    private final SqlStores stores;
    private final Path artifactsDestination;
    private final int port;

    private TestServer(Path dir, Authenticator auth) {
        artifactsDestination = dir.resolve("artifacts");
        stores = SqlStores.open(StoreUri.resolve(dir.resolve("test.db").toString()), "mlflow-artifacts:/");
        ServerConfig config = ServerConfig.builder(stores.tracking(), stores.registry()).traces(stores.traces())
                .artifacts(new ArtifactLocations(new LocalArtifactRepository(artifactsDestination)))
                .authenticator(auth)
                .workers(8)
                .build();
        port = server.start(config);
    }

    static TestServer start(Path dir, Authenticator auth) {
        return new TestServer(dir, auth);
    }

    int port() {
        return port;
    }

    /** Every route the server registered ({@link TrackingServer#routes()}). */
    java.util.Set<String> routes() {
        return server.routes();
    }

    Path artifactsDestination() {
        return artifactsDestination;
    }

    @Override
    public void close() {
        server.close();
        stores.close();
    }
}
