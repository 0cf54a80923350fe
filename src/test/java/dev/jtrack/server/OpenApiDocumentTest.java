package dev.jtrack.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jtrack.server.Http.Reply;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The OpenAPI description cannot drift from the handlers: every route the server registers has
 * an operation with the same method and path template, and every operation has a route.
 */
class OpenApiDocumentTest {
    /** The web UI's page and assets: served, but not part of the HTTP API. */
    private static final Set<String> WEB_UI = Set.of("GET /", "GET " + WebUi.STATIC_PREFIX + "{name}");
    private static final Pattern WILDCARD = Pattern.compile("<([^>]+)>");

    @TempDir Path dir;

    /**
     * The routes as the document names them: framework wildcards {@code <name>} as {@code {name}};
     * the catch-all registrations of {@link ApiRoutes} (its endpoints are listed one by one), the
     * {@code /ajax-api/} mirrors and the web UI left out.
     */
    static Set<String> describable(Set<String> routes) {
        Set<String> out = new TreeSet<>();
        for (String route : routes) {
            String path = route.substring(route.indexOf(' ') + 1);
            if (path.startsWith("/ajax-api/") || path.matches("/api/[0-9.]+/mlflow/<path>")) continue;
            Matcher m = WILDCARD.matcher(route);
            String normalized = m.replaceAll("{$1}");
            if (!WEB_UI.contains(normalized)) out.add(normalized);
        }
        return out;
    }

    /** What one side has and the other lacks, as readable lines; empty when they agree. */
    static List<String> drift(Set<String> routes, Set<String> operations) {
        List<String> out = new ArrayList<>();
        for (String r : routes) {
            if (!operations.contains(r)) out.add("served but not described in openapi.yaml: " + r);
        }
        for (String o : operations) {
            if (!routes.contains(o)) out.add("described in openapi.yaml but not served: " + o);
        }
        return out;
    }

    @Test
    void everyRouteIsDescribedAndEveryOperationIsServed() {
        Set<String> operations = OpenApiDocument.load().operations();
        try (TestServer server = TestServer.start(dir, null)) {
            Set<String> routes = describable(server.routes());
            assertTrue(routes.size() > 80, routes.toString());
            List<String> drift = drift(routes, operations);
            assertTrue(drift.isEmpty(), String.join("\n", drift) + "\nEvery route needs an operation (same method and path"
                    + " template) in src/main/resources/dev/jtrack/server/openapi/openapi.yaml; its header says how.");
        }
    }

    @Test
    void driftIsReportedBothWaysWithMethodAndPathTemplate() {
        Set<String> described = Set.of("GET /api/2.0/mlflow/runs/get", "PATCH /api/2.0/mlflow/logged-models/{model_id}");
        assertEquals(List.of(), drift(Set.of("GET /api/2.0/mlflow/runs/get", "PATCH /api/2.0/mlflow/logged-models/{model_id}"), described));
        assertEquals(List.of("served but not described in openapi.yaml: POST /api/2.0/mlflow/runs/get",
                        "described in openapi.yaml but not served: GET /api/2.0/mlflow/runs/get"),
                drift(Set.of("POST /api/2.0/mlflow/runs/get", "PATCH /api/2.0/mlflow/logged-models/{model_id}"), described));
        assertEquals(List.of("served but not described in openapi.yaml: PATCH /api/2.0/mlflow/logged-models/{id}",
                        "described in openapi.yaml but not served: PATCH /api/2.0/mlflow/logged-models/{model_id}"),
                drift(Set.of("GET /api/2.0/mlflow/runs/get", "PATCH /api/2.0/mlflow/logged-models/{id}"), described));
        assertEquals(Set.of("GET /api/2.0/mlflow-artifacts/artifacts/{path}", "GET /health"), describable(Set.of(
                "GET /api/2.0/mlflow-artifacts/artifacts/<path>", "GET /ajax-api/2.0/mlflow-artifacts/artifacts/<path>",
                "GET /api/2.0/mlflow/<path>", "POST /ajax-api/3.0/mlflow/<path>", "GET /health", "GET /")));
    }

    @Test
    void theServedDocumentIsTheExpandedDescription() throws Exception {
        try (TestServer server = TestServer.start(dir, null)) {
            Reply reply = new Http(server.port()).get(OpenApiDocument.PATH);
            assertEquals(200, reply.status(), reply.toString());
            assertTrue(reply.raw().headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
            JsonNode doc = reply.json();
            assertEquals("3.1.0", doc.path("openapi").asText());
            assertEquals(OpenApiDocument.load().tree(), doc);
            assertFalse(reply.body().contains("x-request") || reply.body().contains("x-response"), "shorthands left unexpanded");
        }
    }

    @Test
    void shorthandsExpandToParametersBodiesAndReplies() {
        JsonNode paths = OpenApiDocument.load().tree().path("paths");
        JsonNode list = paths.path("/api/2.0/mlflow/artifacts/list").path("get");
        List<String> names = new ArrayList<>();
        list.path("parameters").forEach(p -> names.add(p.path("in").asText() + ":" + p.path("name").asText()));
        assertEquals(List.of("query:run_id", "query:run_uuid", "query:path", "query:page_token"), names);
        assertEquals("#/components/schemas/FileList",
                list.path("responses").path("200").path("content").path("application/json").path("schema").path("$ref").asText());
        assertEquals("#/components/responses/Error", list.path("responses").path("4XX").path("$ref").asText());
        JsonNode create = paths.path("/api/2.0/mlflow/experiments/create").path("post");
        assertEquals("object", create.path("requestBody").path("content").path("application/json").path("schema").path("type").asText());
        JsonNode tagged = paths.path("/api/2.0/mlflow/logged-models/{model_id}/tags/{tag_key}");
        assertEquals(2, tagged.path("parameters").size());
        assertEquals("tag_key", tagged.path("parameters").get(1).path("name").asText());
    }

    @Test
    void everyReferenceResolvesAndEveryOperationIdIsUnique() {
        JsonNode doc = OpenApiDocument.load().tree();
        List<String> refs = new ArrayList<>();
        collectRefs(doc, refs);
        assertFalse(refs.isEmpty());
        for (String ref : refs) {
            assertTrue(ref.startsWith("#/"), ref);
            assertFalse(doc.at(ref.substring(1)).isMissingNode(), "unresolved " + ref);
        }
        Set<String> ids = new TreeSet<>();
        doc.path("paths").forEach(item -> item.forEach(op -> {
            if (op.has("operationId")) assertTrue(ids.add(op.path("operationId").asText()), op.path("operationId").asText());
        }));
        assertEquals(OpenApiDocument.load().operations().size(), ids.size());
    }

    private static void collectRefs(JsonNode node, List<String> out) {
        if (node.isObject()) {
            node.fields().forEachRemaining(e -> {
                if (e.getKey().equals("$ref")) out.add(e.getValue().asText());
                else collectRefs(e.getValue(), out);
            });
        } else if (node.isArray()) {
            node.forEach(n -> collectRefs(n, out));
        }
    }
}
