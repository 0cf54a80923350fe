package dev.jtrack.store.rest;

import dev.jtrack.http.RestConfig;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jtrack.server.auth.Authenticator;
import dev.jtrack.server.auth.PasswordHash;
import dev.jtrack.tracking.ErrorCode;
import dev.jtrack.tracking.MlflowException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The REST store sends MLflow's environment credentials (basic and bearer) to a jtrack server
 * with authentication on, and maps 401/403 to UNAUTHENTICATED/PERMISSION_DENIED without retrying.
 */
class RestStoreAuthTest {

    @TempDir
    static Path dir;

    private static ServerFixture server;

    @BeforeAll
    static void start() throws Exception {
        Authenticator auth = Authenticator.parse(List.of(
                "user alice write " + PasswordHash.hashPassword("wonderland".toCharArray()),
                "user bob read " + PasswordHash.hashPassword("builder".toCharArray()),
                "token ci write " + PasswordHash.hashToken("tok-123")));
        server = ServerFixture.start(dir, auth);
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    private static RestTrackingStore store(Map<String, String> env) {
        return new RestTrackingStore(RestConfig.fromEnvironment(server.uri(), env));
    }

    @Test
    void basicAuthFromTheEnvironment() {
        try (RestTrackingStore alice = store(Map.of(
                "MLFLOW_TRACKING_USERNAME", "alice", "MLFLOW_TRACKING_PASSWORD", "wonderland"))) {
            String id = alice.createExperiment("by-alice", null, List.of());
            assertEquals("by-alice", alice.getExperiment(id).name());
        }
    }

    @Test
    void bearerTokenFromTheEnvironment() {
        try (RestTrackingStore ci = store(Map.of("MLFLOW_TRACKING_TOKEN", "tok-123"))) {
            String id = ci.createExperiment("by-ci", null, List.of());
            assertEquals("by-ci", ci.getExperiment(id).name());
        }
    }

    @Test
    void missingOrWrongCredentialsAreUnauthenticated() {
        try (RestTrackingStore anonymous = store(Map.of());
                RestTrackingStore wrong = store(Map.of(
                        "MLFLOW_TRACKING_USERNAME", "alice", "MLFLOW_TRACKING_PASSWORD", "nope"));
                RestTrackingStore badToken = store(Map.of("MLFLOW_TRACKING_TOKEN", "tok-999"))) {
            for (RestTrackingStore s : List.of(anonymous, wrong, badToken)) {
                MlflowException e = assertThrows(MlflowException.class, () -> s.getExperiment("0"));
                assertEquals(ErrorCode.UNAUTHENTICATED, e.errorCode());
            }
        }
    }

    @Test
    void readOnlyUserCanReadButNotWrite() {
        try (RestTrackingStore bob = store(Map.of(
                "MLFLOW_TRACKING_USERNAME", "bob", "MLFLOW_TRACKING_PASSWORD", "builder"))) {
            assertEquals("0", bob.getExperiment("0").experimentId());
            MlflowException e = assertThrows(MlflowException.class,
                    () -> bob.createExperiment("by-bob", null, List.of()));
            assertEquals(ErrorCode.PERMISSION_DENIED, e.errorCode());
        }
    }
}
