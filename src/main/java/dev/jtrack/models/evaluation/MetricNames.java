package dev.jtrack.models.evaluation;

/** Metric key helpers: MLflow accepts letters, digits, {@code _ - . / } and spaces in a key. */
final class MetricNames {
    private MetricNames() {}

    /** {@code label} with every character MLflow refuses in a metric key replaced by {@code _}. */
    static String safe(String label) {
        StringBuilder b = new StringBuilder(label.length());
        for (char c : label.toCharArray()) {
            b.append(Character.isLetterOrDigit(c) && c < 128 || c == '_' || c == '-' || c == '.' ? c : '_');
        }
        return b.toString();
    }
}
