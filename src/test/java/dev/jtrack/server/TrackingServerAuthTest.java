package dev.jtrack.server;

import static dev.jtrack.server.TrackingServerApiTest.API;
import static dev.jtrack.server.TrackingServerApiTest.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jtrack.server.Http.Reply;
import dev.jtrack.server.auth.Authenticator;
import dev.jtrack.server.auth.PasswordHash;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A server started with an auth file: 401 without credentials, 403 for writes with read-only ones. */
class TrackingServerAuthTest {
    @TempDir static Path dir;
    static TestServer server;
    static Http anonymous;

    @BeforeAll
    static void start() throws Exception {
        Path authFile = dir.resolve("auth.txt");
        Files.write(authFile, List.of(
                "# users and tokens",
                "user writer write " + PasswordHash.hashPassword("w-pass".toCharArray()),
                "user reader read " + PasswordHash.hashPassword("r-pass".toCharArray()),
                "token robot write " + PasswordHash.hashToken("robot-token")));
        server = TestServer.start(dir, Authenticator.fromFile(authFile));
        anonymous = new Http(server.port());
    }

    @AfterAll
    static void stop() {
        if (server != null) server.close();
    }

    @Test
    void healthStaysOpen() {
        assertEquals(200, anonymous.get("/health").status());
    }

    @Test
    void noOrWrongCredentialsAre401WithChallenge() {
        Reply r = anonymous.get(API + "experiments/search");
        assertError(r, 401, "UNAUTHENTICATED");
        assertTrue(r.raw().headers().firstValue("WWW-Authenticate").orElse("").startsWith("Basic"), r.raw().headers().toString());
        assertError(anonymous.withAuthorization(AuthenticatorBasic.of("writer", "nope")).get(API + "experiments/search"),
                401, "UNAUTHENTICATED");
        assertError(anonymous.withAuthorization("Bearer wrong").get(API + "experiments/search"), 401, "UNAUTHENTICATED");
        assertError(anonymous.get("/api/2.0/mlflow-artifacts/artifacts"), 401, "UNAUTHENTICATED");
        assertError(anonymous.get("/get-artifact?run_id=x&path=y"), 401, "UNAUTHENTICATED");
    }

    @Test
    void readOnlyCanReadButNotWrite() {
        Http reader = anonymous.withAuthorization(AuthenticatorBasic.of("reader", "r-pass"));
        assertEquals(200, reader.get(API + "experiments/search").status());
        assertEquals(200, reader.post(API + "experiments/search", "{}").status());
        assertError(reader.post(API + "experiments/create", "{\"name\":\"by-reader\"}"), 403, "PERMISSION_DENIED");
        assertError(reader.sendBytes("PUT", "/api/2.0/mlflow-artifacts/artifacts/x.txt", new byte[] {1}), 403, "PERMISSION_DENIED");
        assertError(reader.send("DELETE", "/api/2.0/mlflow-artifacts/artifacts/x.txt", null), 403, "PERMISSION_DENIED");
        assertError(reader.post(API + "runs/log-metric", "{}"), 403, "PERMISSION_DENIED");
    }

    @Test
    void writersAndTokensCanWrite() {
        Http writer = anonymous.withAuthorization(AuthenticatorBasic.of("writer", "w-pass"));
        assertEquals(200, writer.post(API + "experiments/create", "{\"name\":\"by-writer\"}").status());
        Http robot = anonymous.withAuthorization("Bearer robot-token");
        assertEquals(200, robot.post(API + "experiments/create", "{\"name\":\"by-robot\"}").status());
        assertEquals(200, robot.get(API + "experiments/get-by-name?experiment_name=by-writer").status());
    }

    /** Builds Basic headers. */
    static final class AuthenticatorBasic {
        static String of(String user, String password) {
            return "Basic " + java.util.Base64.getEncoder().encodeToString(
                    (user + ":" + password).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
    }
}
