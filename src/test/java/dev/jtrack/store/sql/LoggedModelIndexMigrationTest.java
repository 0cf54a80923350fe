package dev.jtrack.store.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jtrack.store.PostgresTestDatabase;
import dev.jtrack.tracking.LoggedModel;
import dev.jtrack.tracking.LoggedModelSearch;
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
 * A database written by a jtrack with schema V4 (logged models, before the search indexes of V5)
 * opens with this jtrack: it gains the indexes, its logged-model rows stay exactly as they were,
 * and a filtered search finds the old models. On SQLite and on PostgreSQL.
 */
class LoggedModelIndexMigrationTest {

    private static final List<String> TABLES = List.of("logged_models", "logged_model_params", "logged_model_tags");

    @TempDir
    Path dir;

    @Test
    void anOldSqliteStoreGainsTheIndexesAndKeepsItsModels() {
        Path file = dir.resolve("old.db");
        try (Database db = Database.sqlite(file)) {
            fillV4(db);
        }
        check(Database.sqlite(file), true);
    }

    @Test
    void anOldPostgresStoreGainsTheIndexesAndKeepsItsModels() {
        try (PostgresTestDatabase pg = PostgresTestDatabase.create()) {
            fillV4(pg.database());
            check(pg.database(), false);
        }
    }

    private static void fillV4(Database db) {
        assertEquals(4, Migrations.migrate(db, 4));
        db.write(c -> {
            new ExperimentDao(db.dialect()).ensureDefault(c, 1L, "file:///tmp/old");
            try (Statement s = c.createStatement()) {
                for (int i = 0; i < 3; i++) {
                    s.execute("INSERT INTO logged_models (model_id, experiment_id, name, artifact_location, creation_timestamp_ms,"
                            + " last_updated_timestamp_ms, status, lifecycle_stage) VALUES ('m-" + i + "', 0, 'model" + i
                            + "', 'file:///tmp/old/0/models/m-" + i + "/artifacts', " + i + ", " + i + ", 2, 'active')");
                    s.execute("INSERT INTO logged_model_params VALUES ('m-" + i + "', 'alpha', '" + (i % 2) + "')");
                    s.execute("INSERT INTO logged_model_tags VALUES ('m-" + i + "', 'team', 'team" + i + "')");
                }
            }
            return null;
        });
    }

    private static void check(Database db, boolean ownsDatabase) {
        Map<String, List<String>> before = dump(db);
        try (SqlTrackingStore tracking = new SqlTrackingStore(db, "file:///tmp/old", ownsDatabase)) {
            assertEquals(before, dump(db), "the logged-model tables changed");
            assertEquals(5, Migrations.migrate(db), "V5 applied");
            List<String> found = tracking.loggedModels().searchLoggedModels(new LoggedModelSearch(List.of("0"),
                    "params.alpha = '0' AND tags.team LIKE 'team%'", List.of(), 10,
                    List.of(new LoggedModelSearch.Order("name", true, null, null)), null)).items().stream()
                    .map(LoggedModel::name).toList();
            assertEquals(List.of("model0", "model2"), found);
        }
    }

    private static Map<String, List<String>> dump(Database db) {
        return db.read(c -> {
            Map<String, List<String>> out = new TreeMap<>();
            for (String table : TABLES) out.put(table, rows(c, table));
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
