package dev.jtrack.store.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jtrack.tracking.ErrorCode;
import dev.jtrack.tracking.MlflowException;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Group commit: writes queued behind a busy writer share a transaction, and each keeps its own outcome. */
class SqliteWriterTest {

    @TempDir
    Path dir;

    @Test
    void queuedWritesCommitTogetherAndAFailedWriteLeavesNothingBehind() throws Exception {
        try (Database db = Database.sqlite(dir.resolve("w.db"))) {
            db.write(c -> Sql.update(c, "CREATE TABLE t (k TEXT PRIMARY KEY, v INTEGER NOT NULL)"));
            db.write(c -> Sql.update(c, "INSERT INTO t VALUES ('taken', 0)"));
            CountDownLatch holding = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            ExecutorService pool = Executors.newFixedThreadPool(31);
            try {
                Future<Integer> blocker = pool.submit(() -> db.write(c -> {
                    holding.countDown();
                    await(release);
                    return Sql.update(c, "INSERT INTO t VALUES ('first', 1)");
                }));
                assertTrue(holding.await(10, TimeUnit.SECONDS));
                List<Future<Integer>> writes = new ArrayList<>();
                for (int i = 0; i < 30; i++) {
                    int n = i;
                    writes.add(pool.submit(() -> db.write(c -> {
                        Sql.update(c, "INSERT INTO t VALUES (?, ?)", "k" + n, n);
                        if (n % 3 == 1) {
                            throw new MlflowException(ErrorCode.INVALID_PARAMETER_VALUE, "refused " + n);
                        }
                        if (n % 3 == 2) {
                            Sql.update(c, "INSERT INTO t VALUES ('taken', ?)", n); // unique-key violation
                        }
                        return n;
                    })));
                }
                waitUntilQueued(db, 30);
                release.countDown();
                assertEquals(1, blocker.get(10, TimeUnit.SECONDS));
                for (int i = 0; i < 30; i++) {
                    try {
                        assertEquals(i, writes.get(i).get(10, TimeUnit.SECONDS));
                        assertEquals(0, i % 3, "write " + i + " should have failed");
                    } catch (java.util.concurrent.ExecutionException e) {
                        MlflowException m = assertInstanceOf(MlflowException.class, e.getCause());
                        assertEquals(i % 3 == 1 ? ErrorCode.INVALID_PARAMETER_VALUE : ErrorCode.RESOURCE_ALREADY_EXISTS,
                                m.errorCode(), m.getMessage());
                    }
                }
            } finally {
                pool.shutdownNow();
            }
            Set<String> keys = db.read(c -> {
                Set<String> out = new HashSet<>();
                try (PreparedStatement ps = c.prepareStatement("SELECT k FROM t"); ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(rs.getString(1));
                    }
                }
                return out;
            });
            Set<String> expected = new HashSet<>(Set.of("taken", "first"));
            for (int i = 0; i < 30; i += 3) {
                expected.add("k" + i);
            }
            assertEquals(expected, keys);
        }
    }

    @Test
    void aFailedLoneWriteIsRolledBackAndTheWriterGoesOn() {
        try (Database db = Database.sqlite(dir.resolve("lone.db"))) {
            db.write(c -> Sql.update(c, "CREATE TABLE t (k TEXT PRIMARY KEY)"));
            MlflowException e = org.junit.jupiter.api.Assertions.assertThrows(MlflowException.class, () -> db.write(c -> {
                Sql.update(c, "INSERT INTO t VALUES ('half')");
                throw new MlflowException(ErrorCode.INVALID_PARAMETER_VALUE, "no");
            }));
            assertEquals("no", e.getMessage());
            db.write(c -> Sql.update(c, "INSERT INTO t VALUES ('whole')"));
            assertEquals(List.of("whole"), db.read(c -> {
                List<String> out = new ArrayList<>();
                try (PreparedStatement ps = c.prepareStatement("SELECT k FROM t"); ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(rs.getString(1));
                    }
                }
                return out;
            }));
            assertNull(db.write(c -> null));
        }
    }

    private static void waitUntilQueued(Database db, int n) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (db.queuedWrites() < n && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertEquals(n, db.queuedWrites(), "writes queued behind the busy writer");
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
