package dev.jtrack.store.rest;

import dev.jtrack.http.RetryPolicy;
import dev.jtrack.http.RestConfig;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jtrack.tracking.DatasetInput;
import dev.jtrack.tracking.DatasetSummary;
import dev.jtrack.tracking.ErrorCode;
import dev.jtrack.tracking.Experiment;
import dev.jtrack.tracking.ExperimentTag;
import dev.jtrack.tracking.Metric;
import dev.jtrack.tracking.MetricWithRunId;
import dev.jtrack.tracking.MlflowException;
import dev.jtrack.tracking.Page;
import dev.jtrack.tracking.Param;
import dev.jtrack.tracking.Run;
import dev.jtrack.tracking.RunInfo;
import dev.jtrack.tracking.RunStatus;
import dev.jtrack.tracking.RunTag;
import dev.jtrack.tracking.TrackingStore;
import dev.jtrack.tracking.ViewType;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * {@link TrackingStore} over the MLflow REST API ({@code /api/2.0/mlflow/...}) of any
 * MLflow-compatible server, e.g. {@code jtrack server} or {@code mlflow server}.
 *
 * <p>Errors the server reports come back as {@link MlflowException} with the server's error code;
 * transient failures are retried as {@link RetryPolicy} says and then reported as
 * {@code TEMPORARILY_UNAVAILABLE}. Thread-safe.
 *
 * <p>Retrying writes is safe where MLflow's servers make them idempotent: a metric point sent twice
 * is stored once, a param with the same value is accepted again, tags are upserts. A create call
 * whose answer was lost may, on retry, create a second run or report that the experiment name
 * exists — the same as MLflow's own clients.
 */
public final class RestTrackingStore implements TrackingStore {

    /** Far beyond any real history (100,000 pages of MLflow's 25,000 points); stops a runaway server. */
    private static final int MAX_HISTORY_PAGES = 100_000;

    private final MlflowHttp http;
    private final RestLoggedModels loggedModels;
    private volatile Boolean servesLoggedModels;

    /** A store for {@code config}. */
    public RestTrackingStore(RestConfig config) {
        this.http = new MlflowHttp(config, RestTrackingStore::toMlflowException);
        this.loggedModels = new RestLoggedModels(http);
    }

    /**
     * MLflow 3's logged models on this server, or empty when the server has none (an MLflow 2-style
     * server). Asked once per store, with a search in {@code experimentId}; a failure to ask (the
     * server unreachable) is thrown and asked again next time.
     */
    public Optional<RestLoggedModels> loggedModels(String experimentId) {
        Boolean served = servesLoggedModels;
        if (served == null) {
            served = loggedModels.probe(experimentId);
            servesLoggedModels = served;
        }
        return served ? Optional.of(loggedModels) : Optional.empty();
    }

    /** The MLflow 3 logged model {@code modelId} (what a {@code models:/<model_id>} URI names). */
    public RestLoggedModels.Info getLoggedModel(String modelId) {
        return loggedModels.get(modelId);
    }

    /**
     * A store for {@code uri} configured from the process environment (credentials, retries,
     * timeouts as MLflow's clients read them).
     */
    public static RestTrackingStore forUri(String uri) {
        return new RestTrackingStore(RestConfig.fromEnvironment(uri, System.getenv()));
    }

    /** The error mapping every REST store uses: the server's code, else one derived from the status. */
    static MlflowException toMlflowException(int status, String code, String message, Throwable cause) {
        ErrorCode ec = ErrorCode.fromName(code);
        if (ec == ErrorCode.INTERNAL_ERROR && !"INTERNAL_ERROR".equals(code)) {
            message = "[" + code + "] " + message; // a code newer than ours: keep it visible
        }
        return new MlflowException(ec, message, cause);
    }

    public RestConfig config() {
        return http.config();
    }

    // ----- experiments -----

    @Override
    public String createExperiment(String name, String artifactLocation, List<ExperimentTag> tags) {
        ObjectNode body = MlflowHttp.object().put("name", name);
        TrackingJson.putIfNotNull(body, "artifact_location", artifactLocation);
        if (tags != null && !tags.isEmpty()) {
            body.set("tags", TrackingJson.experimentTags(tags));
        }
        return http.post("experiments/create", body).path("experiment_id").asText();
    }

    @Override
    public Experiment getExperiment(String experimentId) {
        JsonNode r = http.get("experiments/get", MlflowHttp.object().put("experiment_id", experimentId));
        return TrackingJson.toExperiment(r.path("experiment"));
    }

    @Override
    public Experiment getExperimentByName(String name) {
        JsonNode r = http.get("experiments/get-by-name", MlflowHttp.object().put("experiment_name", name));
        return TrackingJson.toExperiment(r.path("experiment"));
    }

    @Override
    public Page<Experiment> searchExperiments(
            ViewType viewType, int maxResults, String filter, List<String> orderBy, String pageToken) {
        ObjectNode body = MlflowHttp.object().put("max_results", maxResults);
        body.put("view_type", (viewType == null ? ViewType.ACTIVE_ONLY : viewType).name());
        TrackingJson.putIfNotNull(body, "filter", filter);
        TrackingJson.putIfNotNull(body, "page_token", pageToken);
        putStrings(body, "order_by", orderBy);
        JsonNode r = http.post("experiments/search", body);
        return new Page<>(TrackingJson.list(r.get("experiments"), TrackingJson::toExperiment),
                TrackingJson.nextPageToken(r));
    }

    @Override
    public void deleteExperiment(String experimentId) {
        http.post("experiments/delete", MlflowHttp.object().put("experiment_id", experimentId));
    }

    @Override
    public void restoreExperiment(String experimentId) {
        http.post("experiments/restore", MlflowHttp.object().put("experiment_id", experimentId));
    }

    @Override
    public void renameExperiment(String experimentId, String newName) {
        http.post("experiments/update", MlflowHttp.object().put("experiment_id", experimentId).put("new_name", newName));
    }

    @Override
    public void setExperimentTag(String experimentId, ExperimentTag tag) {
        http.post("experiments/set-experiment-tag", MlflowHttp.object()
                .put("experiment_id", experimentId).put("key", tag.key()).put("value", tag.value()));
    }

    @Override
    public void deleteExperimentTag(String experimentId, String key) {
        http.post("experiments/delete-experiment-tag", MlflowHttp.object()
                .put("experiment_id", experimentId).put("key", key));
    }

    // ----- runs -----

    @Override
    public Run createRun(String experimentId, String userId, Long startTime, List<RunTag> tags, String runName) {
        ObjectNode body = MlflowHttp.object().put("experiment_id", experimentId);
        TrackingJson.putIfNotNull(body, "user_id", userId);
        TrackingJson.putIfNotNull(body, "start_time", startTime);
        TrackingJson.putIfNotNull(body, "run_name", runName);
        if (tags != null && !tags.isEmpty()) {
            body.set("tags", TrackingJson.runTags(tags));
        }
        return TrackingJson.toRun(http.post("runs/create", body).path("run"));
    }

    @Override
    public Run getRun(String runId) {
        return TrackingJson.toRun(http.get("runs/get", runIdQuery(runId)).path("run"));
    }

    @Override
    public RunInfo updateRun(String runId, RunStatus status, Long endTime, String runName) {
        ObjectNode body = runIdBody(runId);
        TrackingJson.putIfNotNull(body, "status", status == null ? null : status.name());
        TrackingJson.putIfNotNull(body, "end_time", endTime);
        TrackingJson.putIfNotNull(body, "run_name", runName);
        return TrackingJson.toRunInfo(http.post("runs/update", body).path("run_info"));
    }

    @Override
    public void deleteRun(String runId) {
        http.post("runs/delete", MlflowHttp.object().put("run_id", runId));
    }

    @Override
    public void restoreRun(String runId) {
        http.post("runs/restore", MlflowHttp.object().put("run_id", runId));
    }

    @Override
    public void logBatch(String runId, List<Metric> metrics, List<Param> params, List<RunTag> tags) {
        ObjectNode body = MlflowHttp.object().put("run_id", runId);
        body.set("metrics", TrackingJson.metrics(metrics));
        body.set("params", TrackingJson.params(params));
        body.set("tags", TrackingJson.runTags(tags));
        http.post("runs/log-batch", body);
    }

    /** Uses MLflow's single-metric endpoint, so servers without log-batch support work too. */
    @Override
    public void logMetric(String runId, Metric metric) {
        ObjectNode body = TrackingJson.metric(metric);
        body.put("run_id", runId).put("run_uuid", runId);
        http.post("runs/log-metric", body);
    }

    @Override
    public void logParam(String runId, Param param) {
        http.post("runs/log-parameter", runIdBody(runId).put("key", param.key()).put("value", param.value()));
    }

    @Override
    public void setTag(String runId, RunTag tag) {
        http.post("runs/set-tag", runIdBody(runId).put("key", tag.key()).put("value", tag.value()));
    }

    @Override
    public void deleteTag(String runId, String key) {
        http.post("runs/delete-tag", MlflowHttp.object().put("run_id", runId).put("key", key));
    }

    /**
     * With {@code maxResults == null} the whole history is fetched, following the server's page
     * tokens (a server may page even when not asked to).
     */
    @Override
    public Page<Metric> getMetricHistory(String runId, String metricKey, Integer maxResults, String pageToken) {
        List<Metric> all = new ArrayList<>();
        String token = pageToken;
        Set<String> seenTokens = new HashSet<>();
        while (true) {
            ObjectNode q = runIdQuery(runId).put("metric_key", metricKey);
            if (maxResults != null) {
                q.put("max_results", maxResults.intValue());
            }
            TrackingJson.putIfNotNull(q, "page_token", token);
            JsonNode r = http.get("metrics/get-history", q);
            all.addAll(TrackingJson.list(r.get("metrics"), TrackingJson::toMetric));
            token = TrackingJson.nextPageToken(r);
            if (maxResults != null || token == null) {
                return new Page<>(all, maxResults != null ? token : null);
            }
            if (!seenTokens.add(token) || seenTokens.size() > MAX_HISTORY_PAGES) {
                throw new MlflowException(ErrorCode.INTERNAL_ERROR, "server paged the history of metric "
                        + metricKey + " of run " + runId + " without end (token " + token + ")");
            }
        }
    }

    @Override
    public List<MetricWithRunId> getMetricHistoryBulkInterval(
            List<String> runIds, String metricKey, Long startStep, Long endStep, int maxResults) {
        ObjectNode q = MlflowHttp.object();
        putStrings(q, "run_ids", runIds);
        q.put("metric_key", metricKey);
        TrackingJson.putIfNotNull(q, "start_step", startStep);
        TrackingJson.putIfNotNull(q, "end_step", endStep);
        q.put("max_results", maxResults);
        JsonNode r = http.get("metrics/get-history-bulk-interval", q);
        return TrackingJson.list(r.get("metrics"), TrackingJson::toMetricWithRunId);
    }

    @Override
    public void logInputs(String runId, List<DatasetInput> inputs) {
        ObjectNode body = MlflowHttp.object().put("run_id", runId);
        body.set("datasets", TrackingJson.datasetInputs(inputs));
        http.post("runs/log-inputs", body);
    }

    @Override
    public List<DatasetSummary> searchDatasets(List<String> experimentIds) {
        ObjectNode body = MlflowHttp.object();
        putStrings(body, "experiment_ids", experimentIds);
        JsonNode reply = http.post("experiments/search-datasets", body);
        List<DatasetSummary> out = new ArrayList<>();
        for (JsonNode s : reply.path("dataset_summaries")) {
            out.add(new DatasetSummary(s.path("experiment_id").asText(), s.path("name").asText(),
                    s.path("digest").asText(), s.hasNonNull("context") ? s.get("context").asText() : null));
        }
        return out;
    }

    @Override
    public Page<Run> searchRuns(
            List<String> experimentIds, String filter, ViewType viewType, int maxResults,
            List<String> orderBy, String pageToken) {
        ObjectNode body = MlflowHttp.object();
        putStrings(body, "experiment_ids", experimentIds);
        TrackingJson.putIfNotNull(body, "filter", filter);
        body.put("run_view_type", (viewType == null ? ViewType.ACTIVE_ONLY : viewType).name());
        body.put("max_results", maxResults);
        putStrings(body, "order_by", orderBy);
        TrackingJson.putIfNotNull(body, "page_token", pageToken);
        JsonNode r = http.post("runs/search", body);
        return new Page<>(TrackingJson.list(r.get("runs"), TrackingJson::toRun), TrackingJson.nextPageToken(r));
    }

    @Override
    public void recordLoggedModel(String runId, String modelJson) {
        http.post("runs/log-model", MlflowHttp.object().put("run_id", runId).put("model_json", modelJson));
    }

    @Override
    public void close() {
        http.close();
    }

    // ----- helpers -----

    /** MLflow's older servers read {@code run_uuid}; newer ones {@code run_id}: send both. */
    private static ObjectNode runIdBody(String runId) {
        return MlflowHttp.object().put("run_id", runId).put("run_uuid", runId);
    }

    private static ObjectNode runIdQuery(String runId) {
        return MlflowHttp.object().put("run_id", runId);
    }

    /** Sends a list field whenever it is given, even empty, so the server sees what the caller asked. */
    static void putStrings(ObjectNode o, String field, List<String> values) {
        if (values != null) {
            ArrayNode a = o.putArray(field);
            values.forEach(a::add);
        }
    }

    @Override
    public String toString() {
        return "RestTrackingStore[" + http.config().baseUri() + "]";
    }
}
