package dev.jtrack.store.sql;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import dev.jtrack.tracking.MlflowException;
import dev.jtrack.tracking.search.Comparator;
import dev.jtrack.tracking.search.Comparison;
import dev.jtrack.tracking.search.FilterParser;
import dev.jtrack.tracking.search.KeyType;
import dev.jtrack.tracking.search.OrderBy;
import dev.jtrack.tracking.search.OrderByParser;
import dev.jtrack.tracking.search.PageToken;
import dev.jtrack.tracking.search.SearchGrammar;
import dev.jtrack.tracking.trace.TraceInfo;
import dev.jtrack.tracking.trace.TraceQuery;
import dev.jtrack.tracking.trace.TraceState;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One trace search as SQL: the experiments, each filter term as a condition on {@code trace_info}
 * (tags, metadata and spans as {@code trace_id IN (subquery)}: the matching rows are found once
 * through their indexes rather than probed per trace), the order (default newest first, then trace
 * id) and an offset page. Values are always bound, never SQL text.
 */
final class TraceSearchQuery {

    static final String COLUMNS = "SELECT t.trace_id, t.experiment_id, t.request_time, t.execution_duration, t.state,"
            + " t.client_request_id, t.request_preview, t.response_preview";

    private final Sql.Builder sql = new Sql.Builder();
    private final Dialect dialect;
    private final long offset;
    private final int maxResults;

    private TraceSearchQuery(Dialect dialect, long offset, int maxResults) {
        this.dialect = dialect;
        this.offset = offset;
        this.maxResults = maxResults;
    }

    /** Parses and validates {@code q}; INVALID_PARAMETER_VALUE on a bad filter, order or token. */
    static TraceSearchQuery of(TraceQuery q, Dialect dialect) {
        List<OrderBy> order = OrderByParser.parse(q.orderBy(), SearchGrammar.TRACES);
        TraceSearchQuery s = new TraceSearchQuery(dialect, PageToken.decode(q.pageToken()), q.maxResults());
        s.where(COLUMNS, q.experimentIds(), q.filter());
        s.orderBy(order);
        s.sql.append(" LIMIT ? OFFSET ?").arg(q.maxResults()).arg(s.offset);
        return s;
    }

    /** How many traces of the experiments match {@code filter} (null: all). */
    static long count(Connection c, Dialect dialect, List<String> experimentIds, String filter) throws SQLException {
        TraceSearchQuery s = new TraceSearchQuery(dialect, 0, 0);
        s.where("SELECT COUNT(*)", experimentIds, filter);
        try (PreparedStatement ps = s.sql.prepare(c); ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Name, state, start and duration of every matching trace. */
    static List<dev.jtrack.tracking.trace.TraceSummary> summaries(Connection c, Dialect dialect, List<String> experimentIds,
            String filter) throws SQLException {
        TraceSearchQuery s = new TraceSearchQuery(dialect, 0, 0);
        s.sql.arg(TraceInfo.TRACE_NAME_TAG);
        s.where("SELECT (SELECT n.value FROM trace_tags n WHERE n.trace_id = t.trace_id AND n.key = ?), t.state,"
                + " t.request_time, t.execution_duration", experimentIds, filter);
        List<dev.jtrack.tracking.trace.TraceSummary> out = new ArrayList<>();
        try (PreparedStatement ps = s.sql.prepare(c); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(new dev.jtrack.tracking.trace.TraceSummary(rs.getString(1), TraceState.parse(rs.getString(2)),
                        rs.getLong(3), Sql.getLong(rs, "execution_duration")));
            }
        }
        return out;
    }

    /** Validates the filter early (INVALID_PARAMETER_VALUE), before any connection is taken. */
    static void validate(String filter) {
        FilterParser.parse(filter, SearchGrammar.TRACES);
    }

    private void where(String select, List<String> experimentIds, String filter) {
        if (experimentIds.isEmpty()) {
            throw MlflowException.invalidParameter("At least one experiment (trace location) must be given.");
        }
        List<Comparison> terms = FilterParser.parse(filter, SearchGrammar.TRACES);
        sql.append(select + " FROM trace_info t WHERE t.experiment_id IN (" + Sql.marks(experimentIds.size()) + ")");
        for (String e : experimentIds) {
            sql.arg(experimentKeyOrNone(e));
        }
        for (Comparison c : terms) {
            term(c);
        }
    }

    private static Long experimentKeyOrNone(String id) {
        try {
            return Long.parseLong(id);
        } catch (NumberFormatException e) {
            return -1L; // matches nothing, as an unknown id
        }
    }

    /** Runs the search: at most maxResults rows. */
    List<TraceInfo> run(Connection c) throws SQLException {
        List<TraceInfo> out = new ArrayList<>();
        try (PreparedStatement ps = sql.prepare(c); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(row(rs));
            }
        }
        return out;
    }

    String nextPageToken() {
        return PageToken.encode(offset + maxResults);
    }

    /** A trace_info row without its children. */
    static TraceInfo row(ResultSet rs) throws SQLException {
        return new TraceInfo(rs.getString(1), Long.toString(rs.getLong(2)), rs.getLong(3), Sql.getLong(rs, "execution_duration"),
                TraceState.parse(rs.getString(5)), rs.getString(6), rs.getString(7), rs.getString(8), Map.of(), Map.of(), List.of());
    }

    private void term(Comparison c) {
        switch (c.type()) {
            case ATTRIBUTE -> attribute(c);
            case TAG -> exists("trace_tags", c.key(), "x.value", c);
            case METADATA -> exists("trace_metadata", c.key(), "x.value", c);
            case FEEDBACK, EXPECTATION -> assessment(c);
            case SPAN -> {
                if (c.key().startsWith("attributes.")) {
                    spanAttribute(c);
                    return;
                }
                sql.append(" AND t.trace_id IN (SELECT x.trace_id FROM spans x WHERE ");
                compare(spanColumn(c.key()), c);
                sql.append(")");
            }
            default -> throw MlflowException.invalidParameter("Unsupported key type in trace filter: %s", c.type());
        }
    }

    private void attribute(Comparison c) {
        switch (c.key()) {
            case "name" -> exists("trace_tags", TraceInfo.TRACE_NAME_TAG, "x.value", c);
            case "text" -> {
                // full text: any span's content in MLflow's JSON form, as MLflow's LIKE over span contents
                sql.append(" AND t.trace_id IN (SELECT x.trace_id FROM span_search_text x WHERE ");
                compare("x.content", c);
                sql.append(")");
            }
            case "run_id" -> {
                // the run the trace was made in, or a run it was linked to (traces/link-to-run)
                sql.append(" AND (t.trace_id IN (SELECT x.trace_id FROM trace_metadata x WHERE x.key = ? AND ")
                        .arg(TraceInfo.SOURCE_RUN_METADATA);
                compare("x.value", c);
                sql.append(") OR t.trace_id IN (SELECT x.trace_id FROM trace_run_links x WHERE ");
                compare("x.run_id", c);
                sql.append("))");
            }
            default -> {
                sql.append(" AND ");
                compare(attributeColumn(c.key()), c);
            }
        }
    }

    private void exists(String table, String key, String column, Comparison c) {
        if (c.op().isPresence()) {
            sql.append(" AND t.trace_id" + (c.op() == Comparator.IS_NULL ? " NOT IN" : " IN")
                    + " (SELECT x.trace_id FROM " + table + " x WHERE x.key = ?)").arg(key);
            return;
        }
        sql.append(" AND t.trace_id IN (SELECT x.trace_id FROM " + table + " x WHERE x.key = ? AND ").arg(key);
        compare(column, c);
        sql.append(")");
    }

    /**
     * {@code feedback.<name>} / {@code expectation.<name>}: the trace has a valid (not overridden)
     * assessment of that kind and name whose value matches, as MLflow compares it: = and != against
     * the value's JSON text or the filter's string as JSON ({@code 'yes'} matches "yes", {@code 'true'}
     * matches true), LIKE/ILIKE/RLIKE on the JSON text, &lt; &lt;= &gt; &gt;= on numeric values only;
     * IS NULL: no such assessment, IS NOT NULL: one exists.
     */
    private void assessment(Comparison c) {
        String kind = c.type() == KeyType.FEEDBACK ? "feedback" : "expectation";
        boolean absent = c.op() == Comparator.IS_NULL;
        sql.append(" AND t.trace_id" + (absent ? " NOT IN" : " IN") + " (SELECT x.trace_id FROM assessments x WHERE x.name = ?")
                .arg(c.key());
        sql.append(" AND " + dialect.jsonText("x.content", kind) + " IS NOT NULL");
        sql.append(" AND " + (dialect == Dialect.SQLITE
                ? "COALESCE(json_extract(x.content, '$.valid'), 1) != 0"
                : "COALESCE((x.content)::jsonb ->> 'valid', 'true') <> 'false'"));
        if (!c.op().isPresence()) {
            String value = dialect.jsonText("x.content", kind, "value");
            sql.append(" AND ");
            switch (c.op()) {
                case EQ, NE -> {
                    String json = '"' + new String(JsonStringEncoder.getInstance().quoteAsString(c.stringValue())) + '"';
                    sql.append((c.op() == Comparator.NE ? "NOT " : "") + "(" + value + " = ? OR " + value + " = ?)")
                            .arg(c.stringValue()).arg(json);
                }
                case GT, GE, LT, LE -> {
                    String number = dialect == Dialect.SQLITE ? "json_extract(x.content, '$." + kind + ".value')"
                            : "((x.content)::jsonb #>> '{" + kind + ",value}')::double precision";
                    sql.append(dialect.jsonIsNumber("x.content", kind, "value") + " AND " + number + " " + c.op().symbol() + " ?")
                            .arg(c.numberValue());
                }
                default -> compare(value, c);
            }
        }
        sql.append(")");
    }

    private void compare(String column, Comparison c) {
        Comparator op = c.op();
        switch (op) {
            case LIKE -> sql.append(dialect.like(column)).arg(dialect.likePattern(c.stringValue()));
            case ILIKE -> sql.append(dialect.ilike(column)).arg(dialect.ilikePattern(c.stringValue()));
            case RLIKE -> sql.append(dialect.rlike(column)).arg(regex(c.stringValue()));
            case IN, NOT_IN -> {
                List<String> values = c.listValue();
                sql.append(column + (op == Comparator.IN ? " IN (" : " NOT IN (") + Sql.marks(values.size()) + ")");
                values.forEach(sql::arg);
            }
            default -> {
                sql.append(column + " " + op.symbol() + " ?");
                if (c.value() instanceof Double d) {
                    sql.arg(d.longValue() == d ? (Object) d.longValue() : d);
                } else {
                    sql.arg(c.value());
                }
            }
        }
    }

    /**
     * {@code span.attributes.<name> LIKE|ILIKE|RLIKE '...'}: as MLflow, a match in the span's JSON
     * form (its {@code span_search_text}), where attribute values are JSON-encoded strings: LIKE
     * looks for {@code "<name>"} followed by the pattern; RLIKE for {@code "<name>":"\"} then the
     * expression ({@code ^} anchoring it at the value's start, {@code $} at its end).
     */
    private void spanAttribute(Comparison c) {
        String name = c.key().substring("attributes.".length());
        String value = c.stringValue();
        Comparison onContent;
        if (c.op() == Comparator.RLIKE) {
            boolean start = value.startsWith("^");
            boolean end = value.endsWith("$") && value.length() > (start ? 1 : 0);
            String core = value.substring(start ? 1 : 0, end ? value.length() - 1 : value.length());
            onContent = new Comparison(c.type(), c.key(), c.op(),
                    "\"" + name + "\":" + (start ? "\"\\\\\"" : "\"\\\\\".*") + core + (end ? "\\\\\"" : ""));
        } else {
            onContent = new Comparison(c.type(), c.key(), c.op(), "%\"" + name + "\"" + value + "%");
        }
        sql.append(" AND t.trace_id IN (SELECT x.trace_id FROM span_search_text x WHERE ");
        compare("x.content", onContent);
        sql.append(")");
    }

    /** A RLIKE pattern, checked here so that a bad one is the client's INVALID_PARAMETER_VALUE. */
    private static String regex(String pattern) {
        try {
            java.util.regex.Pattern.compile(pattern);
        } catch (java.util.regex.PatternSyntaxException e) {
            throw MlflowException.invalidParameter("Invalid regular expression for RLIKE '%s': %s", pattern, e.getDescription());
        }
        return pattern;
    }

    private void orderBy(List<OrderBy> order) {
        StringBuilder o = new StringBuilder();
        for (OrderBy ob : order) {
            String dir = ob.ascending() ? " ASC" : " DESC";
            String expr = switch (ob.type()) {
                case ATTRIBUTE -> switch (ob.key()) {
                    case "name" -> keyValue("trace_tags", TraceInfo.TRACE_NAME_TAG);
                    case "run_id" -> keyValue("trace_metadata", TraceInfo.SOURCE_RUN_METADATA);
                    case "experiment_id" -> "t.experiment_id";
                    default -> attributeColumn(ob.key());
                };
                case TAG -> keyValue("trace_tags", ob.key());
                case METADATA -> keyValue("trace_metadata", ob.key());
                default -> throw MlflowException.invalidParameter("Cannot order traces by %s", ob.key());
            };
            o.append(expr).append(dir).append(" NULLS LAST, ");
        }
        sql.append(" ORDER BY ").append(o.toString()).append("t.request_time DESC, t.trace_id ASC");
    }

    private String keyValue(String table, String key) {
        String e = "(SELECT x.value FROM " + table + " x WHERE x.trace_id = t.trace_id AND x.key = ?)";
        sql.arg(key);
        return e;
    }

    private static String attributeColumn(String key) {
        return switch (key) {
            case "request_id" -> "t.trace_id";
            case "timestamp_ms" -> "t.request_time";
            case "execution_time_ms" -> "t.execution_duration";
            case "end_time_ms" -> "(t.request_time + t.execution_duration)";
            case "status" -> "t.state";
            case "client_request_id" -> "t.client_request_id";
            default -> throw MlflowException.invalidParameter("Invalid attribute key '%s' for traces", key);
        };
    }

    private static String spanColumn(String key) {
        return switch (key) {
            case "name" -> "x.name";
            case "type" -> "x.span_type";
            case "status" -> "x.status";
            default -> throw MlflowException.invalidParameter("Invalid span key '%s'", key);
        };
    }
}
