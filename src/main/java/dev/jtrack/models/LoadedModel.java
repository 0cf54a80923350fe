package dev.jtrack.models;

import java.nio.file.Path;
import tech.tablesaw.api.Table;

/**
 * A model loaded from a package, ready to score.
 *
 * @param mlmodel its description
 * @param predictor the model
 * @param dir the local directory of its files
 */
public record LoadedModel(MLmodel mlmodel, Predictor predictor, Path dir) {

    /** Scores {@code input}. */
    public Table predict(Table input) {
        return predictor.predict(input);
    }
}
