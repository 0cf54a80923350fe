package dev.jtrack.tracking.search;

import dev.jtrack.tracking.MlflowException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Parses order-by clauses such as {@code metrics.rmse ASC}, {@code params."lr" DESC} or
 * {@code start_time}: an identifier as in {@link FilterParser} followed by an optional
 * {@code ASC}/{@code DESC} (any case).
 */
public final class OrderByParser {

    /** Most order-by clauses accepted. */
    public static final int MAX_CLAUSES = 20;

    private OrderByParser() {}

    /** Parses each clause; null or empty means no explicit order. */
    public static List<OrderBy> parse(List<String> clauses, SearchGrammar grammar) {
        if (clauses == null || clauses.isEmpty()) {
            return List.of();
        }
        if (clauses.size() > MAX_CLAUSES) {
            throw MlflowException.invalidParameter("At most %d order_by clauses are allowed, got %d", MAX_CLAUSES, clauses.size());
        }
        List<OrderBy> out = new ArrayList<>();
        for (String c : clauses) {
            out.add(parseOne(c, grammar));
        }
        return out;
    }

    /** Parses one clause. */
    public static OrderBy parseOne(String clause, SearchGrammar grammar) {
        if (clause == null || clause.isBlank()) {
            throw MlflowException.invalidParameter("Invalid order_by clause '': expected an identifier");
        }
        String s = clause.strip();
        boolean ascending = true;
        String upper = s.toUpperCase(Locale.ROOT);
        if (upper.endsWith(" DESC") || upper.endsWith("\tDESC")) {
            ascending = false;
            s = s.substring(0, s.length() - 4).strip();
        } else if (upper.endsWith(" ASC") || upper.endsWith("\tASC")) {
            s = s.substring(0, s.length() - 3).strip();
        }
        if (s.isEmpty()) {
            throw MlflowException.invalidParameter("Invalid order_by clause '%s': expected an identifier", clause);
        }
        return FilterParser.identifierOnly(s, grammar, ascending);
    }
}
