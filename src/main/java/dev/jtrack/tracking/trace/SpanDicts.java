package dev.jtrack.tracking.trace;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.List;

/**
 * Spans in MLflow's own JSON form ({@code Span.to_dict()}): the stored OTLP JSON of a span with
 * attributes as a {key: JSON-encoded value} object, times as numbers and the status code by its
 * OTLP name. It is what MLflow keeps as a span's content (searched by {@code trace.text LIKE ...})
 * and in a trace's {@code traces.json} artifact ({@code {"spans": [...]}}).
 */
public final class SpanDicts {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final String[] STATUS_CODES = {"STATUS_CODE_UNSET", "STATUS_CODE_OK", "STATUS_CODE_ERROR"};

    private SpanDicts() {}

    /** MLflow's {@code TraceData} dict of {@code spans}: {@code {"spans": [...]}}. */
    public static ObjectNode traceData(List<Span> spans) throws IOException {
        ObjectNode data = NODES.objectNode();
        ArrayNode list = data.putArray("spans");
        for (Span s : spans) {
            list.add(of(s.json()));
        }
        return data;
    }

    /** One span's dict, from its stored OTLP JSON. */
    public static ObjectNode of(String otlpJson) throws IOException {
        return span(MAPPER.readTree(otlpJson));
    }

    private static ObjectNode span(JsonNode otlp) {
        ObjectNode d = NODES.objectNode();
        d.put("trace_id", otlp.path("trace_id").asText(""));
        d.put("span_id", otlp.path("span_id").asText(""));
        String parent = otlp.path("parent_span_id").asText("");
        if (parent.isEmpty()) d.putNull("parent_span_id");
        else d.put("parent_span_id", parent);
        d.put("name", otlp.path("name").asText(""));
        d.put("start_time_unix_nano", otlp.path("start_time_unix_nano").asLong());
        JsonNode end = otlp.get("end_time_unix_nano");
        if (end == null || end.isNull()) d.putNull("end_time_unix_nano");
        else d.put("end_time_unix_nano", end.asLong());
        ArrayNode events = d.putArray("events");
        for (JsonNode e : otlp.path("events")) {
            ObjectNode event = events.addObject();
            event.put("name", e.path("name").asText(""));
            event.put("time_unix_nano", e.path("time_unix_nano").asLong());
            event.set("attributes", attributes(e.path("attributes")));
        }
        ObjectNode status = d.putObject("status");
        JsonNode code = otlp.path("status").path("code");
        status.put("code", code.isNumber() && code.asInt() >= 0 && code.asInt() < STATUS_CODES.length
                ? STATUS_CODES[code.asInt()] : code.asText(STATUS_CODES[0]));
        status.put("message", otlp.path("status").path("message").asText(""));
        // span attributes as MLflow keeps them: each value JSON-encoded (its dump_span_attribute_value)
        ObjectNode attributes = NODES.objectNode();
        attributes(otlp.path("attributes")).fields().forEachRemaining(e -> attributes.put(e.getKey(), e.getValue().toString()));
        d.set("attributes", attributes);
        return d;
    }

    /** OTLP {@code KeyValue}s as a plain object. */
    private static ObjectNode attributes(JsonNode keyValues) {
        ObjectNode out = NODES.objectNode();
        for (JsonNode kv : keyValues) {
            out.set(kv.path("key").asText(""), value(kv.path("value")));
        }
        return out;
    }

    /** An OTLP {@code AnyValue} as plain JSON (int64 values may arrive as strings, per proto JSON). */
    private static JsonNode value(JsonNode any) {
        if (any.has("string_value")) return any.get("string_value");
        if (any.has("bool_value")) return any.get("bool_value");
        if (any.has("int_value")) return NODES.numberNode(any.get("int_value").asLong());
        if (any.has("double_value")) return NODES.numberNode(any.get("double_value").asDouble());
        if (any.has("array_value")) {
            ArrayNode a = NODES.arrayNode();
            for (JsonNode v : any.path("array_value").path("values")) a.add(value(v));
            return a;
        }
        if (any.has("kvlist_value")) return attributes(any.path("kvlist_value").path("values"));
        return NODES.nullNode();
    }
}
