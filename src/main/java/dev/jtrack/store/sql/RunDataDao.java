package dev.jtrack.store.sql;

import dev.jtrack.tracking.Metric;
import dev.jtrack.tracking.MlflowException;
import dev.jtrack.tracking.Param;
import dev.jtrack.tracking.RunTag;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes metrics (history and latest), params and tags of runs, and reads them in bulk for a set
 * of runs with a few IN queries.
 *
 * <p>NaN cannot be stored in SQLite (it reads back as NULL), so as in MLflow's schema a NaN is
 * stored as value 0 with {@code is_nan = 1} and restored on read. SQLite also turns -0.0 into 0,
 * so -0.0 is stored as 0 with {@code is_nan = 2} ({@link #NEGATIVE_ZERO}). ±Infinity are stored
 * as-is. Both dialects use the same encoding.
 */
final class RunDataDao {

    /** {@code is_nan} of an ordinary value. */
    static final int NORMAL = 0;
    /** {@code is_nan} of NaN (value column 0). */
    static final int NAN = 1;
    /** {@code is_nan} of -0.0 (value column 0). */
    static final int NEGATIVE_ZERO = 2;

    static int flag(double v) {
        if (Double.isNaN(v)) {
            return NAN;
        }
        return Double.doubleToRawLongBits(v) == Long.MIN_VALUE ? NEGATIVE_ZERO : NORMAL;
    }

    /** Inserts params, refusing changes to already-logged values (same value is fine). */
    void insertParams(Connection c, String runId, List<Param> params) throws SQLException {
        if (params.isEmpty()) {
            return;
        }
        Map<String, String> wanted = new LinkedHashMap<>();
        for (Param p : params) {
            wanted.put(p.key(), p.value());
        }
        checkUnchanged(c, runId, wanted);
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO params (run_uuid, key, value) VALUES (?, ?, ?) ON CONFLICT (run_uuid, key) DO NOTHING")) {
            for (var e : wanted.entrySet()) {
                ps.setString(1, runId);
                ps.setString(2, e.getKey());
                ps.setString(3, e.getValue());
                ps.addBatch();
            }
            ps.executeBatch();
        }
        // A concurrent writer (PostgreSQL) may have inserted a different value between check and insert.
        checkUnchanged(c, runId, wanted);
    }

    private void checkUnchanged(Connection c, String runId, Map<String, String> wanted) throws SQLException {
        Map<String, String> existing = new HashMap<>();
        for (List<String> chunk : Sql.chunks(wanted.keySet())) {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT key, value FROM params WHERE run_uuid = ? AND key IN (" + Sql.marks(chunk.size()) + ")")) {
                ps.setString(1, runId);
                for (int i = 0; i < chunk.size(); i++) {
                    ps.setString(i + 2, chunk.get(i));
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        existing.put(rs.getString(1), rs.getString(2));
                    }
                }
            }
        }
        List<String> changed = new ArrayList<>();
        for (var e : existing.entrySet()) {
            if (!e.getValue().equals(wanted.get(e.getKey()))) {
                changed.add(e.getKey());
            }
        }
        if (!changed.isEmpty()) {
            StringBuilder old = new StringBuilder();
            StringBuilder neu = new StringBuilder();
            for (String k : changed) {
                old.append(old.length() == 0 ? "" : ", ").append("Param(key='").append(k).append("', value='")
                        .append(existing.get(k)).append("')");
                neu.append(neu.length() == 0 ? "" : ", ").append("Param(key='").append(k).append("', value='")
                        .append(wanted.get(k)).append("')");
            }
            throw MlflowException.invalidParameter(
                    "Changing param values is not allowed. Params were already logged='[%s]' for run ID='%s'."
                            + " Attempted logging new values '[%s]'.", old, runId, neu);
        }
    }

    /** Inserts or replaces tags. */
    void upsertTags(Connection c, String runId, List<RunTag> tags) throws SQLException {
        if (tags.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO tags (run_uuid, key, value) VALUES (?, ?, ?)"
                        + " ON CONFLICT (run_uuid, key) DO UPDATE SET value = excluded.value")) {
            for (RunTag t : tags) {
                ps.setString(1, runId);
                ps.setString(2, t.key());
                ps.setString(3, t.value());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** Deletes a tag; returns whether it existed. */
    boolean deleteTag(Connection c, String runId, String key) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM tags WHERE run_uuid = ? AND key = ?")) {
            ps.setString(1, runId);
            ps.setString(2, key);
            return ps.executeUpdate() > 0;
        }
    }

    /** The value of one tag, or null. */
    String tag(Connection c, String runId, String key) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT value FROM tags WHERE run_uuid = ? AND key = ?")) {
            ps.setString(1, runId);
            ps.setString(2, key);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    /** Appends metric points to the history and advances each key's latest value. */
    void insertMetrics(Connection c, String runId, List<Metric> metrics) throws SQLException {
        if (metrics.isEmpty()) {
            return;
        }
        Map<String, Metric> latest = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO metrics (run_uuid, key, step, timestamp, value, is_nan) VALUES (?, ?, ?, ?, ?, ?)"
                        + " ON CONFLICT DO NOTHING")) {
            for (Metric m : metrics) {
                int flag = flag(m.value());
                ps.setString(1, runId);
                ps.setString(2, m.key());
                ps.setLong(3, m.step());
                ps.setLong(4, m.timestamp());
                ps.setDouble(5, flag == NORMAL ? m.value() : 0.0);
                ps.setInt(6, flag);
                ps.addBatch();
                latest.merge(m.key(), m, (a, b) -> isLater(b, a) ? b : a);
            }
            ps.executeBatch();
        }
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO latest_metrics (run_uuid, key, value, timestamp, step, is_nan) VALUES (?, ?, ?, ?, ?, ?)"
                        + " ON CONFLICT (run_uuid, key) DO UPDATE SET value = excluded.value, timestamp = excluded.timestamp,"
                        + " step = excluded.step, is_nan = excluded.is_nan"
                        + " WHERE excluded.step > latest_metrics.step"
                        + " OR (excluded.step = latest_metrics.step AND excluded.timestamp > latest_metrics.timestamp)"
                        + " OR (excluded.step = latest_metrics.step AND excluded.timestamp = latest_metrics.timestamp"
                        + " AND ((excluded.is_nan = 1 AND latest_metrics.is_nan != 1)"
                        + " OR (excluded.is_nan != 1 AND latest_metrics.is_nan != 1 AND excluded.value > latest_metrics.value)))")) {
            for (Metric m : latest.values()) {
                int flag = flag(m.value());
                ps.setString(1, runId);
                ps.setString(2, m.key());
                ps.setDouble(3, flag == NORMAL ? m.value() : 0.0);
                ps.setLong(4, m.timestamp());
                ps.setLong(5, m.step());
                ps.setInt(6, flag);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** MLflow's order of "latest": greater step, then timestamp, then value (NaN greatest). */
    static boolean isLater(Metric a, Metric b) {
        if (a.step() != b.step()) {
            return a.step() > b.step();
        }
        if (a.timestamp() != b.timestamp()) {
            return a.timestamp() > b.timestamp();
        }
        return Double.compare(a.value(), b.value()) > 0;
    }

    static double value(ResultSet rs, int valueCol, int flagCol) throws SQLException {
        return switch (rs.getInt(flagCol)) {
            case NAN -> Double.NaN;
            case NEGATIVE_ZERO -> -0.0;
            default -> rs.getDouble(valueCol);
        };
    }

    /** Latest metrics of each of {@code runIds}. */
    Map<String, List<Metric>> latestMetrics(Connection c, Collection<String> runIds) throws SQLException {
        Map<String, List<Metric>> out = new HashMap<>();
        for (List<String> chunk : Sql.chunks(runIds)) {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT run_uuid, key, value, timestamp, step, is_nan FROM latest_metrics WHERE run_uuid IN ("
                            + Sql.marks(chunk.size()) + ")")) {
                Sql.bind(ps, chunk);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.computeIfAbsent(rs.getString(1), k -> new ArrayList<>())
                                .add(new Metric(rs.getString(2), value(rs, 3, 6), rs.getLong(4), rs.getLong(5)));
                    }
                }
            }
        }
        return out;
    }

    /** Params of each of {@code runIds}. */
    Map<String, List<Param>> params(Connection c, Collection<String> runIds) throws SQLException {
        Map<String, List<Param>> out = new HashMap<>();
        readPairs(c, "params", runIds, (run, k, v) -> out.computeIfAbsent(run, x -> new ArrayList<>()).add(new Param(k, v)));
        return out;
    }

    /** Tags of each of {@code runIds}. */
    Map<String, List<RunTag>> tags(Connection c, Collection<String> runIds) throws SQLException {
        Map<String, List<RunTag>> out = new HashMap<>();
        readPairs(c, "tags", runIds, (run, k, v) -> out.computeIfAbsent(run, x -> new ArrayList<>()).add(new RunTag(k, v)));
        return out;
    }

    private interface PairSink {
        void accept(String run, String key, String value);
    }

    private void readPairs(Connection c, String table, Collection<String> runIds, PairSink sink) throws SQLException {
        for (List<String> chunk : Sql.chunks(runIds)) {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT run_uuid, key, value FROM " + table + " WHERE run_uuid IN (" + Sql.marks(chunk.size()) + ")")) {
                Sql.bind(ps, chunk);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        sink.accept(rs.getString(1), rs.getString(2), rs.getString(3));
                    }
                }
            }
        }
    }
}
