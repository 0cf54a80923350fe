package dev.jtrack.tracking;

import java.util.List;

/**
 * A dataset used as input to a run, with tags describing how.
 *
 * @param tags the input tags
 * @param dataset the dataset
 */
public record DatasetInput(List<InputTag> tags, Dataset dataset) {
    public DatasetInput {
        tags = List.copyOf(tags);
    }
}
