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
    NOT_IN("NOT IN");

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

    /** Whether the operator takes a list. */
    public boolean isList() {
        return this == IN || this == NOT_IN;
    }
}
