package dev.jtrack.tracking.search;

import dev.jtrack.tracking.MlflowException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A recursive-descent parser for MLflow's search filter grammar:
 *
 * <pre>
 * filter     := comparison ( AND comparison )* EOF
 * comparison := identifier operator value
 * identifier := name                      -- an attribute
 *             | prefix '.' key            -- metrics.x, params."a b", tags.`k`
 * key        := [\w.]+ | "..." | `...`
 * operator   := = | != | &lt; | &lt;= | &gt; | &gt;= | LIKE | ILIKE | IN | NOT IN
 *               (trace search also: RLIKE | IS NULL | IS NOT NULL, the last two without a value)
 * value      := 'string' | "string" | number | '(' string ( ',' string )* ')'
 * </pre>
 *
 * Keywords are case-insensitive. Which operators and values each key type allows comes from the
 * {@link SearchGrammar}. Errors are {@code INVALID_PARAMETER_VALUE} with the 0-based position and
 * what was expected. Values are returned as data, never as SQL text.
 */
public final class FilterParser {

    /**
     * Most terms one filter may have; bounds the SQL we generate (each term is a condition, never
     * a join, so this is not a database's join limit).
     */
    public static final int MAX_TERMS = 500;
    /** Most values in one IN list. */
    public static final int MAX_IN_VALUES = 1000;
    /** Most values in all IN lists of one filter together; keeps the bound values under the databases' limits. */
    public static final int MAX_LIST_VALUES = 10_000;
    /** Longest filter string accepted. */
    public static final int MAX_FILTER_LENGTH = 100_000;

    private final String src;
    private final SearchGrammar grammar;
    private final String what;
    private int pos;
    private int listValues;

    private FilterParser(String src, SearchGrammar grammar) {
        this(src, grammar, "filter");
    }

    private FilterParser(String src, SearchGrammar grammar, String what) {
        this.src = src;
        this.grammar = grammar;
        this.what = what;
    }

    /** Parses {@code filter} (null or blank means no condition) into its AND-ed terms. */
    public static List<Comparison> parse(String filter, SearchGrammar grammar) {
        if (filter == null || filter.isBlank()) {
            return List.of();
        }
        if (filter.length() > MAX_FILTER_LENGTH) {
            throw MlflowException.invalidParameter(
                    "Invalid filter: longer than %d characters", MAX_FILTER_LENGTH);
        }
        return new FilterParser(filter, grammar).filter();
    }

    /**
     * Parses a lone identifier (as order_by clauses use it) into its type and key; attributes
     * resolve to their canonical name, including those that can only be ordered by.
     */
    static OrderBy identifierOnly(String ident, SearchGrammar grammar, boolean ascending) {
        FilterParser p = new FilterParser(ident, grammar, "order_by clause");
        p.skipSpace();
        Identifier id = p.identifier();
        p.skipSpace();
        if (p.pos < ident.length()) {
            throw p.error(p.pos, "ASC, DESC or the end of the clause");
        }
        String key = id.key();
        if (id.type() == KeyType.ATTRIBUTE) {
            SearchGrammar.Attribute a = grammar.attribute(key);
            if (a == null) {
                throw p.error(0, "a valid attribute to order " + grammar.entity() + " by (one of "
                        + String.join(", ", grammar.attributeNames()) + ") or a key with a prefix ("
                        + String.join(", ", grammar.prefixes()) + ") but found '" + key + "'");
            }
            key = a.name();
        }
        if (id.type() == KeyType.DATASET || id.type() == KeyType.SPAN) {
            throw p.error(0, "a key that can be ordered by (datasets and spans cannot) but found '" + ident + "'");
        }
        return new OrderBy(id.type(), key, ascending);
    }

    private List<Comparison> filter() {
        List<Comparison> out = new ArrayList<>();
        out.add(comparison());
        while (true) {
            skipSpace();
            if (pos >= src.length()) {
                return out;
            }
            int at = pos;
            String word = peekWord();
            if (word.equalsIgnoreCase("AND")) {
                pos += 3;
                if (out.size() >= MAX_TERMS) {
                    throw error(at, "at most " + MAX_TERMS + " terms joined by AND");
                }
                out.add(comparison());
            } else if (word.equalsIgnoreCase("OR")) {
                throw error(at, "AND (OR is not supported; terms can only be joined by AND)");
            } else {
                throw error(at, "AND or the end of the filter");
            }
        }
    }

    private Comparison comparison() {
        skipSpace();
        int identStart = pos;
        Identifier id = identifier();
        skipSpace();
        int opStart = pos;
        Comparator op = operator();
        skipSpace();
        int valueStart = pos;
        Object value = op.isPresence() ? null : value();
        return check(id, identStart, op, opStart, value, valueStart);
    }

    private record Identifier(KeyType type, String key, boolean datasetOrAttrKnown) {}

    private Identifier identifier() {
        int start = pos;
        if (pos >= src.length()) {
            throw error(pos, "an identifier such as metrics.<key>, params.<key>, tags.<key> or an attribute");
        }
        char c = src.charAt(pos);
        if (c == '`' || c == '"') {
            throw error(pos, "an identifier; quote only the key after the prefix, e.g. tags.\"my key\"");
        }
        String head = word();
        if (head.isEmpty()) {
            throw error(start, "an identifier such as metrics.<key>, params.<key>, tags.<key> or an attribute");
        }
        if (pos < src.length() && src.charAt(pos) == '.') {
            KeyType type = grammar.prefix(head);
            if (type == null) {
                throw error(start, "a valid prefix (one of " + String.join(", ", grammar.prefixes())
                        + ") but found '" + head + "'");
            }
            pos++;
            String key = key();
            return new Identifier(type, key, false);
        }
        return new Identifier(KeyType.ATTRIBUTE, head, false);
    }

    private String key() {
        if (pos >= src.length()) {
            throw error(pos, "a key after the '.'");
        }
        char c = src.charAt(pos);
        if (c == '`' || c == '"') {
            String k = quoted(c);
            if (k.isEmpty()) {
                throw error(pos, "a non-empty key");
            }
            return k;
        }
        int start = pos;
        while (pos < src.length() && isKeyChar(src.charAt(pos))) {
            pos++;
        }
        if (pos == start) {
            throw error(start, "a key after the '.' (quote keys with special characters in backticks or double quotes)");
        }
        return src.substring(start, pos);
    }

    private Comparator operator() {
        if (pos >= src.length()) {
            throw error(pos, operators());
        }
        char c = src.charAt(pos);
        switch (c) {
            case '=':
                pos++;
                if (pos < src.length() && src.charAt(pos) == '=') {
                    throw error(pos - 1, "'=' (not '==')");
                }
                return Comparator.EQ;
            case '!':
                if (src.startsWith("!=", pos)) {
                    pos += 2;
                    return Comparator.NE;
                }
                break;
            case '<':
                if (src.startsWith("<=", pos)) {
                    pos += 2;
                    return Comparator.LE;
                }
                if (src.startsWith("<>", pos)) {
                    break;
                }
                pos++;
                return Comparator.LT;
            case '>':
                if (src.startsWith(">=", pos)) {
                    pos += 2;
                    return Comparator.GE;
                }
                pos++;
                return Comparator.GT;
            default:
                String w = peekWord().toUpperCase(Locale.ROOT);
                switch (w) {
                    case "LIKE" -> {
                        pos += 4;
                        return Comparator.LIKE;
                    }
                    case "ILIKE" -> {
                        pos += 5;
                        return Comparator.ILIKE;
                    }
                    case "RLIKE" -> {
                        if (grammar.traceOperators()) {
                            pos += 5;
                            return Comparator.RLIKE;
                        }
                    }
                    case "IS" -> {
                        if (grammar.traceOperators()) {
                            int at = pos;
                            pos += 2;
                            skipSpace();
                            boolean not = peekWord().equalsIgnoreCase("NOT");
                            if (not) {
                                pos += 3;
                                skipSpace();
                            }
                            if (peekWord().equalsIgnoreCase("NULL")) {
                                pos += 4;
                                return not ? Comparator.IS_NOT_NULL : Comparator.IS_NULL;
                            }
                            throw error(at, "IS NULL or IS NOT NULL");
                        }
                    }
                    case "IN" -> {
                        pos += 2;
                        return Comparator.IN;
                    }
                    case "NOT" -> {
                        int at = pos;
                        pos += 3;
                        skipSpace();
                        if (peekWord().equalsIgnoreCase("IN")) {
                            pos += 2;
                            return Comparator.NOT_IN;
                        }
                        throw error(at, "NOT IN");
                    }
                    default -> { }
                }
        }
        throw error(pos, operators());
    }

    private String operators() {
        return "a comparison operator (=, !=, <, <=, >, >=, LIKE, ILIKE, IN, NOT IN"
                + (grammar.traceOperators() ? ", RLIKE, IS NULL, IS NOT NULL)" : ")");
    }

    private Object value() {
        if (pos >= src.length()) {
            throw error(pos, "a value (a quoted string, a number, or a parenthesised list)");
        }
        char c = src.charAt(pos);
        if (c == '\'' || c == '"') {
            return quoted(c);
        }
        if (c == '(') {
            return list();
        }
        if (c == '-' || c == '+' || c == '.' || Character.isDigit(c)) {
            return number();
        }
        throw error(pos, "a value (a quoted string, a number, or a parenthesised list)");
    }

    private List<String> list() {
        int open = pos;
        pos++;
        List<String> values = new ArrayList<>();
        while (true) {
            skipSpace();
            if (pos >= src.length()) {
                throw error(pos, "a quoted string or ')' to close the list opened at position " + open);
            }
            char c = src.charAt(pos);
            if (c != '\'' && c != '"') {
                throw error(pos, "a quoted string in the list");
            }
            values.add(quoted(c));
            if (values.size() > MAX_IN_VALUES) {
                throw error(pos, "at most " + MAX_IN_VALUES + " values in a list");
            }
            if (++listValues > MAX_LIST_VALUES) {
                throw error(pos, "at most " + MAX_LIST_VALUES + " values in all lists of a filter together");
            }
            skipSpace();
            if (pos < src.length() && src.charAt(pos) == ',') {
                pos++;
                continue;
            }
            if (pos < src.length() && src.charAt(pos) == ')') {
                pos++;
                return values;
            }
            throw error(pos, "',' or ')' in the list opened at position " + open);
        }
    }

    private Double number() {
        int start = pos;
        if (src.charAt(pos) == '-' || src.charAt(pos) == '+') {
            pos++;
        }
        int digits = 0;
        while (pos < src.length() && Character.isDigit(src.charAt(pos))) {
            pos++;
            digits++;
        }
        if (pos < src.length() && src.charAt(pos) == '.') {
            pos++;
            while (pos < src.length() && Character.isDigit(src.charAt(pos))) {
                pos++;
                digits++;
            }
        }
        if (digits == 0) {
            throw error(start, "a number");
        }
        if (pos < src.length() && (src.charAt(pos) == 'e' || src.charAt(pos) == 'E')) {
            pos++;
            if (pos < src.length() && (src.charAt(pos) == '-' || src.charAt(pos) == '+')) {
                pos++;
            }
            int exp = 0;
            while (pos < src.length() && Character.isDigit(src.charAt(pos))) {
                pos++;
                exp++;
            }
            if (exp == 0) {
                throw error(start, "a number with digits after the exponent");
            }
        }
        if (pos < src.length() && (Character.isLetter(src.charAt(pos)) || src.charAt(pos) == '_')) {
            throw error(start, "a number (found trailing characters)");
        }
        double d = Double.parseDouble(src.substring(start, pos));
        if (Double.isInfinite(d)) {
            throw error(start, "a number within the range of a double");
        }
        return d;
    }

    /** A string in quote {@code q}; the quote is escaped by doubling it or by a backslash. */
    private String quoted(char q) {
        int start = pos;
        pos++;
        StringBuilder sb = new StringBuilder();
        while (pos < src.length()) {
            char c = src.charAt(pos);
            if (c == '\\' && pos + 1 < src.length() && (src.charAt(pos + 1) == q || src.charAt(pos + 1) == '\\')) {
                sb.append(src.charAt(pos + 1));
                pos += 2;
            } else if (c == q) {
                if (pos + 1 < src.length() && src.charAt(pos + 1) == q) {
                    sb.append(q);
                    pos += 2;
                } else {
                    pos++;
                    return sb.toString();
                }
            } else {
                sb.append(c);
                pos++;
            }
        }
        throw error(start, "a closing " + q + " for the string starting here");
    }

    private Comparison check(Identifier id, int identStart, Comparator op, int opStart, Object value, int valueStart) {
        KeyType type = id.type();
        String key = id.key();
        switch (type) {
            case METRIC -> {
                requireOp(op, opStart, op.isNumeric(), "metrics", "=, !=, <, <=, >, >=");
                requireNumber(value, valueStart, "metrics");
            }
            case PARAM, TAG, METADATA -> {
                String what = type == KeyType.PARAM ? "params" : type == KeyType.TAG ? "tags" : "metadata";
                if (op.isPresence()) {
                    return new Comparison(type, key, op, null);
                }
                requireOp(op, opStart, op == Comparator.EQ || op == Comparator.NE || op == Comparator.LIKE || op == Comparator.ILIKE
                        || op == Comparator.RLIKE, what, grammar.traceOperators() ? "=, !=, LIKE, ILIKE, RLIKE, IS NULL, IS NOT NULL"
                        : "=, !=, LIKE, ILIKE");
                requireString(value, valueStart, what);
            }
            case FEEDBACK, EXPECTATION -> {
                String what = type == KeyType.FEEDBACK ? "feedback" : "expectation";
                if (op.isPresence()) {
                    return new Comparison(type, key, op, null);
                }
                requireOp(op, opStart, !op.isList(), what, "=, !=, <, <=, >, >=, LIKE, ILIKE, RLIKE, IS NULL, IS NOT NULL");
                if (op.isNumeric() && op != Comparator.EQ && op != Comparator.NE) {
                    requireNumber(value, valueStart, what + " with " + op.symbol());
                } else {
                    requireString(value, valueStart, what);
                }
            }
            case SPAN -> {
                if (key.startsWith("attributes.") && grammar.isSpanKey("name")) {
                    if (key.length() == "attributes.".length()) {
                        throw error(identStart, "an attribute name after 'span.attributes.'");
                    }
                    requireOp(op, opStart, op == Comparator.LIKE || op == Comparator.ILIKE || op == Comparator.RLIKE,
                            "span attributes", "LIKE, ILIKE, RLIKE");
                    requireString(value, valueStart, "span attributes");
                    return new Comparison(type, key, op, value);
                }
                if (!grammar.isSpanKey(key)) {
                    throw error(identStart, "a span key (name, type, status or attributes.<name>) but found '" + key + "'");
                }
                requireOp(op, opStart, (!op.isNumeric() || op == Comparator.EQ || op == Comparator.NE) && !op.isPresence(),
                        "span keys", "=, !=, LIKE, ILIKE, RLIKE, IN, NOT IN");
                if (op.isList()) {
                    requireList(value, valueStart);
                } else {
                    requireString(value, valueStart, "span keys");
                }
            }
            case DATASET -> {
                if (!grammar.isDatasetKey(key)) {
                    throw error(identStart, "a dataset key (name, digest or context) but found '" + key + "'");
                }
                requireOp(op, opStart, !op.isNumeric() || op == Comparator.EQ || op == Comparator.NE,
                        "datasets", "=, !=, LIKE, ILIKE, IN, NOT IN");
                if (op.isList()) {
                    requireList(value, valueStart);
                } else {
                    requireString(value, valueStart, "datasets");
                }
            }
            case ATTRIBUTE -> {
                SearchGrammar.Attribute a = grammar.attribute(key);
                if (a == null || !a.filterable()) {
                    throw error(identStart, "a valid attribute for searching " + grammar.entity()
                            + " (one of " + filterableAttributes() + ") or a key with a prefix ("
                            + String.join(", ", grammar.prefixes()) + ") but found '" + key + "'");
                }
                key = a.name();
                if (a.numeric()) {
                    requireOp(op, opStart, op.isNumeric(), "attribute '" + key + "'", "=, !=, <, <=, >, >=");
                    requireNumber(value, valueStart, "attribute '" + key + "'");
                } else if (op.isList()) {
                    requireOp(op, opStart, a.allowsIn(), "attribute '" + key + "'", "=, !=, LIKE, ILIKE");
                    requireList(value, valueStart);
                } else {
                    requireOp(op, opStart, op == Comparator.EQ || op == Comparator.NE || op == Comparator.LIKE || op == Comparator.ILIKE
                            || op == Comparator.RLIKE, "attribute '" + key + "'", a.allowsIn() ? "=, !=, LIKE, ILIKE, IN, NOT IN" : "=, !=, LIKE, ILIKE");
                    requireString(value, valueStart, "attribute '" + key + "'");
                }
            }
        }
        return new Comparison(type, key, op, value);
    }

    private String filterableAttributes() {
        List<String> names = new ArrayList<>();
        for (String n : grammar.attributeNames()) {
            SearchGrammar.Attribute a = grammar.attribute(n);
            if (a.filterable()) {
                names.add(n);
            }
        }
        return String.join(", ", names);
    }

    private void requireOp(Comparator op, int at, boolean ok, String what, String allowed) {
        if (!ok) {
            throw error(at, "one of " + allowed + " for " + what + " but found '" + op.symbol() + "'");
        }
    }

    private void requireNumber(Object value, int at, String what) {
        if (!(value instanceof Double)) {
            throw error(at, "a number for " + what + " (numbers are not quoted)");
        }
    }

    private void requireString(Object value, int at, String what) {
        if (!(value instanceof String)) {
            throw error(at, "a quoted string for " + what);
        }
    }

    private void requireList(Object value, int at) {
        if (!(value instanceof List)) {
            throw error(at, "a parenthesised list of quoted strings, e.g. ('a', 'b')");
        }
    }

    private String word() {
        int start = pos;
        while (pos < src.length() && (Character.isLetterOrDigit(src.charAt(pos)) || src.charAt(pos) == '_')) {
            pos++;
        }
        return src.substring(start, pos);
    }

    private String peekWord() {
        int save = pos;
        String w = word();
        pos = save;
        return w;
    }

    private static boolean isKeyChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '.';
    }

    private void skipSpace() {
        while (pos < src.length() && Character.isWhitespace(src.charAt(pos))) {
            pos++;
        }
    }

    private MlflowException error(int at, String expected) {
        String found = at >= src.length() ? "the end of the " + what : "'" + snippet(at) + "'";
        String msg = expected.contains(" but found ")
                ? expected
                : expected + " but found " + found;
        return MlflowException.invalidParameter(
                "Invalid %s '%s' at position %d: expected %s", what, abbreviated(), at, msg);
    }

    private String snippet(int at) {
        int end = Math.min(src.length(), at + 20);
        return src.substring(at, end);
    }

    private String abbreviated() {
        return src.length() <= 200 ? src : src.substring(0, 197) + "...";
    }
}
