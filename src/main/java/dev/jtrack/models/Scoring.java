package dev.jtrack.models;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tech.tablesaw.api.BooleanColumn;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.FloatColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/**
 * MLflow's scoring protocol: reads a request body ({@code dataframe_split},
 * {@code dataframe_records}, {@code instances}, {@code inputs} JSON, or CSV) into a table typed by
 * the model's signature, and writes predictions as {@code {"predictions": ...}}. Every malformed
 * body is a {@link ScoringException} with a message saying what is wrong.
 */
public final class Scoring {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final List<String> FORMATS = List.of("dataframe_split", "dataframe_records", "instances", "inputs");

    private final ModelSignature signature;

    /** @param signature the model's signature, or null (column types are then taken from the values) */
    public Scoring(ModelSignature signature) {
        this.signature = signature;
    }

    /** Reads a JSON request body. */
    public Table parseJson(byte[] body) {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (java.io.IOException e) {
            throw new ScoringException("Invalid input. Ensure that input is a valid JSON formatted string. Error: "
                    + (e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage()));
        }
        if (root == null || !root.isObject()) {
            throw new ScoringException("Invalid input. The JSON body must be an object with one of the keys " + FORMATS + ".");
        }
        List<String> keys = new ArrayList<>();
        root.fieldNames().forEachRemaining(k -> { if (FORMATS.contains(k)) keys.add(k); });
        if (keys.size() != 1) {
            throw new ScoringException("Invalid input. The input must contain exactly one of the keys " + FORMATS
                    + (keys.isEmpty() ? ", got " + fieldNames(root) : ", got " + keys) + ".");
        }
        JsonNode v = root.get(keys.get(0));
        return switch (keys.get(0)) {
            case "dataframe_split" -> split(v);
            case "dataframe_records" -> records(v);
            default -> instances(v);
        };
    }

    private static List<String> fieldNames(JsonNode n) {
        List<String> l = new ArrayList<>();
        n.fieldNames().forEachRemaining(l::add);
        return l;
    }

    private Table split(JsonNode v) {
        if (!v.isObject() || !v.path("data").isArray()) {
            throw new ScoringException("Invalid input. dataframe_split must be an object with 'data' (a list of rows)"
                    + " and optionally 'columns'.");
        }
        List<String> cols = new ArrayList<>();
        if (v.has("columns")) {
            if (!v.get("columns").isArray()) throw new ScoringException("Invalid input. dataframe_split 'columns' must be a list.");
            v.get("columns").forEach(c -> cols.add(c.asText()));
        }
        List<JsonNode> rows = new ArrayList<>();
        v.get("data").forEach(rows::add);
        return fromRows(cols.isEmpty() ? null : cols, rows, "dataframe_split");
    }

    private Table records(JsonNode v) {
        if (!v.isArray()) throw new ScoringException("Invalid input. dataframe_records must be a list of objects.");
        List<String> cols = new ArrayList<>();
        for (JsonNode r : v) {
            if (!r.isObject()) throw new ScoringException("Invalid input. dataframe_records must be a list of objects, got " + r);
            r.fieldNames().forEachRemaining(k -> { if (!cols.contains(k)) cols.add(k); });
        }
        Map<String, List<JsonNode>> columns = new LinkedHashMap<>();
        for (String c : cols) {
            List<JsonNode> values = new ArrayList<>();
            for (JsonNode r : v) values.add(r.get(c));
            columns.put(c, values);
        }
        return build(columns, v.size());
    }

    private Table instances(JsonNode v) {
        if (v.isObject()) { // column name -> list of values
            Map<String, List<JsonNode>> columns = new LinkedHashMap<>();
            int n = -1;
            for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                List<JsonNode> values = new ArrayList<>();
                if (e.getValue().isArray()) e.getValue().forEach(values::add); else values.add(e.getValue());
                if (n >= 0 && values.size() != n) {
                    throw new ScoringException("Invalid input. All columns must have the same length; '" + e.getKey()
                            + "' has " + values.size() + ", expected " + n + ".");
                }
                n = values.size();
                columns.put(e.getKey(), values);
            }
            return build(columns, Math.max(n, 0));
        }
        if (!v.isArray()) throw new ScoringException("Invalid input. instances/inputs must be a list or an object of columns.");
        if (v.size() > 0 && v.get(0).isObject()) return records(v);
        List<JsonNode> rows = new ArrayList<>();
        v.forEach(r -> rows.add(r.isArray() ? r : NODES.arrayNode().add(r)));
        return fromRows(null, rows, "instances");
    }

    private Table fromRows(List<String> cols, List<JsonNode> rows, String format) {
        int width = cols != null ? cols.size() : rows.isEmpty() ? 0 : rows.get(0).size();
        if (cols == null) {
            cols = new ArrayList<>();
            List<String> names = signature == null ? List.of() : signature.inputNames();
            for (int i = 0; i < width; i++) cols.add(i < names.size() && names.get(i) != null ? names.get(i) : String.valueOf(i));
        }
        Map<String, List<JsonNode>> columns = new LinkedHashMap<>();
        for (String c : cols) columns.put(c, new ArrayList<>());
        int r = 0;
        for (JsonNode row : rows) {
            if (!row.isArray() || row.size() != width) {
                throw new ScoringException("Invalid input. " + format + " row " + r + " must be a list of " + width
                        + " values, got " + row + ".");
            }
            for (int i = 0; i < width; i++) columns.get(cols.get(i)).add(row.get(i));
            r++;
        }
        return build(columns, rows.size());
    }

    private Table build(Map<String, List<JsonNode>> columns, int rows) {
        Table t = Table.create("input");
        if (signature != null) {
            for (ColSpec c : signature.inputs()) {
                if (c.required() && c.name() != null && !columns.containsKey(c.name())) {
                    throw new ScoringException("Invalid input. Model is missing inputs " + missing(columns) + "."
                            + " Note that there were extra inputs: " + extra(columns));
                }
            }
        }
        for (Map.Entry<String, List<JsonNode>> e : columns.entrySet()) {
            ColSpec spec = signature == null ? null : signature.input(e.getKey());
            String type = spec != null ? spec.type() : guess(e.getValue());
            t.addColumns(column(e.getKey(), type, e.getValue()));
        }
        return t;
    }

    private List<String> missing(Map<String, ?> columns) {
        return signature.inputs().stream().map(ColSpec::name).filter(n -> n != null && !columns.containsKey(n)).toList();
    }

    private List<String> extra(Map<String, ?> columns) {
        return columns.keySet().stream().filter(n -> signature.input(n) == null).toList();
    }

    private static String guess(List<JsonNode> values) {
        boolean allInt = true;
        for (JsonNode v : values) {
            if (v == null || v.isNull()) continue;
            if (v.isTextual()) return "string";
            if (v.isBoolean()) return "boolean";
            if (!v.isNumber()) throw new ScoringException("Invalid input. Unsupported value " + v + ": expected a number, string or boolean.");
            if (!v.canConvertToLong() || v.isFloatingPointNumber()) allInt = false;
        }
        return allInt && !values.isEmpty() ? "long" : "double";
    }

    private static Column<?> column(String name, String type, List<JsonNode> values) {
        try {
            switch (type) {
                case "double": {
                    DoubleColumn c = DoubleColumn.create(name);
                    for (JsonNode v : values) { if (isNull(v)) c.appendMissing(); else c.append(number(v, name).doubleValue()); }
                    return c;
                }
                case "float": {
                    FloatColumn c = FloatColumn.create(name);
                    for (JsonNode v : values) { if (isNull(v)) c.appendMissing(); else c.append(number(v, name).floatValue()); }
                    return c;
                }
                case "integer": {
                    IntColumn c = IntColumn.create(name);
                    for (JsonNode v : values) { if (isNull(v)) c.appendMissing(); else c.append(Math.toIntExact(whole(v, name))); }
                    return c;
                }
                case "long": {
                    LongColumn c = LongColumn.create(name);
                    for (JsonNode v : values) { if (isNull(v)) c.appendMissing(); else c.append(whole(v, name)); }
                    return c;
                }
                case "boolean": {
                    BooleanColumn c = BooleanColumn.create(name);
                    for (JsonNode v : values) {
                        if (isNull(v)) c.appendMissing();
                        else if (v.isBoolean()) c.append(v.booleanValue());
                        else if (v.isTextual() && (v.asText().equalsIgnoreCase("true") || v.asText().equalsIgnoreCase("false"))) c.append(Boolean.parseBoolean(v.asText()));
                        else throw new ScoringException("Invalid input. Column '" + name + "' expects booleans, got " + v + ".");
                    }
                    return c;
                }
                default: {
                    StringColumn c = StringColumn.create(name);
                    for (JsonNode v : values) { if (isNull(v)) c.appendMissing(); else c.append(v.isTextual() ? v.asText() : v.toString()); }
                    return c;
                }
            }
        } catch (ArithmeticException e) {
            throw new ScoringException("Invalid input. Column '" + name + "' value out of range for " + type + ".");
        }
    }

    private static boolean isNull(JsonNode v) {
        return v == null || v.isNull();
    }

    private static Number number(JsonNode v, String col) {
        if (v.isNumber()) return v.numberValue();
        if (v.isTextual()) {
            try {
                return Double.parseDouble(v.asText().strip());
            } catch (NumberFormatException e) {
                // fall through to the error
            }
        }
        throw new ScoringException("Invalid input. Column '" + col + "' expects numbers, got " + v + ".");
    }

    private static long whole(JsonNode v, String col) {
        Number n = number(v, col);
        double d = n.doubleValue();
        if (n instanceof Double || n instanceof Float || n instanceof java.math.BigDecimal) {
            if (d != Math.rint(d)) throw new ScoringException("Invalid input. Column '" + col + "' expects integers, got " + v + ".");
            return (long) d;
        }
        return n.longValue();
    }

    /** Reads a CSV body with a header row. */
    public Table parseCsv(byte[] body) {
        List<List<String>> rows = Csv.parse(new String(body, java.nio.charset.StandardCharsets.UTF_8));
        if (rows.isEmpty()) throw new ScoringException("Invalid input. The CSV body is empty; expected a header row.");
        List<String> header = rows.get(0);
        Map<String, List<JsonNode>> columns = new LinkedHashMap<>();
        for (String h : header) {
            if (columns.put(h, new ArrayList<>()) != null) throw new ScoringException("Invalid input. Duplicate CSV column '" + h + "'.");
        }
        for (int r = 1; r < rows.size(); r++) {
            List<String> row = rows.get(r);
            if (row.size() != header.size()) {
                throw new ScoringException("Invalid input. CSV line " + (r + 1) + " has " + row.size() + " fields, expected "
                        + header.size() + ".");
            }
            for (int i = 0; i < row.size(); i++) {
                String s = row.get(i);
                columns.get(header.get(i)).add(s.isEmpty() ? NODES.nullNode() : csvValue(s, header.get(i)));
            }
        }
        return build(columns, rows.size() - 1);
    }

    private JsonNode csvValue(String s, String col) {
        ColSpec spec = signature == null ? null : signature.input(col);
        if (spec != null && !spec.numeric()) return NODES.textNode(s);
        try {
            return s.matches("-?\\d{1,18}") ? NODES.numberNode(Long.parseLong(s)) : NODES.numberNode(Double.parseDouble(s));
        } catch (NumberFormatException e) {
            return NODES.textNode(s);
        }
    }

    /** {@code {"predictions": ...}}: a list of values for one output column, of records for several. */
    public static String predictionsJson(Table out) {
        ObjectNode root = NODES.objectNode();
        ArrayNode preds = root.putArray("predictions");
        if (out.columnCount() == 1) {
            Column<?> c = out.column(0);
            for (int r = 0; r < out.rowCount(); r++) preds.addPOJO(c.isMissing(r) ? null : jsonValue(c.get(r)));
        } else {
            for (int r = 0; r < out.rowCount(); r++) {
                ObjectNode o = preds.addObject();
                for (Column<?> c : out.columns()) o.putPOJO(c.name(), c.isMissing(r) ? null : jsonValue(c.get(r)));
            }
        }
        return root.toString();
    }

    static Object jsonValue(Object v) {
        if (v instanceof Number || v instanceof Boolean || v instanceof String) return v;
        return String.valueOf(v);
    }
}
