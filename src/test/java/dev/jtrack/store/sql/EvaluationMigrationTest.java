package dev.jtrack.store.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jtrack.store.PostgresTestDatabase;
import dev.jtrack.tracking.trace.TraceInfo;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A database written by a jtrack with schema V3 (traces, before evaluation datasets and scorers)
 * opens with this jtrack: it gains the V4 tables, the V1–V3 tables keep exactly their rows, and the
 * new stores work on it. On SQLite and on PostgreSQL.
 */
class EvaluationMigrationTest {

    private static final List<String> OLD_TABLES = List.of("experiments", "runs", "logged_models", "trace_info", "trace_tags",
            "trace_metadata", "spans", "assessments");

    @TempDir
    Path dir;

    @Test
    void anOldSqliteStoreGainsTheTablesAndKeepsItsData() {
        Path file = dir.resolve("old.db");
        try (Database db = Database.sqlite(file)) {
            fillV3(db);
        }
        check(Database.sqlite(file), true);
    }

    @Test
    void anOldPostgresStoreGainsTheTablesAndKeepsItsData() {
        try (PostgresTestDatabase pg = PostgresTestDatabase.create()) {
            fillV3(pg.database());
            check(pg.database(), false);
        }
    }

    private static void fillV3(Database db) {
        assertEquals(3, Migrations.migrate(db, 3));
        db.write(c -> {
            new ExperimentDao(db.dialect()).ensureDefault(c, 1L, "file:///tmp/old");
            try (Statement s = c.createStatement()) {
                s.execute("INSERT INTO runs (run_uuid, experiment_id, name, user_id, status, start_time, end_time, artifact_uri,"
                        + " lifecycle_stage) VALUES ('r1', 0, 'run', 'u', 'FINISHED', 1, 2, 'file:///tmp/old/0/r1/artifacts', 'active')");
                s.execute("INSERT INTO trace_info (trace_id, experiment_id, request_time, execution_duration, state)"
                        + " VALUES ('tr-1', 0, 1000, 5, 'OK')");
                s.execute("INSERT INTO trace_tags VALUES ('tr-1', 'mlflow.traceName', 'old')");
                s.execute("INSERT INTO spans (trace_id, span_id, name, status, start_time_unix_nano, end_time_unix_nano, content)"
                        + " VALUES ('tr-1', 'a1', 'old', 'OK', 1000000000, 1005000000, '{\"name\":\"old\"}')");
            }
            return null;
        });
    }

    private static void check(Database db, boolean ownsDatabase) {
        Map<String, List<String>> before = dump(db);
        try (SqlTrackingStore tracking = new SqlTrackingStore(db, "file:///tmp/old", ownsDatabase)) {
            SqlTraceStore traces = new SqlTraceStore(db);
            assertEquals(before, dump(db), "V1-V3 tables changed");
            TraceInfo old = traces.getTraceInfo("tr-1");
            assertEquals("old", old.tags().get(TraceInfo.TRACE_NAME_TAG));
            traces.linkTracesToRun(List.of("tr-1"), "r1");
            assertEquals("0", tracking.evaluation().createDataset("new", List.of("0"), Map.of()).experimentIds().get(0));
            assertEquals(1, tracking.evaluation().registerScorer("0", "judge", "{}").version());
        }
    }

    private static Map<String, List<String>> dump(Database db) {
        return db.read(c -> {
            Map<String, List<String>> out = new TreeMap<>();
            for (String table : OLD_TABLES) out.put(table, rows(c, table));
            return out;
        });
    }

    private static List<String> rows(Connection c, String table) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT * FROM " + table)) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                StringBuilder row = new StringBuilder();
                for (int i = 1; i <= n; i++) row.append(rs.getString(i)).append('|');
                rows.add(row.toString());
            }
        }
        rows.sort(null);
        return rows;
    }
}
