package dev.jtrack.store.sql;

import dev.jtrack.tracking.MlflowException;
import dev.jtrack.tracking.ViewType;
import dev.jtrack.tracking.search.Comparator;
import dev.jtrack.tracking.search.Comparison;
import dev.jtrack.tracking.search.KeyType;
import dev.jtrack.tracking.search.OrderBy;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Translates a parsed run search (filter terms, order-by clauses, paging) into SQL over
 * {@code runs} with bound values.
 *
 * <p>Each metric/param/tag key used in the filter becomes an INNER JOIN on its table (a run has
 * at most one row per key there). When the first order-by key is a metric, param or tag, the
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
    private final Set<String> nanFreeMetrics = new HashSet<>();
    private boolean driving;
    private int aliasCount;

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
        q.driving = drive;
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

    private String innerJoin(KeyType type, String key) {
        String id = type + ":" + key;
        String alias = innerAliases.get(id);
        if (alias == null) {
            alias = "j" + aliasCount++;
            // While driving from the order key, SQLite must not start from a filter table instead
            // (that would sort everything): CROSS JOIN pins the join order as written.
            String join = driving && dialect == Dialect.SQLITE ? " CROSS JOIN " : " JOIN ";
            joins.append(join + table(type) + " " + alias + " ON " + alias + ".run_uuid = r.run_uuid AND " + alias + ".key = ?")
                    .arg(key);
            innerAliases.put(id, alias);
        }
        return alias;
    }

    private void term(Comparison t) {
        switch (t.type()) {
            case METRIC -> {
                String a = innerJoin(KeyType.METRIC, t.key());
                if (t.op() == Comparator.NE) {
                    where.append(" AND (" + a + ".is_nan = 1 OR " + a + ".value != ?)").arg(t.numberValue());
                } else {
                    nanFreeMetrics.add(t.key());
                    where.append(" AND " + a + ".is_nan != 1 AND " + a + ".value " + t.op().symbol() + " ?").arg(t.numberValue());
                }
            }
            case PARAM, TAG -> {
                String a = innerJoin(t.type(), t.key());
                where.append(" AND ");
                SqlConditions.string(where, dialect, a + ".value", t);
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
