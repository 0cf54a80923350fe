package dev.jtrack.store.sql;

import dev.jtrack.tracking.search.Comparator;
import dev.jtrack.tracking.search.Comparison;

/** Translates string comparisons into SQL with bound values. */
final class SqlConditions {

    private SqlConditions() {}

    /** Appends {@code column <op> ?} for a string comparison (=, !=, LIKE, ILIKE, IN, NOT IN). */
    static void string(Sql.Builder q, Dialect d, String column, Comparison t) {
        Comparator op = t.op();
        switch (op) {
            case EQ -> q.append(column + " = ?").arg(t.stringValue());
            case NE -> q.append(column + " != ?").arg(t.stringValue());
            case LIKE -> q.append(d.like(column)).arg(d.likePattern(t.stringValue()));
            case ILIKE -> q.append(d.ilike(column)).arg(d.ilikePattern(t.stringValue()));
            case IN, NOT_IN -> {
                var values = t.listValue();
                if (values.isEmpty()) {
                    q.append(op == Comparator.IN ? "1 = 0" : "1 = 1");
                    return;
                }
                q.append(column + (op == Comparator.IN ? " IN (" : " NOT IN (") + Sql.marks(values.size()) + ")");
                values.forEach(q::arg);
            }
            default -> throw new IllegalArgumentException("not a string comparison: " + op);
        }
    }
}
