package dev.jtrack.server;

import dev.jtrack.artifacts.ArtifactLocations;
import dev.jtrack.artifacts.LocalArtifactRepository;
import dev.jtrack.server.auth.Authenticator;
import dev.jtrack.store.sql.Database;
import dev.jtrack.store.sql.SqlTrackingStore;
import java.nio.file.Path;

/** A real server on a free loopback port over a fresh SQLite store in a temp directory. */
final class TestServer implements AutoCloseable {
    private final TrackingServer server = new TrackingServer();
    private final SqlTrackingStore tracking;
    private final Path artifactsDestination;
    private final int port;

    private TestServer(Path dir, Authenticator auth) {
        artifactsDestination = dir.resolve("artifacts");
        tracking = new SqlTrackingStore(Database.sqlite(dir.resolve("test.db")), "mlflow-artifacts:/", true);
        ServerConfig config = ServerConfig.builder(tracking, null)
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

    Path artifactsDestination() {
        return artifactsDestination;
    }

    @Override
    public void close() {
        server.close();
        tracking.close();
    }
}
