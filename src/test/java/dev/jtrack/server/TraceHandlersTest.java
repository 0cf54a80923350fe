package dev.jtrack.server;

import static dev.jtrack.server.TrackingServerApiTest.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jtrack.server.Http.Reply;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The tracing endpoints and OTLP ingest over raw HTTP against a real server on a temp SQLite store. */
class TraceHandlersTest {
    @TempDir static Path dir;
    static TestServer server;
    static Http http;

    /**
     * An OTLP ExportTraceServiceRequest exactly as the MLflow 3.17.2 Python client sent it to a real
     * mlflow server (recorded through a logging proxy): the root span "add" of trace
     * tr-f4db41e3f9266f65d75fac9095d7154f, inputs {"a": 1, "b": 2}, output 3.
     */
    static final String MLFLOW_CLIENT_OTLP = "0a86030a670a220a1674656c656d657472792e73646b2e6c616e677561676512080a06707974686f6e0a1e0a1274656c656d" +
            "657472792e73646b2e6e616d6512080a066d6c666c6f770a210a1574656c656d657472792e73646b2e76657273696f6e1208" +
            "0a06332e31372e32129a021297020a10f4db41e3f9266f65d75fac9095d7154f120859a0745849e3582a2a0361646439e308" +
            "a483cfb4ed18419293ff93cfb4ed184a3e0a156d6c666c6f772e747261636552657175657374496412250a2374722d663464" +
            "62343165336639323636663635643735666163393039356437313534664a1c0a0f6d6c666c6f772e7370616e547970651209" +
            "0a07554e4b4e4f574e4a200a176d6c666c6f772e7370616e46756e6374696f6e4e616d6512050a036164644a290a116d6c66" +
            "6c6f772e7370616e496e70757473121432120a070a0161120218010a070a0162120218024a180a126d6c666c6f772e737061" +
            "6e4f757470757473120218034a190a136d6c666c6f772e7370616e4c6f674c6576656c1202180a7a021801";
    static final String TRACE = "tr-f4db41e3f9266f65d75fac9095d7154f";
    static final String V3 = "/api/3.0/mlflow/";

    @BeforeAll
    static void start() {
        server = TestServer.start(dir, null);
        http = new Http(server.port());
    }

    @AfterAll
    static void stop() {
        if (server != null) server.close();
    }

    static String experiment(String name) {
        return TrackingServerApiTest.ok(http.post(TrackingServerApiTest.API + "experiments/create", "{\"name\":\"" + name + "\"}"))
                .json().path("experiment_id").asText();
    }

    static Reply otlp(String experimentId, String contentType, byte[] body, String... more) {
        String[] headers = new String[4 + more.length];
        headers[0] = "Content-Type";
        headers[1] = contentType;
        headers[2] = "X-MLflow-Experiment-Id";
        headers[3] = experimentId;
        System.arraycopy(more, 0, headers, 4, more.length);
        return http.sendWithHeaders("POST", "/v1/traces", body, headers);
    }

    @Test
    void theMlflowClientsOtlpProtobufBecomesATraceWithItsSpan() {
        String exp = experiment("otlp-proto");
        Reply r = otlp(exp, "application/x-protobuf", HexFormat.of().parseHex(MLFLOW_CLIENT_OTLP));
        assertEquals(200, r.status(), r.toString());
        assertEquals("application/x-protobuf", r.raw().headers().firstValue("Content-Type").orElse(""));
        JsonNode trace = TrackingServerApiTest.ok(http.get(V3 + "traces/get?trace_id=" + TRACE)).json().path("trace");
        JsonNode info = trace.path("trace_info");
        assertEquals(exp, info.at("/trace_location/mlflow_experiment/experiment_id").asText());
        assertEquals("OK", info.path("state").asText());
        assertEquals("add", info.at("/tags/mlflow.traceName").asText());
        assertEquals("TRACKING_STORE", info.at("/tags/mlflow.trace.spansLocation").asText());
        JsonNode span = trace.path("spans").get(0);
        assertEquals("add", span.path("name").asText());
        assertEquals("9NtB4/kmb2XXX6yQldcVTw==", span.path("trace_id").asText(), "ids in base64 as MLflow returns them");
        assertEquals("STATUS_CODE_OK", span.at("/status/code").asText());
        JsonNode inputs = null;
        for (JsonNode a : span.path("attributes")) {
            if (a.path("key").asText().equals("mlflow.spanInputs")) inputs = a.path("value");
        }
        assertEquals(2, inputs.at("/kvlist_value/values/1/value/int_value").asInt(), inputs.toString());
        assertTrue(span.path("end_time_unix_nano").asLong() > span.path("start_time_unix_nano").asLong());
    }

    @Test
    void otlpJsonWithHexIdsAndGzipIsAccepted() throws Exception {
        String exp = experiment("otlp-json");
        String body = "{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":[{\"traceId\":\"5b8efff798038103d269b633813fc60c\","
                + "\"spanId\":\"eee19b7ec3c1b174\",\"name\":\"GET /x\",\"startTimeUnixNano\":\"1700000000000000000\","
                + "\"endTimeUnixNano\":\"1700000000250000000\",\"status\":{\"code\":2,\"message\":\"bad\"},"
                + "\"attributes\":[{\"key\":\"n\",\"value\":{\"intValue\":\"7\"}}]}]}]}]}";
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
            out.write(body.getBytes(StandardCharsets.UTF_8));
        }
        Reply r = otlp(exp, "application/json; charset=utf-8", gz.toByteArray(), "Content-Encoding", "gzip");
        assertEquals(200, r.status(), r.toString());
        JsonNode info = TrackingServerApiTest.ok(http.get(V3 + "traces/tr-5b8efff798038103d269b633813fc60c")).json().at("/trace/trace_info");
        assertEquals("ERROR", info.path("state").asText());
        assertEquals("2023-11-14T22:13:20Z", info.path("request_time").asText());
        assertEquals("0.250s", info.path("execution_duration").asText());
        JsonNode search = TrackingServerApiTest.ok(http.post(V3 + "traces/search", "{\"locations\":[{\"type\":\"MLFLOW_EXPERIMENT\","
                + "\"mlflow_experiment\":{\"experiment_id\":\"" + exp + "\"}}],\"filter\":\"span.name = 'GET /x'\"}")).json();
        assertEquals("tr-5b8efff798038103d269b633813fc60c", search.at("/traces/0/trace_id").asText());
    }

    @Test
    void badOtlpRequestsAreClean4xx() {
        String exp = experiment("otlp-bad");
        assertError(otlp(exp, "text/plain", new byte[] {1}), 400, "BAD_REQUEST");
        assertError(http.sendWithHeaders("POST", "/v1/traces", new byte[0], "Content-Type", "application/x-protobuf"), 400, "BAD_REQUEST");
        assertError(otlp(exp, "application/x-protobuf", new byte[] {0x0a, 0x7f, 0x01}), 400, "BAD_REQUEST");
        assertError(otlp(exp, "application/x-protobuf", new byte[0]), 400, "BAD_REQUEST");
        assertError(otlp(exp, "application/json", "{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":[{\"traceId\":\"zz\"}]}]}]}"
                .getBytes(StandardCharsets.UTF_8)), 400, "BAD_REQUEST");
        assertError(otlp(exp, "application/json", "not json".getBytes(StandardCharsets.UTF_8)), 400, "MALFORMED_REQUEST");
        assertError(otlp("424242", "application/x-protobuf", HexFormat.of().parseHex(MLFLOW_CLIENT_OTLP)), 404, "RESOURCE_DOES_NOT_EXIST");
    }

    @Test
    void startTraceTagsAssessmentsAndDeletion() {
        String exp = experiment("v3-api");
        String id = "tr-0123456789abcdef0123456789abcdef";
        JsonNode started = TrackingServerApiTest.ok(http.post(V3 + "traces", "{\"trace\":{\"trace_info\":{\"trace_id\":\"" + id + "\","
                + "\"trace_location\":{\"type\":\"MLFLOW_EXPERIMENT\",\"mlflow_experiment\":{\"experiment_id\":\"" + exp + "\"}},"
                + "\"request_time\":\"2026-01-02T03:04:05.678Z\",\"execution_duration\":\"1.5s\",\"state\":\"OK\","
                + "\"trace_metadata\":{\"mlflow.user\":\"ann\"},\"tags\":{\"mlflow.traceName\":\"t\"},\"request_preview\":\"q\"}}}")).json();
        JsonNode info = started.at("/trace/trace_info");
        assertEquals("2026-01-02T03:04:05.678Z", info.path("request_time").asText());
        assertEquals("1.500s", info.path("execution_duration").asText());
        assertEquals("true", info.at("/trace_metadata/mlflow.trace.infoFinalized").asText());
        assertTrue(info.at("/tags/mlflow.artifactLocation").asText().endsWith("/traces/" + id + "/artifacts"));

        TrackingServerApiTest.ok(http.send("PATCH", "/api/2.0/mlflow/traces/" + id + "/tags", "{\"key\":\"k\",\"value\":\"v\"}"));
        assertEquals("v", http.get(V3 + "traces/" + id).json().at("/trace/trace_info/tags/k").asText());
        TrackingServerApiTest.ok(http.send("DELETE", V3 + "traces/" + id + "/tags", "{\"key\":\"k\"}"));
        assertError(http.send("DELETE", V3 + "traces/" + id + "/tags", "{\"key\":\"k\"}"), 404, "RESOURCE_DOES_NOT_EXIST");

        JsonNode a = TrackingServerApiTest.ok(http.post(V3 + "traces/" + id + "/assessments", "{\"assessment\":{\"assessment_name\":\"q\","
                + "\"source\":{\"source_type\":\"HUMAN\",\"source_id\":\"me\"},\"feedback\":{\"value\":0.5}}}")).json().path("assessment");
        String aid = a.path("assessment_id").asText();
        assertTrue(aid.startsWith("a-"), a.toString());
        assertEquals(id, a.path("trace_id").asText());
        assertTrue(a.path("valid").asBoolean());
        JsonNode updated = TrackingServerApiTest.ok(http.send("PATCH", V3 + "traces/" + id + "/assessments/" + aid,
                "{\"assessment\":{\"feedback\":{\"value\":0.9},\"rationale\":\"why\"},\"update_mask\":\"feedback,rationale\"}"))
                .json().path("assessment");
        assertEquals(0.9, updated.at("/feedback/value").asDouble());
        assertEquals("why", updated.path("rationale").asText());
        assertEquals("me", updated.at("/source/source_id").asText(), "fields outside the mask stay");
        assertEquals(0.9, http.get(V3 + "traces/" + id + "/assessments/" + aid).json().at("/assessment/feedback/value").asDouble());
        assertError(http.post(V3 + "traces/" + id + "/assessments", "{\"assessment\":{\"feedback\":{\"value\":1}}}"), 400, "INVALID_PARAMETER_VALUE");
        TrackingServerApiTest.ok(http.send("DELETE", V3 + "traces/" + id + "/assessments/" + aid, "{}"));
        assertError(http.get(V3 + "traces/" + id + "/assessments/" + aid), 404, "RESOURCE_DOES_NOT_EXIST");

        assertEquals(1, TrackingServerApiTest.ok(http.post("/api/2.0/mlflow/traces/delete-traces", "{\"experiment_id\":\"" + exp
                + "\",\"request_ids\":[\"" + id + "\"]}")).json().path("traces_deleted").asInt());
        assertError(http.get(V3 + "traces/get?trace_id=" + id), 404, "RESOURCE_DOES_NOT_EXIST");
    }

    @Test
    void badTraceRequestsAreClean4xx() {
        String exp = experiment("v3-bad");
        String loc = "{\"type\":\"MLFLOW_EXPERIMENT\",\"mlflow_experiment\":{\"experiment_id\":\"" + exp + "\"}}";
        assertError(http.post(V3 + "traces", "{\"trace\":{\"trace_info\":{\"trace_id\":\"tr-1\",\"trace_location\":" + loc
                + ",\"request_time\":\"yesterday\"}}}"), 400, "INVALID_PARAMETER_VALUE");
        assertError(http.post(V3 + "traces", "{\"trace\":{\"trace_info\":{\"trace_id\":\"tr-1\",\"request_time\":\"2026-01-01T00:00:00Z\"}}}"),
                400, "INVALID_PARAMETER_VALUE");
        assertError(http.post(V3 + "traces/search", "{\"locations\":[" + loc + "],\"filter\":\"trace.bogus = 'x'\"}"), 400, "INVALID_PARAMETER_VALUE");
        assertError(http.post(V3 + "traces/search", "{\"locations\":[" + loc + "],\"max_results\":100000}"), 400, "INVALID_PARAMETER_VALUE");
        assertError(http.post(V3 + "traces/search", "{}"), 400, "INVALID_PARAMETER_VALUE");
        assertError(http.post("/api/2.0/mlflow/traces/delete-traces", "{\"experiment_id\":\"" + exp + "\"}"), 400, "INVALID_PARAMETER_VALUE");
        assertError(http.get(V3 + "traces/tr-missing"), 404, "RESOURCE_DOES_NOT_EXIST");
        assertError(http.get(V3 + "traces/a/b/c"), 404, "ENDPOINT_NOT_FOUND");
        JsonNode none = TrackingServerApiTest.ok(http.post(V3 + "traces/search", "{\"locations\":[" + loc + "]}")).json();
        assertFalse(none.has("traces"));
    }

    @Test
    void mlflow2TraceTimestampsOutsideProtobufsRangeAreRefusedAndStatusNumbersAccepted() {
        String exp = experiment("v2-range");
        String v2 = "/api/2.0/mlflow/traces";
        assertError(http.post(v2, "{\"experiment_id\":\"" + exp + "\",\"timestamp_ms\":9223372036854775807}"),
                400, "INVALID_PARAMETER_VALUE");
        assertError(http.post(v2, "{\"experiment_id\":\"" + exp + "\",\"timestamp_ms\":-62135596800001}"),
                400, "INVALID_PARAMETER_VALUE");
        JsonNode started = TrackingServerApiTest.ok(http.post(v2, "{\"experiment_id\":\"" + exp
                + "\",\"timestamp_ms\":253402300799000}")).json().path("trace_info");
        String id = started.path("request_id").asText();
        assertEquals("IN_PROGRESS", started.path("status").asText());
        assertError(http.send("PATCH", v2 + "/" + id, "{\"timestamp_ms\":253402300800000}"), 400, "INVALID_PARAMETER_VALUE");
        assertError(http.send("PATCH", v2 + "/" + id, "{\"timestamp_ms\":253402300799500,\"status\":7}"), 400, "INVALID_PARAMETER_VALUE");
        JsonNode ended = TrackingServerApiTest.ok(http.send("PATCH", v2 + "/" + id,
                "{\"timestamp_ms\":253402300799500,\"status\":1}")).json().path("trace_info");
        assertEquals("OK", ended.path("status").asText());
        assertEquals(500, ended.path("execution_time_ms").asLong());
        assertEquals("9999-12-31T23:59:59Z", TrackingServerApiTest.ok(http.get(V3 + "traces/" + id)).json()
                .path("trace").path("trace_info").path("request_time").asText());
    }

    @Test
    void versionNamesAnMlflowReleaseWithOtlpIngestAndJtracksOwnInAHeader() {
        Reply r = http.get("/version");
        assertEquals(TrackingServer.MLFLOW_API_VERSION, r.body());
        assertTrue(r.raw().headers().firstValue(TrackingServer.JTRACK_VERSION_HEADER).isPresent());
    }
}
