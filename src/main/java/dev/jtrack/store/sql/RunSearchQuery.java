package dev.jtrack.store.sql;

import dev.jtrack.tracking.MlflowException;
import dev.jtrack.tracking.ViewType;
import dev.jtrack.tracking.search.Comparator;
import dev.jtrack.tracking.search.Comparison;
import dev.jtrack.tracking.search.KeyType;
import dev.jtrack.tracking.search.OrderBy;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Translates a parsed run search (filter terms, order-by clauses, paging) into SQL over
 * {@code runs} with bound values.
 *
 * <p>The comparisons on each metric/param/tag key used in the filter become one correlated
 * {@code EXISTS} on its table (a run has at most one row per key there), so a filter may have as
 * many terms as {@link dev.jtrack.tracking.search.FilterParser#MAX_TERMS} without meeting a
 * database's join limit (SQLite allows 64 tables). When the first order-by key is a metric, param or tag, the
 * query is driven from that key's {@code (key, value)} index (on SQLite pinned with CROSS JOIN),
 * so the database walks the runs in page order and stops after a page instead of sorting them
 * all. Runs lacking that key (or with NaN) sort last, as in MLflow; they are fetched by a second
 * query ({@link Phase#ABSENT}) only when the first one ({@link Phase#PRESENT}) does not fill the
 * page — see {@link #needsSplit}.
 */
final class RunSearchQuery {

    /** Which runs a query covers with respect to the first order-by key. */
    enum Phase {
        /** All matching runs (no split needed). */
        ALL,
        /** Runs that have a (non-NaN) value for the first order-by key. */
        PRESENT,
        /** Runs without a value (or NaN) for the first order-by key. */
        ABSENT
    }

    private final Dialect dialect;
    private final Sql.Builder from = new Sql.Builder();
    private final Sql.Builder joins = new Sql.Builder();
    private final Sql.Builder where = new Sql.Builder();
    private final Sql.Builder orderSql = new Sql.Builder();
    private final Map<String, String> innerAliases = new HashMap<>();
    private final Map<String, KeyConditions> keyConditions = new LinkedHashMap<>();
    private final Set<String> nanFreeMetrics = new HashSet<>();
    private int aliasCount;
    private int existsCount;

    /** How many key conditions PostgreSQL may plan as semi-joins (its join_collapse_limit is 8). */
    private static final int PLANNED_EXISTS = 6;

    private RunSearchQuery(Dialect dialect) {
        this.dialect = dialect;
    }

    /**
     * Whether the search must be run in two phases: the first order key is a metric, param or
     * tag that the filter does not already require.
     */
    static boolean needsSplit(List<Comparison> terms, List<OrderBy> order) {
        if (order.isEmpty() || !isKeyType(order.get(0).type())) {
            return false;
        }
        OrderBy first = order.get(0);
        for (Comparison t : terms) {
            if (t.type() == first.type() && t.key().equals(first.key())) {
                return false;
            }
        }
        return true;
    }

    private static boolean isKeyType(KeyType t) {
        return t == KeyType.METRIC || t == KeyType.PARAM || t == KeyType.TAG;
    }

    /**
     * The query selecting {@link RunDao#COLUMNS} for one page (callers ask for one extra row to
     * learn whether there is a next page); with {@code count} instead the number of matching runs.
     */
    static Sql.Builder build(Dialect dialect, List<Long> experimentIds, List<Comparison> terms, ViewType viewType,
            List<OrderBy> order, Phase phase, int limit, long offset, boolean count) {
        RunSearchQuery q = new RunSearchQuery(dialect);
        OrderBy first = order.isEmpty() ? null : order.get(0);
        boolean drive = first != null && isKeyType(first.type())
                && (phase == Phase.PRESENT || (phase == Phase.ALL && !needsSplit(terms, order)));
        if (drive) {
            // Drive from the first order key's (key, value) index.
            String d = "d" + q.aliasCount++;
            q.from.append(" FROM " + table(first.type()) + " " + d + (dialect == Dialect.SQLITE ? " CROSS JOIN" : " JOIN")
                    + " runs r ON r.run_uuid = " + d + ".run_uuid AND " + d + ".key = ?").arg(first.key());
            q.innerAliases.put(first.type() + ":" + first.key(), d);
            if (phase == Phase.PRESENT && first.type() == KeyType.METRIC) {
                q.where.append(" AND " + d + ".is_nan != 1");
                q.nanFreeMetrics.add(first.key());
            }
        } else {
            q.from.append(" FROM runs r");
        }
        q.where.args.clear();
        Sql.Builder head = new Sql.Builder().append(" WHERE r.experiment_id IN (" + Sql.marks(experimentIds.size()) + ")");
        experimentIds.forEach(head::arg);
        switch (viewType) {
            case ACTIVE_ONLY -> head.append(" AND r.lifecycle_stage = 'active'");
            case DELETED_ONLY -> head.append(" AND r.lifecycle_stage = 'deleted'");
            case ALL -> { }
        }
        head.append(q.where.toString());
        q.where.sql.setLength(0);
        q.where.append(head.toString());
        q.where.args.addAll(head.args);
        for (Comparison t : terms) {
            q.term(t);
        }
        q.keyConditions.values().forEach(q::exists);
        if (phase == Phase.ABSENT) {
            String a = "o" + q.aliasCount++;
            q.joins.append(" LEFT JOIN " + table(first.type()) + " " + a + " ON " + a + ".run_uuid = r.run_uuid AND " + a + ".key = ?")
                    .arg(first.key());
            q.where.append(first.type() == KeyType.METRIC
                    ? " AND (" + a + ".run_uuid IS NULL OR " + a + ".is_nan = 1)"
                    : " AND " + a + ".run_uuid IS NULL");
            q.innerAliases.put(first.type() + ":" + first.key(), a);
        }
        if (!count) {
            q.order(order, phase);
        }
        Sql.Builder out = new Sql.Builder().append(count ? "SELECT COUNT(*)" : "SELECT " + RunDao.COLUMNS);
        out.append(q.from.toString());
        out.args.addAll(q.from.args);
        out.append(q.joins.toString());
        out.args.addAll(q.joins.args);
        out.append(q.where.toString());
        out.args.addAll(q.where.args);
        if (!count) {
            out.append(" ORDER BY ").append(q.orderSql.toString());
            out.args.addAll(q.orderSql.args);
            out.append(" LIMIT ? OFFSET ?").arg(limit).arg(offset);
        }
        return out;
    }

    private static String table(KeyType t) {
        return switch (t) {
            case METRIC -> "latest_metrics";
            case PARAM -> "params";
            case TAG -> "tags";
            default -> throw new IllegalArgumentException(t.name());
        };
    }

    /** The comparisons on one metric, param or tag key, tested together against its one row. */
    private record KeyConditions(KeyType type, String key, Sql.Builder sql) {}

    /**
     * Where the comparisons on a key go: the driving alias when the key is the first order key,
     * else the key's {@code EXISTS}, created on first use.
     */
    private Target conditionsOn(KeyType type, String key) {
        String id = type + ":" + key;
        String driven = innerAliases.get(id);
        if (driven != null) {
            return new Target(where, driven);
        }
        return new Target(keyConditions.computeIfAbsent(id, i -> new KeyConditions(type, key, new Sql.Builder())).sql(), "k");
    }

    /** Where a key's comparisons are appended, and the alias of the key's row there. */
    private record Target(Sql.Builder sql, String alias) {}

    private void exists(KeyConditions c) {
        where.append(" AND EXISTS (SELECT 1 FROM " + table(c.type()) + " k WHERE k.run_uuid = r.run_uuid AND k.key = ?")
                .arg(c.key());
        where.append(c.sql().toString());
        where.args.addAll(c.sql().args);
        // PostgreSQL turns each EXISTS into a semi-join and plans them all together: fine for a few,
        // minutes for hundreds. OFFSET 0 keeps the ones past the first few as per-row index probes.
        where.append(dialect == Dialect.POSTGRESQL && ++existsCount > PLANNED_EXISTS ? " OFFSET 0)" : ")");
    }

    private void term(Comparison t) {
        switch (t.type()) {
            case METRIC -> {
                Target on = conditionsOn(KeyType.METRIC, t.key());
                String a = on.alias();
                if (t.op() == Comparator.NE) {
                    on.sql().append(" AND (" + a + ".is_nan = 1 OR " + a + ".value != ?)").arg(t.numberValue());
                } else {
                    nanFreeMetrics.add(t.key());
                    on.sql().append(" AND " + a + ".is_nan != 1 AND " + a + ".value " + t.op().symbol() + " ?").arg(t.numberValue());
                }
            }
            case PARAM, TAG -> {
                Target on = conditionsOn(t.type(), t.key());
                on.sql().append(" AND ");
                SqlConditions.string(on.sql(), dialect, on.alias() + ".value", t);
            }
            case ATTRIBUTE -> {
                String col = attributeColumn(t.key());
                where.append(" AND ");
                if (t.value() instanceof Double d) {
                    where.append(col + " " + t.op().symbol() + " ?").arg(d);
                } else {
                    SqlConditions.string(where, dialect, col, t);
                }
            }
            case DATASET -> {
                where.append(" AND EXISTS (SELECT 1 FROM inputs i JOIN datasets d ON d.dataset_uuid = i.dataset_uuid");
                String col;
                if (t.key().equals("context")) {
                    where.append(" JOIN input_tags it ON it.input_uuid = i.input_uuid AND it.key = 'mlflow.data.context'");
                    col = "it.value";
                } else {
                    col = "d." + t.key();
                }
                where.append(" WHERE i.run_uuid = r.run_uuid AND ");
                SqlConditions.string(where, dialect, col, t);
                where.append(")");
            }
        }
    }

    static String attributeColumn(String attribute) {
        return switch (attribute) {
            case "run_id" -> "r.run_uuid";
            case "run_name" -> "r.name";
            case "status" -> "r.status";
            case "user_id" -> "r.user_id";
            case "artifact_uri" -> "r.artifact_uri";
            case "start_time" -> "r.start_time";
            case "end_time" -> "r.end_time";
            case "experiment_id" -> "r.experiment_id";
            default -> throw MlflowException.invalidParameter("Invalid attribute key '%s'", attribute);
        };
    }

    private void order(List<OrderBy> order, Phase phase) {
        boolean hasStart = false;
        boolean hasRunId = false;
        for (int i = 0; i < order.size(); i++) {
            OrderBy o = order.get(i);
            String dir = o.ascending() ? " ASC" : " DESC";
            switch (o.type()) {
                case ATTRIBUTE -> {
                    String col = attributeColumn(o.key());
                    hasStart |= col.equals("r.start_time");
                    hasRunId |= col.equals("r.run_uuid");
                    orderSql.append(col + dir + " NULLS LAST, ");
                }
                case METRIC, PARAM, TAG -> {
                    String inner = innerAliases.get(o.type() + ":" + o.key());
                    boolean absentFirstKey = i == 0 && phase == Phase.ABSENT;
                    if (inner != null && !absentFirstKey) {
                        // The query requires the key, so there are no missing values to push last.
                        if (o.type() == KeyType.METRIC && !nanFreeMetrics.contains(o.key())) {
                            orderSql.append("(" + inner + ".is_nan = 1) ASC, ");
                        }
                        orderSql.append(inner + ".value" + dir + ", ");
                    } else if (absentFirstKey) {
                        // Only NaN or missing values here: NaN first, then missing.
                        orderSql.append("(" + inner + ".run_uuid IS NULL) ASC, ");
                    } else {
                        String a = "o" + aliasCount++;
                        joins.append(" LEFT JOIN " + table(o.type()) + " " + a + " ON " + a + ".run_uuid = r.run_uuid AND "
                                + a + ".key = ?").arg(o.key());
                        if (o.type() == KeyType.METRIC) {
                            orderSql.append("(" + a + ".is_nan = 1) ASC NULLS LAST, ");
                        }
                        orderSql.append(a + ".value" + dir + " NULLS LAST, ");
                    }
                }
                default -> throw MlflowException.invalidParameter("Cannot order runs by %s", o.key());
            }
        }
        if (!hasStart) {
            orderSql.append("r.start_time DESC NULLS LAST, ");
        }
        orderSql.append(hasRunId ? "r.experiment_id ASC" : "r.run_uuid ASC");
    }
}
