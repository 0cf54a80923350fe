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
    DATASET,
    /** A trace's request metadata ({@code metadata.key}). */
    METADATA,
    /** A field of any span of a trace ({@code span.name}, {@code span.type}, {@code span.status}). */
    SPAN,
    /** A trace's valid feedback assessment of this name ({@code feedback.name}): its value. */
    FEEDBACK,
    /** A trace's valid expectation assessment of this name ({@code expectation.name}): its value. */
    EXPECTATION
}
