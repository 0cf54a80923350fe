package dev.jtrack.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jtrack.server.Http.Reply;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every tracking endpoint over raw HTTP against a real server on a temp SQLite store. */
class TrackingServerApiTest {
    @TempDir static Path dir;
    static TestServer server;
    static Http http;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start(dir, null);
        http = new Http(server.port());
    }

    @AfterAll
    static void stop() {
        if (server != null) server.close();
    }

    static final String API = "/api/2.0/mlflow/";

    static void assertError(Reply r, int status, String code) {
        assertEquals(status, r.status(), r.toString());
        assertEquals(code, r.errorCode(), r.toString());
        assertTrue(r.json().path("message").isTextual(), r.toString());
        assertFalse(r.body().contains("at dev.jtrack"), "stack trace leaked: " + r.body());
    }

    static Reply ok(Reply r) {
        assertEquals(200, r.status(), r.toString());
        return r;
    }

    static String createExperiment(String name) {
        return ok(http.post(API + "experiments/create", "{\"name\":\"" + name + "\"}")).json().path("experiment_id").asText();
    }

    static String createRun(String experimentId) {
        JsonNode run = ok(http.post(API + "runs/create",
                "{\"experiment_id\":\"" + experimentId + "\",\"start_time\":1700000000000,\"run_name\":\"r\","
                        + "\"tags\":[{\"key\":\"t\",\"value\":\"v\"}]}")).json().path("run");
        return run.path("info").path("run_id").asText();
    }

    @Test
    void healthAndVersion() {
        Reply h = http.get("/health");
        assertEquals(200, h.status());
        assertEquals("OK", h.body());
        assertEquals(200, http.get("/version").status());
        assertFalse(http.get("/version").body().isBlank());
    }

    @Test
    void experimentsLifecycle() {
        String id = createExperiment("exp-life");
        JsonNode e = ok(http.get(API + "experiments/get?experiment_id=" + id)).json().path("experiment");
        assertEquals("exp-life", e.path("name").asText());
        assertEquals("active", e.path("lifecycle_stage").asText());
        assertTrue(e.path("creation_time").isIntegralNumber(), e.toString());
        assertTrue(e.path("artifact_location").asText().endsWith(id), e.toString());
        assertEquals(id, ok(http.get(API + "experiments/get-by-name?experiment_name=exp-life")).json()
                .path("experiment").path("experiment_id").asText());

        ok(http.post(API + "experiments/set-experiment-tag", "{\"experiment_id\":\"" + id + "\",\"key\":\"k\",\"value\":\"v\"}"));
        ok(http.post(API + "experiments/update", "{\"experiment_id\":\"" + id + "\",\"new_name\":\"exp-life-2\"}"));
        JsonNode found = ok(http.post(API + "experiments/search",
                "{\"filter\":\"name = 'exp-life-2'\",\"max_results\":10}")).json();
        assertEquals(1, found.path("experiments").size(), found.toString());
        assertEquals("k", found.path("experiments").get(0).path("tags").get(0).path("key").asText());
        JsonNode viaGet = ok(http.get(API + "experiments/search?filter=name%20%3D%20'exp-life-2'&max_results=10")).json();
        assertEquals(found, viaGet);

        ok(http.post(API + "experiments/delete", "{\"experiment_id\":\"" + id + "\"}"));
        assertEquals("deleted", ok(http.get(API + "experiments/get?experiment_id=" + id)).json()
                .path("experiment").path("lifecycle_stage").asText());
        JsonNode deleted = ok(http.get(API + "experiments/search?view_type=DELETED_ONLY")).json();
        assertTrue(deleted.toString().contains("exp-life-2"));
        ok(http.post(API + "experiments/restore", "{\"experiment_id\":\"" + id + "\"}"));
        assertEquals("active", ok(http.get(API + "experiments/get?experiment_id=" + id)).json()
                .path("experiment").path("lifecycle_stage").asText());
    }

    @Test
    void experimentErrors() {
        createExperiment("dup");
        assertError(http.post(API + "experiments/create", "{\"name\":\"dup\"}"), 400, "RESOURCE_ALREADY_EXISTS");
        assertError(http.post(API + "experiments/create", "{}"), 400, "INVALID_PARAMETER_VALUE");
        assertError(http.post(API + "experiments/create", "{\"name\":5}"), 400, "INVALID_PARAMETER_VALUE");
        assertError(http.post(API + "experiments/create", "{\"name\":\"x\",\"tags\":\"nope\"}"), 400, "INVALID_PARAMETER_VALUE");
        assertError(http.post(API + "experiments/create", "{\"name\":"), 400, "MALFORMED_REQUEST");
        assertError(http.post(API + "experiments/create", "[1]"), 400, "MALFORMED_REQUEST");
        assertError(http.get(API + "experiments/get?experiment_id=987654"), 404, "RESOURCE_DOES_NOT_EXIST");
        assertError(http.get(API + "experiments/get"), 400, "INVALID_PARAMETER_VALUE");
        assertError(http.get(API + "experiments/get-by-name?experiment_name=none-such"), 404, "RESOURCE_DOES_NOT_EXIST");
        assertError(http.get(API + "experiments/search?max_results=0"), 400, "INVALID_PARAMETER_VALUE");
        assertError(http.get(API + "experiments/search?max_results=abc"), 400, "INVALID_PARAMETER_VALUE");
        assertError(http.get(API + "experiments/search?view_type=SOME"), 400, "INVALID_PARAMETER_VALUE");
    }

    @Test
    void runsLifecycleAndData() {
        String exp = createExperiment("runs-exp");
        String runId = createRun(exp);
        ok(http.post(API + "runs/log-metric", "{\"run_id\":\"" + runId + "\",\"key\":\"loss\",\"value\":0.5,"
                + "\"timestamp\":1700000000001,\"step\":1}"));
        // as protobuf JSON clients send it: int64 as strings, non-finite doubles as strings
        ok(http.post(API + "runs/log-metric", "{\"run_uuid\":\"" + runId + "\",\"key\":\"nan\",\"value\":\"NaN\","
                + "\"timestamp\":\"1700000000002\",\"step\":\"2\"}"));
        ok(http.post(API + "runs/log-metric", "{\"run_id\":\"" + runId + "\",\"key\":\"inf\",\"value\":Infinity,"
                + "\"timestamp\":1700000000003}"));
        ok(http.post(API + "runs/log-parameter", "{\"run_id\":\"" + runId + "\",\"key\":\"lr\",\"value\":\"0.1\"}"));
        ok(http.post(API + "runs/set-tag", "{\"run_id\":\"" + runId + "\",\"key\":\"gone\",\"value\":\"x\"}"));
        ok(http.post(API + "runs/delete-tag", "{\"run_id\":\"" + runId + "\",\"key\":\"gone\"}"));
        ok(http.post(API + "runs/log-batch", "{\"run_id\":\"" + runId + "\","
                + "\"metrics\":[{\"key\":\"acc\",\"value\":0.9,\"timestamp\":1700000000004,\"step\":0},"
                + "{\"key\":\"acc\",\"value\":0.95,\"timestamp\":1700000000005,\"step\":1}],"
                + "\"params\":[{\"key\":\"epochs\",\"value\":\"3\"}],\"tags\":[{\"key\":\"b\",\"value\":\"\"}]}"));

        JsonNode run = ok(http.get(API + "runs/get?run_id=" + runId)).json().path("run");
        JsonNode info = run.path("info");
        assertEquals(runId, info.path("run_id").asText());
        assertEquals(runId, info.path("run_uuid").asText());
        assertEquals("RUNNING", info.path("status").asText());
        assertEquals(1700000000000L, info.path("start_time").asLong());
        assertTrue(info.path("start_time").isIntegralNumber());
        assertTrue(info.path("artifact_uri").asText().contains(runId), info.toString());
        String data = run.path("data").toString();
        assertTrue(data.contains("\"value\":\"NaN\""), data);
        assertTrue(data.contains("\"value\":\"Infinity\""), data);
        assertTrue(data.contains("\"key\":\"lr\""), data);
        assertFalse(data.contains("\"gone\""), data);
        assertTrue(data.contains("\"key\":\"b\",\"value\":\"\""), data);

        JsonNode hist = ok(http.get(API + "metrics/get-history?run_id=" + runId + "&metric_key=acc")).json();
        assertEquals(2, hist.path("metrics").size(), hist.toString());
        assertEquals(0.95, hist.path("metrics").get(1).path("value").asDouble());
        JsonNode bulk = ok(http.get(API + "metrics/get-history-bulk-interval?run_ids=" + runId
                + "&metric_key=acc&max_results=10")).json();
        assertEquals(2, bulk.path("metrics").size(), bulk.toString());
        assertEquals(runId, bulk.path("metrics").get(0).path("run_id").asText());

        JsonNode updated = ok(http.post(API + "runs/update", "{\"run_id\":\"" + runId + "\",\"status\":\"FINISHED\","
                + "\"end_time\":1700000000100,\"run_name\":\"renamed\"}")).json().path("run_info");
        assertEquals("FINISHED", updated.path("status").asText());
        assertEquals("renamed", updated.path("run_name").asText());
        assertEquals(1700000000100L, updated.path("end_time").asLong());

        JsonNode search = ok(http.post(API + "runs/search", "{\"experiment_ids\":[\"" + exp + "\"],"
                + "\"filter\":\"metrics.acc > 0.5 and params.lr = '0.1'\",\"order_by\":[\"start_time DESC\"]}")).json();
        assertEquals(1, search.path("runs").size(), search.toString());
        assertEquals(0, ok(http.post(API + "runs/search", "{\"experiment_ids\":[\"" + exp + "\"],"
                + "\"filter\":\"metrics.acc > 5\"}")).json().path("runs").size());

        ok(http.post(API + "runs/delete", "{\"run_id\":\"" + runId + "\"}"));
        assertEquals("deleted", ok(http.get(API + "runs/get?run_id=" + runId)).json()
                .path("run").path("info").path("lifecycle_stage").asText());
        ok(http.post(API + "runs/restore", "{\"run_id\":\"" + runId + "\"}"));
        assertEquals("active", ok(http.get(API + "runs/get?run_id=" + runId)).json()
                .path("run").path("info").path("lifecycle_stage").asText());
    }

    @Test
    void logModelAndInputs() {
        String runId = createRun(createExperiment("model-exp"));
        String model = "{\\\"artifact_path\\\":\\\"model\\\",\\\"flavors\\\":{},\\\"utc_time_created\\\":\\\"2024\\\","
                + "\\\"run_id\\\":\\\"" + runId + "\\\"}";
        ok(http.post(API + "runs/log-model", "{\"run_id\":\"" + runId + "\",\"model_json\":\"" + model + "\"}"));
        assertError(http.post(API + "runs/log-model", "{\"run_id\":\"" + runId + "\",\"model_json\":\"{\\\"a\\\":1}\"}"),
                400, "INVALID_PARAMETER_VALUE");
        assertError(http.post(API + "runs/log-model", "{\"run_id\":\"" + runId + "\",\"model_json\":\"not json\"}"),
                400, "INVALID_PARAMETER_VALUE");
        JsonNode tags = ok(http.get(API + "runs/get?run_id=" + runId)).json().path("run").path("data").path("tags");
        assertTrue(tags.toString().contains("mlflow.log-model.history"), tags.toString());

        ok(http.post(API + "runs/log-inputs", "{\"run_id\":\"" + runId + "\",\"datasets\":[{\"tags\":"
                + "[{\"key\":\"mlflow.data.context\",\"value\":\"train\"}],\"dataset\":{\"name\":\"iris\",\"digest\":\"abc\","
                + "\"source_type\":\"local\",\"source\":\"{}\"}}]}"));
        JsonNode inputs = ok(http.get(API + "runs/get?run_id=" + runId)).json().path("run").path("inputs");
        assertEquals("iris", inputs.path("dataset_inputs").get(0).path("dataset").path("name").asText(), inputs.toString());
        assertError(http.post(API + "runs/log-inputs", "{\"run_id\":\"" + runId + "\",\"datasets\":[{\"dataset\":{}}]}"),
                400, "INVALID_PARAMETER_VALUE");
    }

    @Test
    void runErrorsAreClean4xx() {
        String runId = createRun(createExperiment("err-exp"));
        String prefix = "{\"run_id\":\"" + runId + "\",\"key\":\"m\",";
        assertError(http.post(API + "runs/log-metric", prefix + "\"value\":1}"), 400, "INVALID_PARAMETER_VALUE");
        assertError(http.post(API + "runs/log-metric", prefix + "\"timestamp\":1}"), 400, "INVALID_PARAMETER_VALUE");
        assertError(http.post(API + "runs/log-metric", prefix + "\"value\":\"abc\",\"timestamp\":1}"), 400, "INVALID_PARAMETER_VALUE");
        assertError(http.post(API + "runs/log-metric", prefix + "\"value\":1,\"timestamp\":1,\"step\":1.5}"), 400, "INVALID_PARAMETER_VALUE");
        assertError(http.post(API + "runs/log-metric", prefix + "\"value\":1,\"timestamp\":1,\"step\":9223372036854775808}"),
                400, "INVALID_PARAMETER_VALUE");
        assertError(http.post(API + "runs/log-metric", prefix + "\"value\":1e400,\"timestamp\":1}"), 400, "INVALID_PARAMETER_VALUE");
        assertError(http.post(API + "runs/log-metric", prefix + "\"value\":[1],\"timestamp\":1}"), 400, "INVALID_PARAMETER_VALUE");
        assertError(http.post(API + "runs/log-metric", "{\"key\":\"m\",\"value\":1,\"timestamp\":1}"), 400, "INVALID_PARAMETER_VALUE");
        assertError(http.post(API + "runs/log-metric", "{\"run_id\":\"0123456789abcdef0123456789abcdef\",\"key\":\"m\","
                + "\"value\":1,\"timestamp\":1}"), 404, "RESOURCE_DOES_NOT_EXIST");
        assertError(http.post(API + "runs/log-metric", "{\"run_id\":\"../../etc\",\"key\":\"m\",\"value\":1,\"timestamp\":1}"),
                400, "INVALID_PARAMETER_VALUE");
        assertError(http.post(API + "runs/log-batch", "{\"run_id\":\"" + runId + "\",\"metrics\":[{\"key\":\"a\"}]}"),
                400, "INVALID_PARAMETER_VALUE");
        assertError(http.post(API + "runs/log-batch", "{\"run_id\":\"" + runId + "\",\"metrics\":{\"key\":\"a\"}}"),
                400, "INVALID_PARAMETER_VALUE");
        assertError(http.post(API + "runs/update", "{\"run_id\":\"" + runId + "\",\"status\":\"DONE\"}"), 400, "INVALID_PARAMETER_VALUE");
        assertError(http.get(API + "runs/get?run_id=0123456789abcdef0123456789abcdee"), 404, "RESOURCE_DOES_NOT_EXIST");
        assertError(http.get(API + "runs/get?run_id=nope"), 404, "RESOURCE_DOES_NOT_EXIST");
        assertError(http.get(API + "metrics/get-history?run_id=" + runId), 400, "INVALID_PARAMETER_VALUE");
        assertError(http.get(API + "metrics/get-history-bulk-interval?metric_key=m"), 400, "INVALID_PARAMETER_VALUE");
        assertError(http.get(API + "metrics/get-history-bulk-interval?run_ids=" + runId + "&metric_key=m&max_results=100000"),
                400, "INVALID_PARAMETER_VALUE");
        assertError(http.post(API + "runs/search", "{\"experiment_ids\":[\"0\"],\"filter\":\"metrics.a >>> 1\"}"),
                400, "INVALID_PARAMETER_VALUE");
        assertError(http.post(API + "runs/search", "{\"experiment_ids\":\"0\"}"), 400, "INVALID_PARAMETER_VALUE");
        // params are immutable
        ok(http.post(API + "runs/log-parameter", "{\"run_id\":\"" + runId + "\",\"key\":\"p\",\"value\":\"1\"}"));
        assertError(http.post(API + "runs/log-parameter", "{\"run_id\":\"" + runId + "\",\"key\":\"p\",\"value\":\"2\"}"),
                400, "INVALID_PARAMETER_VALUE");
    }

    @Test
    void writesTakeTheirFieldsFromTheBodyOnly() {
        assertError(http.post(API + "experiments/create?name=from-query", null), 400, "INVALID_PARAMETER_VALUE");
    }

    @Test
    void oversizedBodyIs413() {
        StringBuilder sb = new StringBuilder("{\"name\":\"");
        sb.append("x".repeat((int) ServerConfig.DEFAULT_MAX_BODY_BYTES + 10)).append("\"}");
        assertError(http.post(API + "experiments/create", sb.toString()), 413, "REQUEST_LIMIT_EXCEEDED");
        assertEquals(200, http.get("/health").status()); // still serving
    }

    @Test
    void unknownEndpointsAndMethods() {
        assertError(http.get(API + "no/such/endpoint"), 404, "ENDPOINT_NOT_FOUND");
        assertError(http.get("/ajax-api/2.0/mlflow/nothing"), 404, "ENDPOINT_NOT_FOUND");
        assertError(http.get("/nothing"), 404, "ENDPOINT_NOT_FOUND");
        assertError(http.get(API + "experiments/create?name=x"), 404, "ENDPOINT_NOT_FOUND");
        assertError(http.send("PUT", API + "runs/log-metric", "{}"), 404, "ENDPOINT_NOT_FOUND");
    }

    @Test
    void ajaxApiAnswersLikeApi() {
        String id = createExperiment("ajax-exp");
        for (String q : List.of("experiments/get?experiment_id=" + id, "experiments/get-by-name?experiment_name=ajax-exp",
                "experiments/get?experiment_id=424242", "runs/get?run_id=none")) {
            Reply a = http.get(API + q);
            Reply b = http.get("/ajax-api/2.0/mlflow/" + q);
            assertEquals(a.status(), b.status(), q);
            assertEquals(a.json(), b.json(), q);
        }
        ok(http.post("/ajax-api/2.0/mlflow/experiments/create", "{\"name\":\"via-ajax\"}"));
        ok(http.get(API + "experiments/get-by-name?experiment_name=via-ajax"));
    }
}
