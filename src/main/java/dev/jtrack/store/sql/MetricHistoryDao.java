package dev.jtrack.store.sql;

import dev.jtrack.tracking.Metric;
import dev.jtrack.tracking.MetricWithRunId;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/** Reads metric histories: whole, paged, or sampled over several runs. */
final class MetricHistoryDao {

    /** Up to {@code limit} points from {@code offset} in (step, timestamp, value) order. */
    List<Metric> history(Connection c, String runId, String key, long offset, int limit) throws SQLException {
        List<Metric> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT value, is_nan, timestamp, step FROM metrics WHERE run_uuid = ? AND key = ?"
                        + " ORDER BY step, timestamp, value, is_nan LIMIT ? OFFSET ?")) {
            ps.setString(1, runId);
            ps.setString(2, key);
            ps.setInt(3, limit);
            ps.setLong(4, offset);
            ps.setFetchSize(Math.min(limit, 10_000));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Metric(key, RunDataDao.value(rs, 1, 2), rs.getLong(3), rs.getLong(4)));
                }
            }
        }
        return out;
    }

    /**
     * For each run: the distinct steps in range, thinned evenly to {@code maxResults} (keeping the
     * first and last), then every point at those steps.
     */
    List<MetricWithRunId> bulkInterval(Connection c, List<String> runIds, String key, Long startStep, Long endStep, int maxResults)
            throws SQLException {
        List<MetricWithRunId> out = new ArrayList<>();
        long lo = startStep == null ? Long.MIN_VALUE : startStep;
        long hi = endStep == null ? Long.MAX_VALUE : endStep;
        for (String runId : runIds) {
            List<Long> steps = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT DISTINCT step FROM metrics WHERE run_uuid = ? AND key = ? AND step >= ? AND step <= ? ORDER BY step")) {
                ps.setString(1, runId);
                ps.setString(2, key);
                ps.setLong(3, lo);
                ps.setLong(4, hi);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        steps.add(rs.getLong(1));
                    }
                }
            }
            TreeSet<Long> chosen = sample(steps, maxResults);
            if (chosen.isEmpty()) {
                continue;
            }
            for (List<Long> chunk : Sql.chunks(chosen)) {
                try (PreparedStatement ps = c.prepareStatement(
                        "SELECT value, is_nan, timestamp, step FROM metrics WHERE run_uuid = ? AND key = ? AND step IN ("
                                + Sql.marks(chunk.size()) + ") ORDER BY step, timestamp, value, is_nan")) {
                    ps.setString(1, runId);
                    ps.setString(2, key);
                    for (int i = 0; i < chunk.size(); i++) {
                        ps.setLong(i + 3, chunk.get(i));
                    }
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            out.add(new MetricWithRunId(runId,
                                    new Metric(key, RunDataDao.value(rs, 1, 2), rs.getLong(3), rs.getLong(4))));
                        }
                    }
                }
            }
        }
        return out;
    }

    static TreeSet<Long> sample(List<Long> steps, int maxResults) {
        TreeSet<Long> chosen = new TreeSet<>();
        int n = steps.size();
        if (n <= maxResults) {
            chosen.addAll(steps);
            return chosen;
        }
        if (maxResults == 1) {
            chosen.add(steps.get(0));
            return chosen;
        }
        for (int i = 0; i < maxResults; i++) {
            long idx = Math.round((double) i * (n - 1) / (maxResults - 1));
            chosen.add(steps.get((int) idx));
        }
        return chosen;
    }
}
