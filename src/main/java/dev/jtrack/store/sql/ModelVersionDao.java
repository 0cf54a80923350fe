package dev.jtrack.store.sql;

import dev.jtrack.registry.ModelVersion;
import dev.jtrack.registry.ModelVersionStatus;
import dev.jtrack.registry.ModelVersionTag;
import dev.jtrack.registry.Stage;
import dev.jtrack.tracking.MlflowException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Reads model versions with their tags and aliases. */
final class ModelVersionDao {

    /** The stage a deleted version keeps so its number is never reused (MLflow's marker). */
    static final String DELETED_STAGE = "Deleted_Internal";

    static final String COLUMNS = "v.name, v.version, v.creation_time, v.last_updated_time, v.description, v.user_id,"
            + " v.current_stage, v.source, v.run_id, v.run_link, v.status, v.status_message";

    ModelVersion get(Connection c, String name, long version) throws SQLException {
        List<ModelVersion> got = find(c, name, version);
        if (got.isEmpty()) {
            throw MlflowException.notFound("Model Version (name=%s, version=%d) not found", name, version);
        }
        return got.get(0);
    }

    /** The version if it exists and is not deleted: a list of one, else empty. */
    List<ModelVersion> find(Connection c, String name, long version) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM model_versions v WHERE v.name = ? AND v.version = ?"
                + " AND v.current_stage != '" + DELETED_STAGE + "'")) {
            ps.setString(1, name);
            ps.setLong(2, version);
            return read(c, ps);
        }
    }

    /** Runs {@code ps} (selecting {@link #COLUMNS}) and attaches tags and aliases. */
    List<ModelVersion> read(Connection c, PreparedStatement ps) throws SQLException {
        List<Object[]> rows = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                rows.add(new Object[] {
                    rs.getString(1), rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getString(5), rs.getString(6),
                    rs.getString(7), rs.getString(8), rs.getString(9), rs.getString(10), rs.getString(11), rs.getString(12)
                });
            }
        }
        if (rows.isEmpty()) {
            return List.of();
        }
        Map<String, List<ModelVersionTag>> tags = new HashMap<>();
        Map<String, List<String>> aliases = new HashMap<>();
        List<String> names = rows.stream().map(r -> (String) r[0]).distinct().toList();
        for (List<String> chunk : Sql.chunks(names)) {
            try (PreparedStatement t = c.prepareStatement("SELECT name, version, key, value FROM model_version_tags WHERE name IN ("
                    + Sql.marks(chunk.size()) + ") ORDER BY key")) {
                Sql.bind(t, chunk);
                try (ResultSet rs = t.executeQuery()) {
                    while (rs.next()) {
                        tags.computeIfAbsent(rs.getString(1) + "\u0000" + rs.getLong(2), k -> new ArrayList<>())
                                .add(new ModelVersionTag(rs.getString(3), rs.getString(4)));
                    }
                }
            }
            try (PreparedStatement a = c.prepareStatement("SELECT name, version, alias FROM registered_model_aliases WHERE name IN ("
                    + Sql.marks(chunk.size()) + ") ORDER BY alias")) {
                Sql.bind(a, chunk);
                try (ResultSet rs = a.executeQuery()) {
                    while (rs.next()) {
                        aliases.computeIfAbsent(rs.getString(1) + "\u0000" + rs.getLong(2), k -> new ArrayList<>()).add(rs.getString(3));
                    }
                }
            }
        }
        List<ModelVersion> out = new ArrayList<>();
        for (Object[] r : rows) {
            String id = r[0] + "\u0000" + r[1];
            out.add(new ModelVersion((String) r[0], Long.toString((Long) r[1]), (Long) r[2], (Long) r[3], (String) r[5],
                    Stage.parse((String) r[6]), (String) r[4], (String) r[7], (String) r[8],
                    ModelVersionStatus.valueOf((String) r[10]), (String) r[11], tags.getOrDefault(id, List.of()), (String) r[9],
                    aliases.getOrDefault(id, List.of())));
        }
        return out;
    }

    /**
     * For each stage that has versions, the highest version in it (all stages if {@code stages} is
     * empty). As in MLflow, these carry no aliases (the registered model lists them).
     */
    List<ModelVersion> latestPerStage(Connection c, String name, List<Stage> stages) throws SQLException {
        List<ModelVersion> out = new ArrayList<>();
        List<Stage> wanted = stages.isEmpty() ? List.of(Stage.values()) : stages;
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM model_versions v WHERE v.name = ?"
                + " AND v.current_stage = ? ORDER BY v.version DESC LIMIT 1")) {
            for (Stage s : wanted) {
                ps.setString(1, name);
                ps.setString(2, s.wireName());
                for (ModelVersion v : read(c, ps)) {
                    out.add(new ModelVersion(v.name(), v.version(), v.creationTimestamp(), v.lastUpdatedTimestamp(), v.userId(),
                            v.currentStage(), v.description(), v.source(), v.runId(), v.status(), v.statusMessage(), v.tags(),
                            v.runLink(), List.of()));
                }
            }
        }
        return out;
    }
}
