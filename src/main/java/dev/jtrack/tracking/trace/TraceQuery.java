package dev.jtrack.tracking.trace;

import java.util.List;

/**
 * A trace search.
 *
 * @param experimentIds the experiments searched (at least one)
 * @param filter MLflow's trace filter grammar, or null
 * @param orderBy order-by clauses (default: newest first)
 * @param maxResults page size
 * @param pageToken the token of the page to read, or null for the first
 */
public record TraceQuery(List<String> experimentIds, String filter, List<String> orderBy, int maxResults,
        String pageToken) {}
