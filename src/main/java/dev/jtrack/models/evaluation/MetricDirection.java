package dev.jtrack.models.evaluation;

/** Whether a larger value of a metric is better, worse, or neither (counts, sums). */
enum MetricDirection {
    HIGHER, LOWER, NEITHER;

    static MetricDirection of(String metric) {
        if (metric.startsWith("accuracy") || metric.startsWith("precision") || metric.startsWith("recall")
                || metric.startsWith("f1") || metric.startsWith("roc_auc") || metric.startsWith("r2")
                || metric.equals("true_positives") || metric.equals("true_negatives")) {
            return HIGHER;
        }
        if (metric.startsWith("log_loss") || metric.contains("error") || metric.equals("false_positives")
                || metric.equals("false_negatives")) {
            return LOWER;
        }
        return NEITHER;
    }
}
