package dev.jtrack.store.sql;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jtrack.tracking.MlflowException;
import dev.jtrack.tracking.Page;
import dev.jtrack.tracking.evaluation.DatasetRecord;
import dev.jtrack.tracking.evaluation.EvaluationDataset;
import dev.jtrack.tracking.evaluation.EvaluationStore;
import dev.jtrack.tracking.evaluation.ScorerVersion;
import dev.jtrack.tracking.search.Comparator;
import dev.jtrack.tracking.search.Comparison;
import dev.jtrack.tracking.search.FilterParser;
import dev.jtrack.tracking.search.KeyType;
import dev.jtrack.tracking.search.OrderBy;
import dev.jtrack.tracking.search.OrderByParser;
import dev.jtrack.tracking.search.PageToken;
import dev.jtrack.tracking.search.SearchGrammar;
import dev.jtrack.tracking.validation.Validation;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

/**
 * {@link EvaluationStore} on SQLite or PostgreSQL (tables of migration V4). A record's identity in
 * its dataset is the SHA-256 of its inputs as canonical JSON (keys sorted), as MLflow deduplicates.
 */
public final class SqlEvaluationStore implements EvaluationStore {
    private static final ObjectMapper JSON = new ObjectMapper().configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);
    private static final String USER_TAG = "mlflow.user";
    private static final String DATASET_COLUMNS = "dataset_id, name, schema_json, profile_json, digest, created_time,"
            + " last_update_time, created_by, last_updated_by";
    private static final Set<String> ORDERABLE = Set.of("name", "dataset_id", "created_time", "last_update_time",
            "created_by", "last_updated_by", "digest");

    private final Database db;
    private final ExperimentDao experiments;

    /** An evaluation store on {@code db}; the schema must be migrated. */
    public SqlEvaluationStore(Database db) {
        this.db = db;
        this.experiments = new ExperimentDao(db.dialect());
    }

    @Override
    public EvaluationDataset createDataset(String name, List<String> experimentIds, Map<String, String> tags) {
        Validation.required("name", name);
        Map<String, String> t = tags == null ? Map.of() : tags;
        String id = "d-" + UUID.randomUUID().toString().replace("-", "");
        return db.write(c -> {
            for (String e : experimentIds) experiments.getActive(c, ExperimentDao.parseId(e));
            long now = System.currentTimeMillis();
            String user = t.get(USER_TAG);
            Sql.update(c, "INSERT INTO evaluation_datasets (" + DATASET_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    id, name, null, null, digest(name, now), now, now, user, user);
            setTags(c, id, t);
            for (String e : experimentIds) linkExperiment(c, id, e);
            return load(c, id);
        });
    }

    @Override
    public EvaluationDataset getDataset(String datasetId) {
        return db.read(c -> load(c, datasetId));
    }

    @Override
    public void deleteDataset(String datasetId) {
        db.write(c -> {
            for (String table : new String[] {"evaluation_dataset_tags", "evaluation_dataset_experiments",
                    "evaluation_dataset_records", "evaluation_datasets"}) {
                Sql.update(c, "DELETE FROM " + table + " WHERE dataset_id = ?", datasetId);
            }
            return null;
        });
    }

    @Override
    public Page<EvaluationDataset> searchDatasets(List<String> experimentIds, String filter, int maxResults,
            List<String> orderBy, String pageToken) {
        int max = PageToken.checkMaxResults(maxResults, SEARCH_MAX_RESULTS);
        long offset = PageToken.decode(pageToken);
        List<Comparison> terms = FilterParser.parse(filter, SearchGrammar.EVALUATION_DATASETS);
        List<OrderBy> order = OrderByParser.parse(orderBy, SearchGrammar.EVALUATION_DATASETS);
        Sql.Builder sql = new Sql.Builder();
        sql.append("SELECT d.dataset_id FROM evaluation_datasets d WHERE 1 = 1");
        if (!experimentIds.isEmpty()) {
            sql.append(" AND d.dataset_id IN (SELECT x.dataset_id FROM evaluation_dataset_experiments x WHERE x.experiment_id IN ("
                    + Sql.marks(experimentIds.size()) + "))");
            for (String e : experimentIds) sql.arg(experimentKey(e));
        }
        for (Comparison term : terms) {
            if (term.type() == KeyType.TAG) {
                sql.append(" AND d.dataset_id IN (SELECT x.dataset_id FROM evaluation_dataset_tags x WHERE x.key = ? AND ")
                        .arg(term.key());
                compare(sql, "x.value", term);
                sql.append(")");
            } else {
                sql.append(" AND ");
                compare(sql, "d." + term.key(), term);
            }
        }
        StringBuilder o = new StringBuilder();
        for (OrderBy ob : order.isEmpty() ? List.of(new OrderBy(KeyType.ATTRIBUTE, "created_time", false)) : order) {
            if (ob.type() != KeyType.ATTRIBUTE || !ORDERABLE.contains(ob.key())) {
                throw MlflowException.invalidParameter("Invalid order_by entity: %s", ob.key());
            }
            o.append("d.").append(ob.key()).append(ob.ascending() ? " ASC" : " DESC").append(", ");
        }
        sql.append(" ORDER BY " + o + "d.dataset_id DESC LIMIT ? OFFSET ?").arg(max + 1).arg(offset);
        return db.read(c -> {
            List<String> ids = new ArrayList<>();
            try (PreparedStatement ps = sql.prepare(c); ResultSet rs = ps.executeQuery()) {
                while (rs.next()) ids.add(rs.getString(1));
            }
            String next = ids.size() > max ? PageToken.encode(offset + max) : null;
            List<EvaluationDataset> out = new ArrayList<>();
            for (String id : ids.subList(0, Math.min(max, ids.size()))) out.add(load(c, id));
            return new Page<>(out, next);
        });
    }

    private void compare(Sql.Builder sql, String column, Comparison term) {
        Dialect dialect = db.dialect();
        Comparator op = term.op();
        switch (op) {
            case LIKE -> sql.append(dialect.like(column)).arg(dialect.likePattern(term.stringValue()));
            case ILIKE -> sql.append(dialect.ilike(column)).arg(dialect.ilikePattern(term.stringValue()));
            case IN, NOT_IN -> {
                List<String> values = term.listValue();
                sql.append(column + (op == Comparator.IN ? " IN (" : " NOT IN (") + Sql.marks(values.size()) + ")");
                values.forEach(sql::arg);
            }
            default -> {
                sql.append(column + " " + op.symbol() + " ?");
                sql.arg(term.value() instanceof Double d && d.longValue() == d ? (Object) d.longValue() : term.value());
            }
        }
    }

    @Override
    public void setDatasetTags(String datasetId, Map<String, String> tags) {
        db.write(c -> {
            requireDataset(c, datasetId);
            setTags(c, datasetId, tags);
            touch(c, datasetId, tags.get(USER_TAG));
            return null;
        });
    }

    @Override
    public void deleteDatasetTag(String datasetId, String key) {
        db.write(c -> {
            requireDataset(c, datasetId);
            Sql.update(c, "DELETE FROM evaluation_dataset_tags WHERE dataset_id = ? AND key = ?", datasetId, key);
            return null;
        });
    }

    @Override
    public Map<String, Integer> upsertRecords(String datasetId, List<DatasetRecord> records) {
        return db.write(c -> {
            requireDataset(c, datasetId);
            int inserted = 0;
            int updated = 0;
            long now = System.currentTimeMillis();
            String user = null;
            for (DatasetRecord r : records) {
                String inputs = canonical(r.inputs() == null ? "{}" : r.inputs(), "inputs");
                String hash = sha256(inputs);
                String recordUser = textField(r.tags(), USER_TAG);
                if (recordUser != null) user = recordUser;
                String[] existing = existingRecord(c, datasetId, hash);
                if (existing != null) {
                    Sql.update(c, "UPDATE evaluation_dataset_records SET outputs = COALESCE(?, outputs), expectations = ?,"
                                    + " tags = ?, last_update_time = ?, last_updated_by = COALESCE(?, last_updated_by)"
                                    + " WHERE dataset_record_id = ?",
                            r.outputs(), merge(existing[1], r.expectations(), "expectations"), merge(existing[2], r.tags(), "tags"),
                            now, recordUser, existing[0]);
                    updated++;
                } else {
                    Sql.update(c, "INSERT INTO evaluation_dataset_records (dataset_record_id, dataset_id, input_hash, inputs,"
                                    + " outputs, expectations, tags, source, created_time, last_update_time, created_by,"
                                    + " last_updated_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                            "dr-" + UUID.randomUUID().toString().replace("-", ""), datasetId, hash, inputs, r.outputs(),
                            r.expectations(), r.tags(), r.source(), now, now, recordUser, recordUser);
                    inserted++;
                }
            }
            long count = count(c, datasetId);
            Sql.update(c, "UPDATE evaluation_datasets SET profile_json = ? WHERE dataset_id = ?",
                    "{\"num_records\": " + count + "}", datasetId);
            touch(c, datasetId, user);
            Map<String, Integer> result = new LinkedHashMap<>();
            result.put("inserted", inserted);
            result.put("updated", updated);
            return result;
        });
    }

    @Override
    public Page<String> getRecords(String datasetId, int maxResults, String pageToken) {
        long offset = PageToken.decode(pageToken);
        return db.read(c -> {
            requireDataset(c, datasetId);
            ArrayNode list = JSON.createArrayNode();
            try (PreparedStatement ps = c.prepareStatement("SELECT dataset_record_id, inputs, outputs, expectations, tags,"
                    + " source, created_time, last_update_time, created_by, last_updated_by FROM evaluation_dataset_records"
                    + " WHERE dataset_id = ? ORDER BY created_time, dataset_record_id LIMIT ? OFFSET ?")) {
                Sql.bind(ps, List.of(datasetId, maxResults + 1, offset));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        ObjectNode r = list.addObject();
                        r.put("dataset_record_id", rs.getString(1));
                        r.put("dataset_id", datasetId);
                        r.set("inputs", parse(rs.getString(2)));
                        r.set("outputs", parse(rs.getString(3)));
                        r.set("expectations", parse(rs.getString(4)));
                        r.set("tags", parse(rs.getString(5)));
                        r.set("source", parse(rs.getString(6)));
                        r.put("created_time", rs.getLong(7));
                        r.put("last_update_time", rs.getLong(8));
                        r.put("created_by", rs.getString(9));
                        r.put("last_updated_by", rs.getString(10));
                    }
                }
            }
            String next = null;
            if (list.size() > maxResults) {
                list.remove(maxResults);
                next = PageToken.encode(offset + maxResults);
            }
            return new Page<>(List.of(list.toString()), next);
        });
    }

    @Override
    public EvaluationDataset addToExperiments(String datasetId, List<String> experimentIds) {
        return db.write(c -> {
            requireDataset(c, datasetId);
            for (String e : experimentIds) {
                experiments.getActive(c, ExperimentDao.parseId(e));
                linkExperiment(c, datasetId, e);
            }
            touch(c, datasetId, null);
            return load(c, datasetId);
        });
    }

    @Override
    public EvaluationDataset removeFromExperiments(String datasetId, List<String> experimentIds) {
        return db.write(c -> {
            requireDataset(c, datasetId);
            for (String e : experimentIds) {
                Sql.update(c, "DELETE FROM evaluation_dataset_experiments WHERE dataset_id = ? AND experiment_id = ?",
                        datasetId, experimentKey(e));
            }
            touch(c, datasetId, null);
            return load(c, datasetId);
        });
    }

    @Override
    public ScorerVersion registerScorer(String experimentId, String name, String serializedScorer) {
        Validation.required("name", name);
        if (name.isBlank()) {
            throw MlflowException.invalidParameter("Scorer name cannot be empty or contain only whitespace.");
        }
        Validation.required("serialized_scorer", serializedScorer);
        long exp = ExperimentDao.parseId(experimentId);
        return db.write(c -> {
            experiments.getActive(c, exp);
            List<ScorerVersion> versions = scorerVersions(c, exp, name);
            int next = versions.isEmpty() ? 1 : versions.get(versions.size() - 1).version() + 1;
            String scorerId = versions.isEmpty() ? UUID.randomUUID().toString() : versions.get(0).scorerId();
            long now = System.currentTimeMillis();
            Sql.update(c, "INSERT INTO scorer_versions (scorer_id, experiment_id, scorer_name, scorer_version,"
                    + " serialized_scorer, creation_time) VALUES (?, ?, ?, ?, ?, ?)", scorerId, exp, name, next, serializedScorer, now);
            return new ScorerVersion(Long.toString(exp), name, next, serializedScorer, now, scorerId);
        });
    }

    @Override
    public List<ScorerVersion> listScorers(String experimentId) {
        long exp = ExperimentDao.parseId(experimentId);
        return db.read(c -> {
            experiments.getActive(c, exp);
            return scorers(c, "SELECT " + SCORER_COLUMNS + " FROM scorer_versions s WHERE s.experiment_id = ? AND"
                    + " s.scorer_version = (SELECT MAX(x.scorer_version) FROM scorer_versions x WHERE x.experiment_id ="
                    + " s.experiment_id AND x.scorer_name = s.scorer_name) ORDER BY s.scorer_name", exp);
        });
    }

    @Override
    public List<ScorerVersion> listScorerVersions(String experimentId, String name) {
        long exp = ExperimentDao.parseId(experimentId);
        return db.read(c -> {
            List<ScorerVersion> versions = scorerVersions(c, exp, name);
            if (versions.isEmpty()) throw scorerNotFound(name, exp);
            return versions;
        });
    }

    @Override
    public ScorerVersion getScorer(String experimentId, String name, Integer version) {
        long exp = ExperimentDao.parseId(experimentId);
        return db.read(c -> {
            List<ScorerVersion> versions = scorerVersions(c, exp, name);
            if (versions.isEmpty()) throw scorerNotFound(name, exp);
            if (version == null) return versions.get(versions.size() - 1);
            return versions.stream().filter(v -> v.version() == version).findFirst().orElseThrow(() ->
                    MlflowException.notFound("Scorer with name '%s' and version %d not found for experiment %d.", name, version, exp));
        });
    }

    @Override
    public void deleteScorer(String experimentId, String name, Integer version) {
        long exp = ExperimentDao.parseId(experimentId);
        db.write(c -> {
            if (scorerVersions(c, exp, name).isEmpty()) throw scorerNotFound(name, exp);
            int deleted = version == null
                    ? Sql.update(c, "DELETE FROM scorer_versions WHERE experiment_id = ? AND scorer_name = ?", exp, name)
                    : Sql.update(c, "DELETE FROM scorer_versions WHERE experiment_id = ? AND scorer_name = ? AND scorer_version = ?",
                            exp, name, version);
            if (deleted == 0) {
                throw MlflowException.notFound("Scorer with name '%s' and version %d not found for experiment %d.", name, version, exp);
            }
            return null;
        });
    }

    private static final String SCORER_COLUMNS = "s.experiment_id, s.scorer_name, s.scorer_version, s.serialized_scorer,"
            + " s.creation_time, s.scorer_id";

    private static MlflowException scorerNotFound(String name, long exp) {
        return MlflowException.notFound("Scorer with name '%s' not found for experiment %d.", name, exp);
    }

    private static List<ScorerVersion> scorerVersions(Connection c, long exp, String name) throws SQLException {
        return scorers(c, "SELECT " + SCORER_COLUMNS + " FROM scorer_versions s WHERE s.experiment_id = ? AND s.scorer_name = ?"
                + " ORDER BY s.scorer_version", exp, name);
    }

    private static List<ScorerVersion> scorers(Connection c, String sql, Object... args) throws SQLException {
        List<ScorerVersion> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            Sql.bind(ps, List.of(args));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new ScorerVersion(Long.toString(rs.getLong(1)), rs.getString(2), rs.getInt(3), rs.getString(4),
                            rs.getLong(5), rs.getString(6)));
                }
            }
        }
        return out;
    }

    private static long experimentKey(String id) {
        try {
            return Long.parseLong(id);
        } catch (NumberFormatException e) {
            return -1L; // matches nothing, as an unknown id
        }
    }

    private static void linkExperiment(Connection c, String datasetId, String experimentId) throws SQLException {
        Sql.update(c, "INSERT INTO evaluation_dataset_experiments (dataset_id, experiment_id) VALUES (?, ?)"
                + " ON CONFLICT (dataset_id, experiment_id) DO NOTHING", datasetId, ExperimentDao.parseId(experimentId));
    }

    private static void setTags(Connection c, String id, Map<String, String> tags) throws SQLException {
        for (Map.Entry<String, String> t : tags.entrySet()) {
            if (t.getValue() == null) {
                Sql.update(c, "DELETE FROM evaluation_dataset_tags WHERE dataset_id = ? AND key = ?", id, t.getKey());
            } else {
                Sql.update(c, "INSERT INTO evaluation_dataset_tags (dataset_id, key, value) VALUES (?, ?, ?)"
                        + " ON CONFLICT (dataset_id, key) DO UPDATE SET value = excluded.value", id, t.getKey(), t.getValue());
            }
        }
    }

    /** A new last-update time and digest (any change gives a new digest, as MLflow's). */
    private static void touch(Connection c, String id, String user) throws SQLException {
        long now = System.currentTimeMillis();
        String name = null;
        try (PreparedStatement ps = c.prepareStatement("SELECT name FROM evaluation_datasets WHERE dataset_id = ?")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) name = rs.getString(1);
            }
        }
        Sql.update(c, "UPDATE evaluation_datasets SET last_update_time = ?, digest = ?,"
                + " last_updated_by = COALESCE(?, last_updated_by) WHERE dataset_id = ?", now, digest(name, now), user, id);
    }

    private static void requireDataset(Connection c, String id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM evaluation_datasets WHERE dataset_id = ?")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) throw notFound(id);
            }
        }
    }

    private static MlflowException notFound(String id) {
        return MlflowException.notFound("Evaluation dataset with id '%s' not found", id);
    }

    private static EvaluationDataset load(Connection c, String id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + DATASET_COLUMNS + " FROM evaluation_datasets WHERE dataset_id = ?")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) throw notFound(id);
                Map<String, String> tags = new TreeMap<>();
                List<String> exps = new ArrayList<>();
                try (PreparedStatement t = c.prepareStatement("SELECT key, value FROM evaluation_dataset_tags WHERE dataset_id = ?")) {
                    t.setString(1, id);
                    try (ResultSet trs = t.executeQuery()) {
                        while (trs.next()) tags.put(trs.getString(1), trs.getString(2));
                    }
                }
                try (PreparedStatement e = c.prepareStatement("SELECT experiment_id FROM evaluation_dataset_experiments"
                        + " WHERE dataset_id = ? ORDER BY experiment_id")) {
                    e.setString(1, id);
                    try (ResultSet ers = e.executeQuery()) {
                        while (ers.next()) exps.add(Long.toString(ers.getLong(1)));
                    }
                }
                return new EvaluationDataset(rs.getString(1), rs.getString(2), tags, rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getLong(6), rs.getLong(7), rs.getString(8), rs.getString(9), exps);
            }
        }
    }

    private static String[] existingRecord(Connection c, String datasetId, String hash) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT dataset_record_id, expectations, tags FROM evaluation_dataset_records"
                + " WHERE dataset_id = ? AND input_hash = ?")) {
            ps.setString(1, datasetId);
            ps.setString(2, hash);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? new String[] {rs.getString(1), rs.getString(2), rs.getString(3)} : null;
            }
        }
    }

    private static long count(Connection c, String datasetId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM evaluation_dataset_records WHERE dataset_id = ?")) {
            ps.setString(1, datasetId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** The stored object with the given object's keys laid over it (MLflow merges expectations and tags so). */
    private static String merge(String stored, String given, String field) {
        if (given == null) return stored;
        JsonNode over = parseObject(given, field);
        JsonNode base = stored == null ? JSON.createObjectNode() : parse(stored);
        if (!(base instanceof ObjectNode b)) return given;
        b.setAll((ObjectNode) over);
        return b.toString();
    }

    private static String canonical(String json, String field) {
        try {
            return JSON.writeValueAsString(JSON.treeToValue(parseObject(json, field), Object.class));
        } catch (JsonProcessingException e) {
            throw MlflowException.invalidParameter("Invalid record %s: %s", field, e.getOriginalMessage());
        }
    }

    private static JsonNode parseObject(String json, String field) {
        JsonNode n = parse(json);
        if (!n.isObject()) throw MlflowException.invalidParameter("A record's %s must be a JSON object.", field);
        return n;
    }

    private static JsonNode parse(String json) {
        if (json == null) return JSON.nullNode();
        try {
            return JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw MlflowException.invalidParameter("Invalid JSON: %s", e.getOriginalMessage());
        }
    }

    private static String textField(String json, String key) {
        if (json == null) return null;
        JsonNode v = parse(json).get(key);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static String digest(String name, long time) {
        return sha256(name + ":" + time).substring(0, 8);
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
