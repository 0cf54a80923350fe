package dev.jtrack.store.rest;

import dev.jtrack.http.RetryPolicy;
import dev.jtrack.http.RestConfig;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * The wire layer of the REST store: sends JSON to {@code <base>/api/2.0/mlflow/<endpoint>}, adds
 * credentials, retries transient failures with backoff and turns error answers into exceptions
 * through an {@link ErrorMapper}. Thread-safe; one instance shares one connection pool.
 */
public final class MlflowHttp implements AutoCloseable {

    private static final MediaType JSON = MediaType.get("application/json; charset=utf-8");

    /** Reads NaN/Infinity however a server spells them; writes them as MLflow does (strings). */
    static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .build();

    private final RestConfig config;
    private final ErrorMapper errors;
    private final OkHttpClient client;
    private final HttpUrl apiRoot;
    private final String authorization;

    public MlflowHttp(RestConfig config, ErrorMapper errors) {
        this.config = config;
        this.errors = errors;
        this.client = buildClient(config);
        HttpUrl base = HttpUrl.get(config.baseUri().toString());
        this.apiRoot = base.newBuilder().addPathSegments("api/2.0/mlflow").build();
        this.authorization = config.authorization();
    }

    public RestConfig config() {
        return config;
    }

    /** A fresh JSON object for a request body. */
    public static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    /** GET with query parameters; array values are repeated ({@code run_ids=a&run_ids=b}). */
    public JsonNode get(String endpoint, ObjectNode query) {
        HttpUrl.Builder url = url(endpoint);
        query.fields().forEachRemaining(e -> {
            JsonNode v = e.getValue();
            if (v.isArray()) {
                v.forEach(item -> url.addQueryParameter(e.getKey(), item.asText()));
            } else if (!v.isNull()) {
                url.addQueryParameter(e.getKey(), v.asText());
            }
        });
        return execute(new Request.Builder().url(url.build()).get(), endpoint);
    }

    public JsonNode post(String endpoint, JsonNode body) {
        return execute(new Request.Builder().url(url(endpoint).build()).post(json(body)), endpoint);
    }

    public JsonNode patch(String endpoint, JsonNode body) {
        return execute(new Request.Builder().url(url(endpoint).build()).patch(json(body)), endpoint);
    }

    /** DELETE with a JSON body, as MLflow's registry delete endpoints expect. */
    public JsonNode delete(String endpoint, JsonNode body) {
        return execute(new Request.Builder().url(url(endpoint).build()).delete(json(body)), endpoint);
    }

    private HttpUrl.Builder url(String endpoint) {
        return apiRoot.newBuilder().addPathSegments(endpoint);
    }

    private static RequestBody json(JsonNode body) {
        try {
            return RequestBody.create(MAPPER.writeValueAsBytes(body), JSON);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise request", e);
        }
    }

    private JsonNode execute(Request.Builder builder, String endpoint) {
        if (authorization != null) {
            builder.header("Authorization", authorization);
        }
        builder.header("Accept", "application/json");
        builder.header("User-Agent", "jtrack-rest-store");
        Request request = builder.build();
        RetryPolicy policy = config.retry();
        long deadline = System.nanoTime() + policy.maxTotal().toNanos();
        int attempt = 0;
        while (true) {
            Failure failure;
            long retryAfterMs = -1;
            try (Response response = client.newCall(request).execute()) {
                byte[] bytes = response.body() == null ? new byte[0] : response.body().bytes();
                int status = response.code();
                if (status >= 200 && status < 300) {
                    return parseOk(bytes, endpoint);
                }
                failure = parseError(status, bytes);
                if (!RetryPolicy.isRetryable(status)) {
                    throw errors.toException(status, failure.code, failure.message, null);
                }
                retryAfterMs = retryAfterMillis(response.header("Retry-After"));
            } catch (InterruptedIOException e) {
                if (Thread.currentThread().isInterrupted()) {
                    throw errors.toException(0, "ABORTED", "interrupted while calling " + endpoint, e);
                }
                failure = new Failure(0, "TEMPORARILY_UNAVAILABLE",
                        "timed out calling " + request.url() + ": " + e.getMessage(), e);
            } catch (javax.net.ssl.SSLHandshakeException | javax.net.ssl.SSLPeerUnverifiedException e) {
                // A certificate the client does not trust will not become trusted by retrying.
                throw errors.toException(0, "PERMISSION_DENIED", "TLS handshake with " + request.url().host()
                        + " failed (set MLFLOW_TRACKING_INSECURE_TLS=true only for test servers): " + e.getMessage(), e);
            } catch (IOException e) {
                failure = new Failure(0, "TEMPORARILY_UNAVAILABLE",
                        "cannot reach " + request.url() + ": " + e, e);
            }
            Duration delay = policy.backoff(attempt);
            long delayMs = retryAfterMs >= 0
                    ? Math.min(retryAfterMs, policy.maxBackoff().toMillis())
                    : jitter(delay.toMillis());
            boolean budgetLeft = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(delayMs) < deadline;
            if (attempt >= policy.maxRetries() || !budgetLeft) {
                String msg = failure.message + (attempt > 0 ? " (after " + (attempt + 1) + " attempts)" : "");
                throw errors.toException(failure.status, failure.code, msg, failure.cause);
            }
            sleep(delayMs, endpoint);
            attempt++;
        }
    }

    private JsonNode parseOk(byte[] bytes, String endpoint) {
        if (bytes.length == 0) {
            return MAPPER.createObjectNode();
        }
        try {
            return MAPPER.readTree(bytes);
        } catch (IOException e) {
            throw errors.toException(200, "INTERNAL_ERROR",
                    "server answered " + endpoint + " with invalid JSON: " + snippet(bytes), e);
        }
    }

    private static Failure parseError(int status, byte[] bytes) {
        try {
            JsonNode node = MAPPER.readTree(bytes);
            if (node != null && node.hasNonNull("error_code")) {
                String message = node.path("message").asText("");
                return new Failure(status, node.get("error_code").asText(), message, null);
            }
        } catch (IOException notJson) {
            // fall through: proxies and load balancers answer with HTML or plain text
        }
        String text = snippet(bytes);
        return new Failure(status, ErrorMapper.codeForStatus(status),
                "HTTP " + status + (text.isEmpty() ? "" : ": " + text), null);
    }

    private static String snippet(byte[] bytes) {
        String s = new String(bytes, java.nio.charset.StandardCharsets.UTF_8).strip();
        return s.length() > 500 ? s.substring(0, 500) + "..." : s;
    }

    private static long retryAfterMillis(String header) {
        if (header == null) {
            return -1;
        }
        try {
            return Math.max(0, Math.round(Double.parseDouble(header.trim()) * 1000));
        } catch (NumberFormatException e) {
            return -1; // HTTP-date form: fall back to our own backoff
        }
    }

    private static long jitter(long ms) {
        return ms <= 0 ? 0 : ms + ThreadLocalRandom.current().nextLong(ms / 5 + 1);
    }

    private void sleep(long ms, String endpoint) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw errors.toException(0, "ABORTED", "interrupted while retrying " + endpoint, e);
        }
    }

    private static OkHttpClient buildClient(RestConfig config) {
        OkHttpClient.Builder b = new OkHttpClient.Builder()
                .connectTimeout(config.connectTimeout())
                .readTimeout(config.readTimeout())
                .writeTimeout(config.readTimeout())
                .retryOnConnectionFailure(true);
        if (config.insecureTls()) {
            try {
                X509TrustManager trustAll = new X509TrustManager() {
                    @Override public void checkClientTrusted(X509Certificate[] c, String a) { }
                    @Override public void checkServerTrusted(X509Certificate[] c, String a) { }
                    @Override public X509Certificate[] getAcceptedIssuers() { return new X509Certificate[0]; }
                };
                SSLContext ssl = SSLContext.getInstance("TLS");
                ssl.init(null, new TrustManager[] {trustAll}, new SecureRandom());
                b.sslSocketFactory(ssl.getSocketFactory(), trustAll).hostnameVerifier((h, s) -> true);
            } catch (java.security.GeneralSecurityException e) {
                throw new IllegalStateException("cannot set up insecure TLS", e);
            }
        }
        return b.build();
    }

    @Override
    public void close() {
        client.dispatcher().executorService().shutdown();
        client.connectionPool().evictAll();
    }

    private record Failure(int status, String code, String message, Throwable cause) { }

}
