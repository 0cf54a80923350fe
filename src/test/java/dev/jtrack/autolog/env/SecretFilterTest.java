package dev.jtrack.autolog.env;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SecretFilterTest {

    @Test
    void namesThatLookSecretAreLeftOutInAnyCase() {
        for (String name : List.of("MLFLOW_TRACKING_TOKEN", "aws_secret_access_key", "DB_Password", "API_KEY",
                "GOOGLE_APPLICATION_CREDENTIALS", "github_token", "SSH_AUTH_KEYFILE", "mySecret", "PASSWORD")) {
            assertTrue(SecretFilter.isSecret(name), name);
        }
        for (String name : List.of("PATH", "HOME", "JAVA_HOME", "MLFLOW_TRACKING_URI", "LANG", "USER")) {
            assertFalse(SecretFilter.isSecret(name), name);
        }
    }

    @Test
    void publicVariablesKeepsTheRestSorted() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PATH", "/usr/bin");
        env.put("MLFLOW_TRACKING_PASSWORD", "hunter2");
        env.put("AWS_ACCESS_KEY_ID", "AKIA");
        env.put("HOME", "/home/u");
        env.put("my_token", "t");
        Map<String, String> kept = SecretFilter.publicVariables(env);
        assertEquals(List.of("HOME", "PATH"), List.copyOf(kept.keySet()));
        assertFalse(kept.containsValue("hunter2"));
    }

    @Test
    void remoteUrlsLoseTheirCredentials() {
        assertEquals("https://github.com/o/r.git", GitInfo.withoutCredentials("https://user:ghp_abc@github.com/o/r.git"));
        assertEquals("https://github.com/o/r.git", GitInfo.withoutCredentials("https://github.com/o/r.git"));
        assertEquals("git@github.com:o/r.git", GitInfo.withoutCredentials("git@github.com:o/r.git"));
    }
}
