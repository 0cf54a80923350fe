package dev.jtrack.store.sql;

import dev.jtrack.tracking.Experiment;
import dev.jtrack.tracking.LifecycleStage;
import dev.jtrack.tracking.LoggedModel;
import dev.jtrack.tracking.LoggedModelOutput;
import dev.jtrack.tracking.LoggedModelSearch;
import dev.jtrack.tracking.LoggedModelStatus;
import dev.jtrack.tracking.LoggedModelStore;
import dev.jtrack.tracking.Metric;
import dev.jtrack.tracking.MlflowException;
import dev.jtrack.tracking.ModelMetric;
import dev.jtrack.tracking.Page;
import dev.jtrack.tracking.search.Comparison;
import dev.jtrack.tracking.search.FilterParser;
import dev.jtrack.tracking.search.PageToken;
import dev.jtrack.tracking.search.SearchGrammar;
import dev.jtrack.tracking.validation.Validation;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.function.LongSupplier;

/**
 * The {@link LoggedModelStore} on SQLite or PostgreSQL (tables of migration V2), sharing the
 * database of a {@link SqlTrackingStore}. Each call is one transaction.
 */
public final class SqlLoggedModelStore implements LoggedModelStore {

    private static final String MODELS_FOLDER = "models";
    private static final String ARTIFACTS_FOLDER = "artifacts";
    private static final String BAD_NAME_CHARS = "/:.%\"'";

    private final Database db;
    private final ExperimentDao experiments;
    private final RunDao runs = new RunDao();
    private final LongSupplier clock;

    /** A store over {@code db}, whose schema the tracking store has migrated. */
    SqlLoggedModelStore(Database db, LongSupplier clock) {
        this.db = Objects.requireNonNull(db, "db");
        this.experiments = new ExperimentDao(db.dialect());
        this.clock = clock;
    }

    private static void validateName(String name) {
        if (name == null) return;
        boolean bad = name.isEmpty();
        for (int i = 0; i < name.length() && !bad; i++) {
            bad = BAD_NAME_CHARS.indexOf(name.charAt(i)) >= 0;
        }
        if (bad) {
            throw MlflowException.invalidParameter("Invalid model name ('%s') provided. Model name must be a non-empty string"
                    + " and cannot contain the following characters: ('/', ':', '.', '%%', '\"', \"'\")", name);
        }
        Validation.length("Model name", name, Validation.MAX_MODEL_NAME_LENGTH);
    }

    private static void validateParams(Map<String, String> params) {
        params.forEach((k, v) -> {
            Validation.key("param", k);
            Validation.length("Param key", k, Validation.MAX_ENTITY_KEY_LENGTH);
            Validation.length("Param value", v, Validation.MAX_PARAM_VAL_LENGTH);
        });
    }

    private static void validateTags(Map<String, String> tags) {
        tags.forEach((k, v) -> {
            Validation.key("tag", k);
            Validation.length("Tag key", k, Validation.MAX_ENTITY_KEY_LENGTH);
            Validation.length("Tag value", v, Validation.MAX_TAG_VAL_LENGTH);
        });
    }

    @Override
    public LoggedModel createLoggedModel(String experimentId, String name, String modelType, String sourceRunId,
            Map<String, String> params, Map<String, String> tags) {
        Validation.experimentId(experimentId);
        validateName(name);
        Validation.length("Model type", modelType, Validation.MAX_MODEL_NAME_LENGTH);
        Map<String, String> p = params == null ? Map.of() : params;
        Map<String, String> t = tags == null ? Map.of() : tags;
        validateParams(p);
        validateTags(t);
        long expId = ExperimentDao.parseId(experimentId);
        String modelId = "m-" + UUID.randomUUID().toString().replace("-", "");
        String modelName = name != null ? name : RunNames.next();
        return db.write(c -> {
            Experiment e = experiments.getActive(c, expId);
            long now = clock.getAsLong();
            String location = ExperimentDao.appendPath(e.artifactLocation(), MODELS_FOLDER + "/" + modelId + "/" + ARTIFACTS_FOLDER);
            Sql.update(c, "INSERT INTO logged_models (" + LoggedModelSearchQuery.MODEL_COLUMNS
                    + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", modelId, expId, modelName, location, now, now,
                    LoggedModelStatus.PENDING.number(), null, emptyToNull(modelType), emptyToNull(sourceRunId),
                    LifecycleStage.ACTIVE.wireName());
            upsertParams(c, modelId, p);
            upsertTags(c, modelId, t);
            return load(c, modelId, false);
        });
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }

    @Override
    public LoggedModel getLoggedModel(String modelId, boolean allowDeleted) {
        Validation.required("model_id", modelId);
        return db.read(c -> load(c, modelId, allowDeleted));
    }

    @Override
    public LoggedModel finalizeLoggedModel(String modelId, LoggedModelStatus status) {
        Validation.required("model_id", modelId);
        Objects.requireNonNull(status, "status");
        return db.write(c -> {
            load(c, modelId, false);
            Sql.update(c, "UPDATE logged_models SET status = ?, last_updated_timestamp_ms = ? WHERE model_id = ?",
                    status.number(), clock.getAsLong(), modelId);
            return load(c, modelId, false);
        });
    }

    @Override
    public void deleteLoggedModel(String modelId) {
        Validation.required("model_id", modelId);
        db.write(c -> {
            load(c, modelId, false);
            Sql.update(c, "UPDATE logged_models SET lifecycle_stage = ?, last_updated_timestamp_ms = ? WHERE model_id = ?",
                    LifecycleStage.DELETED.wireName(), clock.getAsLong(), modelId);
            return null;
        });
    }

    @Override
    public void setLoggedModelTags(String modelId, Map<String, String> tags) {
        Validation.required("model_id", modelId);
        validateTags(tags);
        db.write(c -> {
            load(c, modelId, false);
            upsertTags(c, modelId, tags);
            return null;
        });
    }

    @Override
    public void deleteLoggedModelTag(String modelId, String key) {
        Validation.required("model_id", modelId);
        Validation.required("tag_key", key);
        db.write(c -> {
            load(c, modelId, false);
            if (Sql.update(c, "DELETE FROM logged_model_tags WHERE model_id = ? AND tag_key = ?", modelId, key) == 0) {
                throw MlflowException.notFound("No tag with key '%s' found for model with ID '%s'.", key, modelId);
            }
            return null;
        });
    }

    @Override
    public void logLoggedModelParams(String modelId, Map<String, String> params) {
        Validation.required("model_id", modelId);
        validateParams(params);
        db.write(c -> {
            load(c, modelId, false);
            upsertParams(c, modelId, params);
            return null;
        });
    }

    private static void upsertParams(Connection c, String modelId, Map<String, String> params) throws SQLException {
        upsert(c, "INSERT INTO logged_model_params (model_id, param_key, param_value) VALUES (?, ?, ?)"
                + " ON CONFLICT (model_id, param_key) DO UPDATE SET param_value = excluded.param_value", modelId, params);
    }

    private static void upsertTags(Connection c, String modelId, Map<String, String> tags) throws SQLException {
        upsert(c, "INSERT INTO logged_model_tags (model_id, tag_key, tag_value) VALUES (?, ?, ?)"
                + " ON CONFLICT (model_id, tag_key) DO UPDATE SET tag_value = excluded.tag_value", modelId, tags);
    }

    private static void upsert(Connection c, String sql, String modelId, Map<String, String> values) throws SQLException {
        if (values.isEmpty()) return;
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (Map.Entry<String, String> e : values.entrySet()) {
                ps.setString(1, modelId);
                ps.setString(2, e.getKey());
                ps.setString(3, e.getValue() == null ? "" : e.getValue());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    @Override
    public Page<LoggedModel> searchLoggedModels(LoggedModelSearch search) {
        PageToken.checkMaxResults(search.maxResults(), SEARCH_MAX_RESULTS_THRESHOLD);
        if (search.experimentIds().isEmpty()) {
            throw MlflowException.invalidParameter("Missing value for required parameter 'experiment_ids'.");
        }
        for (LoggedModelSearch.DatasetFilter f : search.datasets()) {
            if (f.name() == null || f.name().isEmpty()) {
                throw MlflowException.invalidParameter("`dataset_name` in the `datasets` clause must be specified.");
            }
        }
        List<Long> ids = new ArrayList<>();
        for (String e : search.experimentIds()) {
            Validation.experimentId(e);
            try {
                ids.add(Long.parseLong(e));
            } catch (NumberFormatException nfe) {
                // an id that cannot exist here matches nothing
            }
        }
        List<Comparison> terms = FilterParser.parse(search.filter(), SearchGrammar.LOGGED_MODELS);
        LoggedModelSearchQuery.validateOrder(search.orderBy());
        long offset = PageToken.decode(search.pageToken());
        if (ids.isEmpty()) {
            return new Page<>(List.of(), null);
        }
        int max = search.maxResults();
        Sql.Builder q = LoggedModelSearchQuery.build(db.dialect(), ids, terms, search.datasets(), search.orderBy(), max + 1, offset);
        return db.read(c -> {
            List<LoggedModel> found = new ArrayList<>();
            try (PreparedStatement ps = q.prepare(c); ResultSet rs = ps.executeQuery()) {
                while (rs.next()) found.add(readModel(rs));
            }
            String next = null;
            if (found.size() > max) {
                found = found.subList(0, max);
                next = PageToken.encode(offset + max);
            }
            return new Page<>(withData(c, found), next);
        });
    }

    @Override
    public void logModelMetrics(List<ModelMetric> metrics) {
        if (metrics.isEmpty()) return;
        for (ModelMetric m : metrics) {
            Validation.required("model_id", m.modelId());
            Validation.runId(m.runId());
            Validation.length("Dataset name", m.datasetName(), Validation.MAX_DATASET_NAME_SIZE);
            Validation.length("Dataset digest", m.datasetDigest(), Validation.MAX_DATASET_DIGEST_SIZE);
        }
        db.write(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO logged_model_metrics (model_id, metric_name,"
                    + " metric_timestamp_ms, metric_step, run_id, metric_value, is_nan, dataset_name, dataset_digest)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING")) {
                for (ModelMetric mm : metrics) {
                    Metric m = mm.metric();
                    boolean nan = Double.isNaN(m.value());
                    ps.setString(1, mm.modelId());
                    ps.setString(2, m.key());
                    ps.setLong(3, m.timestamp());
                    ps.setLong(4, m.step());
                    ps.setString(5, mm.runId());
                    ps.setDouble(6, nan ? 0 : m.value());
                    ps.setInt(7, nan ? 1 : 0);
                    Sql.bind(ps, 8, emptyToNull(mm.datasetName()));
                    Sql.bind(ps, 9, emptyToNull(mm.datasetDigest()));
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            return null;
        });
    }

    @Override
    public void logOutputs(String runId, List<LoggedModelOutput> models) {
        Validation.runId(runId);
        for (LoggedModelOutput m : models) Validation.required("model_id", m.modelId());
        link(runId, "OUTPUT", models);
    }

    @Override
    public void logModelInputs(String runId, List<String> modelIds) {
        Validation.runId(runId);
        modelIds.forEach(id -> Validation.required("model_id", id));
        link(runId, "INPUT", modelIds.stream().map(id -> new LoggedModelOutput(id, 0)).toList());
    }

    private void link(String runId, String direction, List<LoggedModelOutput> models) {
        db.write(c -> {
            runs.getActive(c, runId);
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO run_logged_models (run_uuid, direction, model_id, step)"
                    + " VALUES (?, ?, ?, ?) ON CONFLICT (run_uuid, direction, model_id) DO UPDATE SET step = excluded.step")) {
                for (LoggedModelOutput m : models) {
                    ps.setString(1, runId);
                    ps.setString(2, direction);
                    ps.setString(3, m.modelId());
                    ps.setLong(4, m.step());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            return null;
        });
    }

    @Override
    public Map<String, List<LoggedModelOutput>> outputsOf(List<String> runIds) {
        Map<String, List<LoggedModelOutput>> out = new HashMap<>();
        linked(runIds, "OUTPUT", (run, m) -> out.computeIfAbsent(run, k -> new ArrayList<>()).add(m));
        return out;
    }

    @Override
    public Map<String, List<String>> modelInputsOf(List<String> runIds) {
        Map<String, List<String>> out = new HashMap<>();
        linked(runIds, "INPUT", (run, m) -> out.computeIfAbsent(run, k -> new ArrayList<>()).add(m.modelId()));
        return out;
    }

    private void linked(List<String> runIds, String direction, java.util.function.BiConsumer<String, LoggedModelOutput> sink) {
        if (runIds.isEmpty()) return;
        db.read(c -> {
            for (List<String> chunk : Sql.chunks(runIds)) {
                try (PreparedStatement ps = c.prepareStatement("SELECT run_uuid, model_id, step FROM run_logged_models"
                        + " WHERE direction = ? AND run_uuid IN (" + Sql.marks(chunk.size()) + ") ORDER BY run_uuid, step, model_id")) {
                    ps.setString(1, direction);
                    for (int i = 0; i < chunk.size(); i++) ps.setString(i + 2, chunk.get(i));
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) sink.accept(rs.getString(1), new LoggedModelOutput(rs.getString(2), rs.getLong(3)));
                    }
                }
            }
            return null;
        });
    }

    // ----- reading -----

    private LoggedModel load(Connection c, String modelId, boolean allowDeleted) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + LoggedModelSearchQuery.MODEL_COLUMNS
                + " FROM logged_models WHERE model_id = ?")) {
            ps.setString(1, modelId);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    LoggedModel m = readModel(rs);
                    if (allowDeleted || m.lifecycleStage() == LifecycleStage.ACTIVE) {
                        return withData(c, List.of(m)).get(0);
                    }
                }
            }
        }
        throw MlflowException.notFound("Logged model with ID '%s' not found.", modelId);
    }

    private static LoggedModel readModel(ResultSet rs) throws SQLException {
        return new LoggedModel(rs.getString("model_id"), Long.toString(rs.getLong("experiment_id")), rs.getString("name"),
                rs.getString("artifact_location"), rs.getLong("creation_timestamp_ms"), rs.getLong("last_updated_timestamp_ms"),
                LoggedModelStatus.ofNumber(rs.getInt("status")), rs.getString("status_message"), rs.getString("model_type"),
                rs.getString("source_run_id"), LifecycleStage.fromWireName(rs.getString("lifecycle_stage")), Map.of(), Map.of(),
                List.of());
    }

    /** The models with their tags, params and metrics, read in a fixed number of queries per page. */
    private static List<LoggedModel> withData(Connection c, List<LoggedModel> models) throws SQLException {
        if (models.isEmpty()) return models;
        List<String> ids = models.stream().map(LoggedModel::modelId).toList();
        Map<String, Map<String, String>> tags = keyValues(c, "SELECT model_id, tag_key, tag_value FROM logged_model_tags", ids);
        Map<String, Map<String, String>> params = keyValues(c, "SELECT model_id, param_key, param_value FROM logged_model_params", ids);
        Map<String, List<ModelMetric>> metrics = new HashMap<>();
        for (List<String> chunk : Sql.chunks(ids)) {
            try (PreparedStatement ps = c.prepareStatement("SELECT model_id, metric_name, metric_timestamp_ms, metric_step, run_id,"
                    + " metric_value, is_nan, dataset_name, dataset_digest FROM logged_model_metrics WHERE model_id IN ("
                    + Sql.marks(chunk.size()) + ") ORDER BY model_id, metric_name, metric_timestamp_ms, metric_step, run_id")) {
                Sql.bind(ps, chunk);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        double value = rs.getInt(7) == 1 ? Double.NaN : rs.getDouble(6);
                        metrics.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(new ModelMetric(rs.getString(1),
                                rs.getString(5), new Metric(rs.getString(2), value, rs.getLong(3), rs.getLong(4)),
                                rs.getString(8), rs.getString(9)));
                    }
                }
            }
        }
        List<LoggedModel> out = new ArrayList<>(models.size());
        for (LoggedModel m : models) {
            String id = m.modelId();
            out.add(new LoggedModel(id, m.experimentId(), m.name(), m.artifactLocation(), m.creationTimestamp(),
                    m.lastUpdatedTimestamp(), m.status(), m.statusMessage(), m.modelType(), m.sourceRunId(), m.lifecycleStage(),
                    tags.getOrDefault(id, Map.of()), params.getOrDefault(id, Map.of()), metrics.getOrDefault(id, List.of())));
        }
        return out;
    }

    private static Map<String, Map<String, String>> keyValues(Connection c, String select, List<String> ids) throws SQLException {
        Map<String, Map<String, String>> out = new HashMap<>();
        for (List<String> chunk : Sql.chunks(ids)) {
            try (PreparedStatement ps = c.prepareStatement(select + " WHERE model_id IN (" + Sql.marks(chunk.size()) + ")")) {
                Sql.bind(ps, chunk);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.computeIfAbsent(rs.getString(1), k -> new LinkedHashMap<>()).put(rs.getString(2), rs.getString(3));
                    }
                }
            }
        }
        return out;
    }
}
