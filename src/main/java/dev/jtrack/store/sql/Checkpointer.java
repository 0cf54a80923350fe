package dev.jtrack.store.sql;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.sqlite.SQLiteConfig;

/**
 * Moves SQLite's WAL checkpoints off the write path. A checkpoint copies WAL pages into the
 * database file and fsyncs both; run by the committing writer (SQLite's default, every 1000
 * pages) it stalls that write for as long as the disk takes to sync, which on a busy disk is
 * hundreds of milliseconds. Here a daemon thread with its own connection runs PASSIVE
 * checkpoints every {@value #PERIOD_MS} ms; PASSIVE never blocks writers or readers. The writer
 * keeps a large automatic checkpoint threshold as a backstop should this thread fall behind.
 * Durability is unchanged: a committed transaction is in the WAL before the commit returns.
 */
final class Checkpointer implements AutoCloseable {

    static final int PERIOD_MS = 500;
    /** The writer's own checkpoint threshold in pages (about 64 MB of WAL). */
    static final int BACKSTOP_PAGES = 16_000;

    private final Connection connection;
    private final ScheduledExecutorService timer;

    Checkpointer(String url, SQLiteConfig config) throws SQLException {
        this.connection = config.createConnection(url);
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "jtrack-sqlite-checkpoint");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(this::checkpoint, PERIOD_MS, PERIOD_MS, TimeUnit.MILLISECONDS);
    }

    private void checkpoint() {
        try (Statement s = connection.createStatement()) {
            s.execute("PRAGMA wal_checkpoint(PASSIVE)");
        } catch (SQLException e) {
            // Busy or closing: the next round (or the writer's backstop) checkpoints instead.
        }
    }

    @Override
    public void close() {
        timer.shutdown();
        try {
            timer.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        checkpoint();
        try {
            connection.close();
        } catch (SQLException ignored) {
            // closing
        }
    }
}
