package dev.jtrack.store.importer;

import dev.jtrack.store.sql.Database;
import dev.jtrack.store.sql.Dialect;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Writes imported units into a jtrack database with the source's ids. The only writer that sets
 * ids itself, so it lives here, beside the importer, not in the stores' public surface. A row
 * whose identity is already there is compared ({@link Table#compared}): equal means already
 * imported (nothing written), different is a collision (nothing of that unit written).
 */
final class JtrackDestination {
    /** What happened to one row. */
    enum Outcome { INSERTED, PRESENT, COLLISION }

    /** The outcome of one unit: its rows' outcomes, or the collision that stopped it. */
    record Result(Map<Unit.Row, Outcome> rows, String collision) {
        boolean collided() {
            return collision != null;
        }
    }

    private final Database db;

    JtrackDestination(Database db) {
        this.db = db;
    }

    /** Writes {@code unit} in one transaction, each row inserted unless present or colliding. */
    Result write(Unit unit) {
        return db.write(c -> {
            Map<Unit.Row, Outcome> outcomes = new LinkedHashMap<>();
            for (Unit.Row row : unit.rows) {
                String clash = clash(c, row);
                if (clash == null && row.table() == Table.EXPERIMENTS) {
                    clash = nameTaken(c, row);
                }
                if (clash != null) {
                    if (row == unit.head()) {
                        return new Result(Map.of(row, Outcome.COLLISION), unit.description + ": " + clash);
                    }
                    outcomes.put(row, Outcome.COLLISION);
                    continue;
                }
                outcomes.put(row, insert(c, row) ? Outcome.INSERTED : Outcome.PRESENT);
            }
            List<String> clashes = new ArrayList<>();
            outcomes.forEach((row, o) -> {
                if (o == Outcome.COLLISION) {
                    clashes.add(row.table().sqlName + " " + keyOf(row));
                }
            });
            return new Result(outcomes, clashes.isEmpty() ? null : unit.description + ": differs in the destination: " + clashes);
        });
    }

    /** The destination's artifact location of experiment {@code id}, or null when it has none. */
    String experimentLocation(long id) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT artifact_location FROM experiments WHERE experiment_id = ?")) {
                ps.setLong(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? rs.getString(1) : null;
                }
            }
        });
    }

    /** After ids were given explicitly, PostgreSQL's experiment id sequence continues after the largest. */
    void advanceSequences() {
        if (db.dialect() != Dialect.POSTGRESQL) {
            return; // SQLite's AUTOINCREMENT follows explicit ids by itself
        }
        db.write(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT setval(pg_get_serial_sequence('experiments', 'experiment_id'),"
                    + " GREATEST((SELECT MAX(experiment_id) FROM experiments), 1))")) {
                ps.executeQuery().close();
            }
            return null;
        });
    }

    /** Null when the row's identity is free or holds equal values; otherwise what differs. */
    private static String clash(Connection c, Unit.Row row) throws SQLException {
        Table t = row.table();
        if (t.compared.isEmpty()) {
            return null;
        }
        String sql = "SELECT " + String.join(", ", t.compared) + " FROM " + t.sqlName + " WHERE " + where(t.key);
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, 1, row, t.key);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                for (int i = 0; i < t.compared.size(); i++) {
                    String column = t.compared.get(i);
                    if (!same(row.get(column), rs.getObject(i + 1))) {
                        return t.sqlName + " " + keyOf(row) + " has " + column + "=" + rs.getObject(i + 1)
                                + " in the destination, " + row.get(column) + " in the source";
                    }
                }
                return null;
            }
        }
    }

    private static String nameTaken(Connection c, Unit.Row row) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT experiment_id FROM experiments WHERE name = ? AND experiment_id <> ?")) {
            ps.setString(1, (String) row.get("name"));
            ps.setLong(2, ((Number) row.get("experiment_id")).longValue());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? "the name '" + row.get("name") + "' belongs to experiment " + rs.getLong(1)
                        + " in the destination" : null;
            }
        }
    }

    private static boolean insert(Connection c, Unit.Row row) throws SQLException {
        Table t = row.table();
        String sql = "INSERT INTO " + t.sqlName + " (" + String.join(", ", t.columns) + ") VALUES ("
                + String.join(", ", java.util.Collections.nCopies(t.columns.size(), "?")) + ") ON CONFLICT DO NOTHING";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, 1, row, t.columns);
            return ps.executeUpdate() > 0;
        }
    }

    private static void bind(PreparedStatement ps, int first, Unit.Row row, List<String> columns) throws SQLException {
        for (int i = 0; i < columns.size(); i++) {
            Object v = row.get(columns.get(i));
            if (v == null) {
                ps.setObject(first + i, null);
            } else if (v instanceof Long || v instanceof Integer) {
                ps.setLong(first + i, ((Number) v).longValue());
            } else if (v instanceof Double d) {
                ps.setDouble(first + i, d);
            } else {
                ps.setString(first + i, v.toString());
            }
        }
    }

    private static String where(List<String> key) {
        return String.join(" AND ", key.stream().map(k -> k + " = ?").toList());
    }

    static String keyOf(Unit.Row row) {
        return row.table().key.stream().map(k -> String.valueOf(row.get(k))).toList().toString();
    }

    /** Equal as stored: numbers by value (SQLite gives Integer or Long, PostgreSQL Long or Double), null and "" apart. */
    static boolean same(Object source, Object destination) {
        if (source instanceof Number a && destination instanceof Number b) {
            if (isIntegral(a) && isIntegral(b)) {
                return a.longValue() == b.longValue();
            }
            return Double.compare(a.doubleValue(), b.doubleValue()) == 0;
        }
        if (source == null || destination == null) {
            return source == destination;
        }
        return Objects.equals(source.toString(), destination.toString());
    }

    private static boolean isIntegral(Number n) {
        return n instanceof Long || n instanceof Integer || n instanceof Short;
    }
}
