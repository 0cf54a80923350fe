package dev.jtrack.registry;

import java.util.List;

/**
 * A registered model (MLflow's {@code RegisteredModel}).
 *
 * @param name the unique name
 * @param creationTimestamp ms since the epoch
 * @param lastUpdatedTimestamp ms since the epoch
 * @param description the description, or null
 * @param latestVersions the latest version per stage
 * @param tags the tags
 * @param aliases the aliases
 */
public record RegisteredModel(
        String name,
        long creationTimestamp,
        long lastUpdatedTimestamp,
        String description,
        List<ModelVersion> latestVersions,
        List<RegisteredModelTag> tags,
        List<RegisteredModelAlias> aliases) {
    public RegisteredModel {
        latestVersions = List.copyOf(latestVersions);
        tags = List.copyOf(tags);
        aliases = List.copyOf(aliases);
    }
}
