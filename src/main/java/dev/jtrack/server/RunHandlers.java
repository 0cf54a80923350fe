package dev.jtrack.server;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jtrack.tracking.Dataset;
import dev.jtrack.tracking.DatasetInput;
import dev.jtrack.tracking.Experiment;
import dev.jtrack.tracking.InputTag;
import dev.jtrack.tracking.LoggedModelOutput;
import dev.jtrack.tracking.LoggedModelStore;
import dev.jtrack.tracking.ModelMetric;
import dev.jtrack.tracking.Metric;
import dev.jtrack.tracking.Page;
import dev.jtrack.tracking.Param;
import dev.jtrack.tracking.Run;
import dev.jtrack.tracking.RunInfo;
import dev.jtrack.tracking.RunStatus;
import dev.jtrack.tracking.RunTag;
import dev.jtrack.tracking.TrackingStore;
import dev.jtrack.tracking.ViewType;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** runs/* endpoints. */
final class RunHandlers {
    private static final List<String> MODEL_JSON_REQUIRED = List.of("artifact_path", "flavors", "utc_time_created", "run_id");

    private final TrackingStore store;
    private final LoggedModelStore models; // null when the store keeps no logged models

    RunHandlers(TrackingStore store) {
        this.store = store;
        this.models = store.loggedModels();
    }

    void register(ApiRoutes r) {
        r.post("runs/create", this::create);
        r.get("runs/get", this::get);
        r.post("runs/update", this::update);
        r.post("runs/delete", (in, out) -> store.deleteRun(in.runId()));
        r.post("runs/restore", (in, out) -> store.restoreRun(in.runId()));
        r.postRead("runs/search", this::search);
        r.post("runs/log-metric", this::logMetric);
        r.post("runs/log-parameter", (in, out) -> store.logParam(in.runId(), param(in)));
        r.post("runs/set-tag", (in, out) -> store.setTag(in.runId(), tag(in)));
        r.post("runs/delete-tag", (in, out) -> store.deleteTag(in.runId(), in.requiredString("key")));
        r.post("runs/log-batch", this::logBatch);
        r.post("runs/log-model", this::logModel);
        r.post("runs/log-inputs", this::logInputs);
    }

    static Metric metric(Params p) {
        String key = p.requiredString("key");
        double value = p.requiredDouble("value");
        long timestamp = p.requiredInt64("timestamp");
        long step = p.int64("step", 0L);
        return new Metric(key, value, timestamp, step);
    }

    static Param param(Params p) {
        return new Param(p.requiredString("key"), p.requiredStringAllowEmpty("value"));
    }

    static RunTag tag(Params p) {
        return new RunTag(p.requiredString("key"), p.requiredStringAllowEmpty("value"));
    }

    /** The point as a logged-model metric when it names a {@code model_id}, else null. */
    private ModelMetric modelMetric(String runId, Params p, Metric m) {
        String modelId = ExperimentHandlers.emptyToNull(p.string("model_id"));
        if (modelId == null) {
            return null;
        }
        if (models == null) {
            throw ApiException.invalidParameter("This store keeps no logged models; 'model_id' cannot be given.");
        }
        return new ModelMetric(modelId, runId, m, ExperimentHandlers.emptyToNull(p.string("dataset_name")),
                ExperimentHandlers.emptyToNull(p.string("dataset_digest")));
    }

    private void logMetric(Params in, JsonOut out) {
        String runId = in.runId();
        Metric m = metric(in);
        ModelMetric mm = modelMetric(runId, in, m);
        store.logMetric(runId, m);
        if (mm != null) {
            models.logModelMetrics(List.of(mm));
        }
    }

    private void writeRun(JsonGenerator g, Run run) throws Exception {
        if (models == null) {
            EntityJson.run(g, run);
            return;
        }
        List<String> id = List.of(run.info().runId());
        EntityJson.run(g, run, models.modelInputsOf(id).getOrDefault(run.info().runId(), List.of()),
                models.outputsOf(id).getOrDefault(run.info().runId(), List.of()));
    }

    private void create(Params in, JsonOut out) throws Exception {
        String experimentId = in.string("experiment_id");
        if (experimentId == null || experimentId.isEmpty()) {
            experimentId = Experiment.DEFAULT_EXPERIMENT_ID;
        }
        List<RunTag> tags = new ArrayList<>();
        for (Params t : in.objects("tags")) tags.add(tag(t));
        Run run = store.createRun(experimentId, ExperimentHandlers.emptyToNull(in.string("user_id")),
                in.int64("start_time"), tags, ExperimentHandlers.emptyToNull(in.string("run_name")));
        out.gen().writeFieldName("run");
        EntityJson.run(out.gen(), run);
    }

    private void get(Params in, JsonOut out) throws Exception {
        Run run = store.getRun(in.runId());
        out.gen().writeFieldName("run");
        writeRun(out.gen(), run);
    }

    private void update(Params in, JsonOut out) throws Exception {
        String status = in.enumName("status", "RUNNING", "SCHEDULED", "FINISHED", "FAILED", "KILLED");
        RunInfo info = store.updateRun(in.runId(), status == null ? null : RunStatus.parse(status),
                in.int64("end_time"), ExperimentHandlers.emptyToNull(in.string("run_name")));
        out.gen().writeFieldName("run_info");
        EntityJson.runInfo(out.gen(), info);
    }

    private void search(Params in, JsonOut out) throws Exception {
        List<String> experimentIds = in.strings("experiment_ids");
        Integer max = in.int32("max_results");
        int maxResults = max == null ? TrackingStore.SEARCH_MAX_RESULTS_DEFAULT : max;
        if (maxResults < 1 || maxResults > TrackingStore.SEARCH_MAX_RESULTS_THRESHOLD) {
            throw Params.maxResultsOutOfRange(maxResults, TrackingStore.SEARCH_MAX_RESULTS_THRESHOLD);
        }
        ViewType view = ViewType.parse(in.enumName("run_view_type", ExperimentHandlers.VIEW_TYPES));
        String filter = in.string("filter");
        List<String> orderBy = in.strings("order_by");
        String token = ExperimentHandlers.emptyToNull(in.string("page_token"));
        if (experimentIds.isEmpty()) {
            return; // MLflow answers an empty result when no experiment is named
        }
        Page<Run> page = store.searchRuns(experimentIds, filter, view, maxResults, orderBy, token);
        JsonGenerator g = out.gen();
        if (!page.items().isEmpty()) {
            g.writeArrayFieldStart("runs");
            if (models == null) {
                for (Run run : page.items()) EntityJson.run(g, run);
            } else {
                List<String> ids = page.items().stream().map(r -> r.info().runId()).toList();
                Map<String, List<String>> inputs = models.modelInputsOf(ids);
                Map<String, List<LoggedModelOutput>> outputs = models.outputsOf(ids);
                for (Run run : page.items()) {
                    String id = run.info().runId();
                    EntityJson.run(g, run, inputs.getOrDefault(id, List.of()), outputs.getOrDefault(id, List.of()));
                }
            }
            g.writeEndArray();
        }
        out.str("next_page_token", page.nextPageToken());
    }

    private void logBatch(Params in, JsonOut out) {
        String runId = in.runId();
        List<Params> ms = in.objects("metrics");
        List<Params> ps = in.objects("params");
        List<Params> ts = in.objects("tags");
        List<Metric> metrics = new ArrayList<>(ms.size());
        List<ModelMetric> modelMetrics = new ArrayList<>();
        for (Params m : ms) {
            Metric metric = metric(m);
            metrics.add(metric);
            ModelMetric mm = modelMetric(runId, m, metric);
            if (mm != null) modelMetrics.add(mm);
        }
        List<Param> params = new ArrayList<>(ps.size());
        for (Params p : ps) params.add(param(p));
        List<RunTag> tags = new ArrayList<>(ts.size());
        for (Params t : ts) tags.add(tag(t));
        store.logBatch(runId, metrics, params, tags);
        if (!modelMetrics.isEmpty()) {
            models.logModelMetrics(modelMetrics);
        }
    }

    private void logModel(Params in, JsonOut out) {
        String runId = in.runId();
        String modelJson = in.requiredString("model_json");
        ObjectNode model;
        try {
            model = JsonBody.parseObject(modelJson.getBytes(StandardCharsets.UTF_8));
        } catch (ApiException e) {
            throw ApiException.invalidParameter("Malformed model info: model_json is not a valid JSON object.");
        }
        List<String> missing = new ArrayList<>();
        for (String field : MODEL_JSON_REQUIRED) {
            if (!model.hasNonNull(field)) missing.add(field);
        }
        if (!missing.isEmpty()) {
            throw ApiException.invalidParameter("Model json is missing mandatory fields: " + missing);
        }
        store.recordLoggedModel(runId, modelJson);
    }

    private void logInputs(Params in, JsonOut out) {
        String runId = in.runId();
        List<DatasetInput> inputs = new ArrayList<>();
        for (Params d : in.objects("datasets")) {
            List<InputTag> tags = new ArrayList<>();
            for (Params t : d.objects("tags")) {
                tags.add(new InputTag(t.requiredString("key"), t.requiredStringAllowEmpty("value")));
            }
            Params ds = d.requiredObject("dataset");
            Dataset dataset = new Dataset(ds.requiredString("name"), ds.requiredString("digest"),
                    ds.requiredString("source_type"), ds.requiredString("source"), ds.string("schema"),
                    ds.string("profile"));
            inputs.add(new DatasetInput(tags, dataset));
        }
        List<String> modelIds = new ArrayList<>();
        for (Params m : in.objects("models")) modelIds.add(m.requiredString("model_id"));
        if (!modelIds.isEmpty() && models == null) {
            throw ApiException.invalidParameter("This store keeps no logged models; 'models' cannot be given.");
        }
        store.logInputs(runId, inputs);
        if (!modelIds.isEmpty()) {
            models.logModelInputs(runId, modelIds);
        }
    }
}
