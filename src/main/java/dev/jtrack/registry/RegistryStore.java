package dev.jtrack.registry;

import dev.jtrack.tracking.MlflowException;
import dev.jtrack.tracking.Page;
import java.util.List;

/**
 * The model registry contract (MLflow's {@code AbstractStore} for the registry). Every method
 * either succeeds or throws {@link MlflowException} with MLflow's error code. Implementations are
 * thread-safe.
 */
public interface RegistryStore extends AutoCloseable {

    /** Default {@code max_results} of a registered-model search. */
    int SEARCH_REGISTERED_MODEL_MAX_RESULTS_DEFAULT = 100;
    /** The largest {@code max_results} a registered-model search accepts. */
    int SEARCH_REGISTERED_MODEL_MAX_RESULTS_THRESHOLD = 1000;
    /** Default {@code max_results} of a model-version search. */
    int SEARCH_MODEL_VERSION_MAX_RESULTS_DEFAULT = 10000;
    /** The largest {@code max_results} a model-version search accepts. */
    int SEARCH_MODEL_VERSION_MAX_RESULTS_THRESHOLD = 200000;

    // ----- registered models -----

    /** Creates a registered model; RESOURCE_ALREADY_EXISTS if the name is taken. */
    RegisteredModel createRegisteredModel(String name, List<RegisteredModelTag> tags, String description);

    /** The registered model; RESOURCE_DOES_NOT_EXIST if none. */
    RegisteredModel getRegisteredModel(String name);

    /** Renames a model (its versions follow); RESOURCE_ALREADY_EXISTS if the new name is taken. */
    RegisteredModel renameRegisteredModel(String name, String newName);

    /** Sets the description (null clears it). */
    RegisteredModel updateRegisteredModel(String name, String description);

    /** Deletes the model with all its versions, tags and aliases. */
    void deleteRegisteredModel(String name);

    /**
     * Searches registered models.
     *
     * @param filter e.g. {@code name LIKE 'fraud%' AND tags.team = 'x'}, or null
     * @param maxResults 1..{@value #SEARCH_REGISTERED_MODEL_MAX_RESULTS_THRESHOLD}
     * @param orderBy e.g. {@code ["name ASC", "last_updated_timestamp DESC"]}; default name ASC
     * @param pageToken a token from a previous page, or null
     */
    Page<RegisteredModel> searchRegisteredModels(String filter, int maxResults, List<String> orderBy, String pageToken);

    /**
     * The latest version of the model in each of the given stages (all stages if the list is
     * null or empty).
     */
    List<ModelVersion> getLatestVersions(String name, List<String> stages);

    /** Sets a tag on a registered model. */
    void setRegisteredModelTag(String name, RegisteredModelTag tag);

    /** Deletes a tag of a registered model (the model must exist; a missing tag is not an error, as in MLflow). */
    void deleteRegisteredModelTag(String name, String key);

    /** Points {@code alias} at {@code version} (moving it if it pointed elsewhere). */
    void setRegisteredModelAlias(String name, String alias, String version);

    /** Removes an alias (the model must exist; a missing alias is not an error, as in MLflow). */
    void deleteRegisteredModelAlias(String name, String alias);

    /** The version an alias points at; RESOURCE_DOES_NOT_EXIST if the alias is unknown. */
    ModelVersion getModelVersionByAlias(String name, String alias);

    // ----- model versions -----

    /**
     * Creates the next version (max + 1) of a registered model, status READY, stage None.
     *
     * @param name the registered model (must exist)
     * @param source the URI of the model files
     * @param runId the producing run, or null
     * @param tags initial tags
     * @param runLink a link to the run, or null
     * @param description a description, or null
     */
    ModelVersion createModelVersion(
            String name, String source, String runId, List<ModelVersionTag> tags, String runLink, String description);

    /** The model version; RESOURCE_DOES_NOT_EXIST if none. */
    ModelVersion getModelVersion(String name, String version);

    /** Sets the description of a model version. */
    ModelVersion updateModelVersion(String name, String version, String description);

    /**
     * Moves a version to {@code stage}. With {@code archiveExistingVersions} (only allowed for
     * Staging and Production) the other versions in that stage move to Archived.
     */
    ModelVersion transitionModelVersionStage(String name, String version, String stage, boolean archiveExistingVersions);

    /** Deletes a model version with its tags and the aliases pointing at it. */
    void deleteModelVersion(String name, String version);

    /**
     * Searches model versions.
     *
     * @param filter e.g. {@code name = 'm' AND run_id IN ('a','b')}, or null
     * @param maxResults 1..{@value #SEARCH_MODEL_VERSION_MAX_RESULTS_THRESHOLD}
     * @param orderBy default {@code last_updated_timestamp DESC, name ASC, version DESC}
     * @param pageToken a token from a previous page, or null
     */
    Page<ModelVersion> searchModelVersions(String filter, int maxResults, List<String> orderBy, String pageToken);

    /** The URI the files of a model version can be downloaded from (its source). */
    String getModelVersionDownloadUri(String name, String version);

    /** Sets a tag on a model version. */
    void setModelVersionTag(String name, String version, ModelVersionTag tag);

    /** Deletes a tag of a model version (the version must exist; a missing tag is not an error, as in MLflow). */
    void deleteModelVersionTag(String name, String version, String key);

    /** Releases resources. */
    @Override
    void close();
}
