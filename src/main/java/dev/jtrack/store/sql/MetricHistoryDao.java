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
     * MLflow's bulk interval: the distinct steps of all runs in range (0..last step when no range
     * is given), thinned evenly to {@code maxResults}, plus each run's first and last step in
     * range; then every point of each run at those steps.
     */
    List<MetricWithRunId> bulkInterval(Connection c, List<String> runIds, String key, Long startStep, Long endStep, int maxResults)
            throws SQLException {
        List<TreeSet<Long>> perRun = new ArrayList<>();
        TreeSet<Long> all = new TreeSet<>();
        for (String runId : runIds) {
            TreeSet<Long> steps = new TreeSet<>();
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT DISTINCT step FROM metrics WHERE run_uuid = ? AND key = ? ORDER BY step")) {
                ps.setString(1, runId);
                ps.setString(2, key);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        steps.add(rs.getLong(1));
                    }
                }
            }
            perRun.add(steps);
            all.addAll(steps);
        }
        long lo = startStep != null ? startStep : 0;
        long hi = endStep != null ? endStep : (all.isEmpty() ? 0 : all.last());
        TreeSet<Long> chosen = lo > hi ? new TreeSet<>() : sample(new ArrayList<>(all.subSet(lo, true, hi, true)), maxResults);
        // as MLflow: each run's first and last step overall, where they fall in the range
        for (TreeSet<Long> steps : perRun) {
            if (steps.isEmpty()) {
                continue;
            }
            for (long boundary : new long[] {steps.first(), steps.last()}) {
                if (lo <= boundary && boundary <= hi) {
                    chosen.add(boundary);
                }
            }
        }
        List<MetricWithRunId> out = new ArrayList<>();
        if (chosen.isEmpty()) {
            return out;
        }
        for (String runId : runIds) {
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

    /**
     * MLflow's thinning: with {@code n} steps and {@code interval = n / maxResults}, the steps at
     * indexes {@code floor(i * interval)} for {@code i < maxResults}, plus the last step.
     */
    static TreeSet<Long> sample(List<Long> steps, int maxResults) {
        TreeSet<Long> chosen = new TreeSet<>();
        int n = steps.size();
        if (n <= maxResults) {
            chosen.addAll(steps);
            return chosen;
        }
        double interval = (double) n / maxResults;
        for (int i = 0; i < maxResults; i++) {
            int idx = (int) (i * interval);
            if (idx < n) {
                chosen.add(steps.get(idx));
            }
        }
        chosen.add(steps.get(n - 1));
        return chosen;
    }
}
