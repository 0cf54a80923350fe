package dev.jtrack.store.rest;

import dev.jtrack.http.RetryPolicy;
import dev.jtrack.http.RestConfig;
import dev.jtrack.artifacts.ArtifactLocations;
import dev.jtrack.artifacts.LocalArtifactRepository;
import dev.jtrack.server.ServerConfig;
import dev.jtrack.server.TrackingServer;
import dev.jtrack.server.auth.Authenticator;
import dev.jtrack.store.StoreUri;
import dev.jtrack.store.sql.SqlStores;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A real jtrack server in this JVM on a free loopback port, over a fresh SQLite store and an
 * artifact directory inside {@code dir}: the far end for REST-store, client-compatibility and
 * fuzz tests.
 */
final class ServerFixture implements AutoCloseable {

    private final TrackingServer server = new TrackingServer();
    private final SqlStores stores;
    private final int port;
    private Path ownedDir;

    private ServerFixture(Path dir, Authenticator auth, int port) {
        stores = SqlStores.open(StoreUri.resolve("sqlite:///" + dir.resolve("jtrack.db").toAbsolutePath()),
                "mlflow-artifacts:/");
        ServerConfig config = ServerConfig.builder(stores.tracking(), stores.registry()).traces(stores.traces())
                .artifacts(new ArtifactLocations(new LocalArtifactRepository(dir.resolve("artifacts"))))
                .authenticator(auth)
                .port(port)
                .build();
        try {
            this.port = server.start(config);
        } catch (RuntimeException e) {
            stores.close();
            throw e;
        }
    }

    /** A server over a store in a new temporary directory, deleted again by {@link #close()}. */
    static ServerFixture startInTempDir() throws IOException {
        Path dir = Files.createTempDirectory("jtrack-rest-fixture-");
        ServerFixture server = new ServerFixture(dir, null, 0);
        server.ownedDir = dir;
        return server;
    }

    static ServerFixture start(Path dir) {
        return new ServerFixture(dir, null, 0);
    }

    /** A server on a given port over the store in {@code dir} (reopened if it exists). */
    static ServerFixture start(Path dir, int port) {
        return new ServerFixture(dir, null, port);
    }

    static ServerFixture start(Path dir, Authenticator auth) {
        return new ServerFixture(dir, auth, 0);
    }

    int port() {
        return port;
    }

    String uri() {
        return "http://127.0.0.1:" + port;
    }

    /** What a REST store needs to talk to this server in a test: no retries, bounded timeouts. */
    RestConfig clientConfig() {
        return RestConfig.of(uri()).withRetry(RetryPolicy.none())
                .withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(60));
    }

    @Override
    public void close() {
        server.close();
        stores.close();
        if (ownedDir != null) {
            try (Stream<Path> paths = Files.walk(ownedDir)) {
                paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
