package dev.jtrack.tracking;

/**
 * A dataset a run used (MLflow's {@code Dataset}); identified within an experiment by
 * (name, digest).
 *
 * @param name the dataset name
 * @param digest a short content digest
 * @param sourceType the kind of source, e.g. "local", "http", "s3"
 * @param source a JSON description of the source
 * @param schema an optional JSON schema, or null
 * @param profile an optional JSON profile, or null
 */
public record Dataset(String name, String digest, String sourceType, String source, String schema, String profile) {}
