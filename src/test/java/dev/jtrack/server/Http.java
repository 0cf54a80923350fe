package dev.jtrack.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Raw HTTP calls to a server on loopback, for tests. */
final class Http {
    static final ObjectMapper JSON = new ObjectMapper();

    /** A response: status, body text and (when it parses) the JSON. */
    record Reply(int status, String body, HttpResponse<String> raw) {
        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON (status " + status + "): " + body, e);
            }
        }

        String errorCode() {
            return json().path("error_code").asText(null);
        }

        @Override
        public String toString() {
            return status + " " + body;
        }
    }

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;
    private String authorization;

    Http(int port) {
        this.base = "http://127.0.0.1:" + port;
    }

    Http withAuthorization(String header) {
        return new Http(this.base, header);
    }

    private Http(String base, String authorization) {
        this.base = base;
        this.authorization = authorization;
    }

    Reply get(String pathAndQuery) {
        return send("GET", pathAndQuery, null);
    }

    Reply post(String path, String json) {
        return send("POST", path, json);
    }

    Reply send(String method, String path, String body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30));
        if (authorization != null) b.header("Authorization", authorization);
        if (body != null) b.header("Content-Type", "application/json");
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return call(b.build());
    }

    Reply sendBytes(String method, String path, byte[] body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30));
        if (authorization != null) b.header("Authorization", authorization);
        b.method(method, HttpRequest.BodyPublishers.ofByteArray(body));
        return call(b.build());
    }

    /** A request with a raw body and the given headers (name, value, name, value, ...). */
    Reply sendWithHeaders(String method, String path, byte[] body, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30));
        if (authorization != null) b.header("Authorization", authorization);
        for (int i = 0; i < headers.length; i += 2) b.header(headers[i], headers[i + 1]);
        b.method(method, HttpRequest.BodyPublishers.ofByteArray(body));
        return call(b.build());
    }

    private Reply call(HttpRequest r) {
        try {
            HttpResponse<String> resp = client.send(r, HttpResponse.BodyHandlers.ofString());
            return new Reply(resp.statusCode(), resp.body(), resp);
        } catch (IOException | InterruptedException e) {
            throw new AssertionError("request failed: " + r.method() + " " + r.uri(), e);
        }
    }
}
