package dev.jtrack.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The scoring server over loopback HTTP: every payload form, the health routes and the errors. */
class ScoringServerTest {
    private static final String RIGHT_LEFT = "{\"predictions\": [\"right\", \"left\"]}".replace(" ", "");

    @TempDir
    Path dir;
    private ScoringServer server;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private String base;

    @BeforeEach
    void start() throws Exception {
        ModelPackage.save(ModelPackageTest.classifier(), dir.resolve("m"), "m", null, ModelPackageTest.example(), null, null);
        server = new ScoringServer(ModelPackage.load(dir.resolve("m"), LoadOptions.defaults()), 4096);
        base = "http://127.0.0.1:" + server.start("127.0.0.1", 0, 4);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private HttpResponse<String> post(String type, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + "/invocations")).timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (type != null) b.header("Content-Type", type);
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private void ok(String type, String body) throws Exception {
        HttpResponse<String> r = post(type, body);
        assertEquals(200, r.statusCode(), r.body());
        assertEquals(RIGHT_LEFT, r.body());
    }

    @Test
    void allFourJsonFormsAndCsv() throws Exception {
        ok("application/json", "{\"dataframe_split\": {\"columns\": [\"x\", \"y\"], \"data\": [[3, 0], [-1, 2]]}}");
        ok("application/json", "{\"dataframe_records\": [{\"x\": 3, \"y\": 0}, {\"x\": -1, \"y\": 2}]}");
        ok("application/json; charset=utf-8", "{\"instances\": [[3, 0], [-1, 2]]}");
        ok("application/json", "{\"inputs\": {\"x\": [3, -1], \"y\": [0, 2]}}");
        ok("text/csv", "x,y\n3,0\n-1,2\n");
        ok(null, "{\"inputs\": [{\"x\": 3, \"y\": 0}, {\"x\": -1, \"y\": 2}]}");
    }

    @Test
    void healthRoutes() throws Exception {
        for (String path : new String[] {"/ping", "/health", "/version"}) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + path)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, r.statusCode(), path);
        }
    }

    @Test
    void badPayloadsGetMlflowErrors() throws Exception {
        HttpResponse<String> r = post("application/json", "{\"columns\": []}");
        assertEquals(400, r.statusCode());
        assertTrue(r.body().contains("\"error_code\":\"BAD_REQUEST\"") && r.body().contains("exactly one of the keys"), r.body());
        r = post("application/json", "{\"dataframe_records\": [{\"x\": \"a\", \"y\": 1}]}");
        assertEquals(400, r.statusCode());
        assertTrue(r.body().contains("expects numbers"), r.body());
        r = post("text/csv", "x\n1\n");
        assertEquals(400, r.statusCode());
        assertTrue(r.body().contains("missing inputs [y]"), r.body());
        r = post("text/plain", "x");
        assertEquals(415, r.statusCode());
        r = post("application/json", "{\"inputs\": [" + "[1, 2],".repeat(1000) + "[1, 2]]}");
        assertEquals(413, r.statusCode(), r.body());
        assertTrue(r.body().contains("exceeds the limit"), r.body());
        byte[] big = ("{\"inputs\": [" + "[1, 2],".repeat(1000) + "[1, 2]]}").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        HttpResponse<String> chunked = http.send(HttpRequest.newBuilder(URI.create(base + "/invocations"))
                .header("Content-Type", "application/json").timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(big))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(413, chunked.statusCode(), "a body without Content-Length is bounded too: " + chunked.body());
        ok("application/json", "{\"instances\": [[3, 0], [-1, 2]]}"); // still serving
    }

    @Test
    void listenersSeeEveryAnsweredRequestAndTheRequestIdIsEchoed() throws Exception {
        java.util.List<PredictionEvent> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        server.addListener(seen::add);
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/invocations")).header("Content-Type", "text/csv")
                .header("X-Request-Id", "client-7").POST(HttpRequest.BodyPublishers.ofString("x,y\n3,0\n-1,2\n")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode());
        assertEquals("client-7", r.headers().firstValue("X-Request-Id").orElseThrow());
        HttpResponse<String> bad = post("application/json", "{\"instances\": [[1]]}");
        assertEquals(400, bad.statusCode());
        String generated = bad.headers().firstValue("X-Request-Id").orElseThrow();
        assertEquals(36, generated.length(), generated);
        assertEquals(2, seen.size());
        PredictionEvent ok = seen.get(0);
        assertEquals("client-7", ok.requestId());
        assertTrue(ok.succeeded());
        assertEquals(2, ok.input().rowCount());
        assertEquals("right", ok.output().column(0).getString(0));
        PredictionEvent refused = seen.get(1);
        assertEquals(generated, refused.requestId());
        assertEquals(400, refused.status());
        assertTrue(refused.input() == null && refused.output() == null && refused.error() != null);
    }

    @Test
    void aListenerThatCannotRecordTurnsTheAnswerIntoAnError() throws Exception {
        server.addListener(e -> {
            throw new IllegalStateException("disk full");
        });
        HttpResponse<String> r = post("text/csv", "x,y\n3,0\n");
        assertEquals(500, r.statusCode());
        assertTrue(r.body().contains("INTERNAL_ERROR") && r.body().contains("disk full"), r.body());
    }
}
