package dev.jtrack.models.evaluation;

import java.util.Locale;

/** What a model predicts, which decides the metrics. */
public enum Task {
    /** Class labels (and optionally per-class scores). */
    CLASSIFICATION,
    /** Numbers. */
    REGRESSION;

    /** {@code classification} or {@code regression} (any case); IllegalArgumentException otherwise. */
    public static Task parse(String text) {
        try {
            return valueOf(text.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown task '" + text + "': use classification or regression");
        }
    }

    /** The lower-case name, as the CLI and the run's tags spell it. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
