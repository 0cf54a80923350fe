package dev.jtrack.compare;

import dev.jtrack.kernel.display.Html;
import dev.jtrack.tracking.Metric;
import dev.jtrack.tracking.Param;
import dev.jtrack.tracking.Run;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * Params and latest metrics of several runs side by side: a row per key, a column per run. Rows
 * whose values differ are marked ({@code ≠}, and highlighted in HTML).
 */
final class SideBySide {
    /** One row: the key and each run's value (null when the run lacks it). */
    record Row(String key, List<String> values) {
        boolean differs() {
            return values.stream().distinct().count() > 1;
        }
    }

    private SideBySide() {}

    /**
     * The rows for {@code runs}: {@code params.*} then {@code metrics.*} (only {@code metrics} when
     * given), equal rows left out when {@code diffOnly}.
     */
    static List<Row> rows(List<Run> runs, List<String> metrics, boolean diffOnly) {
        TreeSet<String> paramKeys = new TreeSet<>();
        TreeSet<String> metricKeys = new TreeSet<>();
        List<Map<String, String>> values = new ArrayList<>();
        for (Run run : runs) {
            Map<String, String> v = new LinkedHashMap<>();
            for (Param p : run.data().params()) {
                paramKeys.add(p.key());
                v.put("params." + p.key(), p.value());
            }
            for (Metric m : run.data().metrics()) {
                metricKeys.add(m.key());
                v.put("metrics." + m.key(), format(m.value()));
            }
            values.add(v);
        }
        List<String> keys = new ArrayList<>();
        paramKeys.forEach(k -> keys.add("params." + k));
        (metrics.isEmpty() ? metricKeys : metrics).forEach(k -> keys.add("metrics." + k));
        List<Row> rows = new ArrayList<>();
        for (String key : keys) {
            List<String> row = new ArrayList<>();
            for (Map<String, String> v : values) {
                row.add(v.get(key));
            }
            Row r = new Row(key, row);
            if (!diffOnly || r.differs()) {
                rows.add(r);
            }
        }
        return rows;
    }

    /** The side-by-side report of {@code runs}. */
    static Report report(List<Run> runs, List<String> metrics, boolean diffOnly) {
        List<Row> rows = rows(runs, metrics, diffOnly);
        List<String> heads = new ArrayList<>();
        for (Run run : runs) {
            heads.add(Objects.requireNonNullElse(run.info().runName(), "") + " (" + run.info().runId().substring(0, 8) + ")");
        }
        StringBuilder html = new StringBuilder("<div class=\"jtrack-compare\"><table>\n<thead><tr><th></th><th></th>");
        for (String h : heads) {
            html.append("<th>").append(Html.escape(h)).append("</th>");
        }
        html.append("</tr></thead>\n<tbody>\n");
        for (Row row : rows) {
            boolean diff = row.differs();
            html.append(diff ? "<tr class=\"jtrack-diff\" style=\"background-color: rgba(255, 200, 0, 0.25)\">" : "<tr>")
                    .append("<th style=\"text-align: left\">").append(Html.escape(row.key())).append("</th><td>")
                    .append(diff ? "≠" : "").append("</td>");
            for (String v : row.values()) {
                html.append(diff ? "<td><b>" : "<td>").append(v == null ? "—" : Html.escape(v)).append(diff ? "</b></td>" : "</td>");
            }
            html.append("</tr>\n");
        }
        long differing = rows.stream().filter(Row::differs).count();
        html.append("</tbody>\n</table>\n<p>").append(runs.size()).append(" runs, ").append(rows.size())
                .append(rows.size() == 1 ? " row" : " rows").append(", ").append(differing).append(" differing")
                .append(diffOnly ? " (equal rows hidden)" : "").append("</p></div>");
        return new Report(html.toString(), text(heads, rows, diffOnly));
    }

    private static String text(List<String> heads, List<Row> rows, boolean diffOnly) {
        int keyWidth = 4;
        for (Row r : rows) {
            keyWidth = Math.max(keyWidth, r.key().length());
        }
        int[] widths = new int[heads.size()];
        for (int i = 0; i < heads.size(); i++) {
            widths[i] = heads.get(i).length();
            for (Row r : rows) {
                widths[i] = Math.max(widths[i], String.valueOf(r.values().get(i) == null ? "—" : r.values().get(i)).length());
            }
        }
        StringBuilder out = new StringBuilder(pad("", keyWidth)).append("   ");
        for (int i = 0; i < heads.size(); i++) {
            out.append(pad(heads.get(i), widths[i])).append("  ");
        }
        out.append('\n');
        for (Row r : rows) {
            out.append(pad(r.key(), keyWidth)).append(r.differs() ? " ≠ " : "   ");
            for (int i = 0; i < heads.size(); i++) {
                String v = r.values().get(i);
                out.append(pad(v == null ? "—" : v, widths[i])).append("  ");
            }
            out.append('\n');
        }
        if (rows.isEmpty()) {
            out.append(diffOnly ? "(no differences)\n" : "(no params or metrics)\n");
        }
        return out.toString().stripTrailing();
    }

    private static String pad(String s, int width) {
        return s.length() >= width ? s : s + " ".repeat(width - s.length());
    }

    /** A metric value as it reads best: integers without a fraction. */
    static String format(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return Double.toString(v);
    }
}
