package dev.jtrack.store.rest;

import static dev.jtrack.store.rest.TrackingJson.list;
import static dev.jtrack.store.rest.TrackingJson.longOr0;
import static dev.jtrack.store.rest.TrackingJson.text;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jtrack.registry.ModelVersion;
import dev.jtrack.registry.ModelVersionStatus;
import dev.jtrack.registry.ModelVersionTag;
import dev.jtrack.registry.RegisteredModel;
import dev.jtrack.registry.RegisteredModelAlias;
import dev.jtrack.registry.RegisteredModelTag;
import dev.jtrack.registry.Stage;

/** MLflow's JSON wire format for model registry entities (decoding). */
final class RegistryJson {

    private RegistryJson() {}

    static RegisteredModel toRegisteredModel(JsonNode n) {
        return new RegisteredModel(
                text(n, "name"),
                longOr0(n, "creation_timestamp"),
                longOr0(n, "last_updated_timestamp"),
                text(n, "description"),
                list(n.get("latest_versions"), RegistryJson::toModelVersion),
                list(n.get("tags"), t -> new RegisteredModelTag(text(t, "key"), text(t, "value"))),
                list(n.get("aliases"), a -> new RegisteredModelAlias(text(a, "alias"), text(a, "version"))));
    }

    static ModelVersion toModelVersion(JsonNode n) {
        String stage = text(n, "current_stage");
        String status = text(n, "status");
        return new ModelVersion(
                text(n, "name"),
                text(n, "version"),
                longOr0(n, "creation_timestamp"),
                longOr0(n, "last_updated_timestamp"),
                text(n, "user_id"),
                stage == null ? Stage.NONE : Stage.parse(stage),
                text(n, "description"),
                text(n, "source"),
                text(n, "run_id"),
                status == null ? ModelVersionStatus.READY : ModelVersionStatus.valueOf(status),
                text(n, "status_message"),
                list(n.get("tags"), t -> new ModelVersionTag(text(t, "key"), text(t, "value"))),
                text(n, "run_link"),
                list(n.get("aliases"), JsonNode::asText));
    }
}
