package dev.jtrack.runner;

import dev.jtrack.artifacts.ArtifactLocations;
import dev.jtrack.server.ServerConfig;
import dev.jtrack.server.TrackingServer;
import dev.jtrack.store.StoreUri;
import dev.jtrack.store.sql.SqlStores;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;

/**
 * The tracking URI several processes can use at once. An embedded SQLite store is written by one
 * process at a time, so for a sweep it is served by a tracking server on loopback in this process
 * and the child runs talk to it over REST (as MLflow users run {@code mlflow server} for
 * concurrent writers); PostgreSQL and server URIs are used as they are.
 */
public final class SharedStore implements AutoCloseable {
    private final String uri;
    private final SqlStores stores;
    private final TrackingServer server;

    private SharedStore(String uri, SqlStores stores, TrackingServer server) {
        this.uri = uri;
        this.stores = stores;
        this.server = server;
    }

    /** Shares the store {@code trackingUri} (null: the embedded default in {@code workingDir}). */
    public static SharedStore open(String trackingUri, Path workingDir) {
        StoreUri where = StoreUri.resolve(trackingUri, workingDir);
        if (where.kind() != StoreUri.Kind.SQLITE) {
            return new SharedStore(trackingUri, null, null);
        }
        for (String logger : new String[] {"org.eclipse.jetty", "io.javalin", "com.zaxxer.hikari"}) {
            // the sweep prints its own progress; the libraries' start banners are noise here
            System.setProperty("org.slf4j.simpleLogger.log." + logger, "warn");
        }
        String artifactRoot = where.defaultArtifactRoot();
        SqlStores stores = SqlStores.open(where, artifactRoot);
        TrackingServer server = new TrackingServer();
        try {
            Path localRoot = Path.of(URI.create(artifactRoot));
            int port = server.start(ServerConfig.builder(stores.tracking(), stores.registry()).traces(stores.traces()).host("127.0.0.1").port(0)
                    .artifacts(new ArtifactLocations(null, List.of(localRoot))).build());
            return new SharedStore("http://127.0.0.1:" + port, stores, server);
        } catch (RuntimeException e) {
            stores.close();
            throw e;
        }
    }

    /** The URI every process of the sweep uses. */
    public String uri() {
        return uri;
    }

    @Override
    public void close() {
        if (server != null) {
            server.close();
        }
        if (stores != null) {
            stores.close();
        }
    }
}
