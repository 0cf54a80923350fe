package dev.jtrack.store;

import dev.jtrack.http.RestConfig;
import dev.jtrack.registry.RegistryStore;
import dev.jtrack.store.rest.RestRegistryStore;
import dev.jtrack.store.rest.RestTrackingStore;
import dev.jtrack.store.sql.SqlStores;
import dev.jtrack.tracking.TrackingStore;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The one factory that opens a store from a tracking URI: its tracking store, its model registry
 * (both opened on first use, closed with this) and how its runs' artifacts are reached. A database
 * (SQLite, PostgreSQL) is opened in this process; a server is reached over MLflow's REST API,
 * configured from MLflow's environment variables.
 */
public final class StoreConnection implements AutoCloseable {
    private final StoreUri uri;
    private final RestConfig rest;
    private SqlStores sql;
    private TrackingStore store;
    private RegistryStore registry;
    private boolean closed;

    private StoreConnection(StoreUri uri, RestConfig rest) {
        this.uri = uri;
        this.rest = rest;
    }

    /**
     * The store at {@code uri}; opens nothing yet.
     *
     * @param env the environment MLflow's HTTP settings are read from (credentials, timeouts, retries)
     * @param tuning adjusts the HTTP settings of a server (e.g. shorter timeouts); unused for a database
     */
    public static StoreConnection open(StoreUri uri, Map<String, String> env, UnaryOperator<RestConfig> tuning) {
        return new StoreConnection(uri, uri.isServer() ? tuning.apply(RestConfig.fromEnvironment(uri.httpUri(), env)) : null);
    }

    /** Where the store lives. */
    public StoreUri uri() {
        return uri;
    }

    /** The store, opening it now if needed (a SQLite or PostgreSQL database is migrated on open). */
    public synchronized TrackingStore store() {
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
    public synchronized RegistryStore registry() {
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

    /** How the artifact locations of this store's runs are reached (through a server's proxy when it is one). */
    public ArtifactTargets artifactTargets() {
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
