package dev.jtrack.tracking;

import java.util.List;

/**
 * A run with its info, data and dataset inputs (MLflow's {@code Run}).
 *
 * @param info the metadata
 * @param data latest metrics, params and tags
 * @param inputs the dataset inputs
 */
public record Run(RunInfo info, RunData data, List<DatasetInput> inputs) {
    public Run {
        inputs = List.copyOf(inputs);
    }
}
