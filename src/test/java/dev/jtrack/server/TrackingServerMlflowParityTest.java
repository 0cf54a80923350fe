package dev.jtrack.server;

import static dev.jtrack.server.TrackingServerApiTest.API;
import static dev.jtrack.server.TrackingServerApiTest.assertError;
import static dev.jtrack.server.TrackingServerApiTest.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jtrack.server.Http.Reply;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Endpoints and answers MLflow's own REST-server tests check (issue #11): experiment tag deletion,
 * dataset summaries, UI uploads, prompt-lab runs, model version source checks, and MLflow's exact
 * error messages where its tests compare them.
 */
class TrackingServerMlflowParityTest {
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

    private static ObjectNode obj() {
        return Http.JSON.createObjectNode();
    }

    private static String experiment(String name) {
        return ok(http.post(API + "experiments/create", obj().put("name", name).toString())).json()
                .path("experiment_id").asText();
    }

    private static String experimentAt(String name, Path location) {
        return ok(http.post(API + "experiments/create", obj().put("name", name)
                .put("artifact_location", location.toString()).toString())).json().path("experiment_id").asText();
    }

    private static JsonNode run(String experimentId) {
        return ok(http.post(API + "runs/create", obj().put("experiment_id", experimentId).toString())).json()
                .path("run").path("info");
    }

    private static void assertMessage(Reply r, int status, String code, String messagePart) {
        assertError(r, status, code);
        String message = r.json().path("message").asText();
        assertTrue(message.contains(messagePart), "expected «" + messagePart + "» in «" + message + "»");
    }

    @Test
    void deleteExperimentTag() {
        String id = experiment("tags");
        ok(http.post(API + "experiments/set-experiment-tag", obj().put("experiment_id", id).put("key", "k").put("value", "v").toString()));
        ok(http.post(API + "experiments/delete-experiment-tag", obj().put("experiment_id", id).put("key", "k").toString()));
        assertTrue(ok(http.get(API + "experiments/get?experiment_id=" + id)).json().path("experiment").path("tags").isMissingNode());
        assertError(http.post(API + "experiments/delete-experiment-tag", obj().put("experiment_id", id).put("key", "k").toString()),
                404, "RESOURCE_DOES_NOT_EXIST");
        assertError(http.post(API + "experiments/delete-experiment-tag", obj().put("experiment_id", id).toString()),
                400, "INVALID_PARAMETER_VALUE");
    }

    @Test
    void searchDatasets() {
        String exp = experiment("datasets");
        String runId = run(exp).path("run_id").asText();
        ObjectNode body = obj().put("run_id", runId);
        ObjectNode input = body.putArray("datasets").addObject();
        input.putArray("tags").addObject().put("key", "mlflow.data.context").put("value", "training");
        input.putObject("dataset").put("name", "name1").put("digest", "digest1").put("source_type", "local").put("source", "s");
        ok(http.post(API + "runs/log-inputs", body.toString()));

        JsonNode got = ok(http.post("/ajax-api/2.0/mlflow/experiments/search-datasets",
                "{\"experiment_ids\":[\"" + exp + "\"]}")).json();
        assertEquals(Http.JSON.createArrayNode().add(obj().put("experiment_id", exp).put("name", "name1")
                .put("digest", "digest1").put("context", "training")), got.path("dataset_summaries"));
        assertMessage(http.post(API + "experiments/search-datasets", "{}"), 400, "INVALID_PARAMETER_VALUE",
                "SearchDatasets request must specify at least one experiment_id.");
        ArrayNode many = Http.JSON.createArrayNode();
        for (int i = 0; i < 21; i++) many.add("id_" + i);
        assertMessage(http.post(API + "experiments/search-datasets", obj().set("experiment_ids", many).toString()),
                400, "INVALID_PARAMETER_VALUE", "SearchDatasets request cannot specify more than 20 experiment_ids.");
    }

    @Test
    void uploadArtifactStoresTheBodyInTheRun() {
        String runId = run(experiment("uploads")).path("run_id").asText();
        String upload = "/ajax-api/2.0/mlflow/upload-artifact";
        assertMessage(http.sendBytes("POST", upload, new byte[0]), 400, "INVALID_PARAMETER_VALUE", "Request must specify run_uuid.");
        assertMessage(http.sendBytes("POST", upload + "?run_uuid=" + runId, new byte[0]), 400, "INVALID_PARAMETER_VALUE",
                "Request must specify path.");
        assertMessage(http.sendBytes("POST", upload + "?run_uuid=" + runId + "&path=..%2Ftest.txt", "x".getBytes()), 400,
                "INVALID_PARAMETER_VALUE", "Invalid path");
        assertMessage(http.sendBytes("POST", upload + "?run_uuid=" + runId + "&path=test.txt", new byte[0]), 400,
                "INVALID_PARAMETER_VALUE", "Request must specify data.");

        ok(http.sendBytes("POST", upload + "?run_uuid=" + runId + "&path=dir/test.txt", "hello world".getBytes(StandardCharsets.UTF_8)));
        assertEquals("hello world", ok(http.get("/get-artifact?run_uuid=" + runId + "&path=dir/test.txt")).body());
    }

    @Test
    void unsafeArtifactPathsGetMlflowsMessage() {
        String runId = run(experiment("paths")).path("run_id").asText();
        for (String path : new String[] {
            API + "artifacts/list?run_id=" + runId + "&path=../path",
            "/get-artifact?run_id=" + runId + "&path=../path",
            "//model-versions/get-artifact?name=model&version=1&path=../path",
        }) {
            Reply r = http.get(path);
            assertEquals(400, r.status(), path + " -> " + r);
            assertEquals(obj().put("error_code", "INVALID_PARAMETER_VALUE").put("message", "Invalid path"), r.json());
        }
    }

    @Test
    void promptlabRunIsAFinishedRunWithItsParamsTagsAndArtifacts() {
        String create = "/ajax-api/2.0/mlflow/runs/create-promptlab-run";
        ObjectNode body = obj();
        String[] required = {"experiment_id", "prompt_template", "prompt_parameters", "model_route", "model_input", "mlflow_version"};
        String exp = experiment("promptlab");
        for (String field : required) {
            assertMessage(http.post(create, body.toString()), 400, "INVALID_PARAMETER_VALUE",
                    "CreatePromptlabRun request must specify " + field + ".");
            switch (field) {
                case "experiment_id" -> body.put(field, exp);
                case "prompt_parameters" -> body.putArray(field).addObject().put("key", "my_key").put("value", "my_value");
                default -> body.put(field, "my_" + field);
            }
        }
        body.put("run_name", "my_run_name").put("user_id", "username").put("start_time", 456).put("model_output", "out");
        body.putArray("model_parameters").addObject().put("key", "temperature").put("value", "0.1");
        body.putArray("model_output_parameters").addObject().put("key", "latency").put("value", "100");
        JsonNode run = ok(http.post(create, body.toString())).json().path("run");
        assertEquals("my_run_name", run.path("info").path("run_name").asText());
        assertEquals("FINISHED", run.path("info").path("status").asText());
        assertEquals("username", run.path("info").path("user_id").asText());
        assertEquals(456, run.path("info").path("start_time").asLong());
        List<String> params = new ArrayList<>();
        run.path("data").path("params").forEach(p -> params.add(p.path("key").asText() + "=" + p.path("value").asText()));
        assertTrue(params.containsAll(List.of("model_route=my_model_route", "prompt_template=my_prompt_template", "temperature=0.1")),
                params.toString());
        List<String> tags = new ArrayList<>();
        run.path("data").path("tags").forEach(t -> tags.add(t.path("key").asText() + "=" + t.path("value").asText()));
        assertTrue(tags.contains("mlflow.runSourceType=PROMPT_ENGINEERING"), tags.toString());
        assertTrue(tags.contains("mlflow.loggedArtifacts=[{\"path\": \"eval_results_table.json\", \"type\": \"table\"}]"), tags.toString());

        String runId = run.path("info").path("run_id").asText();
        JsonNode table = ok(http.get("/get-artifact?run_id=" + runId + "&path=eval_results_table.json")).json();
        assertEquals("[\"my_key\",\"prompt\",\"output\",\"latency\"]", table.path("columns").toString());
        assertEquals("[[\"my_value\",\"my_model_input\",\"out\",\"100\"]]", table.path("data").toString());
        assertTrue(ok(http.get("/get-artifact?run_id=" + runId + "&path=model/MLmodel")).body().contains("mlflow.prompt.promptlab_model"));
    }

    private Reply createVersion(String model, String source, String runId) {
        ObjectNode body = obj().put("name", model).put("source", source);
        if (runId != null) body.put("run_id", runId);
        return http.post(API + "model-versions/create", body.toString());
    }

    @Test
    void modelVersionSourcesAreCheckedAsMlflowChecksThem() throws Exception {
        ok(http.post(API + "registered-models/create", "{\"name\":\"sources\"}"));
        Path location = Files.createDirectories(dir.resolve("local-exp"));
        JsonNode info = run(experimentAt("sources", location));
        String runId = info.path("run_id").asText();
        String artifacts = info.path("artifact_uri").asText();
        assertTrue(artifacts.startsWith(location.toString()) || artifacts.startsWith("file:"), artifacts);
        String artifactPath = artifacts.startsWith("file:") ? Path.of(java.net.URI.create(artifacts)).toString() : artifacts;

        ok(createVersion("sources", artifactPath, runId));
        ok(createVersion("sources", Path.of(artifactPath).toUri().toString(), runId));
        ok(createVersion("sources", artifactPath + "/model/..", runId));
        String local = "To use a local path as a model version";
        assertMessage(createVersion("sources", artifactPath, null), 400, "INVALID_PARAMETER_VALUE", local);
        assertMessage(createVersion("sources", "/tmp", runId), 400, "INVALID_PARAMETER_VALUE", local);
        assertMessage(createVersion("sources", "file:///tmp", null), 400, "INVALID_PARAMETER_VALUE", local);
        assertMessage(createVersion("sources", "relative/path", runId), 400, "INVALID_PARAMETER_VALUE", local);
        assertMessage(createVersion("sources", "file://123.456.789.123/path/to/source", runId), 400,
                "INVALID_PARAMETER_VALUE", "is not a valid remote uri");

        for (String good : new String[] {"mlflow-artifacts:/models", "mlflow-artifacts:/models///", "mlflow-artifacts:/models/foo///bar",
                "mlflow-artifacts://host:9000/models/artifact/..../", "runs:/" + runId + "/model", "s3://bucket/path/model"}) {
            ok(createVersion("sources", good, runId));
        }
        for (String bad : new String[] {"mlflow-artifacts://host:9000/models/../../../", "http://host:9000/models/../../../",
                "https://host/api/2.0/mlflow-artifacts/artifacts/../../../", "s3a://b/x/../../", "ftp://host:8888/a/../../",
                "mlflow-artifacts://host:9000/models/..%2f..%2fartifacts", "mlflow-artifacts://host:9000/models/artifact%00",
                "dbfs:/" + runId + "/artifacts/a%3f/../../../", "mlflow-artifacts:/a/./b"}) {
            assertMessage(createVersion("sources", bad, runId), 400, "INVALID_PARAMETER_VALUE", "Invalid model version source");
        }
        // a prompt's source is a label, not a location: plain words pass, local paths do not
        ObjectNode prompt = obj().put("name", "sources").put("source", "dummy-source");
        prompt.putArray("tags").addObject().put("key", "mlflow.prompt.is_prompt").put("value", "true");
        ok(http.post(API + "model-versions/create", prompt.toString()));
        prompt.put("source", "/etc/passwd");
        assertMessage(http.post(API + "model-versions/create", prompt.toString()), 400, "INVALID_PARAMETER_VALUE", "Invalid prompt source");
    }

    @Test
    void versionDetailsAsMlflowSendsThem() {
        ok(http.post(API + "registered-models/create", "{\"name\":\"details\"}"));
        JsonNode v = ok(createVersion("details", "runs:/r/model", null)).json().path("model_version");
        assertEquals("", v.path("description").asText(null));
        assertMessage(http.get(API + "model-versions/get?name=details&version=something%20not%20correct"), 400,
                "INVALID_PARAMETER_VALUE", "Parameter 'version' must be an integer, got 'something not correct'.");
        ok(http.post(API + "registered-models/alias", "{\"name\":\"details\",\"alias\":\"a\",\"version\":\"1\"}"));
        ok(createVersion("details", "models:/details/1", null));
        assertEquals("runs:/r/model", ok(http.get(API + "model-versions/get-download-uri?name=details&version=2")).json()
                .path("artifact_uri").asText());
    }

    @Test
    void invalidValuesAreQuotedAsJson() {
        String runId = run(experiment("invalid")).path("run_id").asText();
        Reply r = http.post(API + "runs/log-metric", obj().put("run_id", runId).put("key", "foo").put("value", 31)
                .put("timestamp", 59).put("step", "foo").toString());
        assertMessage(r, 400, "INVALID_PARAMETER_VALUE", "Invalid value \"foo\" for parameter 'step' supplied");
        assertMessage(http.post(API + "experiments/create", "{\"name\":\"e\",\"tags\":\"5\"}"), 400, "INVALID_PARAMETER_VALUE",
                "Invalid value \"5\" for parameter 'tags'");
        assertMessage(http.post(API + "experiments/create", "{\"name\":123}"), 400, "INVALID_PARAMETER_VALUE",
                "Invalid value 123 for parameter 'name'");
        assertMessage(http.post(API + "experiments/create", "{\"name\":\"e\",\"artifact_location\":9.0}"), 400,
                "INVALID_PARAMETER_VALUE", "Invalid value 9.0 for parameter 'artifact_location'");
        String exp = experiment("maxresults");
        assertMessage(http.post(API + "runs/search", "{\"experiment_ids\":[\"" + exp + "\"],\"max_results\":123456789}"), 400,
                "INVALID_PARAMETER_VALUE", "Invalid value 123456789 for parameter 'max_results' supplied");
    }

    @Test
    void metricHistoryBulkOrdersByRunAndSkipsUnknownRuns() {
        String exp = experiment("bulk");
        List<String> runs = new ArrayList<>();
        for (int i = 0; i < 3; i++) runs.add(run(exp).path("run_id").asText());
        for (String runId : runs) {
            for (long[] point : new long[][] {{2, 3, 11}, {1, 2, 10}, {1, 3, 12}}) {
                ok(http.post(API + "runs/log-metric", obj().put("run_id", runId).put("key", "m").put("timestamp", point[0])
                        .put("step", point[1]).put("value", point[2]).toString()));
            }
        }
        List<String> sorted = new ArrayList<>(runs);
        sorted.sort(null);
        String query = "/ajax-api/2.0/mlflow/metrics/get-history-bulk?metric_key=m&run_id=nope&run_id="
                + String.join("&run_id=", runs);
        JsonNode metrics = ok(http.get(query)).json().path("metrics");
        assertEquals(9, metrics.size());
        for (int i = 0; i < 9; i++) {
            assertEquals(sorted.get(i / 3), metrics.get(i).path("run_id").asText());
            assertEquals(new long[] {10, 12, 11}[i % 3], metrics.get(i).path("value").asLong(), metrics.toString());
        }
        assertEquals(4, ok(http.get(query + "&max_results=4")).json().path("metrics").size());
        assertMessage(http.get("/ajax-api/2.0/mlflow/metrics/get-history-bulk?metric_key=m"), 400, "INVALID_PARAMETER_VALUE",
                "GetMetricHistoryBulk request must specify at least one run_id");
        assertMessage(http.get("/ajax-api/2.0/mlflow/metrics/get-history-bulk?run_id=123"), 400, "INVALID_PARAMETER_VALUE",
                "GetMetricHistoryBulk request must specify a metric_key");
    }

    @Test
    void metricHistoryBulkIntervalRefusalsUseMlflowsWords() {
        String url = API + "metrics/get-history-bulk-interval";
        assertMessage(http.get(url + "?metric_key=key"), 400, "INVALID_PARAMETER_VALUE", "Missing value for required parameter 'run_ids'.");
        StringBuilder many = new StringBuilder(url + "?metric_key=key");
        for (int i = 0; i < 1000; i++) many.append("&run_ids=id_").append(i); // a 16 KB request line
        assertMessage(http.get(many.toString()), 400, "INVALID_PARAMETER_VALUE",
                "GetMetricHistoryBulkInterval request must specify at most 100 run_ids.");
        assertMessage(http.get(url + "?run_ids=123&metric_key=key&max_results=0"), 400, "INVALID_PARAMETER_VALUE",
                "max_results must be between 1 and 2500");
        assertMessage(http.get(url + "?run_ids=123&max_results=5"), 400, "INVALID_PARAMETER_VALUE",
                "Missing value for required parameter 'metric_key'");
        String runId = run(experiment("interval")).path("run_id").asText();
        assertMessage(http.get(url + "?run_ids=" + runId + "&metric_key=key&start_step=1&end_step=0"), 400,
                "INVALID_PARAMETER_VALUE", "end_step must be greater than start_step. ");
        assertMessage(http.get(url + "?run_ids=" + runId + "&metric_key=key&start_step=1"), 400, "INVALID_PARAMETER_VALUE",
                "If either start step or end step are specified, both must be specified.");
        assertFalse(ok(http.get(url + "?run_ids=" + runId + "&metric_key=key")).json().has("metrics"));
    }
}
