package dev.jtrack.tracking.search;

/** What a filter or order-by key refers to. */
public enum KeyType {
    /** The latest value of a run metric. */
    METRIC,
    /** A run param. */
    PARAM,
    /** A tag (of a run, experiment, registered model or model version). */
    TAG,
    /** A column of the searched entity itself (name, status, start_time, ...). */
    ATTRIBUTE,
    /** A dataset input of a run (name, digest, context). */
    DATASET
}
