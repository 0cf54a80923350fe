package dev.jtrack.tracking;

import java.util.List;

/**
 * The tracking store contract, shared by the SQL stores, the REST client store and the server.
 * It follows MLflow's {@code AbstractStore}: every method either succeeds or throws
 * {@link MlflowException} with MLflow's error code; what a store accepts it stores exactly.
 *
 * <p>Single writes ({@link #logMetric}, {@link #logParam}, {@link #setTag}) are batches of one:
 * the default methods call {@link #logBatch}, so there is one write path with one set of rules.
 *
 * <p>Implementations are thread-safe.
 */
public interface TrackingStore extends AutoCloseable {

    /** Default and maximum {@code max_results} for run and experiment searches (MLflow's values). */
    int SEARCH_MAX_RESULTS_DEFAULT = 1000;
    /** The largest {@code max_results} a run or experiment search accepts. */
    int SEARCH_MAX_RESULTS_THRESHOLD = 50000;
    /** The largest page get-metric-history returns. */
    int GET_METRIC_HISTORY_MAX_RESULTS = 25000;
    /** Default sampled steps for get-history-bulk-interval (MLflow's MAX_RESULTS_PER_RUN). */
    int BULK_INTERVAL_DEFAULT_MAX_RESULTS = 2500;
    /** The largest {@code max_results} get-history-bulk-interval accepts. */
    int BULK_INTERVAL_MAX_RESULTS = 2500;
    /** The most runs get-history-bulk-interval accepts. */
    int BULK_INTERVAL_MAX_RUNS = 100;
    /** The tag holding the JSON list of models logged by a run. */
    String LOG_MODEL_HISTORY_TAG = "mlflow.log-model.history";

    // ----- experiments -----

    /**
     * Creates an experiment.
     *
     * @param name unique non-empty name, at most 500 characters
     * @param artifactLocation the artifact root, or null for the store's default
     *     ({@code <default-root>/<experiment id>})
     * @param tags initial tags
     * @return the new experiment's id
     * @throws MlflowException RESOURCE_ALREADY_EXISTS if the name is taken (also by a deleted
     *     experiment), INVALID_PARAMETER_VALUE for a bad name or tag
     */
    String createExperiment(String name, String artifactLocation, List<ExperimentTag> tags);

    /** The experiment with this id (active or deleted); RESOURCE_DOES_NOT_EXIST if none. */
    Experiment getExperiment(String experimentId);

    /** The experiment with this exact name (active or deleted); RESOURCE_DOES_NOT_EXIST if none. */
    Experiment getExperimentByName(String name);

    /**
     * Searches experiments.
     *
     * @param viewType which lifecycle stages to include
     * @param maxResults 1..{@value #SEARCH_MAX_RESULTS_THRESHOLD}
     * @param filter MLflow experiment filter ({@code name LIKE '%x%' AND tags.k = 'v'}), or null
     * @param orderBy e.g. {@code ["name ASC", "creation_time DESC"]}; default as MLflow:
     *     {@code creation_time DESC, experiment_id ASC}
     * @param pageToken a token from a previous page, or null
     */
    Page<Experiment> searchExperiments(
            ViewType viewType, int maxResults, String filter, List<String> orderBy, String pageToken);

    /** Moves an experiment and its runs to the deleted stage; the id stays reserved. */
    void deleteExperiment(String experimentId);

    /** Restores a deleted experiment and the runs deleted with it. */
    void restoreExperiment(String experimentId);

    /** Renames an active experiment; RESOURCE_ALREADY_EXISTS if the name is taken. */
    void renameExperiment(String experimentId, String newName);

    /** Sets (inserts or replaces) a tag on an active experiment. */
    void setExperimentTag(String experimentId, ExperimentTag tag);

    /** Deletes a tag of an active experiment; RESOURCE_DOES_NOT_EXIST when it has no such tag. */
    void deleteExperimentTag(String experimentId, String key);

    // ----- runs -----

    /**
     * Creates a RUNNING run in an active experiment.
     *
     * @param experimentId the experiment
     * @param userId the user, or null
     * @param startTime ms since the epoch, or null for now
     * @param tags initial tags (validated like {@link #logBatch} tags)
     * @param runName the name, or null: then the {@code mlflow.runName} tag if given, else a
     *     generated name; the tag {@code mlflow.runName} is kept equal to the name
     * @return the new run
     */
    Run createRun(String experimentId, String userId, Long startTime, List<RunTag> tags, String runName);

    /** The run (active or deleted) with its latest metrics, params, tags and inputs. */
    Run getRun(String runId);

    /**
     * Updates status, end time and/or name; null arguments leave the field unchanged.
     *
     * @return the updated run info
     */
    RunInfo updateRun(String runId, RunStatus status, Long endTime, String runName);

    /** Moves a run to the deleted stage. */
    void deleteRun(String runId);

    /** Restores a deleted run. */
    void restoreRun(String runId);

    /**
     * Logs metrics, params and tags to an active run atomically: either all are stored or none.
     * Limits: 1000 metrics, 100 params, 100 tags, 1000 in total. A param already logged with a
     * different value is INVALID_PARAMETER_VALUE; the same value again is accepted.
     */
    void logBatch(String runId, List<Metric> metrics, List<Param> params, List<RunTag> tags);

    /** Logs one metric point: a batch of one. */
    default void logMetric(String runId, Metric metric) {
        logBatch(runId, List.of(metric), List.of(), List.of());
    }

    /** Logs one param: a batch of one. */
    default void logParam(String runId, Param param) {
        logBatch(runId, List.of(), List.of(param), List.of());
    }

    /** Sets one tag: a batch of one. */
    default void setTag(String runId, RunTag tag) {
        logBatch(runId, List.of(), List.of(), List.of(tag));
    }

    /** Deletes a tag of an active run; RESOURCE_DOES_NOT_EXIST if the run has no such tag. */
    void deleteTag(String runId, String key);

    /**
     * The history of one metric of a run, ordered by (step, timestamp, value).
     *
     * @param maxResults page size, 1..{@value #GET_METRIC_HISTORY_MAX_RESULTS}, or null for the
     *     whole history in one page
     * @param pageToken a token from a previous page, or null
     */
    Page<Metric> getMetricHistory(String runId, String metricKey, Integer maxResults, String pageToken);

    /**
     * Points of one metric over several runs at a shared sample of steps, for charts, as MLflow
     * does it: the union of the runs' steps in range thinned evenly to {@code maxResults}, plus
     * each run's first and last step in range; then every point of each run at those steps.
     *
     * @param runIds 1..{@value #BULK_INTERVAL_MAX_RUNS} runs
     * @param startStep inclusive lower bound; give both bounds or neither (then 0..last step)
     * @param endStep inclusive upper bound
     * @param maxResults sampled steps, 1..{@value #BULK_INTERVAL_MAX_RESULTS}
     */
    List<MetricWithRunId> getMetricHistoryBulkInterval(
            List<String> runIds, String metricKey, Long startStep, Long endStep, int maxResults);

    /** Records datasets used by an active run; a dataset logged twice is stored once. */
    void logInputs(String runId, List<DatasetInput> inputs);

    /** At most this many summaries from {@link #searchDatasets}, as MLflow. */
    int SEARCH_DATASETS_MAX_RESULTS = 1000;

    /**
     * The distinct (experiment, dataset name, digest, context) combinations of the datasets logged
     * to runs of these experiments, at most {@value #SEARCH_DATASETS_MAX_RESULTS}; ids of
     * experiments that do not exist match nothing.
     */
    List<DatasetSummary> searchDatasets(List<String> experimentIds);

    /**
     * Searches runs.
     *
     * @param experimentIds the experiments to search (none: an empty page, as in MLflow)
     * @param filter MLflow run filter, or null/blank for all
     * @param viewType which lifecycle stages to include
     * @param maxResults 1..{@value #SEARCH_MAX_RESULTS_THRESHOLD}
     * @param orderBy order clauses, e.g. {@code ["metrics.rmse ASC", "start_time DESC"]}; rows
     *     missing a key sort last; ties broken by start_time DESC then run_id
     * @param pageToken a token from a previous page, or null
     */
    Page<Run> searchRuns(
            List<String> experimentIds,
            String filter,
            ViewType viewType,
            int maxResults,
            List<String> orderBy,
            String pageToken);

    /**
     * Appends a logged model's MLmodel description (a JSON object with at least
     * {@code artifact_path}, {@code flavors}, {@code run_id} and {@code utc_time_created}, as
     * MLflow requires) to the run's {@value #LOG_MODEL_HISTORY_TAG} tag, which holds a JSON array.
     */
    void recordLoggedModel(String runId, String modelJson);

    /**
     * The MLflow 3 logged models kept with this store, or null when the store has none (then the
     * server answers their endpoints ENDPOINT_NOT_FOUND).
     */
    default LoggedModelStore loggedModels() {
        return null;
    }

    /**
     * The MLflow 3 evaluation datasets and scorers kept with this store, or null when the store has
     * none (then the server answers their endpoints ENDPOINT_NOT_FOUND).
     */
    default dev.jtrack.tracking.evaluation.EvaluationStore evaluation() {
        return null;
    }

    /** Releases connections; further calls fail. */
    @Override
    void close();
}
