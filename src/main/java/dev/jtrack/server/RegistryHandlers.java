package dev.jtrack.server;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.jtrack.registry.ModelVersion;
import dev.jtrack.registry.ModelVersionTag;
import dev.jtrack.registry.RegisteredModel;
import dev.jtrack.registry.RegisteredModelTag;
import dev.jtrack.registry.RegistryStore;
import dev.jtrack.registry.ModelVersion;
import dev.jtrack.tracking.LoggedModel;
import dev.jtrack.tracking.LoggedModelStore;
import dev.jtrack.tracking.Page;
import dev.jtrack.tracking.TrackingStore;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** registered-models/* and model-versions/* endpoints. */
final class RegistryHandlers {
    /** The logged-model tag listing the versions registered from the model (MLflow's). */
    static final String MODEL_VERSIONS_TAG = "mlflow.modelVersions";

    private final RegistryStore store;
    private final TrackingStore tracking;
    private final LoggedModelStore loggedModels; // null when the tracking store keeps none

    /** The registry endpoints; {@code tracking} answers for the runs and logged models version sources name. */
    RegistryHandlers(RegistryStore store, TrackingStore tracking) {
        this.store = store;
        this.tracking = tracking;
        this.loggedModels = tracking == null ? null : tracking.loggedModels();
    }

    /**
     * Where a version's files are: its source, except for a version registered from a logged model
     * ({@code models:/<model_id>}), whose files are the logged model's artifacts (as MLflow).
     */
    static String downloadUri(RegistryStore registry, LoggedModelStore loggedModels, String name, String version) {
        String uri = registry.getModelVersionDownloadUri(name, version);
        String modelId = loggedModelId(uri);
        if (modelId != null && loggedModels != null) {
            return loggedModels.getLoggedModel(modelId, true).artifactLocation();
        }
        return uri;
    }

    /** The model id of a {@code models:/m-<id>} URI, else null. */
    static String loggedModelId(String source) {
        if (source == null || !source.startsWith("models:/m-")) return null;
        String id = source.substring("models:/".length());
        return id.contains("/") || id.contains("@") ? null : id;
    }

    void register(ApiRoutes r) {
        r.post("registered-models/create", this::createModel);
        r.get("registered-models/get", (in, out) -> writeModel(out, store.getRegisteredModel(in.requiredString("name"))));
        r.post("registered-models/rename", (in, out) ->
                writeModel(out, store.renameRegisteredModel(in.requiredString("name"), in.requiredString("new_name"))));
        r.patch("registered-models/update", (in, out) ->
                writeModel(out, store.updateRegisteredModel(in.requiredString("name"), in.string("description"))));
        r.delete("registered-models/delete", (in, out) -> store.deleteRegisteredModel(in.requiredString("name")));
        r.get("registered-models/search", this::searchModels);
        r.get("registered-models/get-latest-versions", this::latestVersions);
        r.postRead("registered-models/get-latest-versions", this::latestVersions);
        r.post("registered-models/set-tag", (in, out) -> store.setRegisteredModelTag(in.requiredString("name"),
                new RegisteredModelTag(in.requiredString("key"), in.requiredStringAllowEmpty("value"))));
        r.delete("registered-models/delete-tag", (in, out) ->
                store.deleteRegisteredModelTag(in.requiredString("name"), in.requiredString("key")));
        r.post("registered-models/alias", (in, out) -> store.setRegisteredModelAlias(
                in.requiredString("name"), in.requiredString("alias"), in.requiredVersion("version")));
        r.get("registered-models/alias", (in, out) -> writeVersion(out,
                store.getModelVersionByAlias(in.requiredString("name"), in.requiredString("alias"))));
        r.delete("registered-models/alias", (in, out) ->
                store.deleteRegisteredModelAlias(in.requiredString("name"), in.requiredString("alias")));

        r.post("model-versions/create", this::createVersion);
        r.get("model-versions/get", (in, out) ->
                writeVersion(out, store.getModelVersion(in.requiredString("name"), in.requiredVersion("version"))));
        r.patch("model-versions/update", (in, out) -> writeVersion(out, store.updateModelVersion(
                in.requiredString("name"), in.requiredVersion("version"), in.string("description"))));
        r.post("model-versions/transition-stage", this::transition);
        r.delete("model-versions/delete", (in, out) ->
                store.deleteModelVersion(in.requiredString("name"), in.requiredVersion("version")));
        r.get("model-versions/search", this::searchVersions);
        r.get("model-versions/get-download-uri", (in, out) -> out.str("artifact_uri",
                downloadUri(store, loggedModels, in.requiredString("name"), in.requiredVersion("version"))));
        r.post("model-versions/set-tag", (in, out) -> store.setModelVersionTag(in.requiredString("name"),
                in.requiredVersion("version"),
                new ModelVersionTag(in.requiredString("key"), in.requiredStringAllowEmpty("value"))));
        r.delete("model-versions/delete-tag", (in, out) -> store.deleteModelVersionTag(
                in.requiredString("name"), in.requiredVersion("version"), in.requiredString("key")));
    }

    private static void writeModel(JsonOut out, RegisteredModel m) throws Exception {
        out.gen().writeFieldName("registered_model");
        EntityJson.registeredModel(out.gen(), m);
    }

    private static void writeVersion(JsonOut out, ModelVersion v) throws Exception {
        out.gen().writeFieldName("model_version");
        EntityJson.modelVersion(out.gen(), v);
    }

    private void createModel(Params in, JsonOut out) throws Exception {
        List<RegisteredModelTag> tags = new ArrayList<>();
        for (Params t : in.objects("tags")) {
            tags.add(new RegisteredModelTag(t.requiredString("key"), t.requiredStringAllowEmpty("value")));
        }
        writeModel(out, store.createRegisteredModel(in.requiredString("name"), tags, descriptionOrEmpty(in)));
    }

    /** As MLflow's server: a description not given is stored as "" (protobuf's default), not as none. */
    private static String descriptionOrEmpty(Params in) {
        String d = in.string("description");
        return d == null ? "" : d;
    }

    private void createVersion(Params in, JsonOut out) throws Exception {
        List<ModelVersionTag> tags = new ArrayList<>();
        for (Params t : in.objects("tags")) {
            tags.add(new ModelVersionTag(t.requiredString("key"), t.requiredStringAllowEmpty("value")));
        }
        String name = in.requiredString("name");
        String source = in.requiredString("source");
        String runId = ExperimentHandlers.emptyToNull(in.string("run_id"));
        String modelId = ExperimentHandlers.emptyToNull(in.string("model_id"));
        LoggedModel from = null;
        String fromId = loggedModelId(source) != null ? loggedModelId(source) : modelId;
        if (fromId != null && loggedModels != null) {
            from = loggedModels.getLoggedModel(fromId, false);
            if (runId == null) {
                runId = from.sourceRunId(); // as MLflow: the version's run is the model's source run
            }
        }
        Map<String, String> tagMap = new HashMap<>();
        for (ModelVersionTag t : tags) tagMap.put(t.key(), t.value());
        if (modelId != null && from != null && !"true".equalsIgnoreCase(tagMap.get(PROMPT_TAG))) {
            ModelVersionSources.validateForLoggedModel(source, from.artifactLocation());
        } else if (fromId == null) {
            ModelVersionSources.validate(source, runId, tagMap, tracking);
        }
        ModelVersion v = store.createModelVersion(name, source, runId, tags,
                ExperimentHandlers.emptyToNull(in.string("run_link")), descriptionOrEmpty(in));
        boolean prompt = tags.stream().anyMatch(t -> t.key().equals(PROMPT_TAG) && t.value().equals("true"));
        if (from != null && modelId != null && !prompt) {
            recordVersionOnModel(from, name, v.version());
        }
        writeVersion(out, v);
    }

    private static final String PROMPT_TAG = "mlflow.prompt.is_prompt";

    /** Appends {name, version} to the logged model's {@value #MODEL_VERSIONS_TAG} JSON list, as MLflow does. */
    private void recordVersionOnModel(LoggedModel model, String name, String version) throws Exception {
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        com.fasterxml.jackson.databind.node.ArrayNode list = json.createArrayNode();
        String existing = model.tags().get(MODEL_VERSIONS_TAG);
        if (existing != null) {
            try {
                if (json.readTree(existing) instanceof com.fasterxml.jackson.databind.node.ArrayNode a) list = a;
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                // a hand-set tag that is not JSON is replaced
            }
        }
        list.addObject().put("name", name).put("version", Long.parseLong(version)); // a number, as MLflow's server writes it
        loggedModels.setLoggedModelTags(model.modelId(), java.util.Map.of(MODEL_VERSIONS_TAG, pythonStyleJson(list)));
    }

    /** JSON with Python's json.dumps separators ({@code ", "} and {@code ": "}), as MLflow's server writes this tag. */
    static String pythonStyleJson(com.fasterxml.jackson.databind.JsonNode node) {
        StringBuilder b = new StringBuilder();
        if (node.isObject()) {
            java.util.StringJoiner entries = new java.util.StringJoiner(", ", "{", "}");
            node.fields().forEachRemaining(e -> entries.add(
                    com.fasterxml.jackson.databind.node.TextNode.valueOf(e.getKey()) + ": " + pythonStyleJson(e.getValue())));
            b.append(entries);
        } else if (node.isArray()) {
            java.util.StringJoiner items = new java.util.StringJoiner(", ", "[", "]");
            node.forEach(x -> items.add(pythonStyleJson(x)));
            b.append(items);
        } else {
            b.append(node);
        }
        return b.toString();
    }

    private void transition(Params in, JsonOut out) throws Exception {
        Boolean archive = in.bool("archive_existing_versions");
        if (archive == null) {
            throw ApiException.invalidParameter("Missing value for required parameter 'archive_existing_versions'."
                    + " See the API docs for more information about request parameters.");
        }
        writeVersion(out, store.transitionModelVersionStage(in.requiredString("name"), in.requiredVersion("version"),
                in.requiredString("stage"), archive));
    }

    private void latestVersions(Params in, JsonOut out) throws Exception {
        List<ModelVersion> versions = store.getLatestVersions(in.requiredString("name"), in.strings("stages"));
        EntityJson.modelVersions(out.gen(), "model_versions", versions);
    }

    private static int maxResults(Params in, int def, int threshold) {
        long max = in.int64("max_results", def);
        if (max < 1 || max > threshold) {
            throw in.invalidValue("max_results", "must be between 1 and " + threshold + ", got " + max + ".");
        }
        return (int) max;
    }

    private void searchModels(Params in, JsonOut out) throws Exception {
        int max = maxResults(in, RegistryStore.SEARCH_REGISTERED_MODEL_MAX_RESULTS_DEFAULT,
                RegistryStore.SEARCH_REGISTERED_MODEL_MAX_RESULTS_THRESHOLD);
        Page<RegisteredModel> page = store.searchRegisteredModels(in.string("filter"), max, in.strings("order_by"),
                ExperimentHandlers.emptyToNull(in.string("page_token")));
        JsonGenerator g = out.gen();
        if (!page.items().isEmpty()) {
            g.writeArrayFieldStart("registered_models");
            for (RegisteredModel m : page.items()) EntityJson.registeredModel(g, m);
            g.writeEndArray();
        }
        out.str("next_page_token", page.nextPageToken());
    }

    private void searchVersions(Params in, JsonOut out) throws Exception {
        int max = maxResults(in, RegistryStore.SEARCH_MODEL_VERSION_MAX_RESULTS_DEFAULT,
                RegistryStore.SEARCH_MODEL_VERSION_MAX_RESULTS_THRESHOLD);
        Page<ModelVersion> page = store.searchModelVersions(in.string("filter"), max, in.strings("order_by"),
                ExperimentHandlers.emptyToNull(in.string("page_token")));
        EntityJson.modelVersions(out.gen(), "model_versions", page.items());
        out.str("next_page_token", page.nextPageToken());
    }
}
