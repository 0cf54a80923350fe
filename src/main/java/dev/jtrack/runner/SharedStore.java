package dev.jtrack.runner;

import dev.jtrack.store.StoreUri;
import dev.jtrack.store.sql.SqlStores;
import java.net.URI;
import java.nio.file.Path;

/**
 * The tracking URI several processes can use at once. An embedded SQLite store is written by one
 * process at a time, so for a sweep it is served by a tracking server on loopback in this process (a {@link StoreServer})
 * and the child runs talk to it over REST (as MLflow users run {@code mlflow server} for
 * concurrent writers); PostgreSQL and server URIs are used as they are.
 */
public final class SharedStore implements AutoCloseable {
    private final String uri;
    private final SqlStores stores;
    private final StoreServer server;

    private SharedStore(String uri, SqlStores stores, StoreServer server) {
        this.uri = uri;
        this.stores = stores;
        this.server = server;
    }

    /** Shares the store {@code trackingUri} (null: the embedded default in {@code workingDir}). */
    public static SharedStore open(String trackingUri, Path workingDir) {
        StoreUri where = StoreUri.resolve(trackingUri, workingDir);
        if (!where.isEmbedded()) {
            return new SharedStore(trackingUri, null, null);
        }
        for (String logger : new String[] {"org.eclipse.jetty", "io.javalin", "com.zaxxer.hikari"}) {
            // the sweep prints its own progress; the libraries' start banners are noise here
            System.setProperty("org.slf4j.simpleLogger.log." + logger, "warn");
        }
        String artifactRoot = where.defaultArtifactRoot();
        SqlStores stores = SqlStores.open(where, artifactRoot);
        StoreServer server = EntryPoint.newStoreServer();
        try {
            int port = server.start(stores, Path.of(URI.create(artifactRoot)));
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
