package dev.jtrack.tracking.evaluation;

import dev.jtrack.tracking.Page;
import java.util.List;
import java.util.Map;

/**
 * Where evaluation datasets and scorers live, with MLflow's semantics. Unknown ids are
 * RESOURCE_DOES_NOT_EXIST, bad input INVALID_PARAMETER_VALUE.
 */
public interface EvaluationStore {

    /** Most datasets one search page returns, and the default page size (MLflow's). */
    int SEARCH_MAX_RESULTS = 1000;

    /** Creates a dataset in the given (active) experiments, with tags. */
    EvaluationDataset createDataset(String name, List<String> experimentIds, Map<String, String> tags);

    /** A dataset; RESOURCE_DOES_NOT_EXIST ("... not found") when there is none. */
    EvaluationDataset getDataset(String datasetId);

    /** Deletes a dataset with its tags, records and experiment links (nothing when unknown). */
    void deleteDataset(String datasetId);

    /**
     * One page of datasets, in any of {@code experimentIds} (all when empty), matching
     * {@code filter}, ordered by {@code orderBy} (default newest first).
     */
    Page<EvaluationDataset> searchDatasets(List<String> experimentIds, String filter, int maxResults,
            List<String> orderBy, String pageToken);

    /** Sets tags; a null value deletes its key. */
    void setDatasetTags(String datasetId, Map<String, String> tags);

    /** Deletes a tag (nothing when absent). */
    void deleteDatasetTag(String datasetId, String key);

    /**
     * Inserts records, or merges them into the record with the same inputs.
     *
     * @return {@code {"inserted": n, "updated": m}}
     */
    Map<String, Integer> upsertRecords(String datasetId, List<DatasetRecord> records);

    /** A page of records as MLflow's JSON list text, with the next page token (or null). */
    Page<String> getRecords(String datasetId, int maxResults, String pageToken);

    /** Adds the dataset to experiments; returns the dataset. */
    EvaluationDataset addToExperiments(String datasetId, List<String> experimentIds);

    /** Removes the dataset from experiments; returns the dataset. */
    EvaluationDataset removeFromExperiments(String datasetId, List<String> experimentIds);

    /** Registers a new version of a scorer in an experiment (version 1 for a new name). */
    ScorerVersion registerScorer(String experimentId, String name, String serializedScorer);

    /** The latest version of each scorer of the experiment, by name. */
    List<ScorerVersion> listScorers(String experimentId);

    /** Every version of one scorer, ascending. */
    List<ScorerVersion> listScorerVersions(String experimentId, String name);

    /** One version of a scorer, or its latest when {@code version} is null. */
    ScorerVersion getScorer(String experimentId, String name, Integer version);

    /** Deletes one version, or every version when {@code version} is null. */
    void deleteScorer(String experimentId, String name, Integer version);
}
