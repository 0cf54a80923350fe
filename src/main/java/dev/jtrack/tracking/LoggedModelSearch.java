package dev.jtrack.tracking;

import java.util.List;

/**
 * The request of a logged-model search ({@code logged-models/search}).
 *
 * @param experimentIds the experiments to search (at least one)
 * @param filter a filter of AND-ed comparisons on attributes ({@code name}, {@code status},
 *     {@code model_type}, {@code source_run_id}, {@code model_id}, {@code creation_timestamp},
 *     {@code last_updated_timestamp}), {@code metrics.*}, {@code params.*} and {@code tags.*}; or null
 * @param datasets restricts to models with metrics on one of these datasets (and metric filters
 *     to those datasets); empty for none
 * @param maxResults page size, 1..{@value LoggedModelStore#SEARCH_MAX_RESULTS_THRESHOLD}
 * @param orderBy order clauses; ties are broken by creation time (newest first), then model id
 * @param pageToken a token from a previous page, or null
 */
public record LoggedModelSearch(
        List<String> experimentIds,
        String filter,
        List<DatasetFilter> datasets,
        int maxResults,
        List<Order> orderBy,
        String pageToken) {

    public LoggedModelSearch {
        experimentIds = List.copyOf(experimentIds);
        datasets = List.copyOf(datasets);
        orderBy = List.copyOf(orderBy);
    }

    /**
     * A dataset restriction.
     *
     * @param name the dataset name (required)
     * @param digest the digest, or null for any
     */
    public record DatasetFilter(String name, String digest) {}

    /**
     * One order clause.
     *
     * @param fieldName an attribute or {@code metrics.<key>}
     * @param ascending the direction
     * @param datasetName for metrics: only points on this dataset, or null
     * @param datasetDigest for metrics: only points on this dataset digest, or null
     */
    public record Order(String fieldName, boolean ascending, String datasetName, String datasetDigest) {}
}
