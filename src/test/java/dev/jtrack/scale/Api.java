package dev.jtrack.scale;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.Supplier;

/** JSON and artifact calls to one jtrack server over real HTTP; any non-2xx answer fails the test. */
final class Api {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final String base;

    Api(String base) {
        this.base = base;
    }

    String base() {
        return base;
    }

    JsonNode post(String path, Object body) throws IOException, InterruptedException {
        String json = body instanceof String s ? s : JSON.writeValueAsString(body);
        return json(send(HttpRequest.newBuilder(URI.create(base + "/api/2.0/mlflow/" + path))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json))));
    }

    JsonNode get(String pathAndQuery) throws IOException, InterruptedException {
        return json(send(HttpRequest.newBuilder(URI.create(base + "/api/2.0/mlflow/" + pathAndQuery)).GET()));
    }

    /** Uploads through the artifact proxy; the body streams from {@code data} with no known length. */
    void upload(String proxyPath, Supplier<InputStream> data) throws IOException, InterruptedException {
        send(HttpRequest.newBuilder(URI.create(base + "/api/2.0/mlflow-artifacts/artifacts/" + proxyPath))
                .PUT(HttpRequest.BodyPublishers.ofInputStream(data)));
    }

    byte[] download(String proxyPath) throws IOException, InterruptedException {
        return sendBytes(HttpRequest.newBuilder(URI.create(base + "/api/2.0/mlflow-artifacts/artifacts/" + proxyPath)).GET());
    }

    byte[] runArtifact(String runId, String path) throws IOException, InterruptedException {
        return sendBytes(HttpRequest.newBuilder(URI.create(base + "/get-artifact?run_id=" + runId + "&path=" + q(path))).GET());
    }

    JsonNode proxyList(String path) throws IOException, InterruptedException {
        return json(send(HttpRequest.newBuilder(URI.create(base + "/api/2.0/mlflow-artifacts/artifacts?path=" + q(path))).GET()));
    }

    int delete(String proxyPath) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(base + "/api/2.0/mlflow-artifacts/artifacts/" + proxyPath))
                .timeout(Duration.ofSeconds(60)).DELETE().build(), HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    /** The raw answer, whatever its status. */
    HttpResponse<String> raw(HttpRequest.Builder b) throws IOException, InterruptedException {
        return HTTP.send(b.timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
    }

    static String q(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static String send(HttpRequest.Builder b) throws IOException, InterruptedException {
        HttpResponse<String> r = HTTP.send(b.timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() / 100 != 2) {
            throw new AssertionError(r.request().method() + " " + r.uri() + " -> " + r.statusCode() + " " + r.body());
        }
        return r.body();
    }

    private static byte[] sendBytes(HttpRequest.Builder b) throws IOException, InterruptedException {
        HttpResponse<byte[]> r = HTTP.send(b.timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofByteArray());
        if (r.statusCode() / 100 != 2) {
            throw new AssertionError(r.uri() + " -> " + r.statusCode() + " " + new String(r.body(), StandardCharsets.UTF_8));
        }
        return r.body();
    }

    private static JsonNode json(String body) throws IOException {
        return body.isEmpty() ? JSON.createObjectNode() : JSON.readTree(body);
    }
}
