package dev.jtrack.store.sql;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The one writer connection of a SQLite database, with group commit.
 *
 * <p>Writes queue up; whichever writer holds the lock runs every queued write in one
 * {@code BEGIN IMMEDIATE … COMMIT}, each inside its own savepoint. A write that fails is rolled
 * back to its savepoint alone and its caller gets its exception; the others commit. Every caller
 * returns only after the transaction holding its write has committed, so a write that returned is
 * as durable as with one transaction per write. The point: under concurrent writers (8 clients
 * logging single metrics, say) the cost of a commit — appending the changed pages to the WAL — is
 * shared by many writes instead of paid by each.
 *
 * <p>The connection stays in auto-commit mode between writes; see {@link Database} for why.
 */
final class SqliteWriter implements AutoCloseable {

    /** Most writes in one transaction, so one group never holds the lock for long. */
    static final int MAX_GROUP = 64;

    private final Connection connection;
    private final ReentrantLock lock = new ReentrantLock();
    private final ConcurrentLinkedQueue<PendingWrite<?>> queue = new ConcurrentLinkedQueue<>();

    SqliteWriter(Connection connection) {
        this.connection = connection;
    }

    /** Runs {@code work} in a committed write transaction (perhaps shared with other writes). */
    <T> T write(SqlWork<T> work) {
        PendingWrite<T> mine = new PendingWrite<>(work);
        queue.add(mine);
        while (!mine.done) {
            lock.lock();
            try {
                if (!mine.done) {
                    commitGroup();
                }
            } finally {
                lock.unlock();
            }
        }
        return mine.outcome();
    }

    /** Writes waiting for a transaction (for tests). */
    int queued() {
        return queue.size();
    }

    /** Drains the queue into one transaction; called with the lock held. */
    private void commitGroup() {
        List<PendingWrite<?>> group = new ArrayList<>();
        for (PendingWrite<?> w; group.size() < MAX_GROUP && (w = queue.poll()) != null; ) {
            group.add(w);
        }
        if (group.isEmpty()) {
            return;
        }
        try {
            execute("BEGIN IMMEDIATE");
        } catch (SQLException e) {
            group.forEach(w -> w.fail(Database.internal(e)));
            return;
        }
        if (group.size() == 1) {
            group.get(0).run(connection);
            if (group.get(0).failure != null) {
                rollbackQuietly();
                group.get(0).finish();
                return;
            }
        } else {
            group.forEach(this::runInSavepoint);
        }
        try {
            execute("COMMIT");
            group.forEach(PendingWrite::finish);
        } catch (SQLException e) {
            rollbackQuietly();
            RuntimeException failure = Database.internal(e);
            group.forEach(w -> w.fail(failure));
        }
    }

    private void runInSavepoint(PendingWrite<?> w) {
        try {
            execute("SAVEPOINT write");
        } catch (SQLException e) {
            w.failNow(Database.internal(e));
            return;
        }
        w.run(connection);
        try {
            if (w.failure != null) {
                execute("ROLLBACK TO write");
            }
            execute("RELEASE write");
        } catch (SQLException e) {
            // Cannot isolate this write's changes any more: fail it; COMMIT decides for the rest.
            w.failNow(Database.internal(e));
        }
    }

    private void execute(String sql) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            ps.execute();
        }
    }

    private void rollbackQuietly() {
        try {
            execute("ROLLBACK");
        } catch (SQLException ignored) {
            // the original failure is what the callers hear about; no transaction is left open either way
        }
    }

    /** Closes the connection once no write is running. */
    @Override
    public void close() throws SQLException {
        lock.lock();
        try {
            connection.close();
        } finally {
            lock.unlock();
        }
    }

    /** A queued write and, once its transaction ended, its result or failure. */
    private static final class PendingWrite<T> {
        private final SqlWork<T> work;
        private T result;
        private Throwable failure;
        private volatile boolean done;

        PendingWrite(SqlWork<T> work) {
            this.work = work;
        }

        /** Runs the work; a failure is kept for the caller (the transaction goes on for the others). */
        void run(Connection c) {
            try {
                result = work.run(c);
            } catch (SQLException e) {
                failure = Database.internal(e);
            } catch (RuntimeException | Error e) {
                failure = e;
            }
        }

        void failNow(RuntimeException e) {
            if (failure == null) {
                failure = e;
            }
        }

        /** The transaction committed: the caller gets its own result or failure. */
        void finish() {
            done = true;
        }

        /** The transaction did not commit: the caller gets {@code e} unless its own work failed first. */
        void fail(RuntimeException e) {
            failNow(e);
            result = null;
            done = true;
        }

        T outcome() {
            if (failure instanceof RuntimeException r) {
                throw r;
            }
            if (failure instanceof Error e) {
                throw e;
            }
            return result;
        }
    }
}
