package dev.jtrack.store;

import static org.junit.jupiter.api.Assertions.fail;

import dev.jtrack.store.sql.Database;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/**
 * A throw-away schema in the PostgreSQL named by {@code JTRACK_TEST_POSTGRES_URL}. Tests that use
 * it FAIL (never skip) when the variable is unset or the server is unreachable.
 */
public final class PostgresTestDatabase implements AutoCloseable {

    /** The environment variable naming the test database. */
    public static final String ENV = "JTRACK_TEST_POSTGRES_URL";

    private final StoreUri uri;
    private final String url;
    private final String schema;
    private final Database database;

    private PostgresTestDatabase() {
        String url = System.getenv(ENV);
        if (url == null || url.isBlank()) {
            fail(ENV + " is not set; PostgreSQL tests need a real server (e.g. postgresql://jtrack:jtrack@127.0.0.1:5432/jtrack_test;"
                    + " .ci/postgres.sh starts one)");
        }
        this.url = url;
        uri = StoreUri.resolve(url);
        schema = "jt_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        try (Connection c = DriverManager.getConnection(uri.jdbcUrl(), uri.user(), uri.password());
                Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + schema);
        } catch (SQLException e) {
            fail("PostgreSQL at " + uri.display() + " is unreachable: " + e.getMessage(), e);
        }
        String sep = uri.jdbcUrl().contains("?") ? "&" : "?";
        database = Database.postgresql(uri.jdbcUrl() + sep + "currentSchema=" + schema, uri.user(), uri.password(), 8);
    }

    /** Creates a fresh schema and a {@link Database} whose connections use it. */
    public static PostgresTestDatabase create() {
        return new PostgresTestDatabase();
    }

    /**
     * The fresh schema as a tracking URI ({@code postgresql://...?currentSchema=...}), for
     * {@code jtrack server --backend-store-uri} processes that share it.
     */
    public String trackingUri() {
        return url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    }

    /** The database bound to the fresh schema. */
    public Database database() {
        return database;
    }

    /** Closes the pool and drops the schema. */
    @Override
    public void close() {
        database.close();
        try (Connection c = DriverManager.getConnection(uri.jdbcUrl(), uri.user(), uri.password());
                Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        } catch (SQLException e) {
            throw new IllegalStateException("Could not drop test schema " + schema, e);
        }
    }
}
