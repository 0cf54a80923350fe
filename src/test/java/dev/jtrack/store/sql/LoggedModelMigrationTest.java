package dev.jtrack.store.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jtrack.store.PostgresTestDatabase;
import dev.jtrack.tracking.LoggedModel;
import dev.jtrack.tracking.Param;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A database written by a jtrack with schema V1 only (before logged models) opens with this
 * jtrack: it gains the V2 tables, every V1 table keeps exactly its rows and columns, and logged
 * models work on it. On SQLite and on PostgreSQL.
 */
class LoggedModelMigrationTest {

    private static final List<String> V1_TABLES = List.of("experiments", "experiment_tags", "runs", "metrics", "latest_metrics",
            "params", "tags", "datasets", "inputs", "input_tags", "registered_models", "registered_model_tags", "model_versions",
            "model_version_tags", "registered_model_aliases");

    @TempDir
    Path dir;

    @Test
    void anOldSqliteStoreGainsTheTablesAndKeepsItsData() {
        Path file = dir.resolve("old.db");
        try (Database db = Database.sqlite(file)) {
            fillV1(db);
        }
        check(Database.sqlite(file), true);
    }

    @Test
    void anOldPostgresStoreGainsTheTablesAndKeepsItsData() {
        try (PostgresTestDatabase pg = PostgresTestDatabase.create()) {
            fillV1(pg.database());
            check(pg.database(), false);
        }
    }

    /** Schema V1 only, then data written through the stores of that schema. */
    private static void fillV1(Database db) {
        assertEquals(1, Migrations.migrate(db, 1));
        db.write(c -> {
            new ExperimentDao(db.dialect()).ensureDefault(c, 1L, "file:///tmp/old");
            return null;
        });
        // The stores' constructors would migrate to V2, so V1 data is written with SQL as a V1 jtrack stored it.
        db.write(c -> {
            try (Statement s = c.createStatement()) {
                s.execute("INSERT INTO experiments (name, artifact_location, lifecycle_stage, creation_time, last_update_time)"
                        + " VALUES ('old-exp', 'file:///tmp/old/1', 'active', 10, 11)");
                s.execute("INSERT INTO experiment_tags VALUES (1, 'k', 'v')");
                s.execute("INSERT INTO runs (run_uuid, experiment_id, name, user_id, status, start_time, end_time, artifact_uri,"
                        + " lifecycle_stage) VALUES ('r1', 1, 'run', 'u', 'FINISHED', 1, 2, 'file:///tmp/old/1/r1/artifacts', 'active')");
                s.execute("INSERT INTO metrics VALUES ('r1', 'loss', 0, 5, 0.5, 0)");
                s.execute("INSERT INTO latest_metrics VALUES ('r1', 'loss', 0.5, 5, 0, 0)");
                s.execute("INSERT INTO params VALUES ('r1', 'lr', '0.1')");
                s.execute("INSERT INTO tags VALUES ('r1', 'mlflow.runName', 'run')");
                s.execute("INSERT INTO registered_models VALUES ('old-model', 1, 2, 'desc')");
                s.execute("INSERT INTO model_versions (name, version, creation_time, last_updated_time, current_stage, source,"
                        + " run_id, status) VALUES ('old-model', 1, 1, 2, 'None', 'runs:/r1/model', 'r1', 'READY')");
                s.execute("INSERT INTO registered_model_aliases VALUES ('old-model', 'champion', 1)");
            }
            return null;
        });
    }

    private static void check(Database db, boolean ownsDatabase) {
        Map<String, List<String>> before = dump(db);
        try (SqlTrackingStore tracking = new SqlTrackingStore(db, "file:///tmp/old", ownsDatabase)) {
            SqlRegistryStore registry = new SqlRegistryStore(db, false);
            assertEquals(before, dump(db), "V1 tables changed");
            // the old data reads as before, and logged models work beside it
            assertEquals("old-exp", tracking.getExperiment("1").name());
            assertEquals(List.of(new Param("lr", "0.1")), tracking.getRun("r1").data().params());
            assertEquals("1", registry.getModelVersionByAlias("old-model", "champion").version());
            LoggedModel m = tracking.loggedModels().createLoggedModel("1", "new", null, "r1", Map.of(), Map.of());
            assertEquals("file:///tmp/old/1/models/" + m.modelId() + "/artifacts", m.artifactLocation());
            assertTrue(dump(db).get("runs").equals(before.get("runs")));
        }
    }

    /** Every V1 table's columns and rows, in a stable order. */
    private static Map<String, List<String>> dump(Database db) {
        return db.read(c -> {
            Map<String, List<String>> out = new TreeMap<>();
            for (String table : V1_TABLES) out.put(table, rows(c, table));
            return out;
        });
    }

    private static List<String> rows(Connection c, String table) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT * FROM " + table)) {
            ResultSetMetaData md = rs.getMetaData();
            StringBuilder header = new StringBuilder("columns:");
            for (int i = 1; i <= md.getColumnCount(); i++) header.append(' ').append(md.getColumnName(i).toLowerCase());
            rows.add(header.toString());
            while (rs.next()) {
                StringBuilder row = new StringBuilder();
                for (int i = 1; i <= md.getColumnCount(); i++) row.append(rs.getString(i)).append('|');
                rows.add(row.toString());
            }
        }
        rows.subList(1, rows.size()).sort(null);
        return rows;
    }
}
