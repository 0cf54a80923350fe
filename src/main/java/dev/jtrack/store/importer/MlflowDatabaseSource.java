package dev.jtrack.store.importer;

import dev.jtrack.store.ArtifactTargets;
import dev.jtrack.store.StoreUri;
import dev.jtrack.tracking.trace.SpanDicts;
import java.io.IOException;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import org.sqlite.SQLiteConfig;

/**
 * An MLflow tracking database (SQLite or PostgreSQL, as MLflow 2.x and 3.x write it through
 * SQLAlchemy), read with plain JDBC and never written. Tables that older MLflow versions lack
 * (logged models, traces, run outputs) read as empty.
 */
final class MlflowDatabaseSource implements ImportSource {
    private static final String TRACE_NAME_TAG = "mlflow.traceName";
    private final Connection connection;
    private final String description;
    private final Set<String> tables;

    private MlflowDatabaseSource(Connection connection, String description) throws SQLException {
        this.connection = connection;
        this.description = description;
        this.tables = tableNames(connection);
        if (!tables.contains("alembic_version") || !tables.contains("experiments") || !tables.contains("runs")) {
            connection.close();
            throw new ImportSourceException(description + " is not an MLflow tracking database (no alembic_version,"
                    + " experiments and runs tables)");
        }
    }

    /** Opens the MLflow database at {@code uri} ({@code sqlite:///...} or {@code postgresql://...}) read-only. */
    static MlflowDatabaseSource open(StoreUri uri) {
        try {
            if (uri.kind() == StoreUri.Kind.SQLITE) {
                if (!Files.isRegularFile(uri.sqliteFile())) {
                    throw new ImportSourceException("No MLflow database at " + uri.sqliteFile() + " (the file does not exist)");
                }
                SQLiteConfig config = new SQLiteConfig();
                config.setReadOnly(true);
                config.setBusyTimeout(30_000);
                return new MlflowDatabaseSource(config.createConnection("jdbc:sqlite:" + uri.sqliteFile()),
                        "SQLite database " + uri.sqliteFile());
            }
            Properties props = new Properties();
            if (uri.user() != null) {
                props.setProperty("user", uri.user());
            }
            if (uri.password() != null) {
                props.setProperty("password", uri.password());
            }
            props.setProperty("connectTimeout", "10");
            props.setProperty("readOnly", "true");
            String url = uri.jdbcUrl();
            String shown = url.replaceAll("password=[^&]*", "password=***");
            return new MlflowDatabaseSource(DriverManager.getConnection(url, props), "PostgreSQL database " + shown);
        } catch (SQLException e) {
            throw new ImportSourceException("Cannot read the MLflow database: " + e.getMessage());
        }
    }

    private static Set<String> tableNames(Connection c) throws SQLException {
        Set<String> names = new HashSet<>();
        DatabaseMetaData meta = c.getMetaData();
        try (ResultSet rs = meta.getTables(null, null, "%", new String[] {"TABLE"})) {
            while (rs.next()) {
                names.add(rs.getString("TABLE_NAME").toLowerCase(Locale.ROOT));
            }
        }
        return names;
    }

    @Override
    public String description() {
        return description;
    }

    @Override
    public List<Unit> experiments() {
        List<Unit> out = new ArrayList<>();
        for (Object[] e : query("SELECT experiment_id, name, artifact_location, lifecycle_stage, creation_time,"
                + " last_update_time FROM experiments ORDER BY experiment_id")) {
            long id = asLong(e[0]);
            Unit unit = new Unit("experiment " + id);
            unit.add(Table.EXPERIMENTS, "experiment_id", id, "name", e[1], "artifact_location", e[2],
                    "lifecycle_stage", e[3], "creation_time", orZero(e[4]), "last_update_time", orZero(e[5]));
            for (Object[] t : query("SELECT key, value FROM experiment_tags WHERE experiment_id = ? ORDER BY key", id)) {
                unit.add(Table.EXPERIMENT_TAGS, "experiment_id", id, "key", t[0], "value", nonNull(t[1]));
            }
            out.add(unit);
        }
        return out;
    }

    @Override
    public List<String> runIds() {
        return strings("SELECT run_uuid FROM runs ORDER BY experiment_id, start_time, run_uuid");
    }

    @Override
    public Unit run(String runId) {
        List<Object[]> found = query("SELECT run_uuid, experiment_id, name, user_id, status, start_time, end_time,"
                + " artifact_uri, lifecycle_stage, deleted_time FROM runs WHERE run_uuid = ?", runId);
        Object[] r = found.get(0);
        long experimentId = asLong(r[1]);
        Unit unit = new Unit("run " + runId);
        unit.add(Table.RUNS, "run_uuid", runId, "experiment_id", experimentId, "name", r[2], "user_id", r[3],
                "status", r[4], "start_time", r[5] == null ? null : asLong(r[5]), "end_time", r[6] == null ? null : asLong(r[6]),
                "artifact_uri", r[7], "lifecycle_stage", r[8], "deleted_time", r[9] == null ? null : asLong(r[9]));
        for (Object[] p : query("SELECT key, value FROM params WHERE run_uuid = ? ORDER BY key", runId)) {
            unit.add(Table.PARAMS, "run_uuid", runId, "key", p[0], "value", nonNull(p[1]));
        }
        for (Object[] t : query("SELECT key, value FROM tags WHERE run_uuid = ? ORDER BY key", runId)) {
            unit.add(Table.TAGS, "run_uuid", runId, "key", t[0], "value", nonNull(t[1]));
        }
        for (Object[] m : query("SELECT key, step, timestamp, value, is_nan FROM metrics WHERE run_uuid = ?"
                + " ORDER BY key, step, timestamp, value", runId)) {
            unit.add(Table.METRICS, "run_uuid", runId, "key", m[0], "step", orZero(m[1]), "timestamp", orZero(m[2]),
                    "value", asDouble(m[3]), "is_nan", asFlag(m[4]));
        }
        int position = 0;
        for (Object[] i : query("SELECT input_uuid, source_id FROM inputs WHERE source_type = 'DATASET'"
                + " AND destination_type = 'RUN' AND destination_id = ? ORDER BY input_uuid", runId)) {
            String datasetId = (String) i[1];
            for (Object[] d : query("SELECT name, digest, dataset_source_type, dataset_source, dataset_schema,"
                    + " dataset_profile, experiment_id FROM datasets WHERE dataset_uuid = ?", datasetId)) {
                unit.add(Table.DATASETS, "dataset_uuid", datasetId, "experiment_id", asLong(d[6]), "name", d[0],
                        "digest", d[1], "dataset_source_type", d[2], "dataset_source", d[3], "dataset_schema", d[4],
                        "dataset_profile", d[5]);
            }
            unit.add(Table.INPUTS, "input_uuid", i[0], "run_uuid", runId, "dataset_uuid", datasetId, "position", (long) position++);
            for (Object[] t : query("SELECT name, value FROM input_tags WHERE input_uuid = ? ORDER BY name", i[0])) {
                unit.add(Table.INPUT_TAGS, "input_uuid", i[0], "key", t[0], "value", nonNull(t[1]));
            }
        }
        if (hasColumn("inputs", "step")) {
            // MLflow 3 links runs and logged models through the inputs table.
            for (Object[] o : query("SELECT destination_id, step FROM inputs WHERE source_type = 'RUN_OUTPUT'"
                    + " AND destination_type = 'MODEL_OUTPUT' AND source_id = ? ORDER BY destination_id", runId)) {
                unit.add(Table.RUN_LOGGED_MODELS, "run_uuid", runId, "direction", "OUTPUT", "model_id", o[0], "step", orZero(o[1]));
            }
            for (Object[] o : query("SELECT destination_id FROM inputs WHERE source_type = 'RUN_INPUT'"
                    + " AND destination_type = 'MODEL_INPUT' AND source_id = ? ORDER BY destination_id", runId)) {
                unit.add(Table.RUN_LOGGED_MODELS, "run_uuid", runId, "direction", "INPUT", "model_id", o[0], "step", 0L);
            }
        }
        return unit;
    }

    @Override
    public List<String> loggedModelIds() {
        return tables.contains("logged_models")
                ? strings("SELECT model_id FROM logged_models ORDER BY creation_timestamp_ms, model_id") : List.of();
    }

    @Override
    public Unit loggedModel(String modelId) {
        Object[] m = query("SELECT model_id, experiment_id, name, artifact_location, creation_timestamp_ms,"
                + " last_updated_timestamp_ms, status, lifecycle_stage, model_type, source_run_id, status_message"
                + " FROM logged_models WHERE model_id = ?", modelId).get(0);
        Unit unit = new Unit("logged model " + modelId);
        unit.add(Table.LOGGED_MODELS, "model_id", modelId, "experiment_id", asLong(m[1]), "name", m[2],
                "artifact_location", m[3], "creation_timestamp_ms", orZero(m[4]), "last_updated_timestamp_ms", orZero(m[5]),
                "status", orZero(m[6]), "lifecycle_stage", m[7] == null ? "active" : m[7], "model_type", m[8],
                "source_run_id", m[9], "status_message", m[10]);
        for (Object[] p : query("SELECT param_key, param_value FROM logged_model_params WHERE model_id = ? ORDER BY param_key", modelId)) {
            unit.add(Table.LOGGED_MODEL_PARAMS, "model_id", modelId, "param_key", p[0], "param_value", nonNull(p[1]));
        }
        for (Object[] t : query("SELECT tag_key, tag_value FROM logged_model_tags WHERE model_id = ? ORDER BY tag_key", modelId)) {
            unit.add(Table.LOGGED_MODEL_TAGS, "model_id", modelId, "tag_key", t[0], "tag_value", nonNull(t[1]));
        }
        for (Object[] x : query("SELECT metric_name, metric_timestamp_ms, metric_step, run_id, metric_value,"
                + " dataset_name, dataset_digest FROM logged_model_metrics WHERE model_id = ?"
                + " ORDER BY metric_name, metric_timestamp_ms, metric_step, run_id", modelId)) {
            boolean nan = x[4] == null || Double.isNaN(asDouble(x[4]));
            unit.add(Table.LOGGED_MODEL_METRICS, "model_id", modelId, "metric_name", x[0], "metric_timestamp_ms", orZero(x[1]),
                    "metric_step", orZero(x[2]), "run_id", x[3], "metric_value", nan ? 0.0 : asDouble(x[4]),
                    "is_nan", nan ? 1L : 0L, "dataset_name", x[5], "dataset_digest", x[6]);
        }
        return unit;
    }

    @Override
    public List<String> registeredModelNames() {
        return tables.contains("registered_models") ? strings("SELECT name FROM registered_models ORDER BY name") : List.of();
    }

    @Override
    public Unit registeredModel(String name) {
        Object[] m = query("SELECT name, creation_time, last_updated_time, description FROM registered_models WHERE name = ?",
                name).get(0);
        Unit unit = new Unit("registered model " + name);
        long created = orZero(m[1]);
        unit.add(Table.REGISTERED_MODELS, "name", name, "creation_time", created,
                "last_updated_time", m[2] == null ? created : asLong(m[2]), "description", m[3]);
        for (Object[] t : query("SELECT key, value FROM registered_model_tags WHERE name = ? ORDER BY key", name)) {
            unit.add(Table.REGISTERED_MODEL_TAGS, "name", name, "key", t[0], "value", nonNull(t[1]));
        }
        for (Object[] v : query("SELECT version, creation_time, last_updated_time, description, user_id, current_stage,"
                + " source, run_id, run_link, status, status_message FROM model_versions WHERE name = ? ORDER BY version", name)) {
            long version = asLong(v[0]);
            long vCreated = orZero(v[1]);
            unit.add(Table.MODEL_VERSIONS, "name", name, "version", version, "creation_time", vCreated,
                    "last_updated_time", v[2] == null ? vCreated : asLong(v[2]), "description", v[3], "user_id", v[4],
                    "current_stage", v[5] == null ? "None" : v[5], "source", v[6], "run_id", v[7], "run_link", v[8],
                    "status", v[9] == null ? "READY" : v[9], "status_message", v[10]);
            for (Object[] t : query("SELECT key, value FROM model_version_tags WHERE name = ? AND version = ? ORDER BY key",
                    name, version)) {
                unit.add(Table.MODEL_VERSION_TAGS, "name", name, "version", version, "key", t[0], "value", nonNull(t[1]));
            }
        }
        if (tables.contains("registered_model_aliases")) {
            for (Object[] a : query("SELECT alias, version FROM registered_model_aliases WHERE name = ? ORDER BY alias", name)) {
                unit.add(Table.ALIASES, "name", name, "alias", a[0], "version", asLong(a[1]));
            }
        }
        return unit;
    }

    @Override
    public List<String> traceIds() {
        return tables.contains("trace_info") ? strings("SELECT request_id FROM trace_info ORDER BY timestamp_ms, request_id") : List.of();
    }

    @Override
    public Unit trace(String traceId) {
        Object[] t = query("SELECT request_id, experiment_id, timestamp_ms, execution_time_ms, status, client_request_id,"
                + " request_preview, response_preview FROM trace_info WHERE request_id = ?", traceId).get(0);
        Unit unit = new Unit("trace " + traceId);
        unit.add(Table.TRACES, "trace_id", traceId, "experiment_id", asLong(t[1]), "request_time", orZero(t[2]),
                "execution_duration", t[3] == null ? null : asLong(t[3]), "state", traceState((String) t[4]),
                "client_request_id", t[5], "request_preview", t[6], "response_preview", t[7]);
        boolean named = false;
        for (Object[] x : query("SELECT key, value FROM trace_tags WHERE request_id = ? ORDER BY key", traceId)) {
            unit.add(Table.TRACE_TAGS, "trace_id", traceId, "key", x[0], "value", x[1]);
            named |= TRACE_NAME_TAG.equals(x[0]);
        }
        if (!named && hasColumn("trace_info", "trace_name")) {
            // MLflow 3.1x keeps the trace name in a column and shows it as this tag
            Object name = query("SELECT trace_name FROM trace_info WHERE request_id = ?", traceId).get(0)[0];
            if (name != null) {
                unit.add(Table.TRACE_TAGS, "trace_id", traceId, "key", TRACE_NAME_TAG, "value", name);
            }
        }
        if (tables.contains("trace_request_metadata")) {
            for (Object[] x : query("SELECT key, value FROM trace_request_metadata WHERE request_id = ? ORDER BY key", traceId)) {
                unit.add(Table.TRACE_METADATA, "trace_id", traceId, "key", x[0], "value", x[1]);
            }
        }
        if (tables.contains("spans")) {
            for (Object[] x : query("SELECT span_id, parent_span_id, name, type, status, start_time_unix_nano,"
                    + " end_time_unix_nano, content FROM spans WHERE trace_id = ? ORDER BY start_time_unix_nano, span_id", traceId)) {
                String otlp;
                String searchText;
                try {
                    otlp = SpanJson.otlp((String) x[7]);
                    searchText = SpanDicts.of(otlp).toString();
                } catch (IOException e) {
                    throw new ImportSourceException("Cannot read span " + x[0] + " of trace " + traceId + ": " + e.getMessage());
                }
                unit.add(Table.SPANS, "trace_id", traceId, "span_id", x[0], "parent_span_id", x[1], "name", x[2],
                        "span_type", x[3], "status", x[4], "start_time_unix_nano", orZero(x[5]),
                        "end_time_unix_nano", x[6] == null ? null : asLong(x[6]), "content", otlp);
                unit.add(Table.SPAN_SEARCH_TEXT, "trace_id", traceId, "span_id", x[0], "content", searchText);
            }
        }
        return unit;
    }

    /** MLflow 2's trace status names (OK, ERROR, IN_PROGRESS) as MLflow 3's states. */
    static String traceState(String status) {
        if (status == null) {
            return "STATE_UNSPECIFIED";
        }
        return switch (status) {
            case "TRACE_STATUS_UNSPECIFIED" -> "STATE_UNSPECIFIED";
            default -> status;
        };
    }

    @Override
    public ArtifactTargets artifacts() {
        return new ArtifactTargets(null);
    }

    @Override
    public void close() {
        try {
            connection.close();
        } catch (SQLException ignored) {
            // read-only: nothing to lose
        }
    }

    private boolean hasColumn(String table, String column) {
        try (ResultSet rs = connection.getMetaData().getColumns(null, null, table, column)) {
            return rs.next();
        } catch (SQLException e) {
            throw new ImportSourceException("Cannot read " + description + ": " + e.getMessage());
        }
    }

    private List<String> strings(String sql) {
        List<String> out = new ArrayList<>();
        for (Object[] row : query(sql)) {
            out.add((String) row[0]);
        }
        return out;
    }

    private List<Object[]> query(String sql, Object... args) {
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            List<Object[]> rows = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                int n = rs.getMetaData().getColumnCount();
                while (rs.next()) {
                    Object[] row = new Object[n];
                    for (int c = 0; c < n; c++) {
                        row[c] = rs.getObject(c + 1);
                    }
                    rows.add(row);
                }
            }
            return rows;
        } catch (SQLException e) {
            throw new ImportSourceException("Cannot read " + description + ": " + e.getMessage());
        }
    }

    private static long asLong(Object o) {
        if (o instanceof Number n) {
            return n.longValue();
        }
        return Long.parseLong(o.toString());
    }

    private static long orZero(Object o) {
        return o == null ? 0L : asLong(o);
    }

    private static double asDouble(Object o) {
        if (o == null) {
            return 0.0;
        }
        return o instanceof Number n ? n.doubleValue() : Double.parseDouble(o.toString());
    }

    /** MLflow's boolean is_nan (1/0 in SQLite, true/false in PostgreSQL) as jtrack's flag. */
    private static long asFlag(Object o) {
        if (o instanceof Boolean b) {
            return b ? 1L : 0L;
        }
        return o == null ? 0L : asLong(o) != 0 ? 1L : 0L;
    }

    private static String nonNull(Object o) {
        return o == null ? "" : o.toString();
    }
}
