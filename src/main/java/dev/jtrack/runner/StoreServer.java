package dev.jtrack.runner;

import dev.jtrack.store.sql.SqlStores;
import java.nio.file.Path;

/**
 * Serves an open SQL store over MLflow's REST API on loopback, so several processes can write to
 * an embedded SQLite store through one. jtrack's HTTP server lives beside the runner, not below
 * it, so the entry point supplies this (see {@link EntryPoint#install}).
 */
public interface StoreServer extends AutoCloseable {
    /**
     * Starts serving {@code stores} on 127.0.0.1 on a free port.
     *
     * @param artifactRoot the local directory the store's artifacts live in
     * @return the port
     */
    int start(SqlStores stores, Path artifactRoot);

    /** Stops serving. */
    @Override
    void close();
}
