package dev.jtrack.compare;

import dev.jtrack.util.ChartStyle;
import java.awt.Color;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.NumericColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/**
 * XChart charts of runs, built from the tables of {@link Runs}. Each is an ordinary XChart
 * object: restyle it ({@code chart.getStyler()...}) before it is shown.
 */
public final class Charts {
    private Charts() {}

    /**
     * One line per run of {@code metric} from a long history table ({@link Runs#history}). Long
     * series are downsampled to the first, lowest, highest and last point per pixel column.
     */
    public static XYChart history(Table history, String metric, HistoryOptions options) {
        XYChart chart = new XYChartBuilder().width(options.width()).height(options.height())
                .title(metric).xAxisTitle(switch (options.xAxis()) {
                    case STEP -> "step";
                    case WALL_TIME -> "time";
                    case RELATIVE_TIME -> "seconds since first point";
                }).yAxisTitle(metric).build();
        ChartStyle.apply(chart.getStyler());
        Styler styler = chart.getStyler();
        chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        chart.getStyler().setMarkerSize(0);
        chart.getStyler().setYAxisLogarithmic(options.isLogY());
        styler.setLegendPosition(Styler.LegendPosition.OutsideE);
        Map<String, List<double[]>> byRun = pointsByRun(history, metric, options.xAxis());
        if (byRun.isEmpty()) {
            throw new IllegalArgumentException("no points of metric '" + metric + "' in the history table");
        }
        Map<String, String> labels = labels(history);
        int buckets = Math.max(1, options.width());
        for (Map.Entry<String, List<double[]>> e : byRun.entrySet()) {
            List<double[]> points = e.getValue();
            if (options.xAxis() != HistoryOptions.XAxis.STEP) {
                points.sort((a, b) -> Double.compare(a[0], b[0]));
            }
            int n = points.size();
            double[] x = new double[n];
            double[] y = new double[n];
            double base = options.xAxis() == HistoryOptions.XAxis.RELATIVE_TIME ? points.get(0)[0] : 0;
            for (int i = 0; i < n; i++) {
                x[i] = options.xAxis() == HistoryOptions.XAxis.RELATIVE_TIME ? (points.get(i)[0] - base) / 1000.0 : points.get(i)[0];
                y[i] = points.get(i)[1];
            }
            if (options.smoothingWeight() > 0) {
                y = smooth(y, options.smoothingWeight());
            }
            if (options.isLogY()) {
                double[][] kept = positive(x, y);
                x = kept[0];
                y = kept[1];
                if (x.length == 0) {
                    continue;
                }
            }
            Downsample.Series s = Downsample.minMax(x, y, buckets);
            XYSeries series;
            if (options.xAxis() == HistoryOptions.XAxis.WALL_TIME) {
                List<Date> dates = new ArrayList<>(s.size());
                List<Double> values = new ArrayList<>(s.size());
                for (int i = 0; i < s.size(); i++) {
                    dates.add(new Date((long) s.x()[i]));
                    values.add(s.y()[i]);
                }
                series = chart.addSeries(labels.get(e.getKey()), dates, values);
            } else {
                series = chart.addSeries(labels.get(e.getKey()), s.x(), s.y());
            }
            series.setMarker(SeriesMarkers.NONE);
        }
        if (chart.getSeriesMap().isEmpty()) {
            throw new IllegalArgumentException("metric '" + metric + "' has no positive values to show on a log scale");
        }
        return chart;
    }

    /** run id → [x, y] points of {@code metric}, runs in table order. */
    private static Map<String, List<double[]>> pointsByRun(Table history, String metric, HistoryOptions.XAxis axis) {
        Column<?> runs = history.column("run_id");
        Column<?> metrics = history.column("metric");
        NumericColumn<?> x = history.numberColumn(axis == HistoryOptions.XAxis.STEP ? "step" : "timestamp");
        NumericColumn<?> value = history.numberColumn("value");
        Map<String, List<double[]>> out = new LinkedHashMap<>();
        for (int row = 0; row < history.rowCount(); row++) {
            if (metric.equals(metrics.getString(row))) {
                out.computeIfAbsent(runs.getString(row), k -> new ArrayList<>())
                        .add(new double[] {x.getDouble(row), value.getDouble(row)});
            }
        }
        return out;
    }

    /** run id → a unique legend label: the run name, with a short id when names repeat or are missing. */
    static Map<String, String> labels(Table table) {
        Column<?> ids = table.column("run_id");
        Column<?> names = table.containsColumn("run_name") ? table.column("run_name") : null;
        Map<String, String> byId = new LinkedHashMap<>();
        Map<String, Integer> nameCount = new HashMap<>();
        for (int row = 0; row < table.rowCount(); row++) {
            String id = ids.getString(row);
            if (!byId.containsKey(id)) {
                String name = names == null ? "" : names.getString(row);
                byId.put(id, name);
                nameCount.merge(name, 1, Integer::sum);
            }
        }
        byId.replaceAll((id, name) -> name.isEmpty() || nameCount.get(name) > 1
                ? (name.isEmpty() ? "" : name + " ") + id.substring(0, Math.min(8, id.length()))
                : name);
        return byId;
    }

    /** TensorBoard's debiased exponential moving average. */
    static double[] smooth(double[] y, double weight) {
        double[] out = new double[y.length];
        double last = 0;
        int count = 0;
        for (int i = 0; i < y.length; i++) {
            if (!Double.isFinite(y[i])) {
                out[i] = y[i];
                continue;
            }
            last = last * weight + (1 - weight) * y[i];
            count++;
            double debias = weight == 0 ? 1 : 1 - Math.pow(weight, count);
            out[i] = last / debias;
        }
        return out;
    }

    private static double[][] positive(double[] x, double[] y) {
        int n = 0;
        for (double v : y) {
            if (v > 0) {
                n++;
            }
        }
        double[] kx = new double[n];
        double[] ky = new double[n];
        int j = 0;
        for (int i = 0; i < y.length; i++) {
            if (y[i] > 0) {
                kx[j] = x[i];
                ky[j++] = y[i];
            }
        }
        return new double[][] {kx, ky};
    }

    /**
     * A scatter of a numeric param against a metric over the runs of a runs table
     * ({@link Runs#search}), the best run (highest, or lowest when {@code minimize}) drawn as a
     * second series named {@code best: <run>}.
     *
     * @param param the param key (with or without {@code params.})
     * @param metric the metric key (with or without {@code metrics.})
     */
    public static XYChart scatter(Table runs, String param, String metric, boolean minimize) {
        String p = prefixed("params.", param);
        String m = prefixed("metrics.", metric);
        DoubleColumn px = numeric(runs, p, "param");
        DoubleColumn my = numeric(runs, m, "metric");
        Map<String, String> labels = labels(runs);
        List<Double> xs = new ArrayList<>();
        List<Double> ys = new ArrayList<>();
        int best = -1;
        for (int row = 0; row < runs.rowCount(); row++) {
            if (px.isMissing(row) || my.isMissing(row)) {
                continue;
            }
            xs.add(px.getDouble(row));
            ys.add(my.getDouble(row));
            if (best < 0 || (minimize ? my.getDouble(row) < my.getDouble(best) : my.getDouble(row) > my.getDouble(best))) {
                best = row;
            }
        }
        if (best < 0) {
            throw new IllegalArgumentException("no run has both " + p + " and " + m);
        }
        XYChart chart = new XYChartBuilder().width(800).height(450).title(m + " vs " + p)
                .xAxisTitle(param).yAxisTitle(metric).build();
        ChartStyle.apply(chart.getStyler());
        chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        chart.getStyler().setMarkerSize(8);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
        chart.addSeries("runs", xs, ys).setMarker(SeriesMarkers.CIRCLE);
        XYSeries b = chart.addSeries("best: " + labels.get(runs.column("run_id").getString(best)),
                new double[] {px.getDouble(best)}, new double[] {my.getDouble(best)});
        b.setMarker(SeriesMarkers.DIAMOND);
        b.setMarkerColor(new Color(0xD6, 0x27, 0x28));
        return chart;
    }

    /** A bar per run (runs table order) of a metric's latest value; runs without it are left out. */
    public static CategoryChart bar(Table runs, String metric) {
        String m = prefixed("metrics.", metric);
        DoubleColumn values = numeric(runs, m, "metric");
        Map<String, String> labels = labels(runs);
        List<String> names = new ArrayList<>();
        List<Double> ys = new ArrayList<>();
        for (int row = 0; row < runs.rowCount(); row++) {
            if (!values.isMissing(row)) {
                names.add(labels.get(runs.column("run_id").getString(row)));
                ys.add(values.getDouble(row));
            }
        }
        if (names.isEmpty()) {
            throw new IllegalArgumentException("no run has " + m);
        }
        CategoryChart chart = new CategoryChartBuilder().width(800).height(450).title(metric)
                .xAxisTitle("run").yAxisTitle(metric).build();
        ChartStyle.apply(chart.getStyler());
        chart.getStyler().setLegendVisible(false);
        chart.getStyler().setXAxisLabelRotation(names.size() > 6 ? 45 : 0);
        chart.addSeries(metric, names, ys);
        return chart;
    }

    /**
     * Parallel coordinates of params → metric over a runs table: an axis per param (all numeric
     * and text params when none are named) and one for the metric, a line per run coloured from
     * worst (blue) to best (red), the best run thicker and on top. Runs missing a value are left out.
     */
    public static XYChart parallel(Table runs, List<String> params, String metric, boolean minimize) {
        return ParallelCoordinates.chart(runs, params, metric, minimize);
    }

    static String prefixed(String prefix, String key) {
        return key.startsWith(prefix) ? key : prefix + key;
    }

    private static DoubleColumn numeric(Table runs, String column, String what) {
        if (!runs.containsColumn(column)) {
            throw new IllegalArgumentException("no " + what + " column '" + column + "' in the runs table (columns: "
                    + runs.columnNames() + ")");
        }
        Column<?> c = runs.column(column);
        if (!(c instanceof DoubleColumn d)) {
            throw new IllegalArgumentException(column + " is not numeric (some values are not numbers)");
        }
        return d;
    }
}
