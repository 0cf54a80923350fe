package dev.jtrack.store.sql;

import dev.jtrack.tracking.Dataset;
import dev.jtrack.tracking.DatasetInput;
import dev.jtrack.tracking.DatasetSummary;
import dev.jtrack.tracking.InputTag;
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
import java.util.UUID;

/** Datasets (unique per experiment by name and digest) and the inputs linking them to runs. */
final class DatasetDao {

    /** Distinct (experiment, name, digest, context) of the datasets used in these experiments. */
    List<DatasetSummary> summaries(Connection c, List<Long> experimentIds, int limit) throws SQLException {
        String marks = String.join(", ", java.util.Collections.nCopies(experimentIds.size(), "?"));
        String sql = "SELECT DISTINCT d.experiment_id, d.name, d.digest, t.value FROM datasets d"
                + " JOIN inputs i ON i.dataset_uuid = d.dataset_uuid"
                + " LEFT JOIN input_tags t ON t.input_uuid = i.input_uuid AND t.key = 'mlflow.data.context'"
                + " WHERE d.experiment_id IN (" + marks + ")"
                + " ORDER BY d.experiment_id, d.name, d.digest, t.value LIMIT ?";
        List<DatasetSummary> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            int i = 1;
            for (long id : experimentIds) ps.setLong(i++, id);
            ps.setInt(i, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new DatasetSummary(Long.toString(rs.getLong(1)), rs.getString(2), rs.getString(3), rs.getString(4)));
                }
            }
        }
        return out;
    }

    void logInputs(Connection c, String runId, long experimentId, List<DatasetInput> inputs) throws SQLException {
        for (DatasetInput in : inputs) {
            Dataset d = in.dataset();
            String datasetId = findDataset(c, experimentId, d);
            if (datasetId == null) {
                datasetId = UUID.randomUUID().toString().replace("-", "");
                try (PreparedStatement ps = c.prepareStatement(
                        "INSERT INTO datasets (dataset_uuid, experiment_id, name, digest, dataset_source_type, dataset_source,"
                                + " dataset_schema, dataset_profile) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
                    ps.setString(1, datasetId);
                    ps.setLong(2, experimentId);
                    ps.setString(3, d.name());
                    ps.setString(4, d.digest());
                    ps.setString(5, d.sourceType());
                    ps.setString(6, d.source());
                    ps.setString(7, d.schema());
                    ps.setString(8, d.profile());
                    ps.executeUpdate();
                }
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM inputs WHERE run_uuid = ? AND dataset_uuid = ?")) {
                ps.setString(1, runId);
                ps.setString(2, datasetId);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        continue;
                    }
                }
            }
            String inputId = UUID.randomUUID().toString().replace("-", "");
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO inputs (input_uuid, run_uuid, dataset_uuid, position)"
                            + " VALUES (?, ?, ?, (SELECT COUNT(*) FROM inputs WHERE run_uuid = ?))")) {
                ps.setString(1, inputId);
                ps.setString(2, runId);
                ps.setString(3, datasetId);
                ps.setString(4, runId);
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO input_tags (input_uuid, key, value) VALUES (?, ?, ?)"
                            + " ON CONFLICT (input_uuid, key) DO UPDATE SET value = excluded.value")) {
                for (InputTag t : in.tags()) {
                    ps.setString(1, inputId);
                    ps.setString(2, t.key());
                    ps.setString(3, t.value());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
        }
    }

    private String findDataset(Connection c, long experimentId, Dataset d) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT dataset_uuid FROM datasets WHERE experiment_id = ? AND name = ? AND digest = ?")) {
            ps.setLong(1, experimentId);
            ps.setString(2, d.name());
            ps.setString(3, d.digest());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    /** The inputs of each of {@code runIds}, in the order they were logged. */
    Map<String, List<DatasetInput>> inputs(Connection c, Collection<String> runIds) throws SQLException {
        Map<String, Map<String, Object[]>> byRun = new HashMap<>();
        Map<String, List<InputTag>> tagsByInput = new HashMap<>();
        for (List<String> chunk : Sql.chunks(runIds)) {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT i.run_uuid, i.input_uuid, d.name, d.digest, d.dataset_source_type, d.dataset_source,"
                            + " d.dataset_schema, d.dataset_profile FROM inputs i JOIN datasets d ON d.dataset_uuid = i.dataset_uuid"
                            + " WHERE i.run_uuid IN (" + Sql.marks(chunk.size()) + ") ORDER BY i.run_uuid, i.position")) {
                Sql.bind(ps, chunk);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        byRun.computeIfAbsent(rs.getString(1), k -> new LinkedHashMap<>()).put(rs.getString(2), new Object[] {
                            new Dataset(rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7),
                                    rs.getString(8))
                        });
                    }
                }
            }
        }
        List<String> inputIds = new ArrayList<>();
        byRun.values().forEach(m -> inputIds.addAll(m.keySet()));
        for (List<String> chunk : Sql.chunks(inputIds)) {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT input_uuid, key, value FROM input_tags WHERE input_uuid IN (" + Sql.marks(chunk.size()) + ") ORDER BY key")) {
                Sql.bind(ps, chunk);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        tagsByInput.computeIfAbsent(rs.getString(1), k -> new ArrayList<>())
                                .add(new InputTag(rs.getString(2), rs.getString(3)));
                    }
                }
            }
        }
        Map<String, List<DatasetInput>> out = new HashMap<>();
        byRun.forEach((run, inputs) -> inputs.forEach((inputId, row) -> out.computeIfAbsent(run, k -> new ArrayList<>())
                .add(new DatasetInput(tagsByInput.getOrDefault(inputId, List.of()), (Dataset) row[0]))));
        return out;
    }
}
