package dev.jtrack.monitor;

import java.util.List;
import java.util.Map;

/**
 * One window of an inference log and what was measured in it.
 *
 * @param index the window's index (the metrics' step)
 * @param startMillis the window's first moment (epoch ms)
 * @param endMillis just past its last moment
 * @param metrics metric name to value (NaN where a statistic has no data), in a stable order
 * @param alerts the alert rules that fired, each as {@code metric=value op threshold}
 */
public record WindowReport(int index, long startMillis, long endMillis, Map<String, Double> metrics, List<String> alerts) {
    /** Whether an alert fired in this window. */
    public boolean alerting() {
        return !alerts.isEmpty();
    }

    /** The value of a metric, NaN when absent. */
    public double metric(String name) {
        return metrics.getOrDefault(name, Double.NaN);
    }
}
