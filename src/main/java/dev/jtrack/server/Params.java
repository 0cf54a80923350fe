package dev.jtrack.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * Typed access to a request's fields, from a JSON body or from query parameters, with the
 * conversions protobuf's JSON mapping allows (int64 as a number or a decimal string, doubles as
 * numbers or {@code "NaN"}/{@code "Infinity"}/{@code "-Infinity"}). Wrong types and missing
 * required fields become {@code INVALID_PARAMETER_VALUE} errors naming the field. Null values
 * count as absent; unknown fields are ignored, as MLflow does.
 */
public final class Params {
    private static final String HINT = " See the API docs for more information about request parameters.";
    private static final BigDecimal LONG_MIN = BigDecimal.valueOf(Long.MIN_VALUE);
    private static final BigDecimal LONG_MAX = BigDecimal.valueOf(Long.MAX_VALUE);

    private final ObjectNode node;
    private final String path;
    private final boolean fromQuery;

    private Params(ObjectNode node, String path, boolean fromQuery) {
        this.node = node;
        this.path = path;
        this.fromQuery = fromQuery;
    }

    /** Fields of a JSON request body. */
    public static Params ofJson(ObjectNode body) {
        return new Params(body, "", false);
    }

    /** Fields of a query string; a field given several times is a repeated field. */
    public static Params ofQuery(Map<String, List<String>> query) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        query.forEach((k, values) -> {
            if (values.isEmpty()) {
                node.put(k, ""); // an undecodable value, e.g. "%zz": present but unusable
            } else if (values.size() == 1) {
                node.put(k, values.get(0));
            } else {
                ArrayNode arr = node.putArray(k);
                values.forEach(arr::add);
            }
        });
        return new Params(node, "", true);
    }

    /** These fields with the values of a path's {@code {name}} segments set (they win). */
    Params withPathValues(Map<String, String> values) {
        values.forEach(node::put);
        return this;
    }

    /** The raw JSON of a field, or null when absent. */
    public JsonNode json(String name) {
        return get(name);
    }

    /** Whether the field is present and not null. */
    public boolean has(String name) {
        JsonNode v = node.get(name);
        return v != null && !v.isNull();
    }

    private JsonNode get(String name) {
        JsonNode v = node.get(name);
        return v == null || v.isNull() ? null : v;
    }

    private String qualified(String name) {
        return path + name;
    }

    /** MLflow's wording: the value as compact JSON ({@code "foo"} for a string), then its Python type name. */
    ApiException invalid(String name, JsonNode value) {
        return ApiException.invalidParameter("Invalid value " + abbreviate(value.toString()) + " for parameter '"
                + qualified(name) + "' supplied:  Hint: Value was of type '" + typeName(value) + "'." + HINT);
    }

    /**
     * MLflow's refusal of a search's {@code max_results} outside 1..{@code threshold}:
     * "Invalid value N for parameter 'max_results' supplied. It must be a positive integer"
     * (or "... It must be at most T").
     */
    public static ApiException maxResultsOutOfRange(long value, long threshold) {
        return ApiException.invalidParameter("Invalid value " + value + " for parameter 'max_results' supplied. It must be "
                + (value < 1 ? "a positive integer" : "at most " + threshold));
    }

    /** An error for a field whose value is of the right type but not acceptable. */
    public ApiException invalidValue(String name, String why) {
        return ApiException.invalidParameter("Invalid value for parameter '" + qualified(name) + "': " + why);
    }

    private ApiException missing(String name) {
        return ApiException.invalidParameter("Missing value for required parameter '" + qualified(name) + "'." + HINT);
    }

    private static String abbreviate(String s) {
        return s.length() <= 100 ? s : s.substring(0, 100) + "...";
    }

    private static String typeName(JsonNode v) {
        if (v.isTextual()) return "str";
        if (v.isBoolean()) return "bool";
        if (v.isIntegralNumber()) return "int";
        if (v.isNumber()) return "float";
        if (v.isArray()) return "list";
        if (v.isObject()) return "dict";
        return "unknown";
    }

    /** An optional string field, null when absent. */
    public String string(String name) {
        JsonNode v = get(name);
        if (v == null) return null;
        if (!v.isTextual()) throw invalid(name, v);
        return v.textValue();
    }

    /** A required string field that protobuf clients may also send as an integer (model versions). */
    public String requiredVersion(String name) {
        JsonNode v = get(name);
        if (v != null && v.isIntegralNumber()) return v.asText();
        return requiredString(name);
    }

    /**
     * An optional protobuf enum field: its name as a string, or (as protobuf's JSON mapping also
     * allows) its number, translated with {@code namesByNumber[number - 1]}.
     */
    public String enumName(String name, String... namesByNumber) {
        JsonNode v = get(name);
        if (v != null && v.isIntegralNumber()) {
            long n = v.asLong();
            if (n < 1 || n > namesByNumber.length) throw invalid(name, v);
            return namesByNumber[(int) n - 1];
        }
        return string(name);
    }

    /** A string field that must be present and non-empty. */
    public String requiredString(String name) {
        String s = string(name);
        if (s == null || s.isEmpty()) throw missing(name);
        return s;
    }

    /** A required string field that may be empty (e.g. a tag value). */
    public String requiredStringAllowEmpty(String name) {
        String s = string(name);
        if (s == null) throw missing(name);
        return s;
    }

    /** The run id, given as {@code run_id} or the deprecated {@code run_uuid}. */
    public String runId() {
        String id = string("run_id");
        if (id == null || id.isEmpty()) id = string("run_uuid");
        if (id == null || id.isEmpty()) throw missing("run_id");
        return id;
    }

    /** An optional int64 field, null when absent. */
    public Long int64(String name) {
        JsonNode v = get(name);
        if (v == null) return null;
        if (v.isIntegralNumber()) {
            if (!v.canConvertToLong()) throw outOfRange(name, v);
            return v.longValue();
        }
        if (v.isDouble() || v.isFloat()) {
            double d = v.doubleValue();
            if (d == Math.rint(d) && Math.abs(d) <= 9.007199254740992E15) return (long) d;
            throw invalid(name, v);
        }
        if (v.isTextual()) {
            return parseLongText(name, v);
        }
        throw invalid(name, v);
    }

    private Long parseLongText(String name, JsonNode v) {
        String s = v.textValue().trim();
        try {
            BigDecimal bd = new BigDecimal(s);
            if (bd.compareTo(LONG_MIN) < 0 || bd.compareTo(LONG_MAX) > 0) throw outOfRange(name, v);
            return bd.longValueExact();
        } catch (NumberFormatException | ArithmeticException e) {
            throw invalid(name, v);
        }
    }

    private ApiException outOfRange(String name, JsonNode v) {
        return ApiException.invalidParameter("Invalid value " + abbreviate(v.asText()) + " for parameter '"
                + qualified(name) + "' supplied: out of the range of a 64-bit integer." + HINT);
    }

    public long int64(String name, long defaultValue) {
        Long v = int64(name);
        return v == null ? defaultValue : v;
    }

    public long requiredInt64(String name) {
        Long v = int64(name);
        if (v == null) throw missing(name);
        return v;
    }

    /** An optional int32 field, null when absent. */
    public Integer int32(String name) {
        Long v = int64(name);
        if (v == null) return null;
        if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
            throw ApiException.invalidParameter("Invalid value " + v + " for parameter '" + qualified(name)
                    + "' supplied: out of the range of a 32-bit integer." + HINT);
        }
        return v.intValue();
    }

    /** An optional double field; accepts numbers and the strings NaN, Infinity, -Infinity. */
    public Double dbl(String name) {
        JsonNode v = get(name);
        if (v == null) return null;
        if (v.isNumber()) return v.doubleValue();
        if (v.isTextual()) {
            String s = v.textValue().trim();
            switch (s) {
                case "NaN": return Double.NaN;
                case "Infinity": return Double.POSITIVE_INFINITY;
                case "-Infinity": return Double.NEGATIVE_INFINITY;
                default:
                    try {
                        if (s.isEmpty() || !Character.isDigit(s.charAt(s.length() - 1))) throw invalid(name, v);
                        double d = Double.parseDouble(s);
                        if (Double.isInfinite(d)) throw invalid(name, v);
                        return d;
                    } catch (NumberFormatException e) {
                        throw invalid(name, v);
                    }
            }
        }
        throw invalid(name, v);
    }

    public double requiredDouble(String name) {
        Double v = dbl(name);
        if (v == null) throw missing(name);
        return v;
    }

    /** An optional boolean field, null when absent. */
    public Boolean bool(String name) {
        JsonNode v = get(name);
        if (v == null) return null;
        if (v.isBoolean()) return v.booleanValue();
        if (v.isTextual()) {
            String s = v.textValue();
            if (s.equalsIgnoreCase("true")) return true;
            if (s.equalsIgnoreCase("false")) return false;
        }
        throw invalid(name, v);
    }

    public boolean bool(String name, boolean defaultValue) {
        Boolean v = bool(name);
        return v == null ? defaultValue : v;
    }

    /** A repeated string field; empty when absent. */
    public List<String> strings(String name) {
        JsonNode v = get(name);
        if (v == null) return Collections.emptyList();
        if (v.isTextual() && fromQuery) return List.of(v.textValue());
        if (!v.isArray()) throw invalid(name, v);
        List<String> out = new ArrayList<>(v.size());
        for (JsonNode item : v) {
            if (!item.isTextual()) throw invalid(name, v);
            out.add(item.textValue());
        }
        return out;
    }

    /** A repeated message field; empty when absent. */
    public List<Params> objects(String name) {
        JsonNode v = get(name);
        if (v == null) return Collections.emptyList();
        if (!v.isArray()) throw invalid(name, v);
        List<Params> out = new ArrayList<>(v.size());
        int i = 0;
        for (JsonNode item : v) {
            if (!item.isObject()) throw invalid(name + "[" + i + "]", item);
            out.add(new Params((ObjectNode) item, qualified(name) + "[" + i + "].", fromQuery));
            i++;
        }
        return out;
    }

    /** Number of elements of a repeated field (0 when absent). */
    public int count(String name) {
        JsonNode v = get(name);
        return v != null && v.isArray() ? v.size() : 0;
    }

    /** An optional message field, null when absent. */
    public Params object(String name) {
        JsonNode v = get(name);
        if (v == null) return null;
        if (!v.isObject()) throw invalid(name, v);
        return new Params((ObjectNode) v, qualified(name) + ".", fromQuery);
    }

    public Params requiredObject(String name) {
        Params p = object(name);
        if (p == null) throw missing(name);
        return p;
    }
}
