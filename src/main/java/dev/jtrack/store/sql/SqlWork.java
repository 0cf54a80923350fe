package dev.jtrack.store.sql;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * A unit of work run on a connection inside a transaction.
 *
 * @param <T> the result type
 */
@FunctionalInterface
public interface SqlWork<T> {
    /** Does the work; exceptions roll the transaction back. */
    T run(Connection c) throws SQLException;
}
