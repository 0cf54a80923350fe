package dev.jtrack.models;

import java.io.Serializable;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.Table;

/**
 * A model that scores rows: the one interface the {@code java_function} flavor packages, the
 * loader returns and the scoring server calls. Implementations must be {@link Serializable} (the
 * flavor stores them with Java serialization) and thread-safe for {@code predict} (the server
 * calls it from many threads at once).
 *
 * <pre>{@code
 * Predictor p = input -> Table.create(DoubleColumn.create("y", ...));
 * Table out = p.predict(Table.read().csv("new.csv"));
 * }</pre>
 */
@FunctionalInterface
public interface Predictor extends Serializable {

    /**
     * Scores every row of {@code input} (columns by name, as in the model's signature) and returns
     * one output row per input row: a single column for one prediction per row, several for
     * e.g. class probabilities.
     */
    Table predict(Table input);

    /** Scores rows of numbers, given the names of their columns (in order). */
    default Table predict(double[][] rows, String... columns) {
        Table t = Table.create("input");
        for (int c = 0; c < columns.length; c++) {
            double[] values = new double[rows.length];
            for (int r = 0; r < rows.length; r++) {
                if (rows[r].length != columns.length) {
                    throw new IllegalArgumentException("row " + r + " has " + rows[r].length + " values, expected "
                            + columns.length);
                }
                values[r] = rows[r][c];
            }
            t.addColumns(DoubleColumn.create(columns[c], values));
        }
        return predict(t);
    }
}
