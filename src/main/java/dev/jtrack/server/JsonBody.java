package dev.jtrack.server;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;

/**
 * Parses request bodies into JSON trees, refusing anything that could not be stored exactly:
 * malformed JSON, duplicate keys, deep nesting, and numbers that overflow a double
 * (e.g. {@code 1e400}). Bare {@code NaN}/{@code Infinity} tokens are accepted, as Python's
 * JSON encoder (and so MLflow's Python client) emits them.
 */
final class JsonBody {
    static final int MAX_DEPTH = 64;

    private static final JsonFactory FACTORY = JsonFactory.builder()
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(MAX_DEPTH)
                    .maxNumberLength(400)
                    .build())
            .build();
    private static final JsonNodeFactory NODES = JsonNodeFactory.withExactBigDecimals(false);

    private JsonBody() {}

    /** The body as a JSON object; an empty body is an empty object. */
    static ObjectNode parseObject(byte[] body) {
        if (isBlank(body)) {
            return NODES.objectNode();
        }
        try (JsonParser p = FACTORY.createParser(body)) {
            p.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
            JsonToken first = p.nextToken();
            if (first != JsonToken.START_OBJECT) {
                throw ApiException.malformedRequest("Request body must be a JSON object.");
            }
            ObjectNode root = readObject(p);
            if (p.nextToken() != null) {
                throw ApiException.malformedRequest("Unexpected content after the JSON object.");
            }
            return root;
        } catch (JsonProcessingException e) {
            throw ApiException.malformedRequest("Malformed JSON in request body: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw ApiException.malformedRequest("Unreadable request body.");
        }
    }

    private static boolean isBlank(byte[] body) {
        for (byte b : body) {
            if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
                return false;
            }
        }
        return true;
    }

    private static ObjectNode readObject(JsonParser p) throws IOException {
        ObjectNode node = NODES.objectNode();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            node.set(name, readValue(p, p.nextToken()));
        }
        return node;
    }

    private static ArrayNode readArray(JsonParser p) throws IOException {
        ArrayNode node = NODES.arrayNode();
        JsonToken t;
        while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
            node.add(readValue(p, t));
        }
        return node;
    }

    private static JsonNode readValue(JsonParser p, JsonToken t) throws IOException {
        switch (t) {
            case START_OBJECT:
                return readObject(p);
            case START_ARRAY:
                return readArray(p);
            case VALUE_STRING:
                return NODES.textNode(p.getText());
            case VALUE_TRUE:
                return NODES.booleanNode(true);
            case VALUE_FALSE:
                return NODES.booleanNode(false);
            case VALUE_NULL:
                return NODES.nullNode();
            case VALUE_NUMBER_INT:
                switch (p.getNumberType()) {
                    case INT:
                    case LONG:
                        return NODES.numberNode(p.getLongValue());
                    default:
                        return NODES.numberNode(p.getBigIntegerValue());
                }
            case VALUE_NUMBER_FLOAT:
                double d = p.getDoubleValue();
                if (Double.isInfinite(d) && !p.isNaN()) {
                    throw ApiException.invalidParameter(
                            "Number " + p.getText() + " is out of the range of a double-precision value.");
                }
                return NODES.numberNode(d);
            default:
                throw ApiException.malformedRequest("Unexpected JSON token " + t + ".");
        }
    }
}
