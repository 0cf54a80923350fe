package dev.jtrack.models.evaluation;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Regression metrics with scikit-learn's definitions, named as {@code mlflow.evaluate} names them:
 * {@code example_count}, {@code mean_absolute_error}, {@code mean_squared_error},
 * {@code root_mean_squared_error}, {@code sum_on_target}, {@code mean_on_target},
 * {@code r2_score} (1 for a perfect fit of a constant target, 0 for an imperfect one:
 * scikit-learn's {@code force_finite=True}), {@code max_error} and
 * {@code mean_absolute_percentage_error} (|y − ŷ| / max(|y|, ε), ε the double's machine epsilon).
 */
public final class RegressionMetrics {
    private RegressionMetrics() {}

    /** The metrics of {@code predicted} against {@code truth}. */
    public static Map<String, Double> compute(double[] truth, double[] predicted) {
        int n = truth.length;
        if (n != predicted.length) {
            throw new IllegalArgumentException(n + " true values but " + predicted.length + " predictions");
        }
        if (n == 0) throw new IllegalArgumentException("no rows to evaluate");
        double eps = Math.ulp(1.0);
        double sum = 0;
        double absolute = 0;
        double squared = 0;
        double percentage = 0;
        double max = 0;
        for (int i = 0; i < n; i++) {
            double e = truth[i] - predicted[i];
            sum += truth[i];
            absolute += Math.abs(e);
            squared += e * e;
            percentage += Math.abs(e) / Math.max(Math.abs(truth[i]), eps);
            max = Math.max(max, Math.abs(e));
        }
        double mean = sum / n;
        double total = 0;
        for (double y : truth) total += (y - mean) * (y - mean);
        double r2 = total == 0 ? (squared == 0 ? 1.0 : 0.0) : 1 - squared / total;
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("example_count", (double) n);
        m.put("mean_absolute_error", absolute / n);
        m.put("mean_squared_error", squared / n);
        m.put("root_mean_squared_error", Math.sqrt(squared / n));
        m.put("sum_on_target", sum);
        m.put("mean_on_target", mean);
        m.put("r2_score", r2);
        m.put("max_error", max);
        m.put("mean_absolute_percentage_error", percentage / n);
        return Collections.unmodifiableMap(m);
    }
}
