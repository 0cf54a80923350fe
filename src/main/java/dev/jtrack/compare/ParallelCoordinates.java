package dev.jtrack.compare;

import dev.jtrack.util.ChartStyle;
import java.awt.BasicStroke;
import java.awt.Color;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.knowm.xchart.AnnotationText;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/**
 * Parallel coordinates of params → metric, drawn with XChart (which has no such chart) as an
 * ordinary {@link XYChart}: a vertical axis per param and one for the metric at x = 0, 1, ...,
 * each scaled to its own range (labelled with its min and max; text params spread their values
 * evenly in sorted order); a polyline per run, coloured from blue (worst) to red (best); the best
 * run drawn last and thicker.
 */
final class ParallelCoordinates {
    private static final Color WORST = new Color(0x31, 0x6B, 0xC4);
    private static final Color BEST = new Color(0xD6, 0x27, 0x28);

    private ParallelCoordinates() {}

    static XYChart chart(Table runs, List<String> params, String metric, boolean minimize) {
        String m = Charts.prefixed("metrics.", metric);
        if (!runs.containsColumn(m) || !(runs.column(m) instanceof DoubleColumn)) {
            throw new IllegalArgumentException("no metric column '" + m + "' in the runs table");
        }
        List<String> axes = new ArrayList<>();
        if (params.isEmpty()) {
            runs.columnNames().stream().filter(c -> c.startsWith("params.")).forEach(axes::add);
        } else {
            for (String p : params) {
                String c = Charts.prefixed("params.", p);
                if (!runs.containsColumn(c)) {
                    throw new IllegalArgumentException("no param column '" + c + "' in the runs table");
                }
                axes.add(c);
            }
        }
        if (axes.isEmpty()) {
            throw new IllegalArgumentException("the runs have no params to draw");
        }
        axes.add(m);
        int k = axes.size();
        List<Integer> complete = new ArrayList<>();
        for (int row = 0; row < runs.rowCount(); row++) {
            final int r = row;
            if (axes.stream().noneMatch(a -> runs.column(a).isMissing(r))) {
                complete.add(row);
            }
        }
        if (complete.isEmpty()) {
            throw new IllegalArgumentException("no run has all of " + axes);
        }
        // scaled over the runs drawn, so that each axis spans its drawn values
        List<Axis> scaled = axes.stream().map(a -> Axis.of(runs.column(a), complete)).toList();
        DoubleColumn values = (DoubleColumn) runs.column(m);
        double lo = complete.stream().mapToDouble(values::getDouble).min().orElseThrow();
        double hi = complete.stream().mapToDouble(values::getDouble).max().orElseThrow();
        XYChart chart = new XYChartBuilder().width(Math.max(500, 160 * k)).height(450)
                .title(m + " by params").build();
        ChartStyle.apply(chart.getStyler());
        chart.getStyler().setLegendVisible(false);
        chart.getStyler().setAxisTicksVisible(false);
        chart.getStyler().setPlotGridLinesVisible(false);
        chart.getStyler().setXAxisMin(-0.35).setXAxisMax(k - 1 + 0.35);
        chart.getStyler().setYAxisMin(-0.12).setYAxisMax(1.08);
        chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        int best = -1;
        List<double[]> lines = new ArrayList<>();
        List<Integer> rows = new ArrayList<>();
        for (int row : complete) {
            double[] y = new double[k];
            for (int a = 0; a < k; a++) {
                y[a] = scaled.get(a).position(row);
            }
            lines.add(y);
            rows.add(row);
            double v = values.getDouble(row);
            if (best < 0 || (minimize ? v < values.getDouble(best) : v > values.getDouble(best))) {
                best = row;
            }
        }
        double[] x = new double[k];
        for (int a = 0; a < k; a++) {
            x[a] = a;
            XYSeries axis = chart.addSeries("axis " + axes.get(a), new double[] {a, a}, new double[] {0, 1});
            axis.setLineColor(Color.DARK_GRAY);
            axis.setMarker(SeriesMarkers.NONE);
            axis.setShowInLegend(false);
            String label = axes.get(a).substring(axes.get(a).indexOf('.') + 1);
            chart.addAnnotation(new AnnotationText(label, a, -0.08, false));
            chart.addAnnotation(new AnnotationText(scaled.get(a).maxLabel(), a, 1.04, false));
            chart.addAnnotation(new AnnotationText(scaled.get(a).minLabel(), a, -0.03, false));
        }
        Column<?> ids = runs.column("run_id");
        java.util.Map<String, String> labels = Charts.labels(runs);
        int bestLine = rows.indexOf(best);
        for (int i = 0; i <= lines.size(); i++) {
            int line = i < lines.size() ? i : bestLine; // the best last, on top
            if (i < lines.size() && i == bestLine) {
                continue;
            }
            if (i == lines.size() && bestLine < 0) {
                break;
            }
            int row = rows.get(line);
            double t = hi == lo ? 1 : (values.getDouble(row) - lo) / (hi - lo);
            if (minimize) {
                t = 1 - t;
            }
            XYSeries s = chart.addSeries((line == bestLine ? "best: " : "") + labels.get(ids.getString(row)), x, lines.get(line));
            s.setMarker(SeriesMarkers.CIRCLE);
            s.setMarkerColor(blend(t));
            s.setLineColor(blend(t));
            s.setLineStyle(new BasicStroke(line == bestLine ? 3.5f : 1.5f));
        }
        return chart;
    }

    private static Color blend(double t) {
        return new Color((int) Math.round(WORST.getRed() + t * (BEST.getRed() - WORST.getRed())),
                (int) Math.round(WORST.getGreen() + t * (BEST.getGreen() - WORST.getGreen())),
                (int) Math.round(WORST.getBlue() + t * (BEST.getBlue() - WORST.getBlue())));
    }

    /** One axis: a column's values mapped to [0, 1]. */
    private record Axis(Column<?> column, double min, double max, List<String> categories) {
        static Axis of(Column<?> column, List<Integer> rows) {
            if (column instanceof DoubleColumn d) {
                return new Axis(column, rows.stream().mapToDouble(d::getDouble).min().orElseThrow(),
                        rows.stream().mapToDouble(d::getDouble).max().orElseThrow(), null);
            }
            TreeSet<String> values = new TreeSet<>();
            for (int row : rows) {
                values.add(column.getString(row));
            }
            return new Axis(column, 0, Math.max(0, values.size() - 1), List.copyOf(values));
        }

        /** The row's place on the axis in [0, 1]. */
        double position(int row) {
            double v = categories == null ? ((DoubleColumn) column).getDouble(row) : categories.indexOf(column.getString(row));
            return max == min ? 0.5 : (v - min) / (max - min);
        }

        String minLabel() {
            return categories == null ? SideBySide.format(min) : categories.isEmpty() ? "" : categories.get(0);
        }

        String maxLabel() {
            return categories == null ? SideBySide.format(max) : categories.isEmpty() ? "" : categories.get(categories.size() - 1);
        }
    }
}
