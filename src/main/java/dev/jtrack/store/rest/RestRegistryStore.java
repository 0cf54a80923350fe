package dev.jtrack.store.rest;

import dev.jtrack.http.RestConfig;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jtrack.registry.ModelVersion;
import dev.jtrack.registry.ModelVersionTag;
import dev.jtrack.registry.RegisteredModel;
import dev.jtrack.registry.RegisteredModelTag;
import dev.jtrack.registry.RegistryStore;
import dev.jtrack.tracking.Page;
import java.util.List;

/**
 * {@link RegistryStore} over MLflow's model registry REST API
 * ({@code /api/2.0/mlflow/registered-models/...} and {@code .../model-versions/...}), with the
 * same transport, credentials, retries and error mapping as {@link RestTrackingStore}.
 */
public final class RestRegistryStore implements RegistryStore {

    private final MlflowHttp http;

    public RestRegistryStore(RestConfig config) {
        this.http = new MlflowHttp(config, RestTrackingStore::toMlflowException);
    }

    /** A store for {@code uri} configured from the process environment. */
    public static RestRegistryStore forUri(String uri) {
        return new RestRegistryStore(RestConfig.fromEnvironment(uri, System.getenv()));
    }

    // ----- registered models -----

    @Override
    public RegisteredModel createRegisteredModel(String name, List<RegisteredModelTag> tags, String description) {
        ObjectNode body = MlflowHttp.object().put("name", name);
        if (tags != null && !tags.isEmpty()) {
            body.set("tags", TrackingJson.keyValues(tags,
                    t -> ((RegisteredModelTag) t).key(), t -> ((RegisteredModelTag) t).value()));
        }
        TrackingJson.putIfNotNull(body, "description", description);
        return model(http.post("registered-models/create", body));
    }

    @Override
    public RegisteredModel getRegisteredModel(String name) {
        return model(http.get("registered-models/get", MlflowHttp.object().put("name", name)));
    }

    @Override
    public RegisteredModel renameRegisteredModel(String name, String newName) {
        return model(http.post("registered-models/rename", MlflowHttp.object().put("name", name).put("new_name", newName)));
    }

    @Override
    public RegisteredModel updateRegisteredModel(String name, String description) {
        ObjectNode body = MlflowHttp.object().put("name", name);
        TrackingJson.putIfNotNull(body, "description", description);
        return model(http.patch("registered-models/update", body));
    }

    @Override
    public void deleteRegisteredModel(String name) {
        http.delete("registered-models/delete", MlflowHttp.object().put("name", name));
    }

    @Override
    public Page<RegisteredModel> searchRegisteredModels(
            String filter, int maxResults, List<String> orderBy, String pageToken) {
        JsonNode r = http.get("registered-models/search", searchQuery(filter, maxResults, orderBy, pageToken));
        return new Page<>(TrackingJson.list(r.get("registered_models"), RegistryJson::toRegisteredModel),
                TrackingJson.nextPageToken(r));
    }

    @Override
    public List<ModelVersion> getLatestVersions(String name, List<String> stages) {
        ObjectNode body = MlflowHttp.object().put("name", name);
        RestTrackingStore.putStrings(body, "stages", stages);
        JsonNode r = http.post("registered-models/get-latest-versions", body);
        return TrackingJson.list(r.get("model_versions"), RegistryJson::toModelVersion);
    }

    @Override
    public void setRegisteredModelTag(String name, RegisteredModelTag tag) {
        http.post("registered-models/set-tag",
                MlflowHttp.object().put("name", name).put("key", tag.key()).put("value", tag.value()));
    }

    @Override
    public void deleteRegisteredModelTag(String name, String key) {
        http.delete("registered-models/delete-tag", MlflowHttp.object().put("name", name).put("key", key));
    }

    @Override
    public void setRegisteredModelAlias(String name, String alias, String version) {
        http.post("registered-models/alias",
                MlflowHttp.object().put("name", name).put("alias", alias).put("version", version));
    }

    @Override
    public void deleteRegisteredModelAlias(String name, String alias) {
        http.delete("registered-models/alias", MlflowHttp.object().put("name", name).put("alias", alias));
    }

    @Override
    public ModelVersion getModelVersionByAlias(String name, String alias) {
        return version(http.get("registered-models/alias", MlflowHttp.object().put("name", name).put("alias", alias)));
    }

    // ----- model versions -----

    @Override
    public ModelVersion createModelVersion(
            String name, String source, String runId, List<ModelVersionTag> tags, String runLink, String description) {
        ObjectNode body = MlflowHttp.object().put("name", name);
        TrackingJson.putIfNotNull(body, "source", source);
        TrackingJson.putIfNotNull(body, "run_id", runId);
        if (tags != null && !tags.isEmpty()) {
            body.set("tags", TrackingJson.keyValues(tags,
                    t -> ((ModelVersionTag) t).key(), t -> ((ModelVersionTag) t).value()));
        }
        TrackingJson.putIfNotNull(body, "run_link", runLink);
        TrackingJson.putIfNotNull(body, "description", description);
        return version(http.post("model-versions/create", body));
    }

    /**
     * Creates a version from an MLflow 3 logged model, as MLflow 3's client does: source
     * {@code models:/<model_id>} and the {@code model_id}, so the server links the two.
     */
    public ModelVersion createModelVersionFromLoggedModel(String name, String modelId, String runId) {
        ObjectNode body = MlflowHttp.object().put("name", name).put("source", "models:/" + modelId);
        TrackingJson.putIfNotNull(body, "run_id", runId);
        body.put("model_id", modelId);
        return version(http.post("model-versions/create", body));
    }

    @Override
    public ModelVersion getModelVersion(String name, String version) {
        return version(http.get("model-versions/get", nameVersion(name, version)));
    }

    @Override
    public ModelVersion updateModelVersion(String name, String version, String description) {
        ObjectNode body = nameVersion(name, version);
        TrackingJson.putIfNotNull(body, "description", description);
        return version(http.patch("model-versions/update", body));
    }

    @Override
    public ModelVersion transitionModelVersionStage(
            String name, String version, String stage, boolean archiveExistingVersions) {
        ObjectNode body = nameVersion(name, version).put("stage", stage)
                .put("archive_existing_versions", archiveExistingVersions);
        return version(http.post("model-versions/transition-stage", body));
    }

    @Override
    public void deleteModelVersion(String name, String version) {
        http.delete("model-versions/delete", nameVersion(name, version));
    }

    @Override
    public Page<ModelVersion> searchModelVersions(String filter, int maxResults, List<String> orderBy, String pageToken) {
        JsonNode r = http.get("model-versions/search", searchQuery(filter, maxResults, orderBy, pageToken));
        return new Page<>(TrackingJson.list(r.get("model_versions"), RegistryJson::toModelVersion),
                TrackingJson.nextPageToken(r));
    }

    @Override
    public String getModelVersionDownloadUri(String name, String version) {
        return TrackingJson.text(http.get("model-versions/get-download-uri", nameVersion(name, version)), "artifact_uri");
    }

    @Override
    public void setModelVersionTag(String name, String version, ModelVersionTag tag) {
        http.post("model-versions/set-tag", nameVersion(name, version).put("key", tag.key()).put("value", tag.value()));
    }

    @Override
    public void deleteModelVersionTag(String name, String version, String key) {
        http.delete("model-versions/delete-tag", nameVersion(name, version).put("key", key));
    }

    @Override
    public void close() {
        http.close();
    }

    private static ObjectNode nameVersion(String name, String version) {
        return MlflowHttp.object().put("name", name).put("version", version);
    }

    private static ObjectNode searchQuery(String filter, int maxResults, List<String> orderBy, String pageToken) {
        ObjectNode q = MlflowHttp.object();
        TrackingJson.putIfNotNull(q, "filter", filter);
        q.put("max_results", maxResults);
        RestTrackingStore.putStrings(q, "order_by", orderBy);
        TrackingJson.putIfNotNull(q, "page_token", pageToken);
        return q;
    }

    private static RegisteredModel model(JsonNode r) {
        return RegistryJson.toRegisteredModel(r.path("registered_model"));
    }

    private static ModelVersion version(JsonNode r) {
        return RegistryJson.toModelVersion(r.path("model_version"));
    }

    @Override
    public String toString() {
        return "RestRegistryStore[" + http.config().baseUri() + "]";
    }
}
