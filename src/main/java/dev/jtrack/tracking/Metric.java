package dev.jtrack.tracking;

/**
 * One point of a metric series. NaN and ±Infinity are legal values and are stored and returned
 * exactly (MLflow sends them as the JSON strings "NaN", "Infinity", "-Infinity").
 *
 * @param key the metric key
 * @param value the value
 * @param timestamp ms since the epoch
 * @param step the step, any long
 */
public record Metric(String key, double value, long timestamp, long step) {}
