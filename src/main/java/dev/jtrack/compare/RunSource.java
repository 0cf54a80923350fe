package dev.jtrack.compare;

import dev.jtrack.tracking.TrackingStore;
import java.util.List;
import java.util.Objects;
import org.knowm.xchart.XYChart;
import tech.tablesaw.api.Table;

/**
 * Runs of one tracking store, read for comparison; {@link Runs} is this for the notebook's own
 * store. Use it directly for another store: {@code new RunSource(store, "iris").search(...)}.
 */
public final class RunSource {
    private final TrackingStore store;
    private final String experiment;

    /**
     * @param store the store to read
     * @param experiment the experiment (name or id) searched when a query names none
     */
    public RunSource(TrackingStore store, String experiment) {
        this.store = Objects.requireNonNull(store, "store");
        this.experiment = Objects.requireNonNull(experiment, "experiment");
    }

    /** The store read. */
    public TrackingStore store() {
        return store;
    }

    /** The experiment searched by default. */
    public String experiment() {
        return experiment;
    }

    /** A search to refine, by default over the current experiment. */
    public RunQuery query() {
        return new RunQuery(store, experiment);
    }

    /** All runs of the current experiment matching an MLflow filter, newest first, as a table. */
    public Table search(String filter) {
        return query().filter(filter).table();
    }

    /** The long table {@code run_id, run_name, metric, step, timestamp, value} of these metrics (none: all) of these runs. */
    public Table history(List<String> runIds, List<String> metrics) {
        return Histories.table(store, runIds, metrics);
    }

    /** A line chart of {@code metric} for each run, drawn as {@code options} say. */
    public XYChart historyChart(String metric, HistoryOptions options, List<String> runIds) {
        return Charts.history(history(runIds, List.of(metric)), metric, options);
    }
}
