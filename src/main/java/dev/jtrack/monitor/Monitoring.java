package dev.jtrack.monitor;

import dev.jtrack.artifacts.ArtifactRepository;
import dev.jtrack.artifacts.FileInfo;
import dev.jtrack.models.Models;
import dev.jtrack.models.ReferenceProfile;
import dev.jtrack.notebook.Tracking;
import dev.jtrack.notebook.TrackingClient;
import dev.jtrack.tracking.Metric;
import dev.jtrack.tracking.Run;
import dev.jtrack.tracking.RunTag;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Monitoring of a served model version: reads its inference log (the files of its monitoring
 * runs, see {@link InferenceLog}), cuts it into windows, measures each window against the
 * reference profile (drift per feature, missing values, the prediction's distribution and drift,
 * request count, error rate, latency percentiles, real accuracy or RMSE when labels are given),
 * applies the alert thresholds and logs the metrics to the monitoring run (step = window index).
 *
 * <pre>{@code
 * MonitoringReport r = Monitoring.report("models:/iris@champion", MonitorOptions.defaults().window("1h").alert("psi > 0.2"));
 * display(r.table());
 * }</pre>
 */
public final class Monitoring {
    /** Tag on the monitoring run: the alerts of the last window of the last report ("" when none). */
    public static final String LAST_ALERTS_TAG = "jtrack.monitoring.last_alerts";

    private final TrackingClient client;

    private Monitoring(TrackingClient client) {
        this.client = client;
    }

    /** Monitoring through {@code client}. */
    public static Monitoring of(TrackingClient client) {
        return new Monitoring(client);
    }

    /** {@link #report(String, MonitorOptions)} through the notebook's tracking client. */
    public static MonitoringReport report(String modelUri, MonitorOptions options) {
        return of(Tracking.client()).monitor(modelUri, options);
    }

    /**
     * Reports on the model at {@code modelUri} (see the class comment).
     *
     * @throws IllegalArgumentException when the model has no reference profile and none is given,
     *     or no inference log
     */
    public MonitoringReport monitor(String modelUri, MonitorOptions options) {
        String canonical = MonitoringRuns.canonical(client, modelUri);
        ReferenceProfile reference = options.reference() != null ? options.reference()
                : Models.of(client).reference(modelUri).orElseThrow(() -> new IllegalArgumentException(
                        "the model " + modelUri + " has no reference profile: give one (--reference FILE), or log one with "
                                + "Models.logReference(modelUri, trainingTable)"));
        List<Run> runs = MonitoringRuns.find(client, options.experiment(), canonical);
        if (runs.isEmpty()) {
            throw new IllegalArgumentException("no inference log of " + canonical + " in the experiment '" + options.experiment()
                    + "': serve it with 'jtrack models serve --log-predictions'");
        }
        List<InferenceRow> rows = new ArrayList<>();
        for (Run run : runs) rows.addAll(read(run));
        List<WindowReport> windows = Windows.compute(rows, reference, options);
        List<String> features = new ArrayList<>();
        for (String f : reference.features().keySet()) {
            if (windows.stream().anyMatch(w -> w.metrics().containsKey(f + ".psi"))) features.add(f);
        }
        String runId = runs.get(0).info().runId();
        MonitoringReport report = new MonitoringReport(canonical, options.logMetrics() ? runId : null, features, windows);
        if (options.logMetrics()) log(runId, report);
        return report;
    }

    /** Every row of a monitoring run's inference files. */
    public List<InferenceRow> read(Run run) {
        ArrayList<InferenceRow> rows = new ArrayList<>();
        ArtifactRepository repo = client.artifactRepository(run.info().artifactUri());
        try {
            if (!repo.isDirectory(InferenceFiles.ARTIFACT_DIR)) return rows;
            for (FileInfo f : repo.list(InferenceFiles.ARTIFACT_DIR)) {
                if (f.isDir() || !f.path().endsWith(".csv.gz")) continue;
                try (InputStream in = repo.open(f.path())) {
                    rows.addAll(InferenceFiles.read(in));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the inference log of run " + run.info().runId() + ": " + e.getMessage(), e);
        }
        return rows;
    }

    private void log(String runId, MonitoringReport report) {
        List<Metric> metrics = new ArrayList<>();
        for (WindowReport w : report.windows()) {
            for (Map.Entry<String, Double> m : w.metrics().entrySet()) {
                if (!Double.isNaN(m.getValue())) metrics.add(new Metric(m.getKey(), m.getValue(), w.startMillis(), w.index()));
            }
            metrics.add(new Metric("alert", w.alerting() ? 1 : 0, w.startMillis(), w.index()));
        }
        for (int i = 0; i < metrics.size(); i += 1000) {
            client.store().logBatch(runId, metrics.subList(i, Math.min(metrics.size(), i + 1000)), List.of(), List.of());
        }
        String last = report.windows().isEmpty() ? "" : String.join("; ", report.windows().get(report.windows().size() - 1).alerts());
        client.store().logBatch(runId, List.of(), List.of(),
                List.of(new RunTag(LAST_ALERTS_TAG, last.length() > 5000 ? last.substring(0, 5000) : last)));
    }
}
