package dev.jtrack.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jtrack.tracking.trace.Span;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

/**
 * The {@link Span}s of decoded OTLP resource spans (see {@link OtlpProtobuf}, {@link OtlpJson}).
 * A span made by MLflow's client names its MLflow trace in the {@code mlflow.traceRequestId}
 * attribute; any other span belongs to the trace {@code tr-<hex of its OpenTelemetry trace id>},
 * as MLflow's server files it.
 */
final class OtlpSpans {
    private static final String TRACE_REQUEST_ID = "mlflow.traceRequestId";
    private static final String SPAN_TYPE = "mlflow.spanType";

    private OtlpSpans() {}

    /** Every span of the request; IllegalArgumentException when a span lacks its ids or start. */
    static List<Span> of(ArrayNode resourceSpans) {
        List<Span> out = new ArrayList<>();
        for (JsonNode rs : resourceSpans) {
            for (JsonNode ss : rs.path("scope_spans")) {
                for (JsonNode span : ss.path("spans")) {
                    out.add(span((ObjectNode) span));
                }
            }
        }
        return out;
    }

    private static Span span(ObjectNode n) {
        String otelTraceId = hex(n.path("trace_id").asText(""));
        String spanId = hex(n.path("span_id").asText(""));
        if (otelTraceId.isEmpty() || spanId.isEmpty()) {
            throw new IllegalArgumentException("a span without trace_id or span_id");
        }
        String parent = n.hasNonNull("parent_span_id") ? hex(n.get("parent_span_id").asText("")) : null;
        if (parent != null && parent.isEmpty()) {
            parent = null;
        }
        JsonNode start = n.get("start_time_unix_nano");
        if (start == null || !start.canConvertToLong()) {
            throw new IllegalArgumentException("span " + spanId + " has no start_time_unix_nano");
        }
        JsonNode end = n.get("end_time_unix_nano");
        Long endNanos = end != null && end.canConvertToLong() && end.asLong() != 0 ? end.asLong() : null;
        String traceId = stringAttribute(n, TRACE_REQUEST_ID);
        if (traceId == null || traceId.isEmpty()) {
            traceId = "tr-" + otelTraceId;
        }
        return new Span(traceId, spanId, parent, n.path("name").asText(""), stringAttribute(n, SPAN_TYPE),
                status(n.path("status").path("code").asText("")), start.asLong(), endNanos, n.toString());
    }

    private static String status(String code) {
        return switch (code) {
            case "STATUS_CODE_OK" -> "OK";
            case "STATUS_CODE_ERROR" -> "ERROR";
            default -> "UNSET";
        };
    }

    /** A string attribute; MLflow's older clients store strings JSON-encoded ("\"x\""), unwrapped here. */
    static String stringAttribute(JsonNode span, String key) {
        for (JsonNode a : span.path("attributes")) {
            if (key.equals(a.path("key").asText())) {
                String v = a.path("value").path("string_value").asText(null);
                if (v != null && v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")) {
                    v = v.substring(1, v.length() - 1);
                }
                return v;
            }
        }
        return null;
    }

    private static String hex(String base64) {
        if (base64.isEmpty()) {
            return "";
        }
        try {
            return HexFormat.of().formatHex(Base64.getDecoder().decode(base64));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("an id that is not base64: '" + base64 + "'");
        }
    }
}
