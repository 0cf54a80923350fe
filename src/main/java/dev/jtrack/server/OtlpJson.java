package dev.jtrack.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * Turns an OTLP/HTTP JSON {@code ExportTraceServiceRequest} (camelCase fields, hex trace and span
 * ids, int64 as strings, enums as numbers) into the form {@link OtlpProtobuf} produces: snake_case,
 * base64 ids, int64 as numbers, enums by name.
 */
final class OtlpJson {
    private static final Set<String> ID_FIELDS = Set.of("trace_id", "span_id", "parent_span_id");
    private static final Set<String> INT64_FIELDS = Set.of("start_time_unix_nano", "end_time_unix_nano", "time_unix_nano", "int_value");
    private static final String[] STATUS_CODES = {"STATUS_CODE_UNSET", "STATUS_CODE_OK", "STATUS_CODE_ERROR"};
    private static final String[] SPAN_KINDS = {"SPAN_KIND_UNSPECIFIED", "SPAN_KIND_INTERNAL", "SPAN_KIND_SERVER",
            "SPAN_KIND_CLIENT", "SPAN_KIND_PRODUCER", "SPAN_KIND_CONSUMER"};
    private static final int MAX_DEPTH = 64;

    private OtlpJson() {}

    /** The request's resource spans in MLflow's form; IllegalArgumentException when malformed. */
    static ArrayNode resourceSpans(JsonNode request) {
        if (!request.isObject()) {
            throw new IllegalArgumentException("the body is not a JSON object");
        }
        JsonNode rs = request.has("resourceSpans") ? request.get("resourceSpans") : request.get("resource_spans");
        if (rs == null || !rs.isArray()) {
            throw new IllegalArgumentException("no resourceSpans array");
        }
        return (ArrayNode) normalise(rs, null, 0);
    }

    private static JsonNode normalise(JsonNode n, String field, int depth) {
        if (depth > MAX_DEPTH) {
            throw new IllegalArgumentException("nested deeper than " + MAX_DEPTH);
        }
        if (n.isObject()) {
            ObjectNode out = JsonNodeFactory.instance.objectNode();
            for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                String key = snake(e.getKey());
                out.set(key, normalise(e.getValue(), key, depth + 1));
            }
            return out;
        }
        if (n.isArray()) {
            ArrayNode out = JsonNodeFactory.instance.arrayNode();
            for (JsonNode item : n) {
                out.add(normalise(item, null, depth + 1));
            }
            return out;
        }
        if (field == null) {
            return n;
        }
        if (ID_FIELDS.contains(field) && n.isTextual()) {
            return n.textValue().isEmpty() ? n : JsonNodeFactory.instance.textNode(hexToBase64(n.textValue()));
        }
        if (INT64_FIELDS.contains(field) && n.isTextual()) {
            try {
                return JsonNodeFactory.instance.numberNode(Long.parseUnsignedLong(n.textValue()));
            } catch (NumberFormatException e) {
                return JsonNodeFactory.instance.numberNode(Long.parseLong(n.textValue()));
            }
        }
        if (field.equals("code") && n.isIntegralNumber()) {
            return JsonNodeFactory.instance.textNode(name(STATUS_CODES, n.intValue()));
        }
        if (field.equals("kind") && n.isIntegralNumber()) {
            return JsonNodeFactory.instance.textNode(name(SPAN_KINDS, n.intValue()));
        }
        return n;
    }

    private static String hexToBase64(String hex) {
        try {
            return Base64.getEncoder().encodeToString(HexFormat.of().parseHex(hex));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("trace and span ids must be hex strings: '" + hex + "'");
        }
    }

    /** camelCase to snake_case; snake_case stays as it is. */
    static String snake(String s) {
        StringBuilder b = new StringBuilder(s.length() + 4);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isUpperCase(c)) {
                b.append('_').append(Character.toLowerCase(c));
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    private static String name(String[] names, int n) {
        return n >= 0 && n < names.length ? names[n] : Integer.toString(n);
    }
}
