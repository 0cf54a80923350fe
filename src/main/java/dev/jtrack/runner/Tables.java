package dev.jtrack.runner;

import java.util.List;

/** Plain-text tables for the terminal, columns padded to their widest cell. */
public final class Tables {
    private Tables() {}

    public static String render(List<String> header, List<List<String>> rows) {
        int[] widths = new int[header.size()];
        for (int i = 0; i < header.size(); i++) {
            widths[i] = header.get(i).length();
            for (List<String> row : rows) {
                widths[i] = Math.max(widths[i], row.get(i).length());
            }
        }
        StringBuilder sb = new StringBuilder();
        line(sb, header, widths);
        StringBuilder rule = new StringBuilder();
        for (int w : widths) {
            rule.append("-".repeat(w)).append("  ");
        }
        sb.append(rule.toString().stripTrailing()).append('\n');
        rows.forEach(r -> line(sb, r, widths));
        return sb.toString();
    }

    private static void line(StringBuilder sb, List<String> cells, int[] widths) {
        StringBuilder l = new StringBuilder();
        for (int i = 0; i < cells.size(); i++) {
            l.append(String.format("%-" + widths[i] + "s  ", cells.get(i)));
        }
        sb.append(l.toString().stripTrailing()).append('\n');
    }
}
