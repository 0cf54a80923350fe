package dev.jtrack.tracking;

import java.util.List;
import java.util.Map;

/**
 * The store contract for MLflow 3 logged models, following MLflow's {@code AbstractStore}
 * ({@code create_logged_model}, {@code search_logged_models}, ...). Errors are
 * {@link MlflowException}s with MLflow's codes; a missing or deleted model is
 * RESOURCE_DOES_NOT_EXIST. Implementations are thread-safe.
 */
public interface LoggedModelStore {

    /** Default page size of a logged-model search (MLflow's value). */
    int SEARCH_MAX_RESULTS_DEFAULT = 100;
    /** The largest page a logged-model search returns. */
    int SEARCH_MAX_RESULTS_THRESHOLD = 50000;

    /**
     * Creates a PENDING logged model in an active experiment.
     *
     * @param experimentId the experiment
     * @param name the name, or null for a generated one; must not contain {@code / : . % " '}
     * @param modelType a free-form type, or null
     * @param sourceRunId the run that produces it, or null
     * @param params initial params
     * @param tags initial tags
     */
    LoggedModel createLoggedModel(String experimentId, String name, String modelType, String sourceRunId,
            Map<String, String> params, Map<String, String> tags);

    /** The model; deleted ones only with {@code allowDeleted}. */
    LoggedModel getLoggedModel(String modelId, boolean allowDeleted);

    /** Sets the final status (READY or FAILED) and returns the model. */
    LoggedModel finalizeLoggedModel(String modelId, LoggedModelStatus status);

    /** Marks the model deleted; it no longer appears in get or search. */
    void deleteLoggedModel(String modelId);

    /** Sets (inserts or replaces) tags. */
    void setLoggedModelTags(String modelId, Map<String, String> tags);

    /** Deletes a tag; RESOURCE_DOES_NOT_EXIST if the model has no such tag. */
    void deleteLoggedModelTag(String modelId, String key);

    /** Logs params; a param logged again keeps its latest value. */
    void logLoggedModelParams(String modelId, Map<String, String> params);

    /** Searches logged models. */
    Page<LoggedModel> searchLoggedModels(LoggedModelSearch search);

    /**
     * Records metric points logged with a {@code model_id}; the points themselves go to the run
     * through {@link TrackingStore#logBatch}. A point recorded twice is stored once.
     */
    void logModelMetrics(List<ModelMetric> metrics);

    /** Records models an active run produced ({@code runs/outputs}). */
    void logOutputs(String runId, List<LoggedModelOutput> models);

    /** Records models an active run used as input ({@code runs/log-inputs} with {@code models}). */
    void logModelInputs(String runId, List<String> modelIds);

    /** The models each run produced, by run id (runs without any are absent). */
    Map<String, List<LoggedModelOutput>> outputsOf(List<String> runIds);

    /** The models each run used as input, by run id (runs without any are absent). */
    Map<String, List<String>> modelInputsOf(List<String> runIds);
}
