package dev.jtrack.monitor;

import dev.jtrack.util.ChartStyle;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.internal.chartpart.Chart;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * What {@link Monitoring#report} found: the windows with their metrics and alerts, the monitoring
 * run they were logged to, as a table and as charts (drift per feature, latency and errors).
 *
 * @param modelUri the monitored model version
 * @param runId the monitoring run the metrics were logged to, or null
 * @param features the features measured against the reference
 * @param windows the windows, oldest first
 */
public record MonitoringReport(String modelUri, String runId, List<String> features, List<WindowReport> windows) {

    /** Whether the last window alerts (what a scheduler acts on). */
    public boolean lastWindowAlerts() {
        return !windows.isEmpty() && windows.get(windows.size() - 1).alerting();
    }

    /** The features whose drift statistics fired an alert in window {@code index}. */
    public List<String> alertingFeatures(int index) {
        List<String> out = new ArrayList<>();
        for (String f : features) {
            for (String a : windows.get(index).alerts()) {
                if (a.startsWith(f + ".") && !out.contains(f)) out.add(f);
            }
        }
        return out;
    }

    /** One row per window: time, requests, error rate, p95 latency, PSI per feature, prediction PSI, alerts. */
    public Table table() {
        IntColumn index = IntColumn.create("window");
        StringColumn start = StringColumn.create("start");
        Map<String, DoubleColumn> cols = new LinkedHashMap<>();
        List<String> shown = new ArrayList<>(List.of("request_count", "error_rate", "latency_p95_ms"));
        for (String f : features) shown.add(f + ".psi");
        shown.add("prediction.psi");
        for (String s : List.of("accuracy", "rmse")) {
            if (windows.stream().anyMatch(w -> w.metrics().containsKey(s))) shown.add(s);
        }
        for (String s : shown) cols.put(s, DoubleColumn.create(s));
        StringColumn alerts = StringColumn.create("alerts");
        for (WindowReport w : windows) {
            index.append(w.index());
            start.append(Instant.ofEpochMilli(w.startMillis()).toString());
            for (Map.Entry<String, DoubleColumn> c : cols.entrySet()) {
                double v = w.metric(c.getKey());
                if (Double.isNaN(v)) c.getValue().appendMissing();
                else c.getValue().append(Math.round(v * 10_000) / 10_000.0);
            }
            alerts.append(String.join("; ", w.alerts()));
        }
        Table t = Table.create("monitoring " + modelUri).addColumns(index, start);
        cols.values().forEach(t::addColumns);
        return t.addColumns(alerts);
    }

    /** A plain-text rendering of {@link #table()} (what the CLI prints). */
    public String render() {
        return table().printAll() + "\n";
    }

    /** The charts: {@code drift.png} (PSI per feature and of the prediction by window), {@code service.png} (latency, errors). */
    public Map<String, Chart<?, ?>> charts() {
        Map<String, Chart<?, ?>> charts = new LinkedHashMap<>();
        XYChart drift = chart("Drift (PSI) per window", "PSI");
        for (String f : features) series(drift, f, f + ".psi");
        series(drift, "prediction", "prediction.psi");
        charts.put("drift.png", drift);
        XYChart service = chart("Latency and errors per window", "ms / %");
        series(service, "latency p50 (ms)", "latency_p50_ms");
        series(service, "latency p95 (ms)", "latency_p95_ms");
        XYChart errors = service;
        List<Double> xs = new ArrayList<>();
        List<Double> ys = new ArrayList<>();
        for (WindowReport w : windows) {
            if (!Double.isNaN(w.metric("error_rate"))) {
                xs.add((double) w.index());
                ys.add(100 * w.metric("error_rate"));
            }
        }
        if (!xs.isEmpty()) errors.addSeries("errors (%)", xs, ys);
        charts.put("service.png", service);
        return charts;
    }

    private static XYChart chart(String title, String y) {
        XYChart c = new XYChartBuilder().width(640).height(400).title(title).xAxisTitle("window").yAxisTitle(y).build();
        ChartStyle.apply(c.getStyler());
        return c;
    }

    private void series(XYChart chart, String name, String metric) {
        List<Double> xs = new ArrayList<>();
        List<Double> ys = new ArrayList<>();
        for (WindowReport w : windows) {
            double v = w.metric(metric);
            if (!Double.isNaN(v)) {
                xs.add((double) w.index());
                ys.add(v);
            }
        }
        if (!xs.isEmpty()) chart.addSeries(name, xs, ys);
    }

    @Override
    public String toString() {
        long alerting = windows.stream().filter(WindowReport::alerting).count();
        return String.format(Locale.ROOT, "%s: %d windows, %d alerting%s", modelUri, windows.size(), alerting,
                lastWindowAlerts() ? " (the last one: " + String.join("; ", windows.get(windows.size() - 1).alerts()) + ")" : "");
    }
}
