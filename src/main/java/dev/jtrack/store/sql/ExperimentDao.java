package dev.jtrack.store.sql;

import dev.jtrack.tracking.Experiment;
import dev.jtrack.tracking.ExperimentTag;
import dev.jtrack.tracking.LifecycleStage;
import dev.jtrack.tracking.MlflowException;
import dev.jtrack.tracking.Page;
import dev.jtrack.tracking.ViewType;
import dev.jtrack.tracking.search.Comparison;
import dev.jtrack.tracking.search.FilterParser;
import dev.jtrack.tracking.search.KeyType;
import dev.jtrack.tracking.search.OrderBy;
import dev.jtrack.tracking.search.OrderByParser;
import dev.jtrack.tracking.search.PageToken;
import dev.jtrack.tracking.search.SearchGrammar;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads and writes experiments and their tags. */
final class ExperimentDao {

    private static final String COLUMNS =
            "e.experiment_id, e.name, e.artifact_location, e.lifecycle_stage, e.creation_time, e.last_update_time";

    private final Dialect dialect;

    ExperimentDao(Dialect dialect) {
        this.dialect = dialect;
    }

    /** Parses an experiment id; ids that are not integers cannot exist in a SQL store. */
    static long parseId(String experimentId) {
        try {
            return Long.parseLong(experimentId);
        } catch (NumberFormatException e) {
            throw MlflowException.notFound("No Experiment with id=%s exists", experimentId);
        }
    }

    String create(Connection c, String name, String artifactLocation, List<ExperimentTag> tags, long now, String defaultRoot)
            throws SQLException {
        if (findIdByName(c, name) != null) {
            throw MlflowException.alreadyExists("Experiment(name=%s) already exists.", name);
        }
        long id;
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO experiments (name, artifact_location, lifecycle_stage, creation_time, last_update_time)"
                        + " VALUES (?, ?, ?, ?, ?) RETURNING experiment_id")) {
            ps.setString(1, name);
            ps.setString(2, artifactLocation);
            ps.setString(3, LifecycleStage.ACTIVE.wireName());
            ps.setLong(4, now);
            ps.setLong(5, now);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                id = rs.getLong(1);
            }
        }
        if (artifactLocation == null || artifactLocation.isEmpty()) {
            try (PreparedStatement ps = c.prepareStatement("UPDATE experiments SET artifact_location = ? WHERE experiment_id = ?")) {
                ps.setString(1, appendPath(defaultRoot, Long.toString(id)));
                ps.setLong(2, id);
                ps.executeUpdate();
            }
        }
        for (ExperimentTag t : tags) {
            setTag(c, id, t);
        }
        return Long.toString(id);
    }

    /** Creates experiment 0 "Default" if missing. */
    void ensureDefault(Connection c, long now, String defaultRoot) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM experiments WHERE experiment_id = 0")) {
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    return;
                }
            }
        }
        if (findIdByName(c, Experiment.DEFAULT_EXPERIMENT_NAME) != null) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement(
                // Replicas opening one fresh database at once both get here: the second insert must not fail.
                "INSERT INTO experiments (experiment_id, name, artifact_location, lifecycle_stage, creation_time, last_update_time)"
                        + " VALUES (0, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING")) {
            ps.setString(1, Experiment.DEFAULT_EXPERIMENT_NAME);
            ps.setString(2, appendPath(defaultRoot, "0"));
            ps.setString(3, LifecycleStage.ACTIVE.wireName());
            ps.setLong(4, now);
            ps.setLong(5, now);
            ps.executeUpdate();
        }
    }

    static String appendPath(String root, String segment) {
        return root.endsWith("/") ? root + segment : root + "/" + segment;
    }

    Long findIdByName(Connection c, String name) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT experiment_id FROM experiments WHERE name = ?")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : null;
            }
        }
    }

    Experiment get(Connection c, long id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM experiments e WHERE e.experiment_id = ?")) {
            ps.setLong(1, id);
            List<Experiment> found = read(c, ps);
            if (found.isEmpty()) {
                throw MlflowException.notFound("No Experiment with id=%d exists", id);
            }
            return found.get(0);
        }
    }

    Experiment getByName(Connection c, String name) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM experiments e WHERE e.name = ?")) {
            ps.setString(1, name);
            List<Experiment> found = read(c, ps);
            if (found.isEmpty()) {
                throw MlflowException.notFound("Could not find experiment with name '%s'", name);
            }
            return found.get(0);
        }
    }

    /** The experiment, which must be active (INVALID_STATE otherwise). */
    Experiment getActive(Connection c, long id) throws SQLException {
        Experiment e = get(c, id);
        if (e.lifecycleStage() != LifecycleStage.ACTIVE) {
            throw MlflowException.invalidState(
                    "The experiment %s must be in the 'active' state. Current state is %s.",
                    e.experimentId(), e.lifecycleStage().wireName());
        }
        return e;
    }

    private List<Experiment> read(Connection c, PreparedStatement ps) throws SQLException {
        Map<Long, Object[]> rows = new LinkedHashMap<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                rows.put(rs.getLong(1), new Object[] {
                    rs.getString(2), rs.getString(3), rs.getString(4), rs.getLong(5), rs.getLong(6)
                });
            }
        }
        Map<Long, List<ExperimentTag>> tags = tags(c, rows.keySet());
        List<Experiment> out = new ArrayList<>();
        for (var e : rows.entrySet()) {
            Object[] r = e.getValue();
            out.add(new Experiment(Long.toString(e.getKey()), (String) r[0], (String) r[1],
                    LifecycleStage.fromWireName((String) r[2]), (Long) r[3], (Long) r[4],
                    tags.getOrDefault(e.getKey(), List.of())));
        }
        return out;
    }

    private Map<Long, List<ExperimentTag>> tags(Connection c, java.util.Collection<Long> ids) throws SQLException {
        Map<Long, List<ExperimentTag>> out = new HashMap<>();
        for (List<Long> chunk : Sql.chunks(ids)) {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT experiment_id, key, value FROM experiment_tags WHERE experiment_id IN (" + Sql.marks(chunk.size())
                            + ") ORDER BY key")) {
                Sql.bind(ps, chunk);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>())
                                .add(new ExperimentTag(rs.getString(2), rs.getString(3)));
                    }
                }
            }
        }
        return out;
    }

    void setTag(Connection c, long id, ExperimentTag tag) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO experiment_tags (experiment_id, key, value) VALUES (?, ?, ?)"
                        + " ON CONFLICT (experiment_id, key) DO UPDATE SET value = excluded.value")) {
            ps.setLong(1, id);
            ps.setString(2, tag.key());
            ps.setString(3, tag.value());
            ps.executeUpdate();
        }
    }

    /** Deletes one tag; false when the experiment has no tag of that name. */
    boolean deleteTag(Connection c, long id, String key) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM experiment_tags WHERE experiment_id = ? AND key = ?")) {
            ps.setLong(1, id);
            ps.setString(2, key);
            return ps.executeUpdate() > 0;
        }
    }

    void setStage(Connection c, long id, LifecycleStage stage, long now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE experiments SET lifecycle_stage = ?, last_update_time = ? WHERE experiment_id = ?")) {
            ps.setString(1, stage.wireName());
            ps.setLong(2, now);
            ps.setLong(3, id);
            ps.executeUpdate();
        }
    }

    void rename(Connection c, long id, String newName, long now) throws SQLException {
        Long other = findIdByName(c, newName);
        if (other != null && other != id) {
            throw MlflowException.alreadyExists("Experiment(name=%s) already exists.", newName);
        }
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE experiments SET name = ?, last_update_time = ? WHERE experiment_id = ?")) {
            ps.setString(1, newName);
            ps.setLong(2, now);
            ps.setLong(3, id);
            ps.executeUpdate();
        }
    }

    Page<Experiment> search(Connection c, ViewType viewType, int maxResults, String filter, List<String> orderBy, String pageToken)
            throws SQLException {
        List<Comparison> terms = FilterParser.parse(filter, SearchGrammar.EXPERIMENTS);
        List<OrderBy> order = OrderByParser.parse(orderBy, SearchGrammar.EXPERIMENTS);
        long offset = PageToken.decode(pageToken);
        Sql.Builder q = new Sql.Builder().append("SELECT " + COLUMNS + " FROM experiments e WHERE 1 = 1");
        switch (viewType) {
            case ACTIVE_ONLY -> q.append(" AND e.lifecycle_stage = 'active'");
            case DELETED_ONLY -> q.append(" AND e.lifecycle_stage = 'deleted'");
            case ALL -> { }
        }
        for (Comparison t : terms) {
            q.append(" AND ");
            if (t.type() == KeyType.TAG) {
                q.append("EXISTS (SELECT 1 FROM experiment_tags t WHERE t.experiment_id = e.experiment_id AND t.key = ?")
                        .arg(t.key()).append(" AND ");
                SqlConditions.string(q, dialect, "t.value", t);
                q.append(")");
            } else {
                String col = "e." + t.key();
                if (t.value() instanceof Double d) {
                    q.append(col + " " + t.op().symbol() + " ?").arg(d);
                } else {
                    SqlConditions.string(q, dialect, col, t);
                }
            }
        }
        q.append(" ORDER BY ");
        boolean hasId = false;
        if (order.isEmpty()) {
            q.append("e.creation_time DESC, ");
        }
        for (OrderBy o : order) {
            if (o.type() != KeyType.ATTRIBUTE) {
                throw MlflowException.invalidParameter(
                        "Invalid order_by entity: experiments can only be ordered by name, experiment_id, creation_time or last_update_time");
            }
            hasId |= o.key().equals("experiment_id");
            q.append("e.").append(o.key()).append(o.ascending() ? " ASC, " : " DESC, ");
        }
        q.append(hasId ? "e.name ASC" : "e.experiment_id ASC");
        q.append(" LIMIT ? OFFSET ?").arg(maxResults + 1).arg(offset);
        List<Experiment> found;
        try (PreparedStatement ps = q.prepare(c)) {
            found = read(c, ps);
        }
        String next = null;
        if (found.size() > maxResults) {
            found = found.subList(0, maxResults);
            next = PageToken.encode(offset + maxResults);
        }
        return new Page<>(found, next);
    }
}
