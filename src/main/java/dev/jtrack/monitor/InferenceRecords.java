package dev.jtrack.monitor;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jtrack.models.PredictionEvent;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tech.tablesaw.api.NumericColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/**
 * The journal's record of one request, as JSON: {@code {"id", "t", "ms", "status", "error",
 * "in": {column: [values]}, "out": {column: [values]}}} (column-wise, as compact as the table).
 */
final class InferenceRecords {
    private static final JsonFactory FACTORY = new JsonFactory();
    private static final ObjectMapper JSON = new ObjectMapper();

    private InferenceRecords() {}

    /** Encodes an event; {@code withData} false keeps only the request's outcome (sampled out). */
    static byte[] encode(PredictionEvent e, boolean withData) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("id", e.requestId());
            g.writeNumberField("t", e.timeMillis());
            g.writeNumberField("ms", e.latencyNanos() / 1e6);
            g.writeNumberField("status", e.status());
            if (e.error() != null) g.writeStringField("error", e.error());
            if (e.succeeded() && withData) {
                writeTable(g, "in", e.input());
                writeTable(g, "out", e.output());
            }
            g.writeEndObject();
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        return out.toByteArray();
    }

    private static void writeTable(JsonGenerator g, String field, Table t) throws IOException {
        g.writeObjectFieldStart(field);
        for (Column<?> c : t.columns()) {
            g.writeArrayFieldStart(c.name());
            boolean numeric = c instanceof NumericColumn<?>;
            for (int r = 0; r < c.size(); r++) {
                if (c.isMissing(r)) {
                    g.writeNull();
                } else if (numeric) {
                    g.writeNumber(((NumericColumn<?>) c).getDouble(r));
                } else {
                    g.writeString(String.valueOf(c.get(r)));
                }
            }
            g.writeEndArray();
        }
        g.writeEndObject();
    }

    /** The rows of one journal record (one per input row; one error row for a refused request). */
    static List<InferenceRow> decode(byte[] json) throws IOException {
        JsonNode n = JSON.readTree(json);
        String id = n.path("id").asText();
        long t = n.path("t").asLong();
        double ms = n.path("ms").asDouble();
        int status = n.path("status").asInt();
        String error = n.hasNonNull("error") ? n.get("error").asText() : null;
        List<InferenceRow> rows = new ArrayList<>();
        if (status != 200) {
            rows.add(new InferenceRow(id, -1, t, ms, status, error, Map.of(), Map.of()));
            return rows;
        }
        List<Map<String, String>> in = columns(n.path("in"));
        List<Map<String, String>> out = columns(n.path("out"));
        if (in.isEmpty()) { // sampled out: the outcome counts, the data does not
            rows.add(new InferenceRow(id, -1, t, ms, status, null, Map.of(), Map.of()));
        }
        for (int r = 0; r < in.size(); r++) {
            rows.add(new InferenceRow(id, r, t, ms, status, null, in.get(r), r < out.size() ? out.get(r) : Map.of()));
        }
        return rows;
    }

    private static List<Map<String, String>> columns(JsonNode obj) {
        List<Map<String, String>> rows = new ArrayList<>();
        if (!(obj instanceof ObjectNode o)) return rows;
        for (Iterator<Map.Entry<String, JsonNode>> it = o.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> col = it.next();
            JsonNode values = col.getValue();
            for (int r = 0; r < values.size(); r++) {
                while (rows.size() <= r) rows.add(new LinkedHashMap<>());
                JsonNode v = values.get(r);
                rows.get(r).put(col.getKey(), v == null || v.isNull() ? "" : v.isNumber() ? numberText(v.asDouble()) : v.asText());
            }
        }
        return rows;
    }

    static String numberText(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
    }
}
