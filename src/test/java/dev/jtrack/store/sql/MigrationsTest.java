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
            assertEquals(2, rows);
            assertEquals(2, Migrations.migrate(s.database()));
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
