package dev.jtrack.models;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tech.tablesaw.api.ColumnType;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/**
 * The columns a model takes and returns, stored in {@code MLmodel} as MLflow stores a column-based
 * signature: {@code inputs} and {@code outputs} are JSON strings of
 * {@code [{"type": "double", "name": "x", "required": true}, ...]}.
 *
 * @param inputs the input columns
 * @param outputs the output columns, or empty when not known
 */
public record ModelSignature(List<ColSpec> inputs, List<ColSpec> outputs) {
    private static final ObjectMapper JSON = new ObjectMapper();

    public ModelSignature {
        inputs = List.copyOf(inputs);
        outputs = outputs == null ? List.of() : List.copyOf(outputs);
    }

    /** A signature inferred from an input table, and from an output table when not null. */
    public static ModelSignature infer(Table input, Table output) {
        return new ModelSignature(columns(input), output == null ? List.of() : columns(output));
    }

    private static List<ColSpec> columns(Table t) {
        List<ColSpec> list = new ArrayList<>();
        for (Column<?> c : t.columns()) {
            list.add(ColSpec.of(c.name(), typeOf(c.type())));
        }
        return list;
    }

    /** The MLflow data type of a Tablesaw column type. */
    public static String typeOf(ColumnType type) {
        // by name: Tablesaw's ColumnType constants can be read before they are initialized
        return switch (type.name()) {
            case "DOUBLE" -> "double";
            case "FLOAT" -> "float";
            case "INTEGER", "SHORT" -> "integer";
            case "LONG" -> "long";
            case "BOOLEAN" -> "boolean";
            case "LOCAL_DATE_TIME", "INSTANT", "LOCAL_DATE" -> "datetime";
            case "STRING", "TEXT" -> "string";
            default -> throw new IllegalArgumentException("No MLflow type for Tablesaw column type " + type.name());
        };
    }

    /** The names of the input columns, in order. */
    public List<String> inputNames() {
        return inputs.stream().map(ColSpec::name).toList();
    }

    /** The input column called {@code name}, or null. */
    public ColSpec input(String name) {
        for (ColSpec c : inputs) {
            if (name.equals(c.name())) return c;
        }
        return null;
    }

    /** The {@code signature} section of {@code MLmodel}. */
    Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("inputs", specJson(inputs));
        m.put("outputs", outputs.isEmpty() ? null : specJson(outputs));
        m.put("params", null);
        return m;
    }

    static ModelSignature fromMap(Map<?, ?> m) {
        return new ModelSignature(parseSpecs(m.get("inputs")), parseSpecs(m.get("outputs")));
    }

    /** The column list as MLflow's {@code json.dumps} writes it ({@code ", "} and {@code ": "} separators). */
    private static String specJson(List<ColSpec> specs) {
        StringBuilder b = new StringBuilder("[");
        for (ColSpec c : specs) {
            if (b.length() > 1) b.append(", ");
            b.append("{\"type\": ").append(quote(c.type()));
            if (c.name() != null) b.append(", \"name\": ").append(quote(c.name()));
            b.append(", \"required\": ").append(c.required()).append('}');
        }
        return b.append(']').toString();
    }

    private static String quote(String s) {
        return JSON.getNodeFactory().textNode(s).toString();
    }

    private static List<ColSpec> parseSpecs(Object value) {
        if (value == null) return List.of();
        JsonNode a;
        try {
            a = JSON.readTree(value.toString());
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Malformed signature " + value + ": " + e.getOriginalMessage());
        }
        if (!a.isArray()) {
            throw new IllegalArgumentException("Signature " + value + " is not a column list (tensor signatures are not supported)");
        }
        List<ColSpec> list = new ArrayList<>();
        for (JsonNode o : a) {
            if (!o.path("type").isTextual()) {
                throw new IllegalArgumentException("Signature column without a type: " + o);
            }
            list.add(new ColSpec(o.hasNonNull("name") ? o.get("name").asText() : null, o.get("type").asText(),
                    o.path("required").asBoolean(true)));
        }
        return list;
    }
}
