package dev.jtrack.store.sql;

import dev.jtrack.tracking.ErrorCode;
import dev.jtrack.tracking.MlflowException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Our own small migration runner: the ordered SQL files listed in
 * {@code db/<dialect>/migrations.txt}, each applied once in its own transaction and recorded in
 * {@code schema_version}.
 *
 * <p>Why not Flyway: it adds several MB and hundreds of ms of classpath scanning to every start,
 * and the server must start in under a second; a list of files and one table do the job.
 */
public final class Migrations {

    private Migrations() {}

    /** Applies every pending migration; returns the schema version afterwards. */
    public static int migrate(Database db) {
        return migrate(db, list(db.dialect()).size());
    }

    /** Applies pending migrations up to version {@code target} (tests make old schemas with it). */
    static int migrate(Database db, int target) {
        List<String> files = list(db.dialect()).subList(0, target);
        return db.write(c -> {
            lock(c, db.dialect());
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY,"
                        + " script TEXT NOT NULL, applied_time BIGINT NOT NULL)");
            }
            int current = currentVersion(c);
            for (int i = current; i < files.size(); i++) {
                String file = files.get(i);
                for (String stmt : statements(read(db.dialect(), file))) {
                    try (Statement s = c.createStatement()) {
                        s.execute(stmt);
                    } catch (SQLException e) {
                        throw new SQLException("Migration " + file + " failed at: " + stmt + ": " + e.getMessage(), e);
                    }
                }
                try (PreparedStatement ps = c.prepareStatement(
                        "INSERT INTO schema_version (version, script, applied_time) VALUES (?, ?, ?)")) {
                    ps.setInt(1, i + 1);
                    ps.setString(2, file);
                    ps.setLong(3, System.currentTimeMillis());
                    ps.executeUpdate();
                }
            }
            if (current > files.size()) {
                throw new MlflowException(ErrorCode.INTERNAL_ERROR, "The database schema (version " + current
                        + ") is newer than this jtrack (version " + files.size() + "); upgrade jtrack");
            }
            return files.size();
        });
    }

    private static void lock(Connection c, Dialect d) throws SQLException {
        if (d == Dialect.POSTGRESQL) {
            // Serialises concurrent first starts against one database.
            try (Statement s = c.createStatement()) {
                s.execute("SELECT pg_advisory_xact_lock(7226152)");
            }
        }
    }

    private static int currentVersion(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT MAX(version) FROM schema_version")) {
            return rs.next() ? rs.getInt(1) : 0;
        }
    }

    private static List<String> list(Dialect d) {
        List<String> out = new ArrayList<>();
        for (String line : read(d, "migrations.txt").split("\n")) {
            String l = line.strip();
            if (!l.isEmpty() && !l.startsWith("#")) {
                out.add(l);
            }
        }
        return out;
    }

    private static String read(Dialect d, String file) {
        String path = "/db/" + d.resourceDir() + "/" + file;
        try (InputStream in = Migrations.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new MlflowException(ErrorCode.INTERNAL_ERROR, "Missing migration resource " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new MlflowException(ErrorCode.INTERNAL_ERROR, "Cannot read " + path, e);
        }
    }

    /** Splits a script on ';' at line ends, dropping '--' comment lines. */
    static List<String> statements(String script) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        for (String line : script.split("\n")) {
            String t = line.strip();
            if (t.startsWith("--") || t.isEmpty()) {
                continue;
            }
            cur.append(line).append('\n');
            if (t.endsWith(";")) {
                String stmt = cur.toString().strip();
                out.add(stmt.substring(0, stmt.length() - 1));
                cur.setLength(0);
            }
        }
        if (!cur.toString().isBlank()) {
            out.add(cur.toString().strip());
        }
        return out;
    }
}
