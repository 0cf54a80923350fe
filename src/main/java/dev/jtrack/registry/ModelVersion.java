package dev.jtrack.registry;

import java.util.List;

/**
 * One version of a registered model (MLflow's {@code ModelVersion}).
 *
 * @param name the registered model name
 * @param version the version number (1, 2, ...) as a decimal string, as MLflow sends it
 * @param creationTimestamp ms since the epoch
 * @param lastUpdatedTimestamp ms since the epoch
 * @param userId the creator, or null
 * @param currentStage the stage
 * @param description the description, or null
 * @param source the URI of the model files
 * @param runId the run that produced the model, or null
 * @param status the registration status
 * @param statusMessage a message about the status, or null
 * @param tags the tags
 * @param runLink a link to the run, or null
 * @param aliases aliases pointing at this version
 */
public record ModelVersion(
        String name,
        String version,
        long creationTimestamp,
        long lastUpdatedTimestamp,
        String userId,
        Stage currentStage,
        String description,
        String source,
        String runId,
        ModelVersionStatus status,
        String statusMessage,
        List<ModelVersionTag> tags,
        String runLink,
        List<String> aliases) {
    public ModelVersion {
        tags = List.copyOf(tags);
        aliases = List.copyOf(aliases);
    }
}
