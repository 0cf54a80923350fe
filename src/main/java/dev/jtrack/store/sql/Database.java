package dev.jtrack.store.sql;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.jtrack.tracking.ErrorCode;
import dev.jtrack.tracking.MlflowException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.sqlite.SQLiteConfig;

/**
 * Connections and transactions for one database.
 *
 * <p>SQLite: one writer connection ({@link SqliteWriter}), so writers in this process queue instead
 * of failing with "database is locked", and concurrent writes share a commit; transactions begin
 * IMMEDIATE so a writer in another process waits on the busy timeout rather than failing on lock
 * upgrade. The writer stays in
 * auto-commit mode and each write is an explicit {@code BEGIN IMMEDIATE … COMMIT}: with JDBC's
 * manual-commit mode sqlite-jdbc opens the next transaction right after every commit, which would
 * keep the write lock for as long as the store is open and lock out every other process (a kernel
 * and {@code jtrack server} on the same file, say). WAL lets a few reader
 * connections run beside the writer. {@code synchronous=NORMAL} in WAL mode keeps every
 * committed transaction across a process crash (only an OS crash can lose the last commits).
 * WAL checkpoints run on a background thread ({@link Checkpointer}), not in the writer's commit.
 *
 * <p>PostgreSQL: a HikariCP pool; concurrency is the server's job.
 */
public final class Database implements AutoCloseable {

    private static final int SQLITE_READERS = 4;
    private static final int BUSY_TIMEOUT_MS = 60_000;

    private final Dialect dialect;
    private final String description;
    // SQLite
    private final SqliteWriter writer;
    private final BlockingQueue<Connection> readers;
    private final String sqliteUrl;
    private Checkpointer checkpointer;
    private int openedReaders;
    // PostgreSQL
    private final HikariDataSource pool;
    private volatile boolean closed;

    private Database(Dialect dialect, String description, Connection writer, String sqliteUrl, HikariDataSource pool) {
        this.dialect = dialect;
        this.description = description;
        this.writer = writer == null ? null : new SqliteWriter(writer);
        this.sqliteUrl = sqliteUrl;
        this.readers = new ArrayBlockingQueue<>(SQLITE_READERS);
        this.pool = pool;
    }

    /** Opens (creating if needed) the SQLite file at {@code file}. */
    public static Database sqlite(Path file) {
        try {
            Path abs = file.toAbsolutePath().normalize();
            if (abs.getParent() != null) {
                Files.createDirectories(abs.getParent());
            }
            String url = "jdbc:sqlite:" + abs;
            Connection raw = sqliteConfig(true).createConnection(url);
            RegexpFunction.register(raw);
            try (java.sql.Statement st = raw.createStatement()) {
                st.execute("PRAGMA wal_autocheckpoint=" + Checkpointer.BACKSTOP_PAGES);
            }
            Connection w = StatementCache.wrap(raw);
            Database db = new Database(Dialect.SQLITE, abs.toString(), w, url, null);
            db.checkpointer = new Checkpointer(url, sqliteConfig(false));
            return db;
        } catch (Exception e) {
            throw new MlflowException(ErrorCode.INTERNAL_ERROR, "Cannot open SQLite database " + file + ": " + e.getMessage(), e);
        }
    }

    private static SQLiteConfig sqliteConfig(boolean writer) {
        SQLiteConfig cfg = new SQLiteConfig();
        cfg.setJournalMode(SQLiteConfig.JournalMode.WAL);
        cfg.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
        cfg.setBusyTimeout(BUSY_TIMEOUT_MS);
        cfg.setTempStore(SQLiteConfig.TempStore.MEMORY);
        cfg.setCacheSize(-32_000);
        cfg.setTransactionMode(writer ? SQLiteConfig.TransactionMode.IMMEDIATE : SQLiteConfig.TransactionMode.DEFERRED);
        return cfg;
    }

    /** Connects to PostgreSQL with a pool of at most {@code maxPool} connections. */
    public static Database postgresql(String jdbcUrl, String user, String password, int maxPool) {
        HikariConfig cfg = new HikariConfig();
        cfg.setJdbcUrl(jdbcUrl);
        if (user != null) {
            cfg.setUsername(user);
        }
        if (password != null) {
            cfg.setPassword(password);
        }
        cfg.setMaximumPoolSize(maxPool);
        cfg.setMinimumIdle(1);
        cfg.setAutoCommit(false);
        cfg.setConnectionTimeout(10_000);
        cfg.setInitializationFailTimeout(10_000);
        cfg.setPoolName("jtrack-pg");
        // Turns JDBC batches (log-batch) into multi-row INSERTs: one round trip per batch instead of per row.
        cfg.addDataSourceProperty("reWriteBatchedInserts", "true");
        try {
            return new Database(Dialect.POSTGRESQL, jdbcUrl, null, null, new HikariDataSource(cfg));
        } catch (RuntimeException e) {
            throw new MlflowException(ErrorCode.INTERNAL_ERROR,
                    "Cannot connect to PostgreSQL at " + jdbcUrl + ": " + rootMessage(e), e);
        }
    }

    /** The dialect. */
    public Dialect dialect() {
        return dialect;
    }

    /** The file or JDBC URL, for messages. */
    public String description() {
        return description;
    }

    /** Runs {@code work} in a write transaction and commits; rolls back on any exception. */
    public <T> T write(SqlWork<T> work) {
        checkOpen();
        if (dialect == Dialect.SQLITE) {
            return writer.write(work);
        }
        for (int attempt = 1; ; attempt++) {
            try (Connection c = pool.getConnection()) {
                return inTransaction(c, work);
            } catch (SQLException e) {
                throw internal(e);
            } catch (MlflowException e) {
                // Deadlock or serialization failure between concurrent writers: the transaction was
                // rolled back, so running it again is safe.
                if (attempt >= 5 || !(e.getCause() instanceof SQLException s) || !isTransient(s)) {
                    throw e;
                }
                sleepQuietly(attempt * 10L);
            }
        }
    }

    /** SQLite writes waiting for the writer connection (for tests); 0 for PostgreSQL. */
    int queuedWrites() {
        return writer == null ? 0 : writer.queued();
    }

    private static void sleepQuietly(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Runs {@code work} in a read-only transaction. */
    public <T> T read(SqlWork<T> work) {
        checkOpen();
        if (dialect == Dialect.SQLITE) {
            Connection c = borrowReader();
            try {
                return inTransaction(c, work);
            } finally {
                readers.offer(c);
            }
        }
        try (Connection c = pool.getConnection()) {
            c.setReadOnly(true);
            try {
                return inTransaction(c, work);
            } finally {
                c.setReadOnly(false);
            }
        } catch (SQLException e) {
            throw internal(e);
        }
    }

    private Connection borrowReader() {
        Connection c = readers.poll();
        if (c != null) {
            return c;
        }
        synchronized (this) {
            if (openedReaders < SQLITE_READERS) {
                try {
                    Connection fresh = sqliteConfig(false).createConnection(sqliteUrl);
                    RegexpFunction.register(fresh);
                    Connection n = StatementCache.wrap(fresh);
                    n.setAutoCommit(false);
                    openedReaders++;
                    return n;
                } catch (SQLException e) {
                    throw internal(e);
                }
            }
        }
        try {
            c = readers.poll(BUSY_TIMEOUT_MS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MlflowException(ErrorCode.INTERNAL_ERROR, "Interrupted while waiting for a database connection");
        }
        if (c == null) {
            throw new MlflowException(ErrorCode.TEMPORARILY_UNAVAILABLE, "No database connection free");
        }
        return c;
    }

    private static <T> T inTransaction(Connection c, SqlWork<T> work) {
        try {
            T result = work.run(c);
            c.commit();
            return result;
        } catch (SQLException e) {
            rollback(c);
            throw internal(e);
        } catch (RuntimeException | Error e) {
            rollback(c);
            throw e;
        }
    }

    private static void rollback(Connection c) {
        try {
            c.rollback();
        } catch (SQLException ignored) {
            // the original failure is what matters
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new MlflowException(ErrorCode.INTERNAL_ERROR, "The store is closed");
        }
    }

    /**
     * Maps a database failure to an MLflow error: a unique-key violation (two writers racing to
     * create the same thing) is RESOURCE_ALREADY_EXISTS, a busy/serialization failure that
     * outlived the retries is TEMPORARILY_UNAVAILABLE, anything else INTERNAL_ERROR.
     */
    static MlflowException internal(SQLException e) {
        String state = e.getSQLState();
        String msg = String.valueOf(e.getMessage());
        if ("23505".equals(state) || msg.contains("UNIQUE constraint failed") || msg.contains("PRIMARY KEY constraint")) {
            return new MlflowException(ErrorCode.RESOURCE_ALREADY_EXISTS, "Conflicting concurrent write: " + msg, e);
        }
        if (isTransient(e)) {
            return new MlflowException(ErrorCode.TEMPORARILY_UNAVAILABLE, "Database busy, try again: " + msg, e);
        }
        return new MlflowException(ErrorCode.INTERNAL_ERROR, "Database error: " + msg, e);
    }

    static boolean isTransient(SQLException e) {
        String state = e.getSQLState();
        String msg = String.valueOf(e.getMessage());
        return "40001".equals(state) || "40P01".equals(state) || msg.contains("SQLITE_BUSY") || msg.contains("database is locked");
    }

    private static String rootMessage(Throwable t) {
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage();
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (dialect == Dialect.SQLITE) {
            if (checkpointer != null) {
                checkpointer.close();
            }
            try {
                Connection r;
                while ((r = readers.poll()) != null) {
                    r.close();
                }
                writer.close();
            } catch (SQLException ignored) {
                // closing: nothing left to protect
            }
        } else {
            pool.close();
        }
    }
}
