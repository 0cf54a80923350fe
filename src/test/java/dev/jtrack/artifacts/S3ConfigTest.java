package dev.jtrack.artifacts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;

class S3ConfigTest {
    @Test
    void readsMlflowAndAwsVariables() {
        S3Config c = S3Config.fromEnvironment(Map.of("MLFLOW_S3_ENDPOINT_URL", "http://127.0.0.1:9000",
                "AWS_ACCESS_KEY_ID", "id", "AWS_SECRET_ACCESS_KEY", "secret", "AWS_SESSION_TOKEN", "tok",
                "AWS_DEFAULT_REGION", "eu-west-1", "MLFLOW_S3_IGNORE_TLS", "true"));
        assertEquals(URI.create("http://127.0.0.1:9000"), c.endpoint());
        assertEquals("eu-west-1", c.region());
        assertEquals("id", c.accessKeyId());
        assertEquals("tok", c.sessionToken());
        assertTrue(c.ignoreTls());
        assertFalse(c.toString().contains("secret"), c.toString());
        assertFalse(c.toString().contains("tok"), c.toString());
    }

    @Test
    void defaultsAsBotoDoes() {
        S3Config c = S3Config.fromEnvironment(Map.of());
        assertNull(c.endpoint());
        assertEquals("us-east-1", c.region());
        assertNull(c.accessKeyId());
        assertFalse(c.ignoreTls());
        assertEquals("ap-south-1", S3Config.fromEnvironment(Map.of("AWS_REGION", "ap-south-1")).region());
    }

    @Test
    void badSettingsAreClearErrors() {
        assertThrows(IllegalArgumentException.class, () -> S3Config.fromEnvironment(Map.of("MLFLOW_S3_ENDPOINT_URL", "minio:9000")));
        assertThrows(IllegalArgumentException.class, () -> S3Config.fromEnvironment(Map.of("AWS_ACCESS_KEY_ID", "only-id")));
    }

    @Test
    void parsesS3Locations() {
        assertEquals(new S3Location("bucket", "a/b"), S3Location.parse("s3://bucket/a//b/"));
        assertEquals(new S3Location("bucket", ""), S3Location.parse("s3://bucket"));
        assertEquals("s3://bucket/a/b/c", S3Location.parse("s3://bucket/a/b").resolve("c").uri());
        assertTrue(S3Location.parse("s3://b/x").contains(S3Location.parse("s3://b/x/y")));
        assertFalse(S3Location.parse("s3://b/x").contains(S3Location.parse("s3://b/xy")));
        assertTrue(S3Location.parse("s3://b").contains(S3Location.parse("s3://b/any")));
        for (String bad : new String[] {"s3:///nobucket", "s3://b/../x", "http://b/x", "s3://b/a\\b"}) {
            assertThrows(ArtifactPathException.class, () -> S3Location.parse(bad), bad);
        }
    }
}
