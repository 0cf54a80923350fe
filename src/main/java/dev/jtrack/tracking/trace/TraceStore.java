package dev.jtrack.tracking.trace;

import dev.jtrack.tracking.Page;
import java.util.List;

/**
 * Where traces live: trace infos, spans and assessments, with MLflow's semantics. Unknown ids are
 * RESOURCE_DOES_NOT_EXIST, bad input INVALID_PARAMETER_VALUE.
 */
public interface TraceStore {

    /** Most traces one search page returns (MLflow's threshold). */
    int SEARCH_MAX_RESULTS_THRESHOLD = 500;

    /**
     * Records a finished trace's info (MLflow's {@code StartTraceV3}, sent when the trace ends):
     * creates it, or completes the info that spans logged earlier created. Returns what is stored.
     */
    TraceInfo startTrace(TraceInfo info);

    /**
     * Stores spans of one experiment (OTLP ingest). A span already stored (same trace and span id)
     * is replaced. A trace not known yet is created from its spans: from the root span when it is
     * among them, else as {@link TraceState#IN_PROGRESS}.
     */
    void logSpans(String experimentId, List<Span> spans);

    /** The trace's info with tags, metadata and assessments. */
    TraceInfo getTraceInfo(String traceId);

    /** The trace's spans ordered by start time (empty when none were stored). */
    List<Span> getSpans(String traceId);

    /** One page of trace infos matching {@code query}. */
    Page<TraceInfo> searchTraces(TraceQuery query);

    /**
     * How many traces of the experiments match each filter (null or empty: every trace), counted
     * in one consistent read.
     */
    long[] countTraces(List<String> experimentIds, List<String> filters);

    /** Name, state, start and duration of every trace of the experiments matching all {@code filters}. */
    List<TraceSummary> summarizeTraces(List<String> experimentIds, List<String> filters);

    /** Sets (or overwrites) a tag. */
    void setTraceTag(String traceId, String key, String value);

    /** Deletes a tag; RESOURCE_DOES_NOT_EXIST when the trace has no such tag. */
    void deleteTraceTag(String traceId, String key);

    /** Deletes the given traces of the experiment; returns how many existed. */
    int deleteTraces(String experimentId, List<String> traceIds);

    /**
     * Deletes the experiment's traces started at or before {@code maxTimestampMillis}, oldest
     * first, at most {@code maxTraces} of them; returns how many.
     */
    int deleteTracesBefore(String experimentId, long maxTimestampMillis, int maxTraces);

    /** Stores a new assessment (its id and times already set); the assessment it overrides becomes invalid. */
    Assessment createAssessment(Assessment a);

    /** An assessment of a trace. */
    Assessment getAssessment(String traceId, String assessmentId);

    /** Replaces a stored assessment (same id). */
    Assessment updateAssessment(Assessment a);

    /**
     * Links existing traces to a run (at most 100 per call), so that searching with
     * {@code run_id = '<run>'} finds them besides the traces made in the run.
     */
    void linkTracesToRun(List<String> traceIds, String runId);

    /** Deletes an assessment (an assessment it overrode becomes valid again). */
    void deleteAssessment(String traceId, String assessmentId);
}
