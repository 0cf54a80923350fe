package dev.jtrack.server;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.jtrack.tracking.LoggedModel;
import dev.jtrack.tracking.LoggedModelOutput;
import dev.jtrack.tracking.LoggedModelSearch;
import dev.jtrack.tracking.LoggedModelStatus;
import dev.jtrack.tracking.LoggedModelStore;
import dev.jtrack.tracking.Page;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** MLflow 3 {@code logged-models/*} endpoints and {@code runs/outputs}. */
final class LoggedModelHandlers {
    // By protobuf number from 1 (Params.enumName's convention).
    private static final String[] STATUS_NAMES = {"LOGGED_MODEL_PENDING", "LOGGED_MODEL_READY", "LOGGED_MODEL_UPLOAD_FAILED"};

    private final LoggedModelStore store;

    LoggedModelHandlers(LoggedModelStore store) {
        this.store = store;
    }

    void register(ApiRoutes r) {
        r.post("logged-models", this::create);
        r.postRead("logged-models/search", this::search);
        r.get("logged-models/{model_id}", this::get);
        r.patch("logged-models/{model_id}", this::finalizeModel);
        r.delete("logged-models/{model_id}", (in, out) -> store.deleteLoggedModel(in.requiredString("model_id")));
        r.patch("logged-models/{model_id}/tags", (in, out) ->
                store.setLoggedModelTags(in.requiredString("model_id"), keyValues(in, "tags")));
        r.delete("logged-models/{model_id}/tags/{tag_key}", (in, out) ->
                store.deleteLoggedModelTag(in.requiredString("model_id"), in.requiredString("tag_key")));
        r.post("logged-models/{model_id}/params", (in, out) ->
                store.logLoggedModelParams(in.requiredString("model_id"), keyValues(in, "params")));
        r.post("runs/outputs", this::logOutputs);
    }

    /** A list of {key, value} objects as a map; a key given twice keeps its last value. */
    private static Map<String, String> keyValues(Params in, String field) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Params kv : in.objects(field)) {
            out.put(kv.requiredString("key"), kv.requiredStringAllowEmpty("value"));
        }
        return out;
    }

    private static void write(JsonOut out, LoggedModel m) throws Exception {
        out.gen().writeFieldName("model");
        EntityJson.loggedModel(out.gen(), m);
    }

    private void create(Params in, JsonOut out) throws Exception {
        LoggedModel m = store.createLoggedModel(in.requiredString("experiment_id"),
                ExperimentHandlers.emptyToNull(in.string("name")), ExperimentHandlers.emptyToNull(in.string("model_type")),
                ExperimentHandlers.emptyToNull(in.string("source_run_id")), keyValues(in, "params"), keyValues(in, "tags"));
        write(out, m);
    }

    private void get(Params in, JsonOut out) throws Exception {
        write(out, store.getLoggedModel(in.requiredString("model_id"), in.bool("allow_deleted", false)));
    }

    private void finalizeModel(Params in, JsonOut out) throws Exception {
        String status = in.enumName("status", STATUS_NAMES);
        if (status == null) {
            throw ApiException.invalidParameter("Missing value for required parameter 'status'."
                    + " See the API docs for more information about request parameters.");
        }
        write(out, store.finalizeLoggedModel(in.requiredString("model_id"), LoggedModelStatus.parse(status)));
    }

    private void search(Params in, JsonOut out) throws Exception {
        List<String> experimentIds = in.strings("experiment_ids");
        if (experimentIds.isEmpty()) {
            throw ApiException.invalidParameter("Missing value for required parameter 'experiment_ids'."
                    + " See the API docs for more information about request parameters.");
        }
        Integer max = in.int32("max_results");
        int maxResults = max == null || max == 0 ? LoggedModelStore.SEARCH_MAX_RESULTS_DEFAULT : max;
        if (maxResults < 1 || maxResults > LoggedModelStore.SEARCH_MAX_RESULTS_THRESHOLD) {
            throw in.invalidValue("max_results", "must be between 1 and "
                    + LoggedModelStore.SEARCH_MAX_RESULTS_THRESHOLD + ", got " + maxResults + ".");
        }
        List<LoggedModelSearch.DatasetFilter> datasets = new ArrayList<>();
        for (Params d : in.objects("datasets")) {
            datasets.add(new LoggedModelSearch.DatasetFilter(d.string("dataset_name"),
                    ExperimentHandlers.emptyToNull(d.string("dataset_digest"))));
        }
        List<LoggedModelSearch.Order> order = new ArrayList<>();
        for (Params o : in.objects("order_by")) {
            order.add(new LoggedModelSearch.Order(o.requiredString("field_name"), o.bool("ascending", false),
                    ExperimentHandlers.emptyToNull(o.string("dataset_name")),
                    ExperimentHandlers.emptyToNull(o.string("dataset_digest"))));
        }
        Page<LoggedModel> page = store.searchLoggedModels(new LoggedModelSearch(experimentIds,
                ExperimentHandlers.emptyToNull(in.string("filter")), datasets, maxResults, order,
                ExperimentHandlers.emptyToNull(in.string("page_token"))));
        JsonGenerator g = out.gen();
        if (!page.items().isEmpty()) {
            g.writeArrayFieldStart("models");
            for (LoggedModel m : page.items()) EntityJson.loggedModel(g, m);
            g.writeEndArray();
        }
        out.str("next_page_token", page.nextPageToken());
    }

    private void logOutputs(Params in, JsonOut out) {
        String runId = in.runId();
        List<Params> models = in.objects("models");
        if (models.isEmpty()) {
            throw ApiException.invalidParameter("Missing value for required parameter 'models'."
                    + " See the API docs for more information about request parameters.");
        }
        List<LoggedModelOutput> outputs = new ArrayList<>();
        for (Params m : models) outputs.add(new LoggedModelOutput(m.requiredString("model_id"), m.int64("step", 0L)));
        store.logOutputs(runId, outputs);
    }
}
