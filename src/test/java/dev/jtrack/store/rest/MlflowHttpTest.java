package dev.jtrack.store.rest;

import dev.jtrack.http.RetryPolicy;
import dev.jtrack.http.RestConfig;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The wire layer against a real HTTP server on loopback (the JDK's), scripted to fail in the ways
 * real servers and proxies fail.
 */
class MlflowHttpTest {

    /** Captures what the mapper was asked to build. */
    static final class Failed extends RuntimeException {
        final int status;
        final String code;

        Failed(int status, String code, String message, Throwable cause) {
            super(message, cause);
            this.status = status;
            this.code = code;
        }
    }

    private static final ErrorMapper MAPPER = Failed::new;
    private static final RetryPolicy FAST =
            new RetryPolicy(3, Duration.ofMillis(10), Duration.ofMillis(50), Duration.ofSeconds(5));

    private HttpServer server;
    private final ConcurrentLinkedQueue<Map<String, String>> seen = new ConcurrentLinkedQueue<>();

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    /** Starts a server whose n-th request (0-based) is answered by {@code script}. */
    private String serve(Function<Integer, Answer> script) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        AtomicInteger n = new AtomicInteger();
        server.createContext("/", ex -> {
            byte[] body = ex.getRequestBody().readAllBytes();
            seen.add(Map.of(
                    "method", ex.getRequestMethod(),
                    "uri", ex.getRequestURI().toString(),
                    "auth", String.valueOf(ex.getRequestHeaders().getFirst("Authorization")),
                    "body", new String(body, StandardCharsets.UTF_8)));
            Answer a = script.apply(n.getAndIncrement());
            reply(ex, a);
        });
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        server.start();
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private static void reply(HttpExchange ex, Answer a) throws IOException {
        a.headers.forEach((k, v) -> ex.getResponseHeaders().add(k, v));
        byte[] b = a.body.getBytes(StandardCharsets.UTF_8);
        ex.sendResponseHeaders(a.status, b.length == 0 ? -1 : b.length);
        if (b.length > 0) {
            ex.getResponseBody().write(b);
        }
        ex.close();
    }

    record Answer(int status, String body, Map<String, String> headers) {
        static Answer of(int status, String body) {
            return new Answer(status, body, Map.of());
        }
    }

    private MlflowHttp http(String uri, RetryPolicy retry) {
        return new MlflowHttp(RestConfig.of(uri).withRetry(retry)
                .withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(2)), MAPPER);
    }

    @Test
    void postsJsonToTheMlflowPathAndParsesTheAnswer() throws Exception {
        String uri = serve(i -> Answer.of(200, "{\"experiment_id\":\"7\"}"));
        try (MlflowHttp http = http(uri + "/", FAST)) {
            ObjectNode body = MlflowHttp.object().put("name", "x");
            JsonNode r = http.post("experiments/create", body);
            assertEquals("7", r.get("experiment_id").asText());
        }
        Map<String, String> req = seen.peek();
        assertEquals("POST", req.get("method"));
        assertEquals("/api/2.0/mlflow/experiments/create", req.get("uri"));
        assertEquals("{\"name\":\"x\"}", req.get("body"));
        assertEquals("null", req.get("auth"));
    }

    @Test
    void getEncodesQueryParametersAndRepeatsArrays() throws Exception {
        String uri = serve(i -> Answer.of(200, "{}"));
        try (MlflowHttp http = http(uri, FAST)) {
            ObjectNode q = MlflowHttp.object().put("name", "a b&c");
            q.putArray("run_ids").add("r1").add("r2");
            http.get("metrics/get-history-bulk-interval", q);
        }
        assertEquals("/api/2.0/mlflow/metrics/get-history-bulk-interval?name=a%20b%26c&run_ids=r1&run_ids=r2",
                seen.peek().get("uri"));
    }

    @Test
    void retriesServerErrorsThenSucceeds() throws Exception {
        String uri = serve(i -> i < 2 ? Answer.of(503, "busy") : Answer.of(200, "{\"ok\":1}"));
        try (MlflowHttp http = http(uri, FAST)) {
            assertEquals(1, http.post("runs/log-batch", MlflowHttp.object()).get("ok").asInt());
        }
        assertEquals(3, seen.size());
    }

    @Test
    void givesUpAfterMaxRetriesWithTheLastError() throws Exception {
        String uri = serve(i -> Answer.of(500,
                "{\"error_code\":\"INTERNAL_ERROR\",\"message\":\"boom\"}"));
        try (MlflowHttp http = http(uri, FAST)) {
            Failed f = assertThrows(Failed.class, () -> http.post("runs/log-batch", MlflowHttp.object()));
            assertEquals(500, f.status);
            assertEquals("INTERNAL_ERROR", f.code);
            assertTrue(f.getMessage().startsWith("boom"), f.getMessage());
        }
        assertEquals(4, seen.size(), "1 attempt + 3 retries");
    }

    @Test
    void totalTimeBudgetStopsRetryingEarly() throws Exception {
        String uri = serve(i -> Answer.of(502, ""));
        RetryPolicy slow = new RetryPolicy(100, Duration.ofMillis(100), Duration.ofMillis(100),
                Duration.ofMillis(350));
        long t0 = System.nanoTime();
        try (MlflowHttp http = http(uri, slow)) {
            assertThrows(Failed.class, () -> http.post("runs/create", MlflowHttp.object()));
        }
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(ms < 2_000, "took " + ms + " ms");
        assertTrue(seen.size() >= 2 && seen.size() <= 5, "attempts: " + seen.size());
    }

    @Test
    void honoursRetryAfterOn429() throws Exception {
        String uri = serve(i -> i == 0
                ? new Answer(429, "{\"error_code\":\"REQUEST_LIMIT_EXCEEDED\",\"message\":\"slow down\"}",
                        Map.of("Retry-After", "0.3"))
                : Answer.of(200, "{}"));
        RetryPolicy p = new RetryPolicy(2, Duration.ofMillis(1), Duration.ofSeconds(1), Duration.ofSeconds(5));
        long t0 = System.nanoTime();
        try (MlflowHttp http = http(uri, p)) {
            http.post("runs/log-metric", MlflowHttp.object());
        }
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertEquals(2, seen.size());
        assertTrue(ms >= 280, "waited only " + ms + " ms");
    }

    @Test
    void clientErrorsAreNotRetriedAndKeepMlflowCodes() throws Exception {
        String uri = serve(i -> Answer.of(404,
                "{\"error_code\":\"RESOURCE_DOES_NOT_EXIST\",\"message\":\"Run 'x' not found\"}"));
        try (MlflowHttp http = http(uri, FAST)) {
            Failed f = assertThrows(Failed.class, () -> http.get("runs/get", MlflowHttp.object().put("run_id", "x")));
            assertEquals(404, f.status);
            assertEquals("RESOURCE_DOES_NOT_EXIST", f.code);
            assertEquals("Run 'x' not found", f.getMessage());
        }
        assertEquals(1, seen.size());
    }

    @Test
    void nonJsonErrorBodiesGetACodeFromTheStatus() throws Exception {
        String uri = serve(i -> Answer.of(403, "<html>Forbidden</html>"));
        try (MlflowHttp http = http(uri, FAST)) {
            Failed f = assertThrows(Failed.class, () -> http.post("runs/create", MlflowHttp.object()));
            assertEquals("PERMISSION_DENIED", f.code);
            assertTrue(f.getMessage().contains("Forbidden"));
        }
    }

    @Test
    void connectionRefusedIsRetriedThenReported() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        try (MlflowHttp http = http("http://127.0.0.1:" + port, FAST)) {
            Failed f = assertThrows(Failed.class, () -> http.post("runs/create", MlflowHttp.object()));
            assertEquals(0, f.status);
            assertEquals("TEMPORARILY_UNAVAILABLE", f.code);
            assertTrue(f.getMessage().contains("after 4 attempts"), f.getMessage());
            assertTrue(f.getCause() instanceof IOException);
        }
    }

    @Test
    void readTimeoutIsBoundedAndRetried() throws Exception {
        String uri = serve(i -> {
            if (i == 0) {
                try {
                    Thread.sleep(1_500);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return Answer.of(200, "{\"n\":" + i + "}");
        });
        MlflowHttp http = new MlflowHttp(RestConfig.of(uri).withRetry(FAST)
                .withTimeouts(Duration.ofSeconds(1), Duration.ofMillis(300)), MAPPER);
        try (http) {
            JsonNode r = http.post("runs/create", MlflowHttp.object());
            assertEquals(1, r.get("n").asInt());
        }
    }

    @Test
    void sendsBasicAuthOrBearerTokenFromTheEnvironment() throws Exception {
        String uri = serve(i -> Answer.of(200, "{}"));
        RestConfig basic = RestConfig.fromEnvironment(uri, Map.of(
                "MLFLOW_TRACKING_USERNAME", "alice", "MLFLOW_TRACKING_PASSWORD", "s3cret"));
        try (MlflowHttp http = new MlflowHttp(basic, MAPPER)) {
            http.post("runs/create", MlflowHttp.object());
        }
        RestConfig bearer = RestConfig.fromEnvironment(uri, Map.of("MLFLOW_TRACKING_TOKEN", "tok-1"));
        try (MlflowHttp http = new MlflowHttp(bearer, MAPPER)) {
            http.post("runs/create", MlflowHttp.object());
        }
        List<Map<String, String>> reqs = List.copyOf(seen);
        assertEquals("Basic YWxpY2U6czNjcmV0", reqs.get(0).get("auth"));
        assertEquals("Bearer tok-1", reqs.get(1).get("auth"));
        assertTrue(!basic.toString().contains("s3cret"));
    }

    @Test
    void environmentConfiguresRetriesAndTimeouts() {
        RestConfig c = RestConfig.fromEnvironment("https://mlflow.example/prefix/", Map.of(
                "MLFLOW_HTTP_REQUEST_MAX_RETRIES", "2",
                "MLFLOW_HTTP_REQUEST_BACKOFF_FACTOR", "0.5",
                "MLFLOW_HTTP_REQUEST_TIMEOUT", "7",
                "MLFLOW_TRACKING_INSECURE_TLS", "true"));
        assertEquals("https://mlflow.example/prefix", c.baseUri().toString());
        assertEquals(2, c.retry().maxRetries());
        assertEquals(Duration.ofMillis(500), c.retry().initialBackoff());
        assertEquals(Duration.ofSeconds(7), c.readTimeout());
        assertTrue(c.insecureTls());
        assertNull(c.token());
        assertThrows(IllegalArgumentException.class, () -> RestConfig.of("ftp://x"));
        assertThrows(IllegalArgumentException.class,
                () -> RestConfig.fromEnvironment("http://x", Map.of("MLFLOW_HTTP_REQUEST_MAX_RETRIES", "many")));
    }

    @Test
    void backoffDoublesUpToTheCap() {
        RetryPolicy p = new RetryPolicy(10, Duration.ofMillis(100), Duration.ofMillis(1000), Duration.ofMinutes(1));
        assertEquals(100, p.backoff(0).toMillis());
        assertEquals(200, p.backoff(1).toMillis());
        assertEquals(800, p.backoff(3).toMillis());
        assertEquals(1000, p.backoff(4).toMillis());
        assertEquals(1000, p.backoff(62).toMillis());
    }
}
