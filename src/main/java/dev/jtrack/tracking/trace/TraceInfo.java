package dev.jtrack.tracking.trace;

import java.util.List;
import java.util.Map;

/**
 * What is known of one trace besides its spans (MLflow's {@code TraceInfoV3}).
 *
 * @param traceId the trace id ({@code tr-<32 hex>} for traces made by MLflow's clients)
 * @param experimentId the experiment the trace belongs to
 * @param requestTime start, epoch milliseconds
 * @param executionDuration duration in milliseconds, or null while unknown
 * @param state execution state
 * @param clientRequestId the client's own request id, or null
 * @param requestPreview a short text of the request, or null
 * @param responsePreview a short text of the response, or null
 * @param metadata request metadata (immutable once written by the client)
 * @param tags mutable tags
 * @param assessments feedback and expectations attached to the trace
 */
public record TraceInfo(String traceId, String experimentId, long requestTime, Long executionDuration,
        TraceState state, String clientRequestId, String requestPreview, String responsePreview,
        Map<String, String> metadata, Map<String, String> tags, List<Assessment> assessments) {

    /** The tag naming a trace. */
    public static final String TRACE_NAME_TAG = "mlflow.traceName";
    /** The tag telling clients the spans are in the tracking store (not artifacts). */
    public static final String SPANS_LOCATION_TAG = "mlflow.trace.spansLocation";
    /** The tag holding where a trace's artifacts go. */
    public static final String ARTIFACT_LOCATION_TAG = "mlflow.artifactLocation";
    /** The metadata key of the run a trace was made in. */
    public static final String SOURCE_RUN_METADATA = "mlflow.sourceRun";

    /** This info with other assessments. */
    public TraceInfo withAssessments(List<Assessment> a) {
        return new TraceInfo(traceId, experimentId, requestTime, executionDuration, state, clientRequestId,
                requestPreview, responsePreview, metadata, tags, a);
    }
}
