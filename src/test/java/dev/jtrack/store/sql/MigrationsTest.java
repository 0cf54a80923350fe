package dev.jtrack.store.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jtrack.tracking.MlflowException;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MigrationsTest {

    @TempDir
    Path dir;

    @Test
    void appliesOnceAndKeepsData() {
        Path file = dir.resolve("m.db");
        String id;
        try (SqlTrackingStore s = new SqlTrackingStore(Database.sqlite(file), "file:///tmp/a", true)) {
            id = s.createExperiment("kept", null, List.of());
        }
        try (SqlTrackingStore s = new SqlTrackingStore(Database.sqlite(file), "file:///tmp/a", true)) {
            assertEquals("kept", s.getExperiment(id).name());
            int rows = s.database().read(c -> {
                try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM schema_version")) {
                    rs.next();
                    return rs.getInt(1);
                }
            });
            assertEquals(rows, Migrations.migrate(s.database()), "one row per migration, none applied twice");
        }
    }

    /** Issue #11: a store made before tracing (V1 only) opens, gains the trace tables and keeps its data as it was. */
    @Test
    void aStoreFromBeforeTracingGainsTheTraceTablesAndKeepsItsData() throws Exception {
        Path file = dir.resolve("old.db");
        try (Database db = Database.sqlite(file)) {
            String v1;
            try (var in = Migrations.class.getResourceAsStream("/db/sqlite/V1__tracking_and_registry.sql")) {
                v1 = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            }
            db.write(c -> {
                try (Statement st = c.createStatement()) {
                    st.execute("CREATE TABLE schema_version (version INTEGER PRIMARY KEY, script TEXT NOT NULL, applied_time BIGINT NOT NULL)");
                    for (String stmt : Migrations.statements(v1)) st.execute(stmt);
                    st.execute("INSERT INTO schema_version VALUES (1, 'V1__tracking_and_registry.sql', 0)");
                    st.execute("INSERT INTO experiments (name, artifact_location, lifecycle_stage, creation_time, last_update_time)"
                            + " VALUES ('old', '/somewhere', 'active', 5, 6)");
                }
                return null;
            });
        }
        try (SqlStores stores = SqlStores.open(dev.jtrack.store.StoreUri.resolve("sqlite:///" + file), null)) {
            var e = stores.tracking().getExperimentByName("old");
            assertEquals("/somewhere", e.artifactLocation());
            assertEquals(5, e.creationTime());
            var info = stores.traces().startTrace(new dev.jtrack.tracking.trace.TraceInfo("tr-1", e.experimentId(), 1, 2L,
                    dev.jtrack.tracking.trace.TraceState.OK, null, null, null, java.util.Map.of(), java.util.Map.of(), List.of()));
            assertEquals("/somewhere/traces/tr-1/artifacts", info.tags().get("mlflow.artifactLocation"));
        }
    }

    @Test
    void refusesANewerSchema() {
        Path file = dir.resolve("new.db");
        try (Database db = Database.sqlite(file)) {
            Migrations.migrate(db);
            db.write(c -> {
                try (Statement st = c.createStatement()) {
                    st.execute("INSERT INTO schema_version (version, script, applied_time) VALUES (99, 'future.sql', 0)");
                }
                return null;
            });
        }
        try (Database db = Database.sqlite(file)) {
            MlflowException e = assertThrows(MlflowException.class, () -> Migrations.migrate(db));
            assertTrue(e.getMessage().contains("newer"), e.getMessage());
        }
    }

    @Test
    void splitsStatementsAndDropsComments() {
        assertEquals(List.of("CREATE TABLE a (x INT)", "CREATE INDEX i ON a (x)"),
                Migrations.statements("-- comment\nCREATE TABLE a (x INT);\n\nCREATE INDEX i ON a (x);\n"));
    }
}
