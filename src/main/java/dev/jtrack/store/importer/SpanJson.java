package dev.jtrack.store.importer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.Iterator;
import java.util.Map;

/**
 * A span as MLflow's database keeps it ({@code Span.to_dict()}: attributes as an object of
 * JSON-encoded values) turned into the OpenTelemetry JSON jtrack stores (attributes as OTLP
 * {@code KeyValue}s), the inverse of {@link dev.jtrack.tracking.trace.SpanDicts}.
 */
final class SpanJson {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private SpanJson() {}

    /** The OTLP JSON of the span whose MLflow dict is {@code mlflowDict}. */
    static String otlp(String mlflowDict) throws IOException {
        JsonNode d = MAPPER.readTree(mlflowDict);
        ObjectNode o = NODES.objectNode();
        for (String field : new String[] {"trace_id", "span_id", "parent_span_id", "name", "start_time_unix_nano",
                "end_time_unix_nano", "status"}) {
            if (d.has(field)) {
                o.set(field, d.get(field));
            }
        }
        ArrayNode attributes = o.putArray("attributes");
        for (Iterator<Map.Entry<String, JsonNode>> it = d.path("attributes").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> a = it.next();
            attributes.add(keyValue(a.getKey(), encoded(a.getValue())));
        }
        ArrayNode events = o.putArray("events");
        for (JsonNode e : d.path("events")) {
            ObjectNode event = events.addObject();
            event.set("name", e.path("name"));
            event.set("time_unix_nano", e.path("time_unix_nano"));
            ArrayNode eventAttributes = event.putArray("attributes");
            for (Iterator<Map.Entry<String, JsonNode>> it = e.path("attributes").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> a = it.next();
                eventAttributes.add(keyValue(a.getKey(), a.getValue()));
            }
        }
        return o.toString();
    }

    /** A span attribute's value: MLflow keeps it JSON-encoded in a string. */
    private static JsonNode encoded(JsonNode value) {
        if (!value.isTextual()) {
            return value;
        }
        try {
            return MAPPER.readTree(value.asText());
        } catch (IOException e) {
            return value; // not JSON: the plain string
        }
    }

    private static ObjectNode keyValue(String key, JsonNode value) {
        ObjectNode kv = NODES.objectNode();
        kv.put("key", key);
        kv.set("value", anyValue(value));
        return kv;
    }

    private static ObjectNode anyValue(JsonNode v) {
        ObjectNode any = NODES.objectNode();
        if (v == null || v.isNull() || v.isMissingNode()) {
            return any;
        } else if (v.isTextual()) {
            any.put("string_value", v.asText());
        } else if (v.isBoolean()) {
            any.put("bool_value", v.asBoolean());
        } else if (v.isIntegralNumber()) {
            any.put("int_value", v.asLong());
        } else if (v.isNumber()) {
            any.put("double_value", v.asDouble());
        } else if (v.isArray()) {
            ArrayNode values = any.putObject("array_value").putArray("values");
            v.forEach(x -> values.add(anyValue(x)));
        } else {
            ArrayNode values = any.putObject("kvlist_value").putArray("values");
            v.fields().forEachRemaining(e -> values.add(keyValue(e.getKey(), e.getValue())));
        }
        return any;
    }
}
