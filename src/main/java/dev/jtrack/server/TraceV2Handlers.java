package dev.jtrack.server;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.jtrack.tracking.trace.TraceInfo;
import dev.jtrack.tracking.trace.TraceState;
import dev.jtrack.tracking.trace.TraceStore;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * MLflow 2's trace calls, still made by 3.x clients' deprecated paths: {@code POST traces} (start)
 * and {@code PATCH traces/<request_id>} (end) under {@code /api/2.0/mlflow/}, answering MLflow 2's
 * {@code TraceInfo} (request_id, timestamp_ms, execution_time_ms, status, metadata and tags as
 * key/value lists). The trace is kept as any other: the end merges metadata and tags into the start's.
 */
final class TraceV2Handlers {
    /** Metadata the store records for its own bookkeeping, not part of a v2 trace's metadata. */
    private static final String INFO_FINALIZED = "mlflow.trace.infoFinalized";

    private final TraceStore store;

    TraceV2Handlers(TraceStore store) {
        this.store = store;
    }

    void register(ApiRoutes r) {
        r.post("traces", this::start);
        r.patch("traces/{request_id}", this::end);
        r.get("traces/{request_id}/info", (in, out) -> write(out, store.getTraceInfo(in.requiredString("request_id"))));
    }

    private void start(Params in, JsonOut out) throws Exception {
        String experimentId = in.requiredString("experiment_id");
        long timestamp = in.requiredInt64("timestamp_ms");
        String id = "tr-" + java.util.UUID.randomUUID().toString().replace("-", "");
        TraceInfo info = new TraceInfo(id, experimentId, timestamp, 0L, TraceState.IN_PROGRESS, null, null, null,
                keyValues(in, "request_metadata"), keyValues(in, "tags"), List.of());
        write(out, store.startTrace(info));
    }

    private void end(Params in, JsonOut out) throws Exception {
        String id = in.requiredString("request_id");
        long timestamp = in.requiredInt64("timestamp_ms");
        TraceInfo stored = store.getTraceInfo(id);
        Map<String, String> metadata = new LinkedHashMap<>(stored.metadata());
        metadata.putAll(keyValues(in, "request_metadata"));
        Map<String, String> tags = new LinkedHashMap<>(stored.tags());
        tags.putAll(keyValues(in, "tags"));
        TraceState state = TraceState.parse(status(in.string("status")));
        TraceInfo ended = new TraceInfo(id, stored.experimentId(), stored.requestTime(), timestamp - stored.requestTime(), state,
                stored.clientRequestId(), stored.requestPreview(), stored.responsePreview(), metadata, tags, List.of());
        write(out, store.startTrace(ended));
    }

    /** MLflow 2's TraceStatus name (TRACE_STATUS_UNSPECIFIED, OK, ERROR, IN_PROGRESS) as a v3 state name. */
    private static String status(String v2) {
        return v2 == null || v2.equals("TRACE_STATUS_UNSPECIFIED") ? "STATE_UNSPECIFIED" : v2;
    }

    private static Map<String, String> keyValues(Params in, String field) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Params kv : in.objects(field)) {
            out.put(kv.requiredString("key"), kv.requiredStringAllowEmpty("value"));
        }
        return out;
    }

    private static void write(JsonOut out, TraceInfo info) throws IOException {
        JsonGenerator g = out.gen();
        g.writeObjectFieldStart("trace_info");
        g.writeStringField("request_id", info.traceId());
        g.writeStringField("experiment_id", info.experimentId());
        g.writeNumberField("timestamp_ms", info.requestTime());
        g.writeNumberField("execution_time_ms", info.executionDuration() == null ? 0 : info.executionDuration());
        TraceState s = info.state();
        g.writeStringField("status", s == TraceState.STATE_UNSPECIFIED ? "TRACE_STATUS_UNSPECIFIED" : s.name());
        keyValueList(g, "request_metadata", info.metadata());
        keyValueList(g, "tags", info.tags());
        g.writeEndObject();
    }

    private static void keyValueList(JsonGenerator g, String field, Map<String, String> values) throws IOException {
        g.writeArrayFieldStart(field);
        for (Map.Entry<String, String> e : values.entrySet()) {
            if (e.getKey().equals(INFO_FINALIZED)) continue;
            g.writeStartObject();
            g.writeStringField("key", e.getKey());
            g.writeStringField("value", e.getValue());
            g.writeEndObject();
        }
        g.writeEndArray();
    }
}
