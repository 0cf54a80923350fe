package dev.jtrack.autolog.params;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parameter values as papermill's Java translator sends them: one JSON object, name to value,
 * with the values papermill already typed (numbers, booleans, strings, null, lists). They are
 * turned into the Java values {@link JavaParameters} types, exactly as YAML values of
 * {@code jtrack run -f}.
 */
public final class JsonParameters {
    private static final ObjectMapper JSON = new ObjectMapper();

    private JsonParameters() {}

    /** The values of the JSON object {@code json}, in order; anything else is a {@link ParameterError}. */
    public static Map<String, Object> parse(String json) throws ParameterError {
        JsonNode root;
        try {
            root = JSON.readTree(json == null ? "" : json);
        } catch (JsonProcessingException e) {
            throw new ParameterError("the parameters are not JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw new ParameterError("the parameters must be one JSON object of name: value, got "
                    + (root == null ? "nothing" : root.getNodeType().name().toLowerCase(java.util.Locale.ROOT)));
        }
        Map<String, Object> out = new LinkedHashMap<>();
        StringBuilder problems = new StringBuilder();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            try {
                out.put(field.getKey(), value(field.getKey(), field.getValue()));
            } catch (ParameterError e) {
                problems.append("\n  ").append(e.getMessage());
            }
        }
        if (problems.length() > 0) {
            throw new ParameterError("bad parameters:" + problems);
        }
        return out;
    }

    private static Object value(String name, JsonNode node) throws ParameterError {
        if (node.isNull()) {
            return null;
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        if (node.isIntegralNumber()) {
            return node.canConvertToInt() ? (Object) node.intValue()
                    : node.canConvertToLong() ? (Object) node.longValue() : node.bigIntegerValue();
        }
        if (node.isNumber()) {
            return node.doubleValue();
        }
        if (node.isTextual()) {
            return node.textValue();
        }
        if (node.isArray()) {
            List<Object> items = new ArrayList<>();
            for (JsonNode item : node) {
                items.add(value(name, item));
            }
            return items;
        }
        throw new ParameterError("parameter '" + name + "' is a " + node.getNodeType().name().toLowerCase(java.util.Locale.ROOT)
                + "; jtrack injects numbers, booleans, strings, null and lists of them");
    }
}
