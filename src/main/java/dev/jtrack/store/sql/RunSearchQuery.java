package dev.jtrack.store.sql;

import dev.jtrack.tracking.MlflowException;
import dev.jtrack.tracking.ViewType;
import dev.jtrack.tracking.search.Comparator;
import dev.jtrack.tracking.search.Comparison;
import dev.jtrack.tracking.search.KeyType;
import dev.jtrack.tracking.search.OrderBy;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Set;
import java.util.List;
import java.util.Map;

/**
 * Translates a parsed run search (filter terms, order-by clauses, paging) into one SQL query over
 * {@code runs} with bound values.
 *
 * <p>Each metric/param/tag key used in the filter becomes an INNER JOIN on its table (a run has
 * at most one row per key there), so the database can drive the query from the
 * {@code (key, value)} index and stop after a page. Order-by keys reuse that join when the
 * filter already requires the key, and otherwise LEFT JOIN so runs without the key still appear,
 * last, as in MLflow.
 */
final class RunSearchQuery {

    private final Dialect dialect;
    private final Sql.Builder joins = new Sql.Builder();
    private final Sql.Builder where = new Sql.Builder();
    private final Sql.Builder orderSql = new Sql.Builder();
    private final Map<String, String> innerAliases = new HashMap<>();
    private final Set<String> nanFreeMetrics = new HashSet<>();
    private int aliasCount;

    private RunSearchQuery(Dialect dialect) {
        this.dialect = dialect;
    }

    /** The query selecting {@link RunDao#COLUMNS} for one page (one extra row tells if there is a next page). */
    static Sql.Builder build(Dialect dialect, List<Long> experimentIds, List<Comparison> terms, ViewType viewType,
            List<OrderBy> order, int limit, long offset) {
        RunSearchQuery q = new RunSearchQuery(dialect);
        q.where.append(" WHERE r.experiment_id IN (" + Sql.marks(experimentIds.size()) + ")");
        experimentIds.forEach(q.where::arg);
        switch (viewType) {
            case ACTIVE_ONLY -> q.where.append(" AND r.lifecycle_stage = 'active'");
            case DELETED_ONLY -> q.where.append(" AND r.lifecycle_stage = 'deleted'");
            case ALL -> { }
        }
        for (Comparison t : terms) {
            q.term(t);
        }
        q.order(order);
        Sql.Builder out = new Sql.Builder().append("SELECT " + RunDao.COLUMNS + " FROM runs r");
        out.append(q.joins.toString());
        out.args.addAll(q.joins.args);
        out.append(q.where.toString());
        out.args.addAll(q.where.args);
        out.append(" ORDER BY ").append(q.orderSql.toString());
        out.args.addAll(q.orderSql.args);
        out.append(" LIMIT ? OFFSET ?").arg(limit).arg(offset);
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
            joins.append(" JOIN " + table(type) + " " + alias + " ON " + alias + ".run_uuid = r.run_uuid AND " + alias + ".key = ?")
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

    private void order(List<OrderBy> order) {
        boolean hasStart = false;
        boolean hasRunId = false;
        for (OrderBy o : order) {
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
                    if (inner != null) {
                        // The filter requires the key, so there are no missing values to push last.
                        if (o.type() == KeyType.METRIC && !filterExcludesNan(o.key())) {
                            orderSql.append("(" + inner + ".is_nan = 1) ASC, ");
                        }
                        orderSql.append(inner + ".value" + dir + ", ");
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

    private boolean filterExcludesNan(String metricKey) {
        return nanFreeMetrics.contains(metricKey);
    }
}
