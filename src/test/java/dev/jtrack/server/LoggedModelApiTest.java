package dev.jtrack.server;

import static dev.jtrack.server.TrackingServerApiTest.API;
import static dev.jtrack.server.TrackingServerApiTest.assertError;
import static dev.jtrack.server.TrackingServerApiTest.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The MLflow 3 logged-model endpoints over raw HTTP against a real server on a temp SQLite store. */
class LoggedModelApiTest {
    @TempDir static Path dir;
    static TestServer server;
    static Http http;

    @BeforeAll
    static void start() {
        server = TestServer.start(dir, null);
        http = new Http(server.port());
    }

    @AfterAll
    static void stop() {
        if (server != null) server.close();
    }

    private static String experiment(String name) {
        return ok(http.post(API + "experiments/create", "{\"name\":\"" + name + "\"}")).json().path("experiment_id").asText();
    }

    private static JsonNode create(String exp, String name, String runId) {
        return ok(http.post(API + "logged-models", "{\"experiment_id\":\"" + exp + "\",\"name\":\"" + name + "\","
                + (runId == null ? "" : "\"source_run_id\":\"" + runId + "\",")
                + "\"params\":[{\"key\":\"alpha\",\"value\":\"0.5\"}],\"tags\":[{\"key\":\"a b/c\",\"value\":\"v\"}]}"))
                .json().path("model");
    }

    @Test
    void lifecycleOverRest() {
        String exp = experiment("lm-life");
        String runId = ok(http.post(API + "runs/create", "{\"experiment_id\":\"" + exp + "\"}")).json()
                .path("run").path("info").path("run_id").asText();
        JsonNode m = create(exp, "clf", runId);
        String id = m.path("info").path("model_id").asText();
        assertEquals("LOGGED_MODEL_PENDING", m.path("info").path("status").asText());
        assertEquals("mlflow-artifacts:/" + exp + "/models/" + id + "/artifacts", m.path("info").path("artifact_uri").asText());
        assertEquals("0.5", m.path("data").path("params").path(0).path("value").asText());

        for (String prefix : new String[] {API, "/ajax-api/2.0/mlflow/"}) {
            assertEquals(id, ok(http.get(prefix + "logged-models/" + id)).json().path("model").path("info").path("model_id").asText());
        }
        JsonNode ready = ok(http.send("PATCH", API + "logged-models/" + id, "{\"model_id\":\"" + id + "\",\"status\":2}")).json();
        assertEquals("LOGGED_MODEL_READY", ready.path("model").path("info").path("status").asText());
        assertError(http.send("PATCH", API + "logged-models/" + id, "{\"status\":\"NOPE\"}"), 400, "INVALID_PARAMETER_VALUE");

        ok(http.send("PATCH", API + "logged-models/" + id + "/tags", "{\"tags\":[{\"key\":\"k\",\"value\":\"1\"}]}"));
        // a tag key with a space and a slash, percent-encoded in the path
        ok(http.send("DELETE", API + "logged-models/" + id + "/tags/a%20b%2Fc", ""));
        assertError(http.send("DELETE", API + "logged-models/" + id + "/tags/a%20b%2Fc", ""), 404, "RESOURCE_DOES_NOT_EXIST");
        ok(http.post(API + "logged-models/" + id + "/params", "{\"params\":[{\"key\":\"beta\",\"value\":\"2\"}]}"));

        ok(http.post(API + "runs/log-metric", "{\"run_id\":\"" + runId + "\",\"key\":\"acc\",\"value\":0.75,\"timestamp\":5,"
                + "\"step\":1,\"model_id\":\"" + id + "\",\"dataset_name\":\"train\",\"dataset_digest\":\"d1\"}"));
        ok(http.post(API + "runs/log-batch", "{\"run_id\":\"" + runId + "\",\"metrics\":[{\"key\":\"f1\",\"value\":0.5,"
                + "\"timestamp\":6,\"step\":0,\"model_id\":\"" + id + "\"}]}"));
        ok(http.post(API + "runs/outputs", "{\"run_id\":\"" + runId + "\",\"models\":[{\"model_id\":\"" + id + "\",\"step\":1}]}"));

        JsonNode got = ok(http.get(API + "logged-models/" + id)).json().path("model");
        assertEquals("[{\"key\":\"k\",\"value\":\"1\"}]", got.path("info").path("tags").toString());
        assertEquals(2, got.path("data").path("params").size());
        JsonNode acc = got.path("data").path("metrics").path(0);
        assertEquals("acc", acc.path("key").asText());
        assertEquals("train", acc.path("dataset_name").asText());
        assertEquals(runId, acc.path("run_id").asText());
        assertEquals(2, got.path("data").path("metrics").size());
        JsonNode run = ok(http.get(API + "runs/get?run_id=" + runId)).json().path("run");
        assertEquals(id, run.path("outputs").path("model_outputs").path(0).path("model_id").asText());
        assertEquals(2, run.path("data").path("metrics").size(), "the points also belong to the run");

        ok(http.send("DELETE", API + "logged-models/" + id, ""));
        assertError(http.get(API + "logged-models/" + id), 404, "RESOURCE_DOES_NOT_EXIST");
        assertEquals(id, ok(http.get(API + "logged-models/" + id + "?allow_deleted=true")).json().path("model").path("info")
                .path("model_id").asText());
    }

    @Test
    void searchWithManyClausesAndPages() {
        String exp = experiment("lm-search");
        for (int i = 0; i < 3; i++) create(exp, "m" + i, null);
        List<String> clauses = new ArrayList<>();
        for (int i = 0; i < 100; i++) clauses.add("params.alpha = '0.5'");
        JsonNode found = ok(http.post(API + "logged-models/search", "{\"experiment_ids\":[\"" + exp + "\"],\"filter\":\""
                + String.join(" AND ", clauses) + "\",\"order_by\":[{\"field_name\":\"name\",\"ascending\":true}],"
                + "\"max_results\":2}")).json();
        assertEquals(2, found.path("models").size());
        assertEquals("m0", found.path("models").path(0).path("info").path("name").asText());
        String token = found.path("next_page_token").asText();
        JsonNode rest = ok(http.post(API + "logged-models/search", "{\"experiment_ids\":[\"" + exp + "\"],\"order_by\":"
                + "[{\"field_name\":\"name\",\"ascending\":true}],\"max_results\":2,\"page_token\":\"" + token + "\"}")).json();
        assertEquals("m2", rest.path("models").path(0).path("info").path("name").asText());
        assertTrue(rest.path("next_page_token").isMissingNode(), rest.toString());

        assertError(http.post(API + "logged-models/search", "{}"), 400, "INVALID_PARAMETER_VALUE");
        assertError(http.post(API + "logged-models/search", "{\"experiment_ids\":[\"" + exp + "\"],\"filter\":\"params.x >\"}"),
                400, "INVALID_PARAMETER_VALUE");
    }

    @Test
    void artifactsOfALoggedModelThroughTheProxy() {
        String exp = experiment("lm-art");
        String id = create(exp, "art", null).path("info").path("model_id").asText();
        String base = "/api/2.0/mlflow-artifacts/artifacts/" + exp + "/models/" + id + "/artifacts/";
        ok(http.sendBytes("PUT", base + "MLmodel", "flavors: {}".getBytes(StandardCharsets.UTF_8)));
        ok(http.sendBytes("PUT", base + "sub/x.txt", "x".getBytes(StandardCharsets.UTF_8)));
        JsonNode root = ok(http.get(API + "logged-models/" + id + "/artifacts/directories")).json();
        assertEquals("[{\"path\":\"MLmodel\",\"is_dir\":false,\"file_size\":11},{\"path\":\"sub\",\"is_dir\":true}]",
                root.path("files").toString());
        JsonNode sub = ok(http.get(API + "logged-models/" + id + "/artifacts/directories?artifact_directory_path=sub")).json();
        assertEquals("sub/x.txt", sub.path("files").path(0).path("path").asText());
        assertError(http.get(API + "logged-models/" + id + "/artifacts/directories?artifact_directory_path=../x"),
                400, "INVALID_PARAMETER_VALUE");
    }

    @Test
    void unservedMlflow3PathsAnswerEndpointNotFound() {
        assertError(http.get(API + "logged-models/m-1/unknown"), 404, "ENDPOINT_NOT_FOUND");
        assertError(http.post("/api/3.0/mlflow/gateway/endpoints/create", "{}"), 404, "ENDPOINT_NOT_FOUND");
    }
}
