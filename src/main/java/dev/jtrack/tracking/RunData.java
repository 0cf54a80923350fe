package dev.jtrack.tracking;

import java.util.List;

/**
 * The data of a run: the latest value of each metric, the params and the tags.
 *
 * @param metrics per key the point with the greatest (step, timestamp, value)
 * @param params the params
 * @param tags the tags
 */
public record RunData(List<Metric> metrics, List<Param> params, List<RunTag> tags) {
    public RunData {
        metrics = List.copyOf(metrics);
        params = List.copyOf(params);
        tags = List.copyOf(tags);
    }

    /** No metrics, params or tags. */
    public static RunData empty() {
        return new RunData(List.of(), List.of(), List.of());
    }
}
