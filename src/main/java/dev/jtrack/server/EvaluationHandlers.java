package dev.jtrack.server;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.jtrack.tracking.Page;
import dev.jtrack.tracking.evaluation.DatasetRecord;
import dev.jtrack.tracking.evaluation.EvaluationDataset;
import dev.jtrack.tracking.evaluation.EvaluationStore;
import dev.jtrack.tracking.evaluation.ScorerVersion;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * MLflow 3's evaluation datasets ({@code /api/3.0/mlflow/datasets/...}) and scorers
 * ({@code /api/3.0/mlflow/scorers/...}). As on MLflow's wire, a dataset's tags and a batch of
 * records travel as JSON text inside the JSON body.
 */
final class EvaluationHandlers {
    private final EvaluationStore store;

    EvaluationHandlers(EvaluationStore store) {
        this.store = store;
    }

    void register(ApiRoutes r) {
        r.post(ApiRoutes.v3("datasets/create"), this::create);
        r.postRead(ApiRoutes.v3("datasets/search"), this::search);
        r.get(ApiRoutes.v3("datasets/{dataset_id}"), (in, out) -> write(out, store.getDataset(in.requiredString("dataset_id"))));
        r.delete(ApiRoutes.v3("datasets/{dataset_id}"), (in, out) -> store.deleteDataset(in.requiredString("dataset_id")));
        r.patch(ApiRoutes.v3("datasets/{dataset_id}/tags"), (in, out) ->
                store.setDatasetTags(in.requiredString("dataset_id"), jsonTags(in.requiredString("tags"))));
        r.delete(ApiRoutes.v3("datasets/{dataset_id}/tags/{key}"), (in, out) ->
                store.deleteDatasetTag(in.requiredString("dataset_id"), in.requiredString("key")));
        r.post(ApiRoutes.v3("datasets/{dataset_id}/records"), this::upsertRecords);
        r.get(ApiRoutes.v3("datasets/{dataset_id}/records"), this::getRecords);
        r.get(ApiRoutes.v3("datasets/{dataset_id}/experiment-ids"), (in, out) -> {
            List<String> ids = store.getDataset(in.requiredString("dataset_id")).experimentIds();
            writeStrings(out.gen(), "experiment_ids", ids);
        });
        r.post(ApiRoutes.v3("datasets/{dataset_id}/add-experiments"), (in, out) ->
                write(out, store.addToExperiments(in.requiredString("dataset_id"), in.strings("experiment_ids"))));
        r.post(ApiRoutes.v3("datasets/{dataset_id}/remove-experiments"), (in, out) ->
                write(out, store.removeFromExperiments(in.requiredString("dataset_id"), in.strings("experiment_ids"))));

        r.post(ApiRoutes.v3("scorers/register"), this::registerScorer);
        r.get(ApiRoutes.v3("scorers/list"), (in, out) -> writeScorers(out, store.listScorers(in.requiredString("experiment_id"))));
        r.get(ApiRoutes.v3("scorers/versions"), (in, out) ->
                writeScorers(out, store.listScorerVersions(in.requiredString("experiment_id"), in.requiredString("name"))));
        r.get(ApiRoutes.v3("scorers/get"), (in, out) -> {
            out.gen().writeFieldName("scorer");
            scorer(out.gen(), store.getScorer(in.requiredString("experiment_id"), in.requiredString("name"), in.int32("version")));
        });
        r.delete(ApiRoutes.v3("scorers/delete"), (in, out) ->
                store.deleteScorer(in.requiredString("experiment_id"), in.requiredString("name"), in.int32("version")));
    }

    private void create(Params in, JsonOut out) throws Exception {
        String tags = in.string("tags");
        write(out, store.createDataset(in.requiredString("name"), in.strings("experiment_ids"),
                tags == null || tags.isEmpty() ? Map.of() : jsonTags(tags)));
    }

    private void search(Params in, JsonOut out) throws Exception {
        int max = (int) in.int64("max_results", EvaluationStore.SEARCH_MAX_RESULTS);
        if (max == 0) max = EvaluationStore.SEARCH_MAX_RESULTS; // proto3's unset value, as MLflow reads it
        Page<EvaluationDataset> page = store.searchDatasets(in.strings("experiment_ids"),
                ExperimentHandlers.emptyToNull(in.string("filter_string")), max, in.strings("order_by"),
                ExperimentHandlers.emptyToNull(in.string("page_token")));
        JsonGenerator g = out.gen();
        if (!page.items().isEmpty()) {
            g.writeArrayFieldStart("datasets");
            for (EvaluationDataset d : page.items()) dataset(g, d);
            g.writeEndArray();
        }
        out.str("next_page_token", page.nextPageToken());
    }

    private void upsertRecords(Params in, JsonOut out) throws Exception {
        JsonNode records = parse(in.requiredString("records"), "records");
        if (!records.isArray()) {
            throw in.invalidValue("records", "a JSON list of records is required.");
        }
        List<DatasetRecord> list = new ArrayList<>();
        for (JsonNode r : records) {
            if (!r.isObject()) throw in.invalidValue("records", "each record must be a JSON object.");
            list.add(new DatasetRecord(text(r, "inputs"), text(r, "outputs"), text(r, "expectations"), text(r, "tags"),
                    text(r, "source")));
        }
        Map<String, Integer> counts = store.upsertRecords(in.requiredString("dataset_id"), list);
        out.gen().writeNumberField("inserted_count", counts.get("inserted"));
        out.gen().writeNumberField("updated_count", counts.get("updated"));
    }

    private void getRecords(Params in, JsonOut out) throws Exception {
        long max = in.int64("max_results", 1000);
        if (max < 1 || max > EvaluationStore.SEARCH_MAX_RESULTS) {
            throw in.invalidValue("max_results", "must be between 1 and " + EvaluationStore.SEARCH_MAX_RESULTS + ".");
        }
        Page<String> page = store.getRecords(in.requiredString("dataset_id"), (int) max,
                ExperimentHandlers.emptyToNull(in.string("page_token")));
        out.str("records", page.items().get(0));
        out.str("next_page_token", page.nextPageToken());
    }

    private void registerScorer(Params in, JsonOut out) throws Exception {
        ScorerVersion v = store.registerScorer(in.requiredString("experiment_id"), in.requiredString("name"),
                in.requiredString("serialized_scorer"));
        JsonGenerator g = out.gen();
        g.writeNumberField("version", v.version());
        g.writeStringField("scorer_id", v.scorerId());
        g.writeStringField("experiment_id", v.experimentId());
        g.writeStringField("name", v.name());
        g.writeStringField("serialized_scorer", v.serializedScorer());
        g.writeNumberField("creation_time", v.creationTime());
    }

    private static String text(JsonNode record, String field) {
        JsonNode v = record.get(field);
        return v == null || v.isNull() ? null : v.toString();
    }

    private static JsonNode parse(String json, String field) {
        try {
            return TraceJson.MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw ApiException.invalidParameter("Invalid value for parameter '" + field + "': not JSON ("
                    + e.getOriginalMessage() + ").");
        }
    }

    /** Tags sent as a JSON object text; a null value deletes its key. */
    private static Map<String, String> jsonTags(String json) {
        JsonNode n = parse(json, "tags");
        if (!n.isObject()) throw ApiException.invalidParameter("Invalid value for parameter 'tags': a JSON object is required.");
        Map<String, String> tags = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode v = e.getValue();
            tags.put(e.getKey(), v.isNull() ? null : v.isTextual() ? v.textValue() : v.toString());
        }
        return tags;
    }

    private static void write(JsonOut out, EvaluationDataset d) throws IOException {
        out.gen().writeFieldName("dataset");
        dataset(out.gen(), d);
    }

    private static void dataset(JsonGenerator g, EvaluationDataset d) throws IOException {
        g.writeStartObject();
        g.writeStringField("dataset_id", d.datasetId());
        g.writeStringField("name", d.name());
        if (!d.tags().isEmpty()) g.writeStringField("tags", TraceJson.MAPPER.writeValueAsString(d.tags()));
        if (d.schema() != null) g.writeStringField("schema", d.schema());
        if (d.profile() != null) g.writeStringField("profile", d.profile());
        if (d.digest() != null) g.writeStringField("digest", d.digest());
        g.writeNumberField("created_time", d.createdTime());
        g.writeNumberField("last_update_time", d.lastUpdateTime());
        if (d.createdBy() != null) g.writeStringField("created_by", d.createdBy());
        if (d.lastUpdatedBy() != null) g.writeStringField("last_updated_by", d.lastUpdatedBy());
        writeStrings(g, "experiment_ids", d.experimentIds());
        g.writeEndObject();
    }

    private static void writeStrings(JsonGenerator g, String field, List<String> values) throws IOException {
        if (values.isEmpty()) return;
        g.writeArrayFieldStart(field);
        for (String v : values) g.writeString(v);
        g.writeEndArray();
    }

    private static void writeScorers(JsonOut out, List<ScorerVersion> scorers) throws IOException {
        JsonGenerator g = out.gen();
        if (scorers.isEmpty()) return;
        g.writeArrayFieldStart("scorers");
        for (ScorerVersion s : scorers) scorer(g, s);
        g.writeEndArray();
    }

    private static void scorer(JsonGenerator g, ScorerVersion s) throws IOException {
        g.writeStartObject();
        g.writeNumberField("experiment_id", Long.parseLong(s.experimentId()));
        g.writeStringField("scorer_name", s.name());
        g.writeNumberField("scorer_version", s.version());
        g.writeStringField("serialized_scorer", s.serializedScorer());
        g.writeNumberField("creation_time", s.creationTime());
        g.writeStringField("scorer_id", s.scorerId());
        g.writeEndObject();
    }
}
