package dev.jtrack.server;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jtrack.tracking.trace.Assessment;
import dev.jtrack.tracking.trace.Span;
import dev.jtrack.tracking.trace.TraceInfo;
import dev.jtrack.tracking.trace.TraceState;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * MLflow 3's JSON for traces: {@code TraceInfoV3} (timestamps and durations in protobuf's JSON
 * forms, {@code "2025-01-01T10:00:00.250Z"} and {@code "0.274s"}), traces with their spans, and
 * assessments.
 */
final class TraceJson {
    static final ObjectMapper MAPPER = new ObjectMapper();

    private TraceJson() {}

    /** Writes {@code info} as a {@code TraceInfoV3} object. */
    static void info(JsonGenerator g, TraceInfo info) throws IOException {
        g.writeStartObject();
        g.writeStringField("trace_id", info.traceId());
        g.writeObjectFieldStart("trace_location");
        g.writeStringField("type", "MLFLOW_EXPERIMENT");
        g.writeObjectFieldStart("mlflow_experiment");
        g.writeStringField("experiment_id", info.experimentId());
        g.writeEndObject();
        g.writeEndObject();
        g.writeStringField("request_time", timestamp(info.requestTime()));
        if (info.executionDuration() != null) {
            g.writeStringField("execution_duration", duration(info.executionDuration()));
        }
        g.writeStringField("state", info.state().name());
        map(g, "trace_metadata", info.metadata());
        if (!info.assessments().isEmpty()) {
            g.writeArrayFieldStart("assessments");
            for (Assessment a : info.assessments()) {
                g.writeRawValue(a.json());
            }
            g.writeEndArray();
        }
        map(g, "tags", info.tags());
        if (info.clientRequestId() != null) g.writeStringField("client_request_id", info.clientRequestId());
        if (info.requestPreview() != null) g.writeStringField("request_preview", info.requestPreview());
        if (info.responsePreview() != null) g.writeStringField("response_preview", info.responsePreview());
        g.writeEndObject();
    }

    /** Writes a {@code Trace}: its info and, when given, its spans as stored. */
    static void trace(JsonGenerator g, TraceInfo info, List<Span> spans) throws IOException {
        g.writeStartObject();
        g.writeFieldName("trace_info");
        info(g, info);
        if (spans != null && !spans.isEmpty()) {
            g.writeArrayFieldStart("spans");
            for (Span s : spans) {
                g.writeRawValue(s.json());
            }
            g.writeEndArray();
        }
        g.writeEndObject();
    }

    private static void map(JsonGenerator g, String name, Map<String, String> m) throws IOException {
        if (m.isEmpty()) return;
        g.writeObjectFieldStart(name);
        for (Map.Entry<String, String> e : m.entrySet()) {
            g.writeStringField(e.getKey(), e.getValue());
        }
        g.writeEndObject();
    }

    /** A {@code TraceInfoV3} from a request. */
    static TraceInfo parseInfo(Params p) {
        String experimentId = null;
        Params location = p.object("trace_location");
        if (location != null && location.object("mlflow_experiment") != null) {
            experimentId = location.object("mlflow_experiment").string("experiment_id");
        }
        if (experimentId == null || experimentId.isEmpty()) {
            throw p.invalidValue("trace_location", "must name an MLflow experiment (mlflow_experiment.experiment_id).");
        }
        String traceId = p.requiredString("trace_id");
        List<Assessment> assessments = new ArrayList<>();
        JsonNode given = p.json("assessments");
        if (given != null && given.isArray()) {
            for (JsonNode a : given) {
                if (a.isObject()) assessments.add(newAssessment(traceId, (ObjectNode) a.deepCopy()));
            }
        }
        return new TraceInfo(traceId, experimentId, parseTimestamp(p, "request_time"), parseDuration(p, "execution_duration"),
                TraceState.parse(p.string("state")), p.string("client_request_id"), p.string("request_preview"),
                p.string("response_preview"), stringMap(p, "trace_metadata"), stringMap(p, "tags"), assessments);
    }

    private static Map<String, String> stringMap(Params p, String name) {
        JsonNode n = p.json(name);
        Map<String, String> out = new LinkedHashMap<>();
        if (n == null) return out;
        if (!n.isObject()) throw p.invalidValue(name, "must be an object of strings.");
        for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getValue().isValueNode()) throw p.invalidValue(name, "must be an object of strings.");
            out.put(e.getKey(), e.getValue().asText());
        }
        return out;
    }

    /**
     * An assessment as stored: the client's JSON with the server's id, the trace id, both times
     * (now when not given) and {@code valid} (default true).
     */
    static Assessment newAssessment(String traceId, ObjectNode a) {
        String name = a.path("assessment_name").asText("");
        if (name.isEmpty()) {
            throw ApiException.invalidParameter("Missing value for required parameter 'assessment.assessment_name'.");
        }
        if (!a.has("feedback") && !a.has("expectation")) {
            throw ApiException.invalidParameter("An assessment needs a 'feedback' or an 'expectation'.");
        }
        long now = System.currentTimeMillis();
        String id = a.path("assessment_id").asText("");
        if (id.isEmpty()) {
            id = "a-" + java.util.UUID.randomUUID().toString().replace("-", "");
        }
        long created = a.has("create_time") ? parseTimestamp(a.get("create_time").asText(), "create_time") : now;
        long updated = a.has("last_update_time") ? parseTimestamp(a.get("last_update_time").asText(), "last_update_time") : created;
        ObjectNode out = MAPPER.createObjectNode();
        out.put("assessment_id", id);
        out.put("assessment_name", name);
        out.put("trace_id", traceId);
        a.remove(List.of("assessment_id", "assessment_name", "trace_id", "create_time", "last_update_time"));
        if (a.has("source")) out.set("source", a.remove("source"));
        out.put("create_time", timestamp(created));
        out.put("last_update_time", timestamp(updated));
        out.setAll(a);
        if (!out.has("valid")) out.put("valid", true);
        serializeStructuredExpectation(out);
        return new Assessment(id, traceId, name, created, updated, out.toString());
    }

    /** {@code stored} with the fields named in {@code mask} (camelCase or snake_case, comma-separated) taken from {@code update}. */
    static Assessment updateAssessment(Assessment stored, ObjectNode update, String mask) throws IOException {
        ObjectNode out = (ObjectNode) MAPPER.readTree(stored.json());
        List<String> fields = new ArrayList<>();
        if (mask == null || mask.isBlank()) {
            update.fieldNames().forEachRemaining(fields::add);
        } else {
            for (String f : mask.split(",")) fields.add(OtlpJson.snake(f.strip()));
        }
        for (String f : fields) {
            if (f.equals("assessment_id") || f.equals("trace_id") || f.equals("create_time")) continue;
            if (update.has(f)) {
                out.set(f, update.get(f));
            } else {
                out.remove(f);
            }
            if (f.equals("feedback")) out.remove("expectation");
            if (f.equals("expectation")) out.remove("feedback");
        }
        serializeStructuredExpectation(out);
        long now = System.currentTimeMillis();
        out.put("last_update_time", timestamp(now));
        String name = out.path("assessment_name").asText(stored.name());
        return new Assessment(stored.assessmentId(), stored.traceId(), name, stored.createTime(), now, out.toString());
    }

    /**
     * An expectation whose value is an object or a list is kept as MLflow's server keeps it:
     * {@code serialized_value} with the value as JSON text in {@code JSON_FORMAT}.
     */
    private static void serializeStructuredExpectation(ObjectNode assessment) {
        JsonNode expectation = assessment.get("expectation");
        if (expectation instanceof ObjectNode e && e.has("value") && e.get("value").isContainerNode()) {
            ObjectNode serialized = MAPPER.createObjectNode();
            serialized.put("serialization_format", "JSON_FORMAT");
            serialized.put("value", RegistryHandlers.pythonStyleJson(e.remove("value")));
            e.set("serialized_value", serialized);
        }
    }

    /** Epoch milliseconds as protobuf's JSON timestamp (0 or 3 fraction digits). */
    static String timestamp(long millis) {
        Instant i = Instant.ofEpochMilli(millis);
        return i.toString().replaceFirst("(\\.\\d{3})\\d*Z$", "$1Z");
    }

    /** Milliseconds as protobuf's JSON duration ("0s", "1.500s"). */
    static String duration(long millis) {
        if (millis % 1000 == 0) return (millis / 1000) + "s";
        return BigDecimal.valueOf(millis, 3).toPlainString() + "s";
    }

    private static long parseTimestamp(Params p, String name) {
        String v = p.string(name);
        if (v == null || v.isEmpty()) throw ApiException.invalidParameter("Missing value for required parameter '" + name + "'.");
        return parseTimestamp(v, name);
    }

    private static long parseTimestamp(String v, String name) {
        try {
            return OffsetDateTime.parse(v).toInstant().toEpochMilli();
        } catch (DateTimeParseException e) {
            throw ApiException.invalidParameter("Invalid value \"" + v + "\" for parameter '" + name
                    + "': expected an RFC 3339 timestamp such as 2025-01-01T10:00:00.250Z.");
        }
    }

    private static Long parseDuration(Params p, String name) {
        String v = p.string(name);
        if (v == null || v.isEmpty()) return null;
        try {
            if (!v.endsWith("s")) throw new NumberFormatException();
            return new BigDecimal(v.substring(0, v.length() - 1)).movePointRight(3).longValue();
        } catch (NumberFormatException e) {
            throw ApiException.invalidParameter("Invalid value \"" + v + "\" for parameter '" + name
                    + "': expected a duration such as 0.274s.");
        }
    }
}
