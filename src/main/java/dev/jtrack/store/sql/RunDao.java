package dev.jtrack.store.sql;

import dev.jtrack.tracking.LifecycleStage;
import dev.jtrack.tracking.MlflowException;
import dev.jtrack.tracking.RunInfo;
import dev.jtrack.tracking.RunStatus;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;

/** Reads and writes the {@code runs} table (run metadata). */
final class RunDao {

    static final String COLUMNS =
            "r.run_uuid, r.experiment_id, r.name, r.user_id, r.status, r.start_time, r.end_time, r.artifact_uri, r.lifecycle_stage";

    void insert(Connection c, RunInfo info) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO runs (run_uuid, experiment_id, name, user_id, status, start_time, end_time, artifact_uri,"
                        + " lifecycle_stage) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, info.runId());
            ps.setLong(2, Long.parseLong(info.experimentId()));
            ps.setString(3, info.runName());
            ps.setString(4, info.userId());
            ps.setString(5, info.status().name());
            setLong(ps, 6, info.startTime());
            setLong(ps, 7, info.endTime());
            ps.setString(8, info.artifactUri());
            ps.setString(9, info.lifecycleStage().wireName());
            ps.executeUpdate();
        }
    }

    private static void setLong(PreparedStatement ps, int i, Long v) throws SQLException {
        if (v == null) {
            ps.setNull(i, Types.BIGINT);
        } else {
            ps.setLong(i, v);
        }
    }

    /** The run's info; RESOURCE_DOES_NOT_EXIST if there is no such run. */
    RunInfo get(Connection c, String runId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM runs r WHERE r.run_uuid = ?")) {
            ps.setString(1, runId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw MlflowException.notFound("Run with id=%s not found", runId);
                }
                return read(rs);
            }
        }
    }

    /** The run's info; INVALID_STATE unless the run is active. */
    RunInfo getActive(Connection c, String runId) throws SQLException {
        RunInfo info = get(c, runId);
        if (info.lifecycleStage() != LifecycleStage.ACTIVE) {
            throw MlflowException.invalidState(
                    "The run %s must be in the 'active' state. Current state is %s.", runId, info.lifecycleStage().wireName());
        }
        return info;
    }

    /** Checks the run exists and is active without reading all columns. */
    String activeExperimentId(Connection c, String runId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT lifecycle_stage, experiment_id FROM runs WHERE run_uuid = ?")) {
            ps.setString(1, runId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw MlflowException.notFound("Run with id=%s not found", runId);
                }
                String stage = rs.getString(1);
                if (!LifecycleStage.ACTIVE.wireName().equals(stage)) {
                    throw MlflowException.invalidState(
                            "The run %s must be in the 'active' state. Current state is %s.", runId, stage);
                }
                return Long.toString(rs.getLong(2));
            }
        }
    }

    static RunInfo read(ResultSet rs) throws SQLException {
        return new RunInfo(
                rs.getString(1),
                Long.toString(rs.getLong(2)),
                rs.getString(3),
                rs.getString(4),
                RunStatus.valueOf(rs.getString(5)),
                Sql.getLong(rs, "start_time"),
                Sql.getLong(rs, "end_time"),
                rs.getString(8),
                LifecycleStage.fromWireName(rs.getString(9)));
    }

    void update(Connection c, String runId, RunStatus status, Long endTime, String runName) throws SQLException {
        List<Object> args = new ArrayList<>();
        StringBuilder set = new StringBuilder();
        if (status != null) {
            set.append("status = ?, ");
            args.add(status.name());
        }
        if (endTime != null) {
            set.append("end_time = ?, ");
            args.add(endTime);
        }
        if (runName != null) {
            set.append("name = ?, ");
            args.add(runName);
        }
        if (args.isEmpty()) {
            return;
        }
        set.setLength(set.length() - 2);
        args.add(runId);
        try (PreparedStatement ps = c.prepareStatement("UPDATE runs SET " + set + " WHERE run_uuid = ?")) {
            Sql.bind(ps, args);
            ps.executeUpdate();
        }
    }

    void setName(Connection c, String runId, String name) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE runs SET name = ? WHERE run_uuid = ?")) {
            ps.setString(1, name);
            ps.setString(2, runId);
            ps.executeUpdate();
        }
    }

    void setStage(Connection c, String runId, LifecycleStage stage, Long deletedTime) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE runs SET lifecycle_stage = ?, deleted_time = ? WHERE run_uuid = ?")) {
            ps.setString(1, stage.wireName());
            setLong(ps, 2, deletedTime);
            ps.setString(3, runId);
            ps.executeUpdate();
        }
    }

    /** Marks all active runs of an experiment deleted at {@code now}. */
    void deleteAllOfExperiment(Connection c, long experimentId, long now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE runs SET lifecycle_stage = 'deleted', deleted_time = ? WHERE experiment_id = ? AND lifecycle_stage = 'active'")) {
            ps.setLong(1, now);
            ps.setLong(2, experimentId);
            ps.executeUpdate();
        }
    }

    /** Restores the runs deleted together with their experiment (at or after {@code deletedAt}). */
    void restoreDeletedWithExperiment(Connection c, long experimentId, long deletedAt) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE runs SET lifecycle_stage = 'active', deleted_time = NULL WHERE experiment_id = ?"
                        + " AND lifecycle_stage = 'deleted' AND deleted_time >= ?")) {
            ps.setLong(1, experimentId);
            ps.setLong(2, deletedAt);
            ps.executeUpdate();
        }
    }
}
