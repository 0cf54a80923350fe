package dev.jtrack.tracking.search;

/** A comparison operator of the filter grammar. */
public enum Comparator {
    EQ("="),
    NE("!="),
    GT(">"),
    GE(">="),
    LT("<"),
    LE("<="),
    LIKE("LIKE"),
    ILIKE("ILIKE"),
    IN("IN"),
    NOT_IN("NOT IN"),
    /** A regular expression found anywhere in the value (trace search only, as MLflow's). */
    RLIKE("RLIKE"),
    /** The key is absent (trace tags, metadata and assessments only); takes no value. */
    IS_NULL("IS NULL"),
    /** The key is present (trace tags, metadata and assessments only); takes no value. */
    IS_NOT_NULL("IS NOT NULL");

    private final String symbol;

    Comparator(String symbol) {
        this.symbol = symbol;
    }

    /** How the operator is written in a filter (and in SQL). */
    public String symbol() {
        return symbol;
    }

    /** Whether the operator orders numbers (=, !=, <, <=, >, >=). */
    public boolean isNumeric() {
        return this == EQ || this == NE || this == GT || this == GE || this == LT || this == LE;
    }

    /** Whether the operator tests presence and takes no value (IS NULL, IS NOT NULL). */
    public boolean isPresence() {
        return this == IS_NULL || this == IS_NOT_NULL;
    }

    /** Whether the operator takes a list. */
    public boolean isList() {
        return this == IN || this == NOT_IN;
    }
}
