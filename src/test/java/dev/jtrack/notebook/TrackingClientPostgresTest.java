package dev.jtrack.notebook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.jtrack.store.StoreUri;
import dev.jtrack.tracking.Metric;
import dev.jtrack.tracking.Run;
import dev.jtrack.tracking.RunStatus;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The client with a {@code postgresql://} tracking URI, in a throw-away schema of the server named
 * by {@code JTRACK_TEST_POSTGRES_URL}; FAILS when that is unset or unreachable.
 */
class TrackingClientPostgresTest {

    @TempDir
    Path dir;

    @Test
    void runsGoToPostgres() throws Exception {
        String url = System.getenv("JTRACK_TEST_POSTGRES_URL");
        if (url == null || url.isBlank()) {
            fail("JTRACK_TEST_POSTGRES_URL is not set; this test needs a real PostgreSQL (.ci/postgres.sh)");
        }
        StoreUri base = StoreUri.resolve(url);
        String schema = "jt_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        try (Connection c = DriverManager.getConnection(base.jdbcUrl(), base.user(), base.password());
                Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + schema);
        }
        try (TrackingClient client = TrackingClient.builder()
                .trackingUri(url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema)
                .journalDir(dir.resolve("journal")).experiment("pg").build()) {
            String id;
            try (ActiveRun run = client.startRun("pg-run")) {
                for (int i = 0; i < 20; i++) {
                    run.logMetric("m", i, i);
                }
                run.logParam("db", "postgres");
                id = run.awaitRunId(Duration.ofSeconds(60));
            }
            assertTrue(client.flush(Duration.ofSeconds(60)));
            Run stored = client.store().getRun(id);
            assertEquals(RunStatus.FINISHED, stored.info().status());
            assertEquals(20, client.store().getMetricHistory(id, "m", null, null).items().stream()
                    .map(Metric::step).distinct().count());
            assertEquals("postgres", stored.data().params().get(0).value());
        } finally {
            try (Connection c = DriverManager.getConnection(base.jdbcUrl(), base.user(), base.password());
                    Statement s = c.createStatement()) {
                s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
            }
        }
    }
}
