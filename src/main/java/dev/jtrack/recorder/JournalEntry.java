package dev.jtrack.recorder;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.jtrack.tracking.Metric;
import dev.jtrack.tracking.Param;
import dev.jtrack.tracking.RunStatus;
import dev.jtrack.tracking.RunTag;
import java.util.List;

/**
 * One operation as written to the journal: one JSON line of {@code ops.jsonl}. The fields used
 * depend on the {@link Kind}; the others are null.
 *
 * @param seq the entry's number within its session, from 1, in append order
 * @param kind what to do
 * @param run the client-side key of the run the operation belongs to
 * @param time when the operation was requested, ms since the epoch
 * @param experiment CREATE_RUN: the experiment name
 * @param runName CREATE_RUN: the run name, or null for one the store generates
 * @param parent CREATE_RUN: the run key of the parent run, or null
 * @param metrics LOG: metric points
 * @param params LOG: params
 * @param tags CREATE_RUN and LOG: tags
 * @param blob ARTIFACT: the file name of the staged copy in the session's {@code blobs/}
 * @param artifactPath ARTIFACT: the path under the run's artifact root
 * @param status END_RUN: the final status
 * @param runId RESUME_RUN: the store's id of the existing run this key stands for
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record JournalEntry(
        long seq,
        Kind kind,
        String run,
        long time,
        String experiment,
        String runName,
        String parent,
        List<Metric> metrics,
        List<Param> params,
        List<RunTag> tags,
        String blob,
        String artifactPath,
        RunStatus status,
        String runId) {

    /** The operations the recorder journals. */
    public enum Kind {
        /** Create the run in the store (finding the experiment by name, creating it if needed). */
        CREATE_RUN,
        /** Log into a run that already exists in the store (MLflow's {@code MLFLOW_RUN_ID}): mark it RUNNING, set tags. */
        RESUME_RUN,
        /** Log metrics, params and tags (part of one log-batch). */
        LOG,
        /** Upload a staged file as an artifact. */
        ARTIFACT,
        /** Set the run's final status and end time. */
        END_RUN
    }

    static JournalEntry createRun(String run, long time, String experiment, String runName, String parent,
            List<RunTag> tags) {
        return new JournalEntry(0, Kind.CREATE_RUN, run, time, experiment, runName, parent, null, null,
                List.copyOf(tags), null, null, null, null);
    }

    static JournalEntry resumeRun(String run, long time, String runId, List<RunTag> tags) {
        return new JournalEntry(0, Kind.RESUME_RUN, run, time, null, null, null, null, null,
                List.copyOf(tags), null, null, null, runId);
    }

    static JournalEntry log(String run, long time, List<Metric> metrics, List<Param> params, List<RunTag> tags) {
        return new JournalEntry(0, Kind.LOG, run, time, null, null, null,
                metrics.isEmpty() ? null : List.copyOf(metrics),
                params.isEmpty() ? null : List.copyOf(params),
                tags.isEmpty() ? null : List.copyOf(tags), null, null, null, null);
    }

    static JournalEntry artifact(String run, long time, String blob, String artifactPath) {
        return new JournalEntry(0, Kind.ARTIFACT, run, time, null, null, null, null, null, null, blob, artifactPath,
                null, null);
    }

    static JournalEntry endRun(String run, long time, RunStatus status) {
        return new JournalEntry(0, Kind.END_RUN, run, time, null, null, null, null, null, null, null, null, status, null);
    }

    /** This entry numbered {@code n}. */
    JournalEntry withSeq(long n) {
        return new JournalEntry(n, kind, run, time, experiment, runName, parent, metrics, params, tags, blob,
                artifactPath, status, runId);
    }

    /** The metrics, never null. */
    List<Metric> metricList() {
        return metrics == null ? List.of() : metrics;
    }

    /** The params, never null. */
    List<Param> paramList() {
        return params == null ? List.of() : params;
    }

    /** The tags, never null. */
    List<RunTag> tagList() {
        return tags == null ? List.of() : tags;
    }
}
