package dev.jtrack.compare;

import dev.jtrack.tracking.Metric;
import dev.jtrack.tracking.Page;
import dev.jtrack.tracking.Run;
import dev.jtrack.tracking.TrackingStore;
import java.util.ArrayList;
import java.util.List;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/** Metric histories read from the store, page by page. */
final class Histories {
    /** Points fetched per store call. */
    static final int PAGE_SIZE = TrackingStore.GET_METRIC_HISTORY_MAX_RESULTS;

    private Histories() {}

    /** Every point of one metric of one run, ordered by step then timestamp. */
    static List<Metric> of(TrackingStore store, String runId, String metric) {
        List<Metric> out = new ArrayList<>();
        String token = null;
        do {
            Page<Metric> page = store.getMetricHistory(runId, metric, PAGE_SIZE, token);
            out.addAll(page.items());
            token = page.nextPageToken();
        } while (token != null);
        return out;
    }

    /**
     * The long table {@code run_id, run_name, metric, step, timestamp, value} of the given metrics of the
     * given runs; with no metrics given, every metric each run has.
     */
    static Table table(TrackingStore store, List<String> runIds, List<String> metrics) {
        StringColumn run = StringColumn.create("run_id");
        StringColumn name = StringColumn.create("run_name");
        StringColumn metric = StringColumn.create("metric");
        LongColumn step = LongColumn.create("step");
        LongColumn timestamp = LongColumn.create("timestamp");
        DoubleColumn value = DoubleColumn.create("value");
        for (String runId : runIds) {
            Run r = store.getRun(runId);
            String runName = r.info().runName();
            List<String> keys = metrics.isEmpty()
                    ? r.data().metrics().stream().map(Metric::key).sorted().toList()
                    : metrics;
            for (String key : keys) {
                for (Metric m : of(store, runId, key)) {
                    run.append(runId);
                    name.append(runName);
                    metric.append(key);
                    step.append(m.step());
                    timestamp.append(m.timestamp());
                    value.append(m.value());
                }
            }
        }
        return Table.create("metric history", run, name, metric, step, timestamp, value);
    }
}
