package dev.jtrack.tracking.evaluation;

/**
 * One record sent to {@link EvaluationStore#upsertRecords}: each part as a JSON text, or null when absent.
 *
 * @param inputs the inputs object (the record's identity within its dataset)
 * @param outputs the outputs
 * @param expectations the expectations object (merged key by key into an existing record's)
 * @param tags the tags object (merged key by key)
 * @param source where the record came from
 */
public record DatasetRecord(String inputs, String outputs, String expectations, String tags, String source) {}
