package dev.jtrack.server;

import static dev.jtrack.server.TrackingServerApiTest.API;
import static dev.jtrack.server.TrackingServerApiTest.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code /graphql} answers MLflow's UI queries from the same data as the REST API, within MLflow's limits. */
class GraphqlEndpointTest {
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

    private static JsonNode graphql(String query) {
        ObjectNode body = Http.JSON.createObjectNode().put("query", query);
        return ok(http.post("/graphql", body.toString())).json();
    }

    private static JsonNode data(String query) {
        JsonNode reply = graphql(query);
        assertTrue(reply.has("errors") && reply.get("errors").isNull(), reply.toString());
        return reply.path("data");
    }

    private static String firstError(String query) {
        JsonNode reply = graphql(query);
        assertTrue(reply.path("errors").isArray(), reply.toString());
        return reply.path("errors").get(0).asText();
    }

    private static String experiment(String name) {
        return ok(http.post(API + "experiments/create", "{\"name\":\"" + name + "\"}")).json().path("experiment_id").asText();
    }

    private static JsonNode run(String exp) {
        return ok(http.post(API + "runs/create", "{\"experiment_id\":\"" + exp + "\"}")).json().path("run").path("info");
    }

    @Test
    void echoAndExperiment() {
        assertEquals("abc", data("query q {test(inputString: \"abc\") { output }}").path("test").path("output").asText());
        String exp = experiment("GraphqlExperiment");
        JsonNode e = data("query q {mlflowGetExperiment(input: {experimentId: \"" + exp + "\"}) { experiment { name experimentId lastUpdateTime } }}")
                .path("mlflowGetExperiment").path("experiment");
        assertEquals("GraphqlExperiment", e.path("name").asText());
        assertEquals(exp, e.path("experimentId").asText());
        assertTrue(e.path("lastUpdateTime").isTextual(), "int64 as a string: " + e);
        assertTrue(firstError("query q {mlflowGetExperiment(input: {experimentId: \"999999\"}) { experiment { name } }}")
                .contains("999999"));
    }

    @Test
    void runWithItsExperimentModelVersionsAndNanMetric() {
        String exp = experiment("GraphqlRun");
        String runId = run(exp).path("run_id").asText();
        ok(http.post(API + "runs/log-metric", "{\"run_id\":\"" + runId + "\",\"key\":\"nan\",\"value\":\"NaN\",\"timestamp\":2,\"step\":2}"));
        ok(http.post(API + "runs/log-metric", "{\"run_id\":\"" + runId + "\",\"key\":\"ok\",\"value\":123,\"timestamp\":1,\"step\":1}"));
        ok(http.post(API + "registered-models/create", "{\"name\":\"GraphqlModel\"}"));
        ok(http.post(API + "model-versions/create", "{\"name\":\"GraphqlModel\",\"source\":\"runs:/" + runId + "/model\",\"run_id\":\"" + runId + "\"}"));
        JsonNode run = data("query q @component(name: \"Test\") { mlflowGetRun(input: {runId: \"" + runId + "\"}) { run {"
                + " info { status runId } experiment { name } modelVersions { name version }"
                + " data { metrics { key value timestamp step } } } } }").path("mlflowGetRun").path("run");
        assertEquals("RUNNING", run.path("info").path("status").asText());
        assertEquals("GraphqlRun", run.path("experiment").path("name").asText());
        assertEquals("GraphqlModel", run.path("modelVersions").get(0).path("name").asText());
        for (JsonNode m : run.path("data").path("metrics")) {
            if (m.path("key").asText().equals("nan")) {
                assertTrue(m.get("value").isNull(), m.toString());
                assertEquals("2", m.path("step").asText());
            } else {
                assertEquals(123.0, m.path("value").asDouble());
                assertEquals("1", m.path("timestamp").asText());
            }
        }
    }

    @Test
    void searchRunsArtifactsDatasetsAndHistories() {
        String exp = experiment("GraphqlSearch");
        String first = run(exp).path("run_id").asText();
        JsonNode secondInfo = run(exp);
        String second = secondInfo.path("run_id").asText();
        JsonNode runs = data("mutation m { mlflowSearchRuns(input: { experimentIds: [\"" + exp + "\"] }) { runs { info { runId } } } }")
                .path("mlflowSearchRuns").path("runs");
        assertEquals(2, runs.size());
        assertTrue(runs.toString().contains(first) && runs.toString().contains(second));

        String root = secondInfo.path("artifact_uri").asText().substring("mlflow-artifacts:".length()).replaceFirst("^/+", "");
        ok(http.sendBytes("PUT", "/api/2.0/mlflow-artifacts/artifacts/" + root + "/test.txt", "hello world".getBytes(StandardCharsets.UTF_8)));
        ok(http.sendBytes("PUT", "/api/2.0/mlflow-artifacts/artifacts/" + root + "/testDir/test.txt", "hello world".getBytes(StandardCharsets.UTF_8)));
        JsonNode files = data("query q { files: mlflowListArtifacts(input: {runId: \"" + second + "\"}) { files { path isDir fileSize } } }")
                .path("files").path("files");
        assertEquals("[{\"path\":\"test.txt\",\"isDir\":false,\"fileSize\":\"11\"},{\"path\":\"testDir\",\"isDir\":true,\"fileSize\":\"0\"}]",
                files.toString());

        ok(http.post(API + "runs/log-inputs", "{\"run_id\":\"" + second + "\",\"datasets\":[{\"tags\":[],\"dataset\":{\"name\":\"d1\","
                + "\"digest\":\"12345\",\"source_type\":\"script\",\"source\":\"test\"}}]}"));
        JsonNode summaries = data("mutation m { mlflowSearchDatasets(input:{experimentIds: [\"" + exp + "\"]}) {"
                + " datasetSummaries { experimentId name digest context } } }").path("mlflowSearchDatasets").path("datasetSummaries");
        assertEquals("[{\"experimentId\":\"" + exp + "\",\"name\":\"d1\",\"digest\":\"12345\",\"context\":\"\"}]", summaries.toString());

        for (int i = 0; i < 10; i++) {
            ok(http.post(API + "runs/log-metric", "{\"run_id\":\"" + second + "\",\"key\":\"m\",\"value\":" + i + ",\"timestamp\":5,\"step\":" + i + "}"));
        }
        JsonNode metrics = data("query q { mlflowGetMetricHistoryBulkInterval(input: { runIds: [\"" + second + "\"], metricKey: \"m\", maxResults: 5 })"
                + " { metrics { key step value } } }").path("mlflowGetMetricHistoryBulkInterval").path("metrics");
        assertEquals("[\"0\",\"2\",\"4\",\"6\",\"8\",\"9\"]", Http.JSON.valueToTree(
                java.util.stream.StreamSupport.stream(metrics.spliterator(), false).map(m -> m.path("step").asText()).toList()).toString());
    }

    @Test
    void queriesBeyondMlflowsLimitsAreRefused() {
        StringBuilder roots = new StringBuilder("query q {");
        for (int i = 0; i < 12; i++) roots.append(" k").append(i).append(": test(inputString: \"abc\") { output }");
        assertTrue(firstError(roots + "}").startsWith("GraphQL queries should have at most 10 root fields, got 12 root fields."));

        StringBuilder aliases = new StringBuilder("query q {mlflowGetExperiment(input: {experimentId: \"1\"}) {");
        for (int i = 0; i < 12; i++) aliases.append(" e").append(i).append(": experiment { name }");
        assertTrue(firstError(aliases + "}}").contains("queries should have at most 10 aliases"));

        String inner = "name";
        for (int i = 0; i < 12; i++) inner = "name { " + inner + " }";
        assertEquals("Query exceeds maximum depth of 10",
                firstError("query q { mlflowGetExperiment(input: {experimentId: \"1\"}) { experiment { " + inner + " } } }"));

        StringBuilder wide = new StringBuilder("query q { mlflowGetExperiment(input: {experimentId: \"1\"}) { experiment {");
        for (int i = 0; i < 1002; i++) wide.append(" f").append(i).append(" { name }");
        assertEquals("Query exceeds maximum total selections of 1000", firstError(wide + " } } }"));
        assertTrue(!firstError("query {").isEmpty());
    }
}
