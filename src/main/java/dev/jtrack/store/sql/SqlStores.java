package dev.jtrack.store.sql;

import dev.jtrack.store.StoreUri;
import dev.jtrack.tracking.MlflowException;

/**
 * A tracking store and a registry store sharing one database, opened from a {@link StoreUri}.
 * Closing this closes the database.
 */
public final class SqlStores implements AutoCloseable {

    private final Database database;
    private final SqlTrackingStore tracking;
    private final SqlRegistryStore registry;
    private final SqlTraceStore traces;

    private SqlStores(Database database, String artifactRoot) {
        this.database = database;
        try {
            this.tracking = new SqlTrackingStore(database, artifactRoot, false);
            this.registry = new SqlRegistryStore(database, false);
            this.traces = new SqlTraceStore(database);
        } catch (RuntimeException e) {
            database.close();
            throw e;
        }
    }

    /**
     * Opens the SQL stores at {@code uri} (SQLite or PostgreSQL), migrating the schema.
     *
     * @param uri where the database lives
     * @param defaultArtifactRoot overrides the URI's default artifact root, or null
     */
    public static SqlStores open(StoreUri uri, String defaultArtifactRoot) {
        String root = defaultArtifactRoot != null ? defaultArtifactRoot : uri.defaultArtifactRoot();
        return switch (uri.kind()) {
            case SQLITE -> new SqlStores(Database.sqlite(uri.sqliteFile()), root);
            case POSTGRESQL -> new SqlStores(Database.postgresql(uri.jdbcUrl(), uri.user(), uri.password(), 16), root);
            case REST -> throw MlflowException.invalidParameter(
                    "%s is a REST tracking server, not a SQL database", uri.httpUri());
        };
    }

    /** The tracking store. */
    public SqlTrackingStore tracking() {
        return tracking;
    }

    /** The model registry store. */
    public SqlRegistryStore registry() {
        return registry;
    }

    /** The trace store (MLflow 3 tracing). */
    public SqlTraceStore traces() {
        return traces;
    }

    /** The shared database. */
    public Database database() {
        return database;
    }

    @Override
    public void close() {
        database.close();
    }
}
