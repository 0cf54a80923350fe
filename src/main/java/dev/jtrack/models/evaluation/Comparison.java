package dev.jtrack.models.evaluation;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * Several models evaluated on the same data, side by side.
 *
 * @param evaluations one per model, in the order given
 */
public record Comparison(List<Evaluation> evaluations) {
    public Comparison {
        evaluations = List.copyOf(evaluations);
    }

    /**
     * One row per metric, one column per model (named by its URI), and a {@code best} column naming
     * the best model for metrics where larger (accuracy, F1, R², ...) or smaller (errors, log loss)
     * is better; empty for counts and sums, and for a tie.
     */
    public Table table() {
        Set<String> metrics = new LinkedHashSet<>();
        for (Evaluation e : evaluations) metrics.addAll(e.metrics().keySet());
        StringColumn name = StringColumn.create("metric");
        List<DoubleColumn> values = new ArrayList<>();
        for (Evaluation e : evaluations) values.add(DoubleColumn.create(columnName(e, values.size())));
        StringColumn best = StringColumn.create("best");
        for (String m : metrics) {
            name.append(m);
            for (int i = 0; i < evaluations.size(); i++) {
                Double v = evaluations.get(i).metrics().get(m);
                if (v == null) values.get(i).appendMissing(); else values.get(i).append(v);
            }
            int b = best(m);
            best.append(b < 0 ? "" : values.get(b).name());
        }
        Table t = Table.create("comparison", name);
        values.forEach(t::addColumns);
        t.addColumns(best);
        return t;
    }

    /** The index of the best model for {@code metric}, or -1 (no direction, a tie, or fewer than two values). */
    public int best(String metric) {
        MetricDirection d = MetricDirection.of(metric);
        if (d == MetricDirection.NEITHER) return -1;
        int best = -1;
        boolean tie = false;
        int present = 0;
        for (int i = 0; i < evaluations.size(); i++) {
            Double v = evaluations.get(i).metrics().get(metric);
            if (v == null || v.isNaN()) continue;
            present++;
            if (best < 0) {
                best = i;
                continue;
            }
            double b = evaluations.get(best).metrics().get(metric);
            if (v.equals(b)) {
                tie = true;
            } else if (d == MetricDirection.HIGHER ? v > b : v < b) {
                best = i;
                tie = false;
            }
        }
        return present < 2 || tie ? -1 : best;
    }

    /** The table as text, the best value of each metric marked with {@code *}. */
    public String render() {
        Table t = table();
        List<String> header = new ArrayList<>(t.columnNames().subList(0, t.columnCount() - 1));
        int[] width = new int[header.size()];
        List<String[]> rows = new ArrayList<>();
        for (int r = 0; r < t.rowCount(); r++) {
            String[] row = new String[header.size()];
            String metric = t.stringColumn("metric").get(r);
            row[0] = metric;
            int b = best(metric);
            for (int c = 1; c < header.size(); c++) {
                DoubleColumn col = t.doubleColumn(c);
                row[c] = col.isMissing(r) ? "-" : format(col.getDouble(r)) + (b == c - 1 ? " *" : "");
            }
            rows.add(row);
        }
        for (int c = 0; c < header.size(); c++) {
            width[c] = header.get(c).length();
            for (String[] row : rows) width[c] = Math.max(width[c], row[c].length());
        }
        StringBuilder out = new StringBuilder();
        appendRow(out, header.toArray(String[]::new), width);
        for (String[] row : rows) appendRow(out, row, width);
        out.append("(* best of the models for that metric)\n");
        return out.toString();
    }

    private static void appendRow(StringBuilder out, String[] cells, int[] width) {
        for (int c = 0; c < cells.length; c++) {
            out.append(c == 0 ? String.format("%-" + width[c] + "s", cells[c]) : String.format("  %" + width[c] + "s", cells[c]));
        }
        out.append('\n');
    }

    private static String format(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e12 ? Long.toString((long) v) : String.format("%.6g", v);
    }

    private String columnName(Evaluation e, int index) {
        String base = e.modelUri() == null ? "predictions" : e.modelUri();
        for (int i = 0; i < index; i++) {
            Evaluation other = evaluations.get(i);
            if (base.equals(other.modelUri() == null ? "predictions" : other.modelUri())) return base + " (" + (index + 1) + ")";
        }
        return base;
    }
}
