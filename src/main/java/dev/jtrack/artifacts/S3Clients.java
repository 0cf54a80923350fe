package dev.jtrack.artifacts;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpConfigurationOption;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.LegacyMd5Plugin;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.utils.AttributeMap;

/**
 * One long-lived, thread-safe {@link S3Client} per {@link S3Config}, on the JDK's
 * {@code HttpURLConnection} (no Netty, no Apache HTTP client). Only this class and
 * {@link S3ArtifactRepository} touch the AWS SDK, so it loads only when an {@code s3://} location
 * is used.
 */
final class S3Clients {
    private static final Map<S3Config, S3Client> CLIENTS = new ConcurrentHashMap<>();

    private S3Clients() {}

    /** The shared client for {@code config}. */
    static S3Client forConfig(S3Config config) {
        return CLIENTS.computeIfAbsent(config, S3Clients::build);
    }

    private static S3Client build(S3Config config) {
        UrlConnectionHttpClient.Builder http = UrlConnectionHttpClient.builder()
                .connectionTimeout(Duration.ofSeconds(10))
                .socketTimeout(Duration.ofSeconds(60));
        SdkHttpClient httpClient = config.ignoreTls()
                ? http.buildWithDefaults(AttributeMap.builder()
                        .put(SdkHttpConfigurationOption.TRUST_ALL_CERTIFICATES, Boolean.TRUE).build())
                : http.build();
        var builder = S3Client.builder()
                .httpClient(httpClient)
                .region(Region.of(config.region()))
                .credentialsProvider(credentials(config));
        if (config.endpoint() != null) {
            // S3-compatible stores: path-style requests, and checksums as they have long been: only
            // where S3 requires one, as Content-MD5 (several implementations reject the SDK's newer
            // CRC32 checksum headers, e.g. on DeleteObjects).
            builder.endpointOverride(config.endpoint())
                    .forcePathStyle(true)
                    .addPlugin(LegacyMd5Plugin.create())
                    .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                    .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
        }
        return builder.build();
    }

    private static AwsCredentialsProvider credentials(S3Config config) {
        if (config.accessKeyId() == null) {
            return DefaultCredentialsProvider.builder().build();
        }
        AwsCredentials c = config.sessionToken() == null
                ? AwsBasicCredentials.create(config.accessKeyId(), config.secretAccessKey())
                : AwsSessionCredentials.create(config.accessKeyId(), config.secretAccessKey(), config.sessionToken());
        return StaticCredentialsProvider.create(c);
    }
}
