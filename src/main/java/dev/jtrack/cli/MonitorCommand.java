package dev.jtrack.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jtrack.models.ReferenceProfile;
import dev.jtrack.monitor.AlertRule;
import dev.jtrack.monitor.MonitorOptions;
import dev.jtrack.monitor.Monitoring;
import dev.jtrack.monitor.MonitoringReport;
import dev.jtrack.monitor.MonitoringRuns;
import dev.jtrack.monitor.WindowReport;
import dev.jtrack.notebook.TrackingClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import tech.tablesaw.api.Table;
import tech.tablesaw.io.csv.CsvReadOptions;

/**
 * {@code jtrack monitor}: drift, errors and latency of a served model version per window, logged
 * to its monitoring run; exit status {@value #LAST_WINDOW_ALERTS} when the last window alerts.
 */
@Command(name = "monitor", mixinStandardHelpOptions = true,
        description = {"Measure a served model's inference log (jtrack models serve --log-predictions) per window against its "
                + "reference: drift per feature (PSI, Kolmogorov-Smirnov, chi-squared), missing values, prediction drift, "
                + "request count, error rate, latency percentiles; logged as metrics of the monitoring run (step = window).",
            "Exit status: 0 fine, 4 when the last window alerts, 2 bad usage, 1 other errors."})
public final class MonitorCommand implements Callable<Integer> {
    /** The exit status when the last window alerts. */
    public static final int LAST_WINDOW_ALERTS = 4;

    @Option(names = {"-m", "--model-uri"}, required = true, paramLabel = "URI", description = "The served model (models:/name@alias, models:/name/3, ...).")
    String modelUri;

    @Option(names = "--window", paramLabel = "N|DURATION", defaultValue = "1000",
            description = "Requests per window (1000) or a time window (30s, 15m, 1h, 1d); default: ${DEFAULT-VALUE}.")
    String window;

    @Option(names = "--since", paramLabel = "WHEN", description = "Only requests since an instant (2026-12-03T10:00:00Z) or for a duration back (2h).")
    String since;

    @Option(names = "--reference", paramLabel = "FILE",
            description = "The reference: a CSV (profiled now) or a reference_profile.json; default: the profile stored with the model.")
    Path reference;

    @Option(names = "--alert", paramLabel = "RULE", description = "e.g. \"psi > 0.2\", \"sepal_width.ks > 0.3\", \"error_rate > 0.01\"; repeatable.")
    List<String> alerts = new ArrayList<>();

    @Option(names = "--labels", paramLabel = "FILE", description = "True labels arrived later: CSV with request_id,row,label; adds accuracy or rmse.")
    Path labels;

    @Option(names = "--experiment", paramLabel = "NAME", defaultValue = MonitoringRuns.DEFAULT_EXPERIMENT,
            description = "The monitoring experiment (default: ${DEFAULT-VALUE}).")
    String experiment;

    @Option(names = "--no-log", description = "Do not log the metrics to the monitoring run.")
    boolean noLog;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the windows, metrics and alerts as JSON to FILE.")
    Path json;

    @Option(names = "--tracking-uri", paramLabel = "URI", description = "Default: MLFLOW_TRACKING_URI, else jtrack.db here.")
    String trackingUri;

    @Override
    public Integer call() throws Exception {
        MonitorOptions options;
        try {
            options = MonitorOptions.defaults().window(window).experiment(experiment).logMetrics(!noLog);
            List<AlertRule> rules = new ArrayList<>();
            for (String a : alerts) rules.add(AlertRule.parse(a));
            options = options.alerts(rules);
            if (since != null) options = options.since(since(since));
            if (reference != null) options = options.reference(reference(reference));
            if (labels != null) options = options.labels(labels(labels));
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage(), 2);
        }
        TrackingClient.Builder builder = TrackingClient.builder();
        if (trackingUri != null) builder.trackingUri(trackingUri);
        try (TrackingClient client = builder.build()) {
            MonitoringReport report;
            try {
                report = Monitoring.of(client).monitor(modelUri, options);
            } catch (IllegalArgumentException e) {
                throw new UserError(e.getMessage(), 2);
            }
            System.out.println(report);
            System.out.print(report.render());
            if (report.runId() != null) System.out.println("Metrics logged to run " + report.runId());
            System.out.flush();
            if (json != null) writeJson(report);
            return report.lastWindowAlerts() ? LAST_WINDOW_ALERTS : 0;
        }
    }

    private static Instant since(String s) {
        try {
            return Instant.parse(s);
        } catch (DateTimeParseException notInstant) {
            return Instant.now().minus(MonitorOptions.duration(s));
        }
    }

    private static ReferenceProfile reference(Path file) {
        if (!Files.isRegularFile(file)) throw new IllegalArgumentException("no such file: " + file);
        try {
            if (file.toString().endsWith(".json")) return ReferenceProfile.fromJson(Files.readString(file));
            Table t = Table.read().csv(CsvReadOptions.builder(file.toFile()));
            return ReferenceProfile.of(t);
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("cannot read the reference " + file + ": " + e.getMessage(), e);
        }
    }

    private static Map<String, String> labels(Path file) {
        if (!Files.isRegularFile(file)) throw new IllegalArgumentException("no such file: " + file);
        Map<String, String> out = new HashMap<>();
        try {
            List<String> lines = Files.readAllLines(file);
            if (lines.isEmpty() || !lines.get(0).strip().equals("request_id,row,label")) {
                throw new IllegalArgumentException("the labels file " + file + " must start with the header request_id,row,label");
            }
            for (int i = 1; i < lines.size(); i++) {
                if (lines.get(i).isBlank()) continue;
                String[] p = lines.get(i).split(",", 3);
                if (p.length != 3) throw new IllegalArgumentException(file + " line " + (i + 1) + ": expected request_id,row,label");
                out.put(p[0].strip() + "/" + Integer.parseInt(p[1].strip()), p[2].strip());
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + file + ": " + e.getMessage(), e);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(file + ": the row column must be a number: " + e.getMessage(), e);
        }
        return out;
    }

    private void writeJson(MonitoringReport report) throws IOException {
        List<Map<String, Object>> windows = new ArrayList<>();
        for (WindowReport w : report.windows()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("index", w.index());
            m.put("start", w.startMillis());
            m.put("end", w.endMillis());
            Map<String, Object> metrics = new LinkedHashMap<>();
            w.metrics().forEach((k, v) -> metrics.put(k, Double.isNaN(v) ? null : v));
            m.put("metrics", metrics);
            m.put("alerts", w.alerts());
            m.put("alerting_features", report.alertingFeatures(w.index()));
            windows.add(m);
        }
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("model_uri", report.modelUri());
        doc.put("run_id", report.runId());
        doc.put("features", report.features());
        doc.put("windows", windows);
        new ObjectMapper().writerWithDefaultPrettyPrinter().writeValue(json.toFile(), doc);
    }
}
