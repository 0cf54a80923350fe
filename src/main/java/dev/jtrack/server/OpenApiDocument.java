package dev.jtrack.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The OpenAPI 3.1 description of the server's HTTP API, served at {@value #PATH}: the hand-kept
 * resource {@code openapi/openapi.yaml} with its shorthands expanded (see the resource's header):
 * {@code x-request} becomes query parameters (GET) or a JSON request body, {@code x-response} the
 * 200 reply, {@code {name}} path segments path parameters, and every operation gets MLflow's error
 * body for 4XX and an {@code operationId}.
 */
final class OpenApiDocument {
    /** Where the server serves the document. */
    static final String PATH = "/api/openapi.json";
    private static final String RESOURCE = "/dev/jtrack/server/openapi/openapi.yaml";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final Pattern PATH_PARAMETER = Pattern.compile("\\{([^}/]+)}");
    private static final String SCHEMAS = "#/components/schemas/";
    private static final List<String> METHODS = List.of("get", "put", "post", "delete", "patch", "head", "options");

    private static volatile byte[] cached;

    private final ObjectNode document;

    private OpenApiDocument(ObjectNode document) {
        this.document = document;
    }

    /** The expanded document, read from the resource. */
    static OpenApiDocument load() {
        try (InputStream in = OpenApiDocument.class.getResourceAsStream(RESOURCE)) {
            if (in == null) throw new IllegalStateException("missing resource " + RESOURCE);
            ObjectNode source = (ObjectNode) new ObjectMapper(new YAMLFactory()).readTree(in);
            return new OpenApiDocument(expand(source));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The document as JSON bytes, built once per process. */
    static byte[] json() {
        byte[] b = cached;
        if (b == null) {
            try {
                b = JSON.writeValueAsBytes(load().document);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            cached = b;
        }
        return b;
    }

    /** The expanded document. */
    ObjectNode tree() {
        return document;
    }

    /** Every operation as {@code "METHOD /path/{template}"}, sorted. */
    Set<String> operations() {
        Set<String> out = new TreeSet<>();
        document.path("paths").fields().forEachRemaining(p -> p.getValue().fieldNames().forEachRemaining(m -> {
            if (METHODS.contains(m)) out.add(m.toUpperCase(Locale.ROOT) + " " + p.getKey());
        }));
        return out;
    }

    private static ObjectNode expand(ObjectNode source) {
        ObjectNode schemas = (ObjectNode) source.path("components").path("schemas");
        for (Iterator<Map.Entry<String, JsonNode>> paths = source.path("paths").fields(); paths.hasNext(); ) {
            Map.Entry<String, JsonNode> path = paths.next();
            ObjectNode item = (ObjectNode) path.getValue();
            addPathParameters(path.getKey(), item);
            for (String method : METHODS) {
                if (item.get(method) instanceof ObjectNode op) {
                    expandOperation(method, path.getKey(), op, schemas);
                }
            }
        }
        return source;
    }

    private static void addPathParameters(String path, ObjectNode item) {
        Matcher m = PATH_PARAMETER.matcher(path);
        ArrayNode parameters = null;
        while (m.find()) {
            if (parameters == null) parameters = item.putArray("parameters");
            parameters.addObject().put("name", m.group(1)).put("in", "path").put("required", true)
                    .putObject("schema").put("type", "string").put("minLength", 1);
        }
    }

    private static void expandOperation(String method, String path, ObjectNode op, ObjectNode schemas) {
        if (!op.has("operationId")) {
            op.put("operationId", method + path.replaceAll("[^A-Za-z0-9]+", "_"));
        }
        JsonNode request = op.remove("x-request");
        if (request != null) {
            JsonNode schema = schemaRef(request);
            if (method.equals("get")) {
                ArrayNode parameters = op.has("parameters") ? (ArrayNode) op.get("parameters") : op.putArray("parameters");
                queryParameters(schema, schemas).forEach(parameters::add);
            } else {
                ObjectNode body = op.putObject("requestBody").put("required", true);
                body.putObject("content").putObject("application/json").set("schema", schema);
            }
        }
        JsonNode response = op.remove("x-response");
        ObjectNode responses = op.has("responses") ? (ObjectNode) op.get("responses") : NODES.objectNode();
        op.remove("responses");
        ObjectNode ordered = op.putObject("responses");
        if (response != null) {
            ordered.putObject("200").put("description", "OK")
                    .putObject("content").putObject("application/json").set("schema", schemaRef(response));
        }
        ordered.setAll(responses);
        if (!ordered.has("4XX")) {
            ordered.putObject("4XX").put("$ref", "#/components/responses/Error");
        }
    }

    /** A schema given by name (a component) or inline. */
    private static JsonNode schemaRef(JsonNode given) {
        if (given.isTextual()) {
            return NODES.objectNode().put("$ref", SCHEMAS + given.textValue());
        }
        return given;
    }

    /** One query parameter per field of the request message (fields of allOf parts and $refs included). */
    private static List<ObjectNode> queryParameters(JsonNode schema, ObjectNode schemas) {
        Map<String, JsonNode> properties = new LinkedHashMap<>();
        Set<String> required = new LinkedHashSet<>();
        collect(schema, schemas, properties, required);
        List<ObjectNode> out = new ArrayList<>();
        properties.forEach((name, propertySchema) -> {
            ObjectNode p = NODES.objectNode().put("name", name).put("in", "query");
            if (required.contains(name)) p.put("required", true);
            if (propertySchema.path("deprecated").asBoolean(false)) p.put("deprecated", true);
            p.set("schema", propertySchema);
            out.add(p);
        });
        return out;
    }

    private static void collect(JsonNode schema, ObjectNode schemas, Map<String, JsonNode> properties, Set<String> required) {
        String ref = schema.path("$ref").asText("");
        if (ref.startsWith(SCHEMAS)) {
            JsonNode target = schemas.get(ref.substring(SCHEMAS.length()));
            if (target == null) throw new IllegalStateException("unknown schema " + ref);
            collect(target, schemas, properties, required);
            return;
        }
        for (JsonNode part : schema.path("allOf")) collect(part, schemas, properties, required);
        schema.path("properties").fields().forEachRemaining(e -> properties.put(e.getKey(), e.getValue()));
        schema.path("required").forEach(r -> required.add(r.asText()));
    }
}
