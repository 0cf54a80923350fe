package dev.jtrack.kernel.display;

import dev.jtrack.kernel.engine.MimeBundle;
import java.util.List;
import java.util.Set;
import tech.tablesaw.api.Table;

/**
 * Tablesaw {@link Table} → {@code text/html} (every cell escaped) and {@code text/plain}. A table
 * longer than {@value #MAX_ROWS} rows shows its first {@value #HEAD} and last {@value #TAIL} rows,
 * with the row count.
 */
final class TableRenderer implements Renderer<Table> {
    static final int MAX_ROWS = 30;
    static final int HEAD = 10;
    static final int TAIL = 5;

    @Override
    public void render(Table table, Set<String> requested, MimeBundle into) {
        into.put("text/html", html(table));
        into.put("text/plain", table.print(MAX_ROWS));
    }

    static String html(Table table) {
        int rows = table.rowCount();
        List<String> names = table.columnNames();
        StringBuilder html = new StringBuilder("<div class=\"jtrack-table\"><table>\n<thead><tr><th></th>");
        for (String name : names) {
            html.append("<th>").append(Html.escape(name)).append("</th>");
        }
        html.append("</tr></thead>\n<tbody>\n");
        boolean cut = rows > MAX_ROWS;
        for (int row = 0; row < rows; row++) {
            if (cut && row == HEAD) {
                html.append("<tr><th>…</th>");
                html.append("<td>…</td>".repeat(names.size()));
                html.append("</tr>\n");
                row = rows - TAIL;
            }
            html.append("<tr><th>").append(row).append("</th>");
            for (int column = 0; column < names.size(); column++) {
                html.append("<td>").append(Html.escape(table.column(column).getString(row))).append("</td>");
            }
            html.append("</tr>\n");
        }
        html.append("</tbody>\n</table>\n<p>");
        if (table.name() != null && !table.name().isBlank()) {
            html.append(Html.escape(table.name())).append(": ");
        }
        html.append(rows).append(rows == 1 ? " row" : " rows").append(" × ").append(names.size())
                .append(names.size() == 1 ? " column" : " columns");
        if (cut) {
            html.append(" (showing the first ").append(HEAD).append(" and last ").append(TAIL).append(")");
        }
        return html.append("</p></div>").toString();
    }
}
