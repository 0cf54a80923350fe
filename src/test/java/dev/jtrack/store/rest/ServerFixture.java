package dev.jtrack.store.rest;

import dev.jtrack.artifacts.ArtifactLocations;
import dev.jtrack.artifacts.LocalArtifactRepository;
import dev.jtrack.server.ServerConfig;
import dev.jtrack.server.TrackingServer;
import dev.jtrack.server.auth.Authenticator;
import dev.jtrack.store.StoreUri;
import dev.jtrack.store.sql.SqlStores;
import java.nio.file.Path;

/**
 * A real jtrack server in this JVM on a free loopback port, over a fresh SQLite store and an
 * artifact directory inside {@code dir}: the far end for REST-store, client-compatibility and
 * fuzz tests.
 */
final class ServerFixture implements AutoCloseable {

    private final TrackingServer server = new TrackingServer();
    private final SqlStores stores;
    private final int port;

    private ServerFixture(Path dir, Authenticator auth) {
        stores = SqlStores.open(StoreUri.resolve("sqlite:///" + dir.resolve("jtrack.db").toAbsolutePath()),
                "mlflow-artifacts:/");
        ServerConfig config = ServerConfig.builder(stores.tracking(), stores.registry())
                .artifacts(new ArtifactLocations(new LocalArtifactRepository(dir.resolve("artifacts"))))
                .authenticator(auth)
                .build();
        try {
            port = server.start(config);
        } catch (RuntimeException e) {
            stores.close();
            throw e;
        }
    }

    static ServerFixture start(Path dir) {
        return new ServerFixture(dir, null);
    }

    static ServerFixture start(Path dir, Authenticator auth) {
        return new ServerFixture(dir, auth);
    }

    String uri() {
        return "http://127.0.0.1:" + port;
    }

    @Override
    public void close() {
        server.close();
        stores.close();
    }
}
