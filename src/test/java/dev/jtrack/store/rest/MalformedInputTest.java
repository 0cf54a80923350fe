package dev.jtrack.store.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jtrack.tracking.ErrorCode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The malformed requests on which MLflow 2.17.2 answers 5xx or silently changes data: jtrack must
 * store each accepted write exactly as sent, or refuse it with a 4xx and an MLflow error code.
 */
class MalformedInputTest {

    @TempDir
    static Path dir;

    private static ServerFixture server;
    private static RawHttp http;
    private static String expId;

    @BeforeAll
    static void start() throws Exception {
        server = ServerFixture.start(dir);
        http = new RawHttp(server.uri());
        expId = http.post("/api/2.0/mlflow/experiments/create", "{\"name\":\"malformed\"}").json()
                .get("experiment_id").asText();
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    private static String newRun() {
        RawHttp.Answer a = http.post("/api/2.0/mlflow/runs/create", "{\"experiment_id\":\"" + expId + "\"}");
        assertEquals(200, a.status(), a.toString());
        return a.json().at("/run/info/run_id").asText();
    }

    /** Asserts a 4xx with a known MLflow error code in MLflow's JSON. */
    private static void assertRefused(RawHttp.Answer a, String what) {
        assertTrue(a.status() >= 400 && a.status() < 500, what + ": expected 4xx, got " + a);
        JsonNode j = a.json();
        String code = j.path("error_code").asText("");
        assertEquals(code, ErrorCode.fromName(code).name(), what + ": unknown error code in " + a);
        assertTrue(j.hasNonNull("message"), what + ": no message in " + a);
    }

    private static JsonNode history(String runId, String key) {
        RawHttp.Answer a = http.get("/api/2.0/mlflow/metrics/get-history?run_id=" + runId + "&metric_key="
                + URLEncoder.encode(key, StandardCharsets.UTF_8));
        assertEquals(200, a.status(), a.toString());
        return a.json().path("metrics");
    }

    private static String metricBody(String runId, String value, String timestamp, String step) {
        return "{\"run_id\":\"" + runId + "\",\"key\":\"m\",\"value\":" + value + ",\"timestamp\":" + timestamp
                + ",\"step\":" + step + "}";
    }

    /** A metric write whose value/timestamp/step can't be stored exactly must be refused. */
    @Test
    void numbersThatCannotBeStoredExactlyAreRefused() {
        String[][] cases = {
            {"1e400", "1", "0"}, {"-1e400", "1", "0"}, {"1", "1", "9223372036854775808"}, {"1", "1", "1.5"},
            {"1", "1.5", "0"}, {"1", "9223372036854775808", "0"}, {"1", "1", "-9223372036854775809"},
            {"1", "1", "\"abc\""}, {"\"abc\"", "1", "0"}, {"true", "1", "0"}, {"[1]", "1", "0"},
            {"{}", "1", "0"}, {"1", "\"1.5\"", "0"},
        };
        List<String> wrong = new ArrayList<>();
        for (String[] c : cases) {
            String runId = newRun();
            for (String endpoint : List.of("runs/log-metric", "runs/log-batch")) {
                String body = endpoint.equals("runs/log-metric")
                        ? metricBody(runId, c[0], c[1], c[2])
                        : "{\"run_id\":\"" + runId + "\",\"metrics\":[{\"key\":\"m\",\"value\":" + c[0]
                                + ",\"timestamp\":" + c[1] + ",\"step\":" + c[2] + "}]}";
                RawHttp.Answer a = http.post("/api/2.0/mlflow/" + endpoint, body);
                int stored = history(runId, "m").size();
                if (a.status() == 200 || stored != 0) {
                    wrong.add(endpoint + " " + body + " -> " + a + " (stored " + history(runId, "m") + ")");
                } else {
                    try {
                        assertRefused(a, body);
                    } catch (AssertionError e) {
                        wrong.add(e.getMessage());
                    }
                }
            }
        }
        assertTrue(wrong.isEmpty(), "accepted or stored though not exactly representable:\n" + String.join("\n", wrong));
    }

    /** Extreme but representable numbers are stored exactly. */
    @Test
    void representableExtremesAreStoredExactly() {
        String runId = newRun();
        String[][] cases = {
            {"\"NaN\"", "0", "0"}, {"\"Infinity\"", "1", "1"}, {"\"-Infinity\"", "2", "2"},
            {"1.7976931348623157E308", "3", "9223372036854775807"}, {"4.9E-324", "4", "-9223372036854775808"},
            {"0.1", "9223372036854775807", "6"}, {"123456789012345678", "7", "7"},
        };
        for (String[] c : cases) {
            RawHttp.Answer a = http.post("/api/2.0/mlflow/runs/log-metric", metricBody(runId, c[0], c[1], c[2]));
            assertEquals(200, a.status(), c[0] + ": " + a);
        }
        JsonNode h = history(runId, "m");
        assertEquals(cases.length, h.size(), h.toString());
        List<String> got = new ArrayList<>();
        h.forEach(m -> got.add(TrackingJson.doubleValue(m.get("value")) + "@" + m.get("timestamp").asText() + "#"
                + m.get("step").asText()));
        for (String[] c : cases) {
            double v = c[0].startsWith("\"") ? TrackingJson.doubleValue(MlflowHttp.MAPPER.valueToTree(
                    c[0].substring(1, c[0].length() - 1))) : Double.parseDouble(c[0]);
            String expect = v + "@" + c[1] + "#" + c[2];
            assertTrue(got.contains(expect), "missing " + expect + " in " + got);
        }
    }

    /** A bare NaN token is not JSON: refused, or stored as NaN, never as 0. */
    @Test
    void bareNanTokenIsNotStoredAsZero() {
        for (String token : List.of("NaN", "Infinity", "-Infinity", "nan")) {
            String runId = newRun();
            RawHttp.Answer a = http.post("/api/2.0/mlflow/runs/log-metric", metricBody(runId, token, "1", "0"));
            JsonNode h = history(runId, "m");
            if (a.status() == 200) {
                assertEquals(1, h.size());
                double v = TrackingJson.doubleValue(h.get(0).get("value"));
                double expected = token.equalsIgnoreCase("nan") ? Double.NaN
                        : token.startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
                assertEquals(expected, v, token + " stored as " + v);
            } else {
                assertRefused(a, token);
                assertEquals(0, h.size());
            }
        }
    }

    /** Values over MLflow's limits are refused whole, not truncated; values at the limit are kept. */
    @Test
    void overLongValuesAreRefusedNotTruncated() {
        String runId = newRun();
        String key250 = "k".repeat(250);
        assertEquals(200, http.post("/api/2.0/mlflow/runs/log-parameter", "{\"run_id\":\"" + runId + "\",\"key\":\""
                + key250 + "\",\"value\":\"" + "v".repeat(6000) + "\"}").status());
        assertEquals(200, http.post("/api/2.0/mlflow/runs/set-tag", "{\"run_id\":\"" + runId
                + "\",\"key\":\"t\",\"value\":\"" + "w".repeat(5000) + "\"}").status());

        assertRefused(http.post("/api/2.0/mlflow/runs/log-parameter", "{\"run_id\":\"" + runId
                + "\",\"key\":\"p2\",\"value\":\"" + "v".repeat(6001) + "\"}"), "param value 6001");
        assertRefused(http.post("/api/2.0/mlflow/runs/log-parameter", "{\"run_id\":\"" + runId
                + "\",\"key\":\"" + "k".repeat(251) + "\",\"value\":\"v\"}"), "param key 251");
        assertRefused(http.post("/api/2.0/mlflow/runs/set-tag", "{\"run_id\":\"" + runId
                + "\",\"key\":\"t2\",\"value\":\"" + "w".repeat(5001) + "\"}"), "tag value 5001");
        assertRefused(http.post("/api/2.0/mlflow/runs/log-metric", metricBody(runId, "1", "1", "0")
                .replace("\"key\":\"m\"", "\"key\":\"" + "m".repeat(251) + "\"")), "metric key 251");
        assertRefused(http.post("/api/2.0/mlflow/experiments/create", "{\"name\":\"" + "e".repeat(501) + "\"}"),
                "experiment name 501");
        assertRefused(http.post("/api/2.0/mlflow/runs/log-batch", "{\"run_id\":\"" + runId
                + "\",\"params\":[{\"key\":\"ok\",\"value\":\"1\"},{\"key\":\"p3\",\"value\":\"" + "v".repeat(6001)
                + "\"}]}"), "batch with one over-long param");

        JsonNode run = http.get("/api/2.0/mlflow/runs/get?run_id=" + runId).json().at("/run/data");
        assertEquals(1, run.path("params").size(), "only the valid param: " + run.path("params"));
        assertEquals("v".repeat(6000), run.path("params").get(0).get("value").asText());
        assertEquals(key250, run.path("params").get(0).get("key").asText());
        for (JsonNode t : run.path("tags")) {
            if (t.get("key").asText().equals("t")) {
                assertEquals(5000, t.get("value").asText().length());
            }
            assertTrue(!t.get("key").asText().equals("t2"));
        }
    }

    /** Odd but legal text (NUL, non-BMP, RTL, quotes) is stored exactly or refused. */
    @Test
    void oddTextIsStoredExactlyOrRefused() {
        String runId = newRun();
        String[] values = {"a\u0000b", "🙂 emoji", "עברית", "quote ' \" ` \\", "line\nbreak\ttab", " ", ""};
        for (int i = 0; i < values.length; i++) {
            String body = "{\"run_id\":\"" + runId + "\",\"key\":\"p" + i + "\",\"value\":"
                    + FuzzTest.jsonString(values[i]) + "}";
            RawHttp.Answer a = http.post("/api/2.0/mlflow/runs/log-parameter", body);
            if (a.status() != 200) {
                assertRefused(a, body);
                continue;
            }
            JsonNode params = http.get("/api/2.0/mlflow/runs/get?run_id=" + runId).json().at("/run/data/params");
            String stored = null;
            for (JsonNode p : params) {
                if (p.get("key").asText().equals("p" + i)) {
                    stored = p.path("value").asText("");
                }
            }
            assertEquals(values[i], stored, "param p" + i);
        }
    }

    /** Bad JSON shapes and wrong types get a 4xx with an MLflow code. */
    @Test
    void badShapesAndTypesAreClientErrors() {
        String runId = newRun();
        String[] bodies = {
            "", "{", "[]", "null", "\"x\"", "42", "{\"run_id\":", "{\"run_id\":123}", "{\"run_id\":[\"" + runId + "\"]}",
            "{\"run_id\":\"" + runId + "\",\"metrics\":{}}", "{\"run_id\":\"" + runId + "\",\"metrics\":[1,2]}",
            "{\"run_id\":\"" + runId + "\",\"metrics\":[{\"key\":null,\"value\":1,\"timestamp\":1,\"step\":0}]}",
            "{\"run_id\":\"" + runId + "\",\"params\":\"p=1\"}", "{\"run_id\":\"" + runId + "\",\"tags\":[[]]}",
            "{\"run_id\":\"" + runId + "\",\"params\":[{\"key\":\"a\",\"value\":{\"x\":1}}]}",
            "{\"run_id\":\"not-a-run\"}", "{\"run_id\":\"" + runId + "\"" + ",\"x\":[".repeat(3000),
            "{\"run_id\":\"" + runId + "\",\"metrics\":[" + "{\"key\":\"m\",\"value\":1,\"timestamp\":1,\"step\":0},".repeat(1000)
                    + "{\"key\":\"m\",\"value\":1,\"timestamp\":1,\"step\":1}]}",
        };
        for (String b : bodies) {
            assertRefused(http.post("/api/2.0/mlflow/runs/log-batch", b), "log-batch " + abbreviate(b));
        }
        assertRefused(http.post("/api/2.0/mlflow/runs/create", "{\"experiment_id\":{\"a\":1}}"), "exp id object");
        assertRefused(http.post("/api/2.0/mlflow/runs/create", "{\"experiment_id\":\"abc\"}"), "exp id abc");
        assertRefused(http.post("/api/2.0/mlflow/runs/create", "{\"experiment_id\":\"" + expId
                + "\",\"start_time\":\"yesterday\"}"), "start_time text");
        assertRefused(http.post("/api/2.0/mlflow/runs/search", "{\"experiment_ids\":\"" + expId + "\",\"max_results\":-1}"),
                "negative max_results");
        assertRefused(http.post("/api/2.0/mlflow/runs/search", "{\"experiment_ids\":[\"" + expId
                + "\"],\"max_results\":100000000000}"), "huge max_results");
        assertRefused(http.post("/api/2.0/mlflow/runs/search", "{\"experiment_ids\":[\"" + expId
                + "\"],\"page_token\":\"garbage!!\"}"), "bad page token");
        assertRefused(http.post("/api/2.0/mlflow/runs/update", "{\"run_id\":\"" + runId + "\",\"status\":\"DANCING\"}"),
                "bad status");
        assertRefused(http.get("/api/2.0/mlflow/runs/get"), "runs/get without run_id");
        assertRefused(http.get("/api/2.0/mlflow/metrics/get-history?run_id=" + runId + "&metric_key=m&max_results=x"),
                "max_results text");
        assertRefused(http.post("/api/2.0/mlflow/no/such/endpoint", "{}"), "unknown endpoint");
        RawHttp.Answer big = http.send("POST", "/api/2.0/mlflow/runs/log-batch",
                ("{\"run_id\":\"" + runId + "\",\"tags\":[{\"key\":\"t\",\"value\":\"" + "x".repeat(60 * 1024 * 1024)
                        + "\"}]}").getBytes(StandardCharsets.UTF_8));
        assertRefused(big, "60 MB body");
    }

    /** A 100-term filter is answered (or refused) properly, never with a 5xx. */
    @Test
    void hundredTermFiltersAreAnswered() {
        String exp = http.post("/api/2.0/mlflow/experiments/create", "{\"name\":\"hundred-terms\"}").json()
                .get("experiment_id").asText();
        String runId = http.post("/api/2.0/mlflow/runs/create", "{\"experiment_id\":\"" + exp + "\"}").json()
                .at("/run/info/run_id").asText();
        http.post("/api/2.0/mlflow/runs/log-metric", metricBody(runId, "5", "1", "0"));
        StringBuilder f = new StringBuilder();
        for (int i = 0; i < 100; i++) {
            f.append(i == 0 ? "" : " AND ").append("metrics.m > ").append(i % 5 - 1);
        }
        RawHttp.Answer a = http.post("/api/2.0/mlflow/runs/search", "{\"experiment_ids\":[\"" + exp + "\"],\"filter\":"
                + FuzzTest.jsonString(f.toString()) + "}");
        if (a.status() == 200) {
            assertEquals(1, a.json().path("runs").size(), a.toString());
        } else {
            assertRefused(a, "100-term filter");
        }
        StringBuilder g = new StringBuilder();
        for (int i = 0; i < 100; i++) {
            g.append(i == 0 ? "" : " AND ").append("params.`p").append(i).append("` LIKE '%x%' AND tags.t").append(i)
                    .append(" != 'y'");
        }
        RawHttp.Answer b = http.post("/api/2.0/mlflow/runs/search", "{\"experiment_ids\":[\"" + exp + "\"],\"filter\":"
                + FuzzTest.jsonString(g.toString()) + "}");
        if (b.status() != 200) {
            assertRefused(b, "200-term filter");
        }
    }

    /** NUL bytes, traversal and missing files in artifact paths: 4xx, never 5xx. */
    @Test
    void artifactPathsAreCheckedAndMissingArtifactsAre404() {
        String runId = newRun();
        String[] badPaths = {"a%00b", "%00", "..%2F..%2Fetc%2Fpasswd", "%2Fetc%2Fpasswd", "a/../../x"};
        for (String p : badPaths) {
            assertRefused(http.get("/api/2.0/mlflow/artifacts/list?run_id=" + runId + "&path=" + p), "list " + p);
            assertRefused(http.get("/get-artifact?run_id=" + runId + "&path=" + p), "get-artifact " + p);
        }
        assertRefused(http.get("/get-artifact?run_id=" + runId + "&path=missing.txt"), "missing artifact");
        assertEquals(404, http.get("/get-artifact?run_id=" + runId + "&path=missing.txt").status());
        assertRefused(http.get("/api/2.0/mlflow-artifacts/artifacts/nothing/here.bin"), "missing proxied artifact");
        assertRefused(http.send("PUT", "/api/2.0/mlflow-artifacts/artifacts/x%00y.txt", "data".getBytes()), "PUT NUL");
        assertRefused(http.send("PUT", "/api/2.0/mlflow-artifacts/artifacts/..%2F..%2Fescape.txt", "data".getBytes()),
                "PUT traversal");
        assertRefused(http.get("/api/2.0/mlflow/artifacts/list?run_id=0123456789abcdef0123456789abcdef"),
                "list for missing run");
    }

    private static String abbreviate(String s) {
        return s.length() > 200 ? s.substring(0, 200) + "..." : s;
    }
}
