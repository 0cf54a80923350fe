package dev.jtrack.compare;

import dev.jtrack.notebook.Tracking;
import dev.jtrack.notebook.TrackingClient;
import java.time.Duration;
import java.util.List;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.XYChart;
import tech.tablesaw.api.Table;

/**
 * Runs as data, for notebook code: searches and metric histories of the notebook's tracking
 * store (the one {@link Tracking} records to) as Tablesaw tables, and XChart charts of them.
 * After {@code import dev.jtrack.compare.*;}:
 *
 * <pre>{@code
 * Table runs = Runs.search("metrics.acc > 0.9");
 * Table top = Runs.query().experiments("iris").orderBy("metrics.acc DESC").max(10).table();
 * display(Runs.historyChart("loss", top.stringColumn("run_id").asList()));
 * display(Charts.scatter(runs, "lr", "acc", false));
 * }</pre>
 *
 * Records logged but still on their way to the store are waited for (up to
 * {@value #FLUSH_SECONDS} seconds) before each read, so a run logged in an earlier cell is found.
 */
public final class Runs {
    /** How long a read waits for records still being delivered. */
    public static final int FLUSH_SECONDS = 10;

    private Runs() {}

    /** The notebook's store and current experiment, with pending records delivered. */
    public static RunSource source() {
        TrackingClient client = Tracking.client();
        client.flush(Duration.ofSeconds(FLUSH_SECONDS));
        return new RunSource(client.store(), client.experiment());
    }

    /** A search to refine, by default over the current experiment. */
    public static RunQuery query() {
        return source().query();
    }

    /** All runs of the current experiment, newest first, as a table. */
    public static Table search() {
        return source().search(null);
    }

    /** The runs of the current experiment matching an MLflow filter, newest first, as a table. */
    public static Table search(String filter) {
        return source().search(filter);
    }

    /** Every metric's history of these runs as a long table. */
    public static Table history(String... runIds) {
        return source().history(List.of(runIds), List.of());
    }

    /** These metrics' histories of these runs as a long table. */
    public static Table history(List<String> runIds, List<String> metrics) {
        return source().history(runIds, metrics);
    }

    /** A line chart of {@code metric} per run, x = step. */
    public static XYChart historyChart(String metric, List<String> runIds) {
        return historyChart(metric, HistoryOptions.defaults(), runIds);
    }

    /** A line chart of {@code metric} per run, drawn as {@code options} say. */
    public static XYChart historyChart(String metric, HistoryOptions options, List<String> runIds) {
        return source().historyChart(metric, options, runIds);
    }

    /** A scatter of a param against a metric over the current experiment's runs, best run marked. */
    public static XYChart scatter(String param, String metric, boolean minimize) {
        return Charts.scatter(search(), param, metric, minimize);
    }

    /** Parallel coordinates of these params (none: all) → a metric over the current experiment's runs. */
    public static XYChart parallel(String metric, boolean minimize, String... params) {
        return Charts.parallel(search(), List.of(params), metric, minimize);
    }

    /** A bar chart of a metric over the current experiment's runs. */
    public static CategoryChart bar(String metric) {
        return Charts.bar(search(), metric);
    }
}
