package dev.jtrack.server;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.jtrack.tracking.DatasetSummary;
import dev.jtrack.tracking.Experiment;
import dev.jtrack.tracking.ExperimentTag;
import dev.jtrack.tracking.Page;
import dev.jtrack.tracking.TrackingStore;
import dev.jtrack.tracking.ViewType;
import java.util.ArrayList;
import java.util.List;

/** experiments/* endpoints. */
final class ExperimentHandlers {
    /** ViewType names by protobuf enum number (1, 2, 3). */
    static final String[] VIEW_TYPES = {"ACTIVE_ONLY", "DELETED_ONLY", "ALL"};

    /** The most experiments one search-datasets request may name, as MLflow. */
    static final int SEARCH_DATASETS_MAX_EXPERIMENTS = 20;

    private final TrackingStore store;

    ExperimentHandlers(TrackingStore store) {
        this.store = store;
    }

    void register(ApiRoutes r) {
        r.post("experiments/create", this::create);
        r.get("experiments/get", this::get);
        r.get("experiments/get-by-name", this::getByName);
        r.get("experiments/search", this::search);
        r.postRead("experiments/search", this::search);
        r.post("experiments/delete", (in, out) -> store.deleteExperiment(in.requiredString("experiment_id")));
        r.post("experiments/restore", (in, out) -> store.restoreExperiment(in.requiredString("experiment_id")));
        r.post("experiments/update", this::update);
        r.post("experiments/set-experiment-tag", this::setTag);
        r.postRead("experiments/search-datasets", this::searchDatasets);
        r.post("experiments/delete-experiment-tag",
                (in, out) -> store.deleteExperimentTag(in.requiredString("experiment_id"), in.requiredString("key")));
    }

    private void create(Params in, JsonOut out) throws Exception {
        String name = in.requiredString("name");
        String location = in.string("artifact_location");
        List<ExperimentTag> tags = new ArrayList<>();
        for (Params t : in.objects("tags")) {
            tags.add(new ExperimentTag(t.requiredString("key"), t.requiredStringAllowEmpty("value")));
        }
        String id = store.createExperiment(name, location == null || location.isEmpty() ? null : location, tags);
        out.str("experiment_id", id);
    }

    private void get(Params in, JsonOut out) throws Exception {
        Experiment e = store.getExperiment(in.requiredString("experiment_id"));
        out.gen().writeFieldName("experiment");
        EntityJson.experiment(out.gen(), e);
    }

    private void getByName(Params in, JsonOut out) throws Exception {
        Experiment e = store.getExperimentByName(in.requiredString("experiment_name"));
        out.gen().writeFieldName("experiment");
        EntityJson.experiment(out.gen(), e);
    }

    private void search(Params in, JsonOut out) throws Exception {
        long max = in.int64("max_results", TrackingStore.SEARCH_MAX_RESULTS_DEFAULT);
        if (max < 1 || max > TrackingStore.SEARCH_MAX_RESULTS_THRESHOLD) {
            throw Params.maxResultsOutOfRange(max, TrackingStore.SEARCH_MAX_RESULTS_THRESHOLD);
        }
        ViewType view = ViewType.parse(in.enumName("view_type", VIEW_TYPES));
        Page<Experiment> page = store.searchExperiments(
                view, (int) max, in.string("filter"), in.strings("order_by"), emptyToNull(in.string("page_token")));
        JsonGenerator g = out.gen();
        if (!page.items().isEmpty()) {
            g.writeArrayFieldStart("experiments");
            for (Experiment e : page.items()) EntityJson.experiment(g, e);
            g.writeEndArray();
        }
        out.str("next_page_token", page.nextPageToken());
    }

    private void searchDatasets(Params in, JsonOut out) throws Exception {
        List<String> ids = in.strings("experiment_ids");
        if (ids.isEmpty()) {
            throw ApiException.invalidParameter("SearchDatasets request must specify at least one experiment_id.");
        }
        if (ids.size() > SEARCH_DATASETS_MAX_EXPERIMENTS) {
            throw ApiException.invalidParameter("SearchDatasets request cannot specify more than "
                    + SEARCH_DATASETS_MAX_EXPERIMENTS + " experiment_ids. Received " + ids.size() + " experiment_ids.");
        }
        List<DatasetSummary> summaries = store.searchDatasets(ids);
        if (summaries.isEmpty()) return;
        JsonGenerator g = out.gen();
        g.writeArrayFieldStart("dataset_summaries");
        for (DatasetSummary d : summaries) {
            g.writeStartObject();
            g.writeStringField("experiment_id", d.experimentId());
            g.writeStringField("name", d.name());
            g.writeStringField("digest", d.digest());
            if (d.context() != null) g.writeStringField("context", d.context());
            g.writeEndObject();
        }
        g.writeEndArray();
    }

    private void update(Params in, JsonOut out) {
        String id = in.requiredString("experiment_id");
        store.renameExperiment(id, in.requiredString("new_name"));
    }

    private void setTag(Params in, JsonOut out) {
        String id = in.requiredString("experiment_id");
        store.setExperimentTag(id, new ExperimentTag(in.requiredString("key"), in.requiredStringAllowEmpty("value")));
    }

    static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }
}
