package dev.jtrack.server;

import dev.jtrack.tracking.Metric;
import dev.jtrack.tracking.MetricWithRunId;
import dev.jtrack.tracking.Page;
import dev.jtrack.tracking.TrackingStore;
import dev.jtrack.tracking.ErrorCode;
import dev.jtrack.tracking.MlflowException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;

/** metrics/* endpoints. */
final class MetricHandlers {
    private final TrackingStore store;

    MetricHandlers(TrackingStore store) {
        this.store = store;
    }

    void register(ApiRoutes r) {
        r.get("metrics/get-history", this::history);
        r.get("metrics/get-history-bulk-interval", this::bulkInterval);
        r.get("metrics/get-history-bulk", this::bulk); // what MLflow's web UI calls (ajax-api)
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

    /**
     * Full histories of one metric for several runs (MLflow's ajax-only get-history-bulk): runs in
     * run id order, each run's points by timestamp, step and value, at most {@code max_results}
     * points in all (more is capped at {@value TrackingStore#GET_METRIC_HISTORY_MAX_RESULTS});
     * ids of runs that do not exist are skipped, as MLflow's SQL store does.
     */
    private void bulk(Params in, JsonOut out) throws Exception {
        List<String> runIds = in.strings("run_id");
        if (runIds.isEmpty()) {
            throw ApiException.invalidParameter("GetMetricHistoryBulk request must specify at least one run_id.");
        }
        if (runIds.size() > TrackingStore.BULK_INTERVAL_MAX_RUNS) {
            throw ApiException.invalidParameter("GetMetricHistoryBulk request cannot specify more than "
                    + TrackingStore.BULK_INTERVAL_MAX_RUNS + " run_ids. Received " + runIds.size() + " run_ids.");
        }
        String key = in.string("metric_key");
        if (key == null) {
            throw ApiException.invalidParameter("GetMetricHistoryBulk request must specify a metric_key.");
        }
        Integer max = in.int32("max_results");
        int maxResults = max == null ? TrackingStore.GET_METRIC_HISTORY_MAX_RESULTS
                : Math.min(max, TrackingStore.GET_METRIC_HISTORY_MAX_RESULTS);
        if (maxResults < 1) {
            throw in.invalidValue("max_results", "must be between 1 and "
                    + TrackingStore.GET_METRIC_HISTORY_MAX_RESULTS + ", got " + maxResults + ".");
        }
        List<MetricWithRunId> points = new ArrayList<>();
        for (String runId : new TreeSet<>(runIds)) {
            if (points.size() >= maxResults) break;
            List<Metric> history;
            try {
                history = new ArrayList<>(store.getMetricHistory(runId, key, null, null).items());
            } catch (MlflowException e) {
                if (e.errorCode() == ErrorCode.RESOURCE_DOES_NOT_EXIST) continue;
                throw e;
            }
            history.sort(BY_TIMESTAMP_STEP_VALUE);
            for (Metric m : history) {
                if (points.size() >= maxResults) break;
                points.add(new MetricWithRunId(runId, m));
            }
        }
        EntityJson.metricsWithRunId(out.gen(), "metrics", points);
    }

    private static final Comparator<Metric> BY_TIMESTAMP_STEP_VALUE = Comparator.comparingLong(Metric::timestamp)
            .thenComparingLong(Metric::step).thenComparingDouble(Metric::value);

    /** MLflow's wording for each refusal; the sampling itself is the store's. */
    private void bulkInterval(Params in, JsonOut out) throws Exception {
        List<String> runIds = in.strings("run_ids");
        if (runIds.isEmpty()) {
            throw ApiException.invalidParameter("Missing value for required parameter 'run_ids'." + HINT);
        }
        if (runIds.size() > TrackingStore.BULK_INTERVAL_MAX_RUNS) {
            throw ApiException.invalidParameter("GetMetricHistoryBulkInterval request must specify at most "
                    + TrackingStore.BULK_INTERVAL_MAX_RUNS + " run_ids. Received " + runIds.size() + " run_ids." + HINT);
        }
        String key = in.requiredString("metric_key");
        Long start = in.int64("start_step");
        Long end = in.int64("end_step");
        Integer max = in.int32("max_results");
        int maxResults = max == null ? TrackingStore.BULK_INTERVAL_DEFAULT_MAX_RESULTS : max;
        if (maxResults < 1 || maxResults > TrackingStore.BULK_INTERVAL_MAX_RESULTS) {
            throw ApiException.invalidParameter("max_results must be between 1 and "
                    + TrackingStore.BULK_INTERVAL_MAX_RESULTS + "." + HINT);
        }
        List<MetricWithRunId> points = store.getMetricHistoryBulkInterval(runIds, key, start, end, maxResults);
        EntityJson.metricsWithRunId(out.gen(), "metrics", points);
    }

    private static final String HINT = " See the API docs for more information about request parameters.";
}
