package dev.jtrack.notebook;

import dev.jtrack.recorder.ArtifactTargets;
import dev.jtrack.registry.RegistryStore;
import dev.jtrack.store.rest.RestRegistryStore;
import dev.jtrack.store.StoreUri;
import dev.jtrack.http.RestConfig;
import dev.jtrack.store.rest.RestTrackingStore;
import dev.jtrack.http.RetryPolicy;
import dev.jtrack.store.sql.SqlStores;
import dev.jtrack.tracking.TrackingStore;
import java.time.Duration;

/** The store a {@link TrackingClient} talks to, opened on first use and closed with the client. */
final class StoreConnection implements AutoCloseable {
    private final StoreUri uri;
    private final RestConfig rest;
    private SqlStores sql;
    private TrackingStore store;
    private RegistryStore registry;
    private boolean closed;

    StoreConnection(StoreUri uri) {
        this.uri = uri;
        this.rest = uri.kind() == StoreUri.Kind.REST
                ? RestConfig.fromEnvironment(uri.httpUri(), Env.all())
                        // the recorder retries on its own; keep single calls short
                        .withRetry(new RetryPolicy(2, Duration.ofMillis(200), Duration.ofSeconds(1), Duration.ofSeconds(5)))
                        .withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(60))
                : null;
    }

    StoreUri uri() {
        return uri;
    }

    /** The store, opening it now if needed (a SQLite or PostgreSQL database is migrated on open). */
    synchronized TrackingStore store() {
        if (closed) {
            throw new IllegalStateException("the tracking client is closed");
        }
        if (store == null) {
            if (rest != null) {
                store = new RestTrackingStore(rest);
            } else {
                sql = SqlStores.open(uri, null);
                store = sql.tracking();
            }
        }
        return store;
    }

    /** The model registry of the same store, opened on first use. */
    synchronized RegistryStore registry() {
        if (registry == null) {
            if (rest != null) {
                if (closed) {
                    throw new IllegalStateException("the tracking client is closed");
                }
                registry = new RestRegistryStore(rest);
            } else {
                store();
                registry = sql.registry();
            }
        }
        return registry;
    }

    /** How the client reaches artifact locations of this store's runs. */
    ArtifactTargets artifactTargets() {
        return new ArtifactTargets(rest);
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (registry != null && sql == null) {
            registry.close();
        }
        if (sql != null) {
            sql.close();
        } else if (store != null) {
            store.close();
        }
    }
}
