package dev.jtrack.http;

import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * How to reach an MLflow-compatible server: its base URI, credentials, timeouts and retry policy.
 *
 * <p>{@link #fromEnvironment(String, Map)} reads the variables MLflow's own clients read:
 * {@code MLFLOW_TRACKING_USERNAME}/{@code MLFLOW_TRACKING_PASSWORD} (HTTP basic),
 * {@code MLFLOW_TRACKING_TOKEN} (bearer), {@code MLFLOW_TRACKING_INSECURE_TLS},
 * {@code MLFLOW_HTTP_REQUEST_MAX_RETRIES}, {@code MLFLOW_HTTP_REQUEST_BACKOFF_FACTOR} (seconds),
 * {@code MLFLOW_HTTP_REQUEST_TIMEOUT} (seconds).
 *
 * @param baseUri        server root, e.g. {@code http://127.0.0.1:5000} (any path prefix is kept)
 * @param username       basic-auth user, or null
 * @param password       basic-auth password, or null
 * @param token          bearer token, or null (wins over basic auth when both are set)
 * @param insecureTls    accept any TLS certificate and host name (for self-signed test servers)
 * @param connectTimeout TCP connect timeout
 * @param readTimeout    timeout for one request/response exchange
 * @param retry          when and how long to retry
 */
public record RestConfig(
        URI baseUri,
        String username,
        String password,
        String token,
        boolean insecureTls,
        Duration connectTimeout,
        Duration readTimeout,
        RetryPolicy retry) {

    public RestConfig {
        Objects.requireNonNull(baseUri, "baseUri");
        String scheme = baseUri.getScheme() == null ? "" : baseUri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IllegalArgumentException("Tracking URI must be http:// or https://, got: " + baseUri);
        }
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(readTimeout, "readTimeout");
        Objects.requireNonNull(retry, "retry");
    }

    /** Defaults for {@code uri}: no credentials, 10 s connect, 120 s read, the default retry policy. */
    public static RestConfig of(String uri) {
        return new RestConfig(URI.create(stripTrailingSlash(uri)), null, null, null, false,
                Duration.ofSeconds(10), Duration.ofSeconds(120), RetryPolicy.defaults());
    }

    /** {@code uri} configured from MLflow's environment variables (pass {@code System.getenv()}). */
    public static RestConfig fromEnvironment(String uri, Map<String, String> env) {
        RestConfig base = of(uri);
        RetryPolicy retry = base.retry();
        String retries = blankToNull(env.get("MLFLOW_HTTP_REQUEST_MAX_RETRIES"));
        if (retries != null) {
            retry = retry.withMaxRetries(parseInt("MLFLOW_HTTP_REQUEST_MAX_RETRIES", retries));
        }
        String factor = blankToNull(env.get("MLFLOW_HTTP_REQUEST_BACKOFF_FACTOR"));
        if (factor != null) {
            retry = retry.withInitialBackoff(Duration.ofMillis(
                    Math.round(parseDouble("MLFLOW_HTTP_REQUEST_BACKOFF_FACTOR", factor) * 1000)));
        }
        Duration read = base.readTimeout();
        String timeout = blankToNull(env.get("MLFLOW_HTTP_REQUEST_TIMEOUT"));
        if (timeout != null) {
            read = Duration.ofMillis(Math.round(parseDouble("MLFLOW_HTTP_REQUEST_TIMEOUT", timeout) * 1000));
        }
        String insecure = blankToNull(env.get("MLFLOW_TRACKING_INSECURE_TLS"));
        return new RestConfig(base.baseUri(),
                blankToNull(env.get("MLFLOW_TRACKING_USERNAME")),
                blankToNull(env.get("MLFLOW_TRACKING_PASSWORD")),
                blankToNull(env.get("MLFLOW_TRACKING_TOKEN")),
                insecure != null && (insecure.equalsIgnoreCase("true") || insecure.equals("1")),
                base.connectTimeout(), read, retry);
    }

    /** A copy with other credentials for HTTP basic auth. */
    public RestConfig withBasicAuth(String user, String pass) {
        return new RestConfig(baseUri, user, pass, token, insecureTls, connectTimeout, readTimeout, retry);
    }

    /** A copy with a bearer token. */
    public RestConfig withToken(String bearer) {
        return new RestConfig(baseUri, username, password, bearer, insecureTls, connectTimeout, readTimeout, retry);
    }

    /** A copy with other timeouts. */
    public RestConfig withTimeouts(Duration connect, Duration read) {
        return new RestConfig(baseUri, username, password, token, insecureTls, connect, read, retry);
    }

    /** A copy with another retry policy. */
    public RestConfig withRetry(RetryPolicy policy) {
        return new RestConfig(baseUri, username, password, token, insecureTls, connectTimeout, readTimeout, policy);
    }

    /** The {@code Authorization} header value for these credentials (bearer token first), or {@code null} without any. */
    public String authorization() {
        if (token != null) {
            return "Bearer " + token;
        }
        if (username != null) {
            return okhttp3.Credentials.basic(username, password == null ? "" : password, java.nio.charset.StandardCharsets.UTF_8);
        }
        return null;
    }

    @Override
    public String toString() {
        // Never print secrets.
        return "RestConfig[" + baseUri + (username != null ? ", basic auth as " + username : "")
                + (token != null ? ", bearer token" : "") + "]";
    }

    private static String stripTrailingSlash(String uri) {
        String u = uri.trim();
        while (u.endsWith("/")) {
            u = u.substring(0, u.length() - 1);
        }
        return u;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    private static int parseInt(String name, String value) {
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be an integer, got: " + value);
        }
    }

    private static double parseDouble(String name, String value) {
        try {
            return Double.parseDouble(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a number, got: " + value);
        }
    }
}
