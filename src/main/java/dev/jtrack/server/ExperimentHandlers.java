package dev.jtrack.server;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.jtrack.tracking.Experiment;
import dev.jtrack.tracking.ExperimentTag;
import dev.jtrack.tracking.Page;
import dev.jtrack.tracking.TrackingStore;
import dev.jtrack.tracking.ViewType;
import java.util.ArrayList;
import java.util.List;

/** experiments/* endpoints. */
final class ExperimentHandlers {
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
            throw in.invalidValue("max_results", "must be between 1 and "
                    + TrackingStore.SEARCH_MAX_RESULTS_THRESHOLD + ", got " + max + ".");
        }
        ViewType view = ViewType.parse(in.string("view_type"));
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
