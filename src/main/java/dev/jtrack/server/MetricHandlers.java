package dev.jtrack.server;

import dev.jtrack.tracking.Metric;
import dev.jtrack.tracking.MetricWithRunId;
import dev.jtrack.tracking.Page;
import dev.jtrack.tracking.TrackingStore;
import java.util.List;

/** metrics/* endpoints. */
final class MetricHandlers {
    private final TrackingStore store;

    MetricHandlers(TrackingStore store) {
        this.store = store;
    }

    void register(ApiRoutes r) {
        r.get("metrics/get-history", this::history);
        r.get("metrics/get-history-bulk-interval", this::bulkInterval);
    }

    private void history(Params in, JsonOut out) throws Exception {
        String runId = in.runId();
        String key = in.requiredString("metric_key");
        Integer max = in.int32("max_results");
        if (max != null && (max < 1 || max > TrackingStore.GET_METRIC_HISTORY_MAX_RESULTS)) {
            throw in.invalidValue("max_results", "must be between 1 and "
                    + TrackingStore.GET_METRIC_HISTORY_MAX_RESULTS + ", got " + max + ".");
        }
        Page<Metric> page = store.getMetricHistory(runId, key, max,
                ExperimentHandlers.emptyToNull(in.string("page_token")));
        EntityJson.metrics(out.gen(), "metrics", page.items());
        out.str("next_page_token", page.nextPageToken());
    }

    private void bulkInterval(Params in, JsonOut out) throws Exception {
        List<String> runIds = in.strings("run_ids");
        if (runIds.isEmpty()) {
            throw in.invalidValue("run_ids", "at least one run id is required.");
        }
        if (runIds.size() > TrackingStore.BULK_INTERVAL_MAX_RUNS) {
            throw in.invalidValue("run_ids", "at most " + TrackingStore.BULK_INTERVAL_MAX_RUNS
                    + " run ids are allowed, got " + runIds.size() + ".");
        }
        String key = in.requiredString("metric_key");
        Long start = in.int64("start_step");
        Long end = in.int64("end_step");
        if ((start == null) != (end == null)) {
            throw in.invalidValue("start_step", "start_step and end_step must be given together.");
        }
        if (start != null && start > end) {
            throw in.invalidValue("start_step", "end_step must be greater than or equal to start_step.");
        }
        Integer max = in.int32("max_results");
        int maxResults = max == null ? TrackingStore.BULK_INTERVAL_DEFAULT_MAX_RESULTS : max;
        if (maxResults < 1 || maxResults > TrackingStore.BULK_INTERVAL_MAX_RESULTS) {
            throw in.invalidValue("max_results", "must be between 1 and "
                    + TrackingStore.BULK_INTERVAL_MAX_RESULTS + ", got " + maxResults + ".");
        }
        List<MetricWithRunId> points = store.getMetricHistoryBulkInterval(runIds, key, start, end, maxResults);
        EntityJson.metricsWithRunId(out.gen(), "metrics", points);
    }
}
