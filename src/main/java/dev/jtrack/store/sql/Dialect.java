package dev.jtrack.store.sql;

/** The SQL differences between the two backends we support; everything else is shared SQL. */
public enum Dialect {
    SQLITE("sqlite"),
    POSTGRESQL("postgresql");

    private final String resourceDir;

    Dialect(String resourceDir) {
        this.resourceDir = resourceDir;
    }

    /** The folder under {@code db/} holding this dialect's migrations. */
    public String resourceDir() {
        return resourceDir;
    }

    /**
     * A case-sensitive LIKE of {@code column} against a bound pattern. SQLite's LIKE ignores
     * ASCII case, so there we translate the pattern to GLOB (see {@link #likePattern}).
     */
    public String like(String column) {
        return this == SQLITE ? column + " GLOB ?" : column + " LIKE ?";
    }

    /**
     * A regular expression (Java/POSIX syntax as MLflow's RLIKE: found anywhere in the value) of
     * {@code column} against a bound pattern. SQLite's REGEXP is the function {@link Database}
     * registers on every connection.
     */
    public String rlike(String column) {
        return this == SQLITE ? column + " REGEXP ?" : column + " ~ ?";
    }

    /**
     * The JSON text of the value at {@code path} (e.g. {"feedback", "value"}) of the JSON held in
     * the text {@code column}: {@code "yes"} with its quotes, {@code true}, {@code 0.5}; NULL when absent.
     */
    public String jsonText(String column, String... path) {
        if (this == SQLITE) {
            return "(" + column + " -> '$." + String.join(".", path) + "')";
        }
        return "((" + column + ")::jsonb #> '{" + String.join(",", path) + "}')::text";
    }

    /** The JSON type of the value at {@code path}: "number" for numbers on both backends, else another word. */
    public String jsonIsNumber(String column, String... path) {
        if (this == SQLITE) {
            return "json_type(" + column + ", '$." + String.join(".", path) + "') IN ('integer', 'real')";
        }
        return "jsonb_typeof((" + column + ")::jsonb #> '{" + String.join(",", path) + "}') = 'number'";
    }

    /** A case-insensitive LIKE of {@code column} against a bound pattern. */
    public String ilike(String column) {
        return this == SQLITE ? "LOWER(" + column + ") LIKE LOWER(?)" : column + " ILIKE ?";
    }

    /** The bound value for {@link #like}: SQLite gets the LIKE pattern rewritten as GLOB. */
    public String likePattern(String likePattern) {
        if (this != SQLITE) {
            return likePattern;
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < likePattern.length(); i++) {
            char c = likePattern.charAt(i);
            switch (c) {
                case '%' -> sb.append('*');
                case '_' -> sb.append('?');
                case '*' -> sb.append("[*]");
                case '?' -> sb.append("[?]");
                case '[' -> sb.append("[[]");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }

    /** The bound value for {@link #ilike}: SQLite's LIKE needs no rewriting (it has no escapes we use). */
    public String ilikePattern(String likePattern) {
        return likePattern;
    }
}
