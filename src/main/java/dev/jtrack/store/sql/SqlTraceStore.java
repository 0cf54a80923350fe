package dev.jtrack.store.sql;

import dev.jtrack.tracking.ErrorCode;
import dev.jtrack.tracking.MlflowException;
import dev.jtrack.tracking.Page;
import dev.jtrack.tracking.trace.Assessment;
import dev.jtrack.tracking.trace.Span;
import dev.jtrack.tracking.trace.TraceInfo;
import dev.jtrack.tracking.trace.TraceQuery;
import dev.jtrack.tracking.trace.TraceState;
import dev.jtrack.tracking.trace.TraceStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@link TraceStore} on SQLite or PostgreSQL (tables of migration V3): trace infos with tags and
 * metadata, one row per span with its OpenTelemetry JSON, and assessments. Spans may arrive before
 * the trace's info (OTLP ingest while the trace runs) or after it; either order ends in the same rows.
 */
public final class SqlTraceStore implements TraceStore {

    /** Metadata MLflow's server adds once the client has sent the trace's info. */
    static final String INFO_FINALIZED = "mlflow.trace.infoFinalized";
    private static final String TRACKING_STORE = "TRACKING_STORE";
    private static final String[] CHILD_TABLES = {"trace_tags", "trace_metadata", "spans", "assessments", "trace_run_links",
        "span_search_text"};
    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();
    /** Most traces one link-to-run request takes (MLflow's). */
    private static final int MAX_LINKS_PER_REQUEST = 100;

    private final Database db;

    /** A trace store on {@code db}; the schema must be migrated. */
    public SqlTraceStore(Database db) {
        this.db = db;
    }

    @Override
    public TraceInfo startTrace(TraceInfo info) {
        requireTraceId(info.traceId());
        return db.write(c -> {
            String artifactRoot = activeExperimentArtifactLocation(c, info.experimentId());
            String id = info.traceId();
            boolean exists = traceExists(c, id);
            if (exists) {
                Sql.update(c, "UPDATE trace_info SET experiment_id = ?, request_time = ?, execution_duration = ?, state = ?,"
                                + " client_request_id = ?, request_preview = COALESCE(?, request_preview),"
                                + " response_preview = COALESCE(?, response_preview) WHERE trace_id = ?",
                        experimentKey(info.experimentId()), info.requestTime(), Sql.bigint(info.executionDuration()), info.state().name(),
                        info.clientRequestId(), info.requestPreview(), info.responsePreview(), id);
            } else {
                insertInfo(c, id, info.experimentId(), info.requestTime(), info.executionDuration(), info.state(),
                        info.clientRequestId(), info.requestPreview(), info.responsePreview());
            }
            for (Map.Entry<String, String> t : info.tags().entrySet()) {
                upsert(c, "trace_tags", id, t.getKey(), t.getValue());
            }
            upsert(c, "trace_tags", id, TraceInfo.ARTIFACT_LOCATION_TAG, traceArtifactLocation(artifactRoot, id));
            for (Map.Entry<String, String> m : info.metadata().entrySet()) {
                upsert(c, "trace_metadata", id, m.getKey(), m.getValue());
            }
            upsert(c, "trace_metadata", id, INFO_FINALIZED, "true");
            if (hasSpans(c, id)) {
                upsert(c, "trace_tags", id, TraceInfo.SPANS_LOCATION_TAG, TRACKING_STORE);
            }
            for (Assessment a : info.assessments()) {
                insertAssessment(c, a);
            }
            return readInfo(c, id);
        });
    }

    @Override
    public void logSpans(String experimentId, List<Span> spans) {
        if (spans.isEmpty()) {
            return;
        }
        Map<String, List<Span>> byTrace = new LinkedHashMap<>();
        for (Span s : spans) {
            requireTraceId(s.traceId());
            byTrace.computeIfAbsent(s.traceId(), k -> new ArrayList<>()).add(s);
        }
        db.write(c -> {
            String artifactRoot = activeExperimentArtifactLocation(c, experimentId);
            for (Map.Entry<String, List<Span>> e : byTrace.entrySet()) {
                logTraceSpans(c, experimentId, artifactRoot, e.getKey(), e.getValue());
            }
            return null;
        });
    }

    private void logTraceSpans(Connection c, String experimentId, String artifactRoot, String id, List<Span> spans)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO spans (trace_id, span_id, parent_span_id, name,"
                + " span_type, status, start_time_unix_nano, end_time_unix_nano, content) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
                + " ON CONFLICT (trace_id, span_id) DO UPDATE SET parent_span_id = excluded.parent_span_id,"
                + " name = excluded.name, span_type = excluded.span_type, status = excluded.status,"
                + " start_time_unix_nano = excluded.start_time_unix_nano, end_time_unix_nano = excluded.end_time_unix_nano,"
                + " content = excluded.content")) {
            for (Span s : spans) {
                Sql.bind(ps, java.util.Arrays.asList(s.traceId(), s.spanId(), s.parentSpanId(), s.name(), s.spanType(),
                        s.status(), s.startTimeNanos(), Sql.bigint(s.endTimeNanos()), s.json()));
                ps.addBatch();
            }
            ps.executeBatch();
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO span_search_text (trace_id, span_id, content) VALUES (?, ?, ?)"
                + " ON CONFLICT (trace_id, span_id) DO UPDATE SET content = excluded.content")) {
            for (Span s : spans) {
                Sql.bind(ps, List.of(s.traceId(), s.spanId(), searchText(s)));
                ps.addBatch();
            }
            ps.executeBatch();
        }
        Span root = spans.stream().filter(Span::isRoot).findFirst().orElse(null);
        if (!traceExists(c, id)) {
            if (root != null) {
                insertInfo(c, id, experimentId, root.startTimeNanos() / 1_000_000, durationMillis(root),
                        stateOf(root), null, null, null);
            } else {
                long start = spans.stream().mapToLong(Span::startTimeNanos).min().orElse(0) / 1_000_000;
                insertInfo(c, id, experimentId, start, null, TraceState.IN_PROGRESS, null, null, null);
            }
            upsert(c, "trace_tags", id, TraceInfo.ARTIFACT_LOCATION_TAG, traceArtifactLocation(artifactRoot, id));
            upsert(c, "trace_metadata", id, "mlflow.trace_schema.version", "3");
        } else if (root != null && !isFinalized(c, id)) {
            Sql.update(c, "UPDATE trace_info SET request_time = ?, execution_duration = ?, state = ? WHERE trace_id = ?",
                    root.startTimeNanos() / 1_000_000, Sql.bigint(durationMillis(root)), stateOf(root).name(), id);
        }
        if (root != null && !isFinalized(c, id)) {
            upsert(c, "trace_tags", id, TraceInfo.TRACE_NAME_TAG, root.name());
        }
        upsert(c, "trace_tags", id, TraceInfo.SPANS_LOCATION_TAG, TRACKING_STORE);
    }

    private static Long durationMillis(Span root) {
        return root.endTimeNanos() == null ? null : (root.endTimeNanos() - root.startTimeNanos()) / 1_000_000;
    }

    private static TraceState stateOf(Span root) {
        if (root.endTimeNanos() == null) {
            return TraceState.IN_PROGRESS;
        }
        return "ERROR".equals(root.status()) ? TraceState.ERROR : TraceState.OK;
    }

    @Override
    public TraceInfo getTraceInfo(String traceId) {
        return db.read(c -> readInfo(c, traceId));
    }

    @Override
    public List<Span> getSpans(String traceId) {
        return db.read(c -> {
            if (!traceExists(c, traceId)) {
                throw traceNotFound(traceId);
            }
            List<Span> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT trace_id, span_id, parent_span_id, name, span_type, status,"
                    + " start_time_unix_nano, end_time_unix_nano, content FROM spans WHERE trace_id = ?"
                    + " ORDER BY start_time_unix_nano, span_id")) {
                ps.setString(1, traceId);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new Span(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                                rs.getString(6), rs.getLong(7), Sql.getLong(rs, "end_time_unix_nano"), rs.getString(9)));
                    }
                }
            }
            return out;
        });
    }

    @Override
    public Page<TraceInfo> searchTraces(TraceQuery query) {
        TraceSearchQuery search = TraceSearchQuery.of(query, db.dialect());
        return db.read(c -> {
            List<TraceInfo> rows = search.run(c);
            // As MLflow's server: a full page always carries a token, even when nothing follows.
            String next = rows.size() == query.maxResults() ? search.nextPageToken() : null;
            return new Page<>(withChildren(c, rows), next);
        });
    }

    @Override
    public long[] countTraces(List<String> experimentIds, List<String> filters) {
        filters.forEach(TraceSearchQuery::validate);
        return db.read(c -> {
            long[] counts = new long[filters.size()];
            for (int i = 0; i < counts.length; i++) {
                counts[i] = TraceSearchQuery.count(c, db.dialect(), experimentIds, filters.get(i));
            }
            return counts;
        });
    }

    @Override
    public List<dev.jtrack.tracking.trace.TraceSummary> summarizeTraces(List<String> experimentIds, List<String> filters) {
        String filter = filters.stream().filter(f -> f != null && !f.isBlank()).reduce((a, b) -> a + " AND " + b).orElse(null);
        TraceSearchQuery.validate(filter);
        return db.read(c -> TraceSearchQuery.summaries(c, db.dialect(), experimentIds, filter));
    }

    @Override
    public void setTraceTag(String traceId, String key, String value) {
        requireKey(key);
        db.write(c -> {
            if (!traceExists(c, traceId)) {
                throw traceNotFound(traceId);
            }
            upsert(c, "trace_tags", traceId, key, value);
            return null;
        });
    }

    @Override
    public void deleteTraceTag(String traceId, String key) {
        db.write(c -> {
            if (!traceExists(c, traceId)) {
                throw traceNotFound(traceId);
            }
            if (Sql.update(c, "DELETE FROM trace_tags WHERE trace_id = ? AND key = ?", traceId, key) == 0) {
                throw MlflowException.notFound("No trace tag with key '%s' for trace with ID '%s'", key, traceId);
            }
            return null;
        });
    }

    @Override
    public int deleteTraces(String experimentId, List<String> traceIds) {
        Long exp = experimentKey(experimentId);
        return db.write(c -> {
            List<String> existing = new ArrayList<>();
            for (List<String> chunk : Sql.chunks(traceIds)) {
                try (PreparedStatement ps = c.prepareStatement("SELECT trace_id FROM trace_info WHERE experiment_id = ?"
                        + " AND trace_id IN (" + Sql.marks(chunk.size()) + ")")) {
                    ps.setLong(1, exp);
                    for (int i = 0; i < chunk.size(); i++) {
                        ps.setString(i + 2, chunk.get(i));
                    }
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            existing.add(rs.getString(1));
                        }
                    }
                }
            }
            deleteAll(c, existing);
            return existing.size();
        });
    }

    @Override
    public int deleteTracesBefore(String experimentId, long maxTimestampMillis, int maxTraces) {
        Long exp = experimentKey(experimentId);
        return db.write(c -> {
            List<String> ids = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT trace_id FROM trace_info WHERE experiment_id = ?"
                    + " AND request_time <= ? ORDER BY request_time, trace_id LIMIT ?")) {
                ps.setLong(1, exp);
                ps.setLong(2, maxTimestampMillis);
                ps.setInt(3, maxTraces);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        ids.add(rs.getString(1));
                    }
                }
            }
            deleteAll(c, ids);
            return ids.size();
        });
    }

    private static void deleteAll(Connection c, List<String> ids) throws SQLException {
        for (List<String> chunk : Sql.chunks(ids)) {
            String in = " WHERE trace_id IN (" + Sql.marks(chunk.size()) + ")";
            for (String table : CHILD_TABLES) {
                Sql.update(c, "DELETE FROM " + table + in, chunk.toArray());
            }
            Sql.update(c, "DELETE FROM trace_info" + in, chunk.toArray());
        }
    }

    @Override
    public Assessment createAssessment(Assessment a) {
        return db.write(c -> {
            if (!traceExists(c, a.traceId())) {
                throw traceNotFound(a.traceId());
            }
            String overrides = assessmentField(a.json(), "overrides");
            if (overrides != null) {
                setValid(c, a.traceId(), overrides, false);
            }
            insertAssessment(c, a);
            return a;
        });
    }

    /** Marks an assessment valid or not (an assessment that overrides it is created or deleted). */
    private static void setValid(Connection c, String traceId, String assessmentId, boolean valid) throws SQLException {
        Assessment overridden = readAssessment(c, traceId, assessmentId);
        try {
            com.fasterxml.jackson.databind.node.ObjectNode json =
                    (com.fasterxml.jackson.databind.node.ObjectNode) JSON.readTree(overridden.json());
            json.put("valid", valid);
            Sql.update(c, "UPDATE assessments SET content = ? WHERE assessment_id = ?", json.toString(), assessmentId);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new SQLException("stored assessment " + assessmentId + " is not JSON", e);
        }
    }

    private static String assessmentField(String json, String field) {
        try {
            com.fasterxml.jackson.databind.JsonNode v = JSON.readTree(json).get(field);
            return v == null || v.isNull() || v.asText().isEmpty() ? null : v.asText();
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return null;
        }
    }

    @Override
    public void linkTracesToRun(List<String> traceIds, String runId) {
        if (traceIds.size() > MAX_LINKS_PER_REQUEST) {
            throw MlflowException.invalidParameter("Cannot link more than %d traces to a run in a single request. Provided %d traces.",
                    MAX_LINKS_PER_REQUEST, traceIds.size());
        }
        db.write(c -> {
            if (!exists(c, "SELECT 1 FROM runs WHERE run_uuid = ?", runId)) {
                throw new MlflowException(ErrorCode.RESOURCE_DOES_NOT_EXIST, "Run with id=" + runId + " not found");
            }
            for (String id : traceIds) {
                if (!traceExists(c, id)) throw traceNotFound(id);
                Sql.update(c, "INSERT INTO trace_run_links (trace_id, run_id) VALUES (?, ?) ON CONFLICT (trace_id, run_id) DO NOTHING",
                        id, runId);
            }
            return null;
        });
    }

    @Override
    public Assessment getAssessment(String traceId, String assessmentId) {
        return db.read(c -> readAssessment(c, traceId, assessmentId));
    }

    @Override
    public Assessment updateAssessment(Assessment a) {
        return db.write(c -> {
            readAssessment(c, a.traceId(), a.assessmentId());
            Sql.update(c, "UPDATE assessments SET name = ?, last_update_time = ?, content = ? WHERE assessment_id = ?",
                    a.name(), a.lastUpdateTime(), a.json(), a.assessmentId());
            return a;
        });
    }

    @Override
    public void deleteAssessment(String traceId, String assessmentId) {
        db.write(c -> {
            Assessment deleted = readAssessment(c, traceId, assessmentId);
            String overrides = assessmentField(deleted.json(), "overrides");
            if (overrides != null && exists(c, "SELECT 1 FROM assessments WHERE assessment_id = ?", overrides)) {
                setValid(c, traceId, overrides, true);
            }
            Sql.update(c, "DELETE FROM assessments WHERE assessment_id = ?", assessmentId);
            return null;
        });
    }

    // --- rows -------------------------------------------------------------------------------

    private static void insertInfo(Connection c, String id, String experimentId, long requestTime, Long duration,
            TraceState state, String clientRequestId, String requestPreview, String responsePreview) throws SQLException {
        Sql.update(c, "INSERT INTO trace_info (trace_id, experiment_id, request_time, execution_duration, state,"
                        + " client_request_id, request_preview, response_preview) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                id, experimentKey(experimentId), requestTime, Sql.bigint(duration), state.name(), clientRequestId, requestPreview,
                responsePreview);
    }

    private static void insertAssessment(Connection c, Assessment a) throws SQLException {
        Sql.update(c, "INSERT INTO assessments (assessment_id, trace_id, name, create_time, last_update_time, content)"
                        + " VALUES (?, ?, ?, ?, ?, ?)",
                a.assessmentId(), a.traceId(), a.name(), a.createTime(), a.lastUpdateTime(), a.json());
    }

    private static void upsert(Connection c, String table, String traceId, String key, String value) throws SQLException {
        Sql.update(c, "INSERT INTO " + table + " (trace_id, key, value) VALUES (?, ?, ?)"
                + " ON CONFLICT (trace_id, key) DO UPDATE SET value = excluded.value", traceId, key, value);
    }

    /** The span as MLflow's JSON, the text that trace.text searches. */
    private static String searchText(Span s) {
        try {
            return dev.jtrack.tracking.trace.SpanDicts.of(s.json()).toString();
        } catch (java.io.IOException e) {
            return s.json(); // not reached for spans parsed from OTLP; then the raw JSON is searched
        }
    }

    private static boolean traceExists(Connection c, String id) throws SQLException {
        return exists(c, "SELECT 1 FROM trace_info WHERE trace_id = ?", id);
    }

    private static boolean hasSpans(Connection c, String id) throws SQLException {
        return exists(c, "SELECT 1 FROM spans WHERE trace_id = ? LIMIT 1", id);
    }

    private static boolean isFinalized(Connection c, String id) throws SQLException {
        return exists(c, "SELECT 1 FROM trace_metadata WHERE trace_id = ? AND key = ?", id, INFO_FINALIZED);
    }

    private static boolean exists(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            Sql.bind(ps, List.of(args));
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    private static TraceInfo readInfo(Connection c, String id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(TraceSearchQuery.COLUMNS + " FROM trace_info t WHERE t.trace_id = ?")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw traceNotFound(id);
                }
                return withChildren(c, List.of(TraceSearchQuery.row(rs))).get(0);
            }
        }
    }

    /** The infos with their tags, metadata and assessments, in three queries for the whole page. */
    private static List<TraceInfo> withChildren(Connection c, List<TraceInfo> infos) throws SQLException {
        if (infos.isEmpty()) {
            return infos;
        }
        List<String> ids = infos.stream().map(TraceInfo::traceId).toList();
        Map<String, Map<String, String>> tags = keyValues(c, "trace_tags", ids);
        Map<String, Map<String, String>> metadata = keyValues(c, "trace_metadata", ids);
        Map<String, List<Assessment>> assessments = new HashMap<>();
        for (List<String> chunk : Sql.chunks(ids)) {
            try (PreparedStatement ps = c.prepareStatement("SELECT assessment_id, trace_id, name, create_time,"
                    + " last_update_time, content FROM assessments WHERE trace_id IN (" + Sql.marks(chunk.size()) + ")"
                    + " ORDER BY create_time, assessment_id")) {
                Sql.bind(ps, chunk);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        Assessment a = assessment(rs);
                        assessments.computeIfAbsent(a.traceId(), k -> new ArrayList<>()).add(a);
                    }
                }
            }
        }
        List<TraceInfo> out = new ArrayList<>(infos.size());
        for (TraceInfo i : infos) {
            out.add(new TraceInfo(i.traceId(), i.experimentId(), i.requestTime(), i.executionDuration(), i.state(),
                    i.clientRequestId(), i.requestPreview(), i.responsePreview(),
                    metadata.getOrDefault(i.traceId(), Map.of()), tags.getOrDefault(i.traceId(), Map.of()),
                    assessments.getOrDefault(i.traceId(), List.of())));
        }
        return out;
    }

    private static Map<String, Map<String, String>> keyValues(Connection c, String table, List<String> ids)
            throws SQLException {
        Map<String, Map<String, String>> out = new HashMap<>();
        for (List<String> chunk : Sql.chunks(ids)) {
            try (PreparedStatement ps = c.prepareStatement("SELECT trace_id, key, value FROM " + table
                    + " WHERE trace_id IN (" + Sql.marks(chunk.size()) + ")")) {
                Sql.bind(ps, chunk);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.computeIfAbsent(rs.getString(1), k -> new TreeMap<>()).put(rs.getString(2), rs.getString(3));
                    }
                }
            }
        }
        return out;
    }

    private static Assessment readAssessment(Connection c, String traceId, String assessmentId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT assessment_id, trace_id, name, create_time, last_update_time,"
                + " content FROM assessments WHERE assessment_id = ? AND trace_id = ?")) {
            ps.setString(1, assessmentId);
            ps.setString(2, traceId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw MlflowException.notFound("Assessment with ID '%s' not found for trace '%s'", assessmentId, traceId);
                }
                return assessment(rs);
            }
        }
    }

    private static Assessment assessment(ResultSet rs) throws SQLException {
        return new Assessment(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4), rs.getLong(5), rs.getString(6));
    }

    // --- experiments ------------------------------------------------------------------------

    private static String activeExperimentArtifactLocation(Connection c, String experimentId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT artifact_location, lifecycle_stage FROM experiments WHERE experiment_id = ?")) {
            ps.setLong(1, experimentKey(experimentId));
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw MlflowException.notFound("No Experiment with id=%s exists", experimentId);
                }
                if (!"active".equals(rs.getString(2))) {
                    throw MlflowException.invalidParameter(
                            "The experiment %s must be in the 'active' state. Current state is %s.", experimentId, rs.getString(2));
                }
                String loc = rs.getString(1);
                return loc == null ? "" : loc;
            }
        }
    }

    /** Where a trace's artifacts go, as MLflow puts them: {@code <experiment artifacts>/traces/<id>/artifacts}. */
    static String traceArtifactLocation(String experimentArtifactLocation, String traceId) {
        String root = experimentArtifactLocation.endsWith("/")
                ? experimentArtifactLocation.substring(0, experimentArtifactLocation.length() - 1) : experimentArtifactLocation;
        return root + "/traces/" + traceId + "/artifacts";
    }

    static Long experimentKey(String experimentId) {
        if (experimentId == null || experimentId.isEmpty()) {
            throw MlflowException.invalidParameter("Missing value for required parameter 'experiment_id'.");
        }
        try {
            return Long.parseLong(experimentId);
        } catch (NumberFormatException e) {
            throw MlflowException.notFound("No Experiment with id=%s exists", experimentId);
        }
    }

    private static void requireTraceId(String id) {
        if (id == null || id.isEmpty()) {
            throw MlflowException.invalidParameter("Missing value for required parameter 'trace_id'.");
        }
        if (id.length() > 50) {
            throw MlflowException.invalidParameter("Invalid trace id '%s': longer than 50 characters", id);
        }
    }

    private static void requireKey(String key) {
        if (key == null || key.isEmpty()) {
            throw MlflowException.invalidParameter("Missing value for required parameter 'key'.");
        }
        if (key.length() > 250) {
            throw MlflowException.invalidParameter("Trace tag key '%s' is longer than 250 characters", key);
        }
    }

    static MlflowException traceNotFound(String id) {
        return new MlflowException(ErrorCode.RESOURCE_DOES_NOT_EXIST, "Trace with ID '" + id + "' not found.");
    }
}
