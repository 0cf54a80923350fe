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
import java.util.concurrent.locks.ReentrantLock;
import org.sqlite.SQLiteConfig;

/**
 * Connections and transactions for one database.
 *
 * <p>SQLite: one writer connection behind a fair lock, so writers in this process queue instead
 * of failing with "database is locked"; transactions begin IMMEDIATE so a writer in another
 * process waits on the busy timeout rather than failing on lock upgrade. WAL lets a few reader
 * connections run beside the writer. {@code synchronous=NORMAL} in WAL mode keeps every
 * committed transaction across a process crash (only an OS crash can lose the last commits).
 *
 * <p>PostgreSQL: a HikariCP pool; concurrency is the server's job.
 */
public final class Database implements AutoCloseable {

    private static final int SQLITE_READERS = 4;
    private static final int BUSY_TIMEOUT_MS = 60_000;

    private final Dialect dialect;
    private final String description;
    // SQLite
    private final Connection writer;
    private final ReentrantLock writeLock = new ReentrantLock(true);
    private final BlockingQueue<Connection> readers;
    private final String sqliteUrl;
    private int openedReaders;
    // PostgreSQL
    private final HikariDataSource pool;
    private volatile boolean closed;

    private Database(Dialect dialect, String description, Connection writer, String sqliteUrl, HikariDataSource pool) {
        this.dialect = dialect;
        this.description = description;
        this.writer = writer;
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
            Connection w = StatementCache.wrap(sqliteConfig(true).createConnection(url));
            w.setAutoCommit(false);
            return new Database(Dialect.SQLITE, abs.toString(), w, url, null);
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
            writeLock.lock();
            try {
                return inTransaction(writer, work);
            } finally {
                writeLock.unlock();
            }
        }
        try (Connection c = pool.getConnection()) {
            return inTransaction(c, work);
        } catch (SQLException e) {
            throw internal(e);
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
                    Connection n = StatementCache.wrap(sqliteConfig(false).createConnection(sqliteUrl));
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

    static MlflowException internal(SQLException e) {
        return new MlflowException(ErrorCode.INTERNAL_ERROR, "Database error: " + e.getMessage(), e);
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
            writeLock.lock();
            try {
                Connection r;
                while ((r = readers.poll()) != null) {
                    r.close();
                }
                writer.close();
            } catch (SQLException ignored) {
                // closing: nothing left to protect
            } finally {
                writeLock.unlock();
            }
        } else {
            pool.close();
        }
    }
}
