package dev.jtrack.artifacts;

import java.net.URI;
import java.util.Locale;
import java.util.Map;

/**
 * How to reach S3 or an S3-compatible store, configured as MLflow and boto configure it. Holds no
 * AWS SDK types, so reading it costs nothing on a server that never touches S3.
 *
 * @param endpoint {@code MLFLOW_S3_ENDPOINT_URL}: an S3-compatible endpoint (MinIO, S3Proxy, ...),
 *     reached with path-style requests; null for AWS itself
 * @param region {@code AWS_DEFAULT_REGION} (or {@code AWS_REGION}); us-east-1 when unset
 * @param accessKeyId {@code AWS_ACCESS_KEY_ID}; null to use the SDK's default credential chain
 * @param secretAccessKey {@code AWS_SECRET_ACCESS_KEY}
 * @param sessionToken {@code AWS_SESSION_TOKEN}, or null
 * @param ignoreTls {@code MLFLOW_S3_IGNORE_TLS}: accept any TLS certificate of the endpoint
 */
public record S3Config(URI endpoint, String region, String accessKeyId, String secretAccessKey,
        String sessionToken, boolean ignoreTls) {

    /** The region used when none is configured, as boto does. */
    public static final String DEFAULT_REGION = "us-east-1";

    public S3Config {
        if (endpoint != null) {
            String scheme = endpoint.getScheme() == null ? "" : endpoint.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https") || endpoint.getHost() == null) {
                throw new IllegalArgumentException("MLFLOW_S3_ENDPOINT_URL must be an http(s) URL, not '" + endpoint + "'");
            }
        }
        if (region == null || region.isBlank()) region = DEFAULT_REGION;
        if (accessKeyId != null && accessKeyId.isBlank()) accessKeyId = null;
        if (accessKeyId != null && (secretAccessKey == null || secretAccessKey.isEmpty())) {
            throw new IllegalArgumentException("AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not");
        }
        if (sessionToken != null && sessionToken.isBlank()) sessionToken = null;
    }

    /** The configuration from environment variables (pass {@code System.getenv()}). */
    public static S3Config fromEnvironment(Map<String, String> env) {
        String endpoint = blankToNull(env.get("MLFLOW_S3_ENDPOINT_URL"));
        URI uri;
        try {
            uri = endpoint == null ? null : URI.create(endpoint);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("MLFLOW_S3_ENDPOINT_URL is not a URL: '" + endpoint + "'");
        }
        String region = blankToNull(env.get("AWS_DEFAULT_REGION"));
        if (region == null) region = blankToNull(env.get("AWS_REGION"));
        String ignore = env.getOrDefault("MLFLOW_S3_IGNORE_TLS", "").strip().toLowerCase(Locale.ROOT);
        return new S3Config(uri, region, blankToNull(env.get("AWS_ACCESS_KEY_ID")), env.get("AWS_SECRET_ACCESS_KEY"),
                blankToNull(env.get("AWS_SESSION_TOKEN")), ignore.equals("true") || ignore.equals("1") || ignore.equals("yes"));
    }

    /** The configuration of this process's environment. */
    public static S3Config fromEnvironment() {
        return fromEnvironment(System.getenv());
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    /** Never prints the secret or the session token. */
    @Override
    public String toString() {
        return "S3Config[endpoint=" + endpoint + ", region=" + region + ", accessKeyId=" + accessKeyId
                + ", ignoreTls=" + ignoreTls + "]";
    }
}
