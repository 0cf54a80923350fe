package dev.jtrack.server;

import static dev.jtrack.server.TrackingServerApiTest.API;
import static dev.jtrack.server.TrackingServerApiTest.assertError;
import static dev.jtrack.server.TrackingServerApiTest.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jtrack.server.Http.Reply;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Run artifacts through the proxy, artifacts/list, /get-artifact, and traversal attempts. */
class TrackingServerArtifactsTest {
    @TempDir static Path dir;
    static TestServer server;
    static Http http;
    static final String PROXY = "/api/2.0/mlflow-artifacts/artifacts";

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start(dir, null);
        http = new Http(server.port());
    }

    @AfterAll
    static void stop() {
        if (server != null) server.close();
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Creates a run and returns {runId, path of its artifact root inside the proxy}. */
    static String[] newRun(String experimentName) {
        String exp = ok(http.post(API + "experiments/create", "{\"name\":\"" + experimentName + "\"}")).json()
                .path("experiment_id").asText();
        JsonNode info = ok(http.post(API + "runs/create", "{\"experiment_id\":\"" + exp + "\"}")).json().path("run").path("info");
        String uri = info.path("artifact_uri").asText();
        assertTrue(uri.startsWith("mlflow-artifacts:/"), uri);
        return new String[] {info.path("run_id").asText(), uri.substring("mlflow-artifacts:".length()).replaceFirst("^/+", "")};
    }

    @Test
    void uploadListDownloadDelete() {
        String[] run = newRun("art-exp");
        String runId = run[0];
        String root = run[1];
        ok(http.sendBytes("PUT", PROXY + "/" + root + "/dir/a.txt", utf8("hello")));
        ok(http.sendBytes("PUT", PROXY + "/" + root + "/b%20c.bin", new byte[] {0, 1, 2}));

        JsonNode top = ok(http.get(API + "artifacts/list?run_id=" + runId)).json();
        assertTrue(top.path("root_uri").asText().startsWith("mlflow-artifacts:/"), top.toString());
        assertEquals(2, top.path("files").size(), top.toString());
        assertEquals("b c.bin", top.path("files").get(0).path("path").asText());
        assertEquals(3, top.path("files").get(0).path("file_size").asLong());
        assertEquals("dir", top.path("files").get(1).path("path").asText());
        assertTrue(top.path("files").get(1).path("is_dir").asBoolean());
        JsonNode sub = ok(http.get(API + "artifacts/list?run_id=" + runId + "&path=dir")).json();
        assertEquals("dir/a.txt", sub.path("files").get(0).path("path").asText(), sub.toString());
        assertEquals(sub, ok(http.get("/ajax-api/2.0/mlflow/artifacts/list?run_id=" + runId + "&path=dir")).json());

        assertEquals("hello", ok(http.get("/get-artifact?run_uuid=" + runId + "&path=dir/a.txt")).body());
        assertEquals("hello", ok(http.get(PROXY + "/" + root + "/dir/a.txt")).body());
        JsonNode proxyList = ok(http.get(PROXY + "?path=" + root + "/dir")).json();
        assertEquals("a.txt", proxyList.path("files").get(0).path("path").asText(), proxyList.toString());

        ok(http.send("DELETE", PROXY + "/" + root + "/dir/a.txt", null));
        assertError(http.get("/get-artifact?run_uuid=" + runId + "&path=dir/a.txt"), 404, "RESOURCE_DOES_NOT_EXIST");
        assertError(http.get(PROXY + "/" + root + "/dir/a.txt"), 404, "RESOURCE_DOES_NOT_EXIST");
        assertError(http.send("DELETE", PROXY + "/" + root + "/dir/a.txt", null), 404, "RESOURCE_DOES_NOT_EXIST");
        assertEquals("{}", ok(http.get(API + "artifacts/list?run_id=" + runId + "&path=missing")).json().path("files").isMissingNode() ? "{}" : "x");
    }

    @Test
    void traversalAttemptsAreRejected() throws Exception {
        String[] run = newRun("trav-exp");
        String runId = run[0];
        for (String bad : new String[] {"../x", "..", "a/../../x", "/etc/passwd", "a%00b", "%2e%2e/%2e%2e/etc/passwd"}) {
            Reply list = http.get(API + "artifacts/list?run_id=" + runId + "&path=" + bad);
            assertError(list, 400, "INVALID_PARAMETER_VALUE");
            Reply get = http.get("/get-artifact?run_uuid=" + runId + "&path=" + bad);
            assertError(get, 400, "INVALID_PARAMETER_VALUE");
            Reply proxyList = http.get(PROXY + "?path=" + bad);
            assertError(proxyList, 400, "INVALID_PARAMETER_VALUE");
        }
        for (String bad : new String[] {"%2e%2e/outside.txt", "a/%2e%2e/%2e%2e/outside.txt", "x%00y", "..%2foutside.txt"}) {
            Reply put = http.sendBytes("PUT", PROXY + "/" + bad, utf8("evil"));
            assertEquals(400, put.status(), bad + " -> " + put);
            assertFalse(put.body().contains("at dev.jtrack"));
        }
        assertFalse(Files.exists(dir.resolve("outside.txt")));
        assertFalse(Files.exists(server.artifactsDestination().getParent().resolve("outside.txt")));

        // a symlink inside the destination that leads outside is not followed
        Path outside = Files.createDirectories(dir.resolve("outside-dir"));
        Files.writeString(outside.resolve("secret.txt"), "secret");
        Files.createDirectories(server.artifactsDestination());
        Files.createSymbolicLink(server.artifactsDestination().resolve("escape"), outside);
        assertError(http.get(PROXY + "/escape/secret.txt"), 400, "INVALID_PARAMETER_VALUE");
        assertError(http.sendBytes("PUT", PROXY + "/escape/new.txt", utf8("x")), 400, "INVALID_PARAMETER_VALUE");
        assertFalse(Files.exists(outside.resolve("new.txt")));
    }

    @Test
    void clientChosenArtifactLocationsOutsideTheServedRootsAreNotRead() throws Exception {
        Path elsewhere = Files.createDirectories(dir.resolve("elsewhere"));
        Files.writeString(elsewhere.resolve("secret.txt"), "secret");
        String exp = ok(http.post(API + "experiments/create", "{\"name\":\"outside\",\"artifact_location\":\""
                + elsewhere.toString().replace("\\", "/") + "\"}")).json().path("experiment_id").asText();
        String runId = ok(http.post(API + "runs/create", "{\"experiment_id\":\"" + exp + "\"}")).json()
                .path("run").path("info").path("run_id").asText();
        Files.createDirectories(elsewhere.resolve(runId).resolve("artifacts"));
        Files.writeString(elsewhere.resolve(runId).resolve("artifacts/a.txt"), "a");
        assertError(http.get(API + "artifacts/list?run_id=" + runId), 400, "INVALID_PARAMETER_VALUE");
        assertError(http.get("/get-artifact?run_id=" + runId + "&path=a.txt"), 400, "INVALID_PARAMETER_VALUE");
    }

    @Test
    void artifactErrorsForBadRuns() {
        assertError(http.get(API + "artifacts/list?run_id=0123456789abcdef0123456789abcdef"), 404, "RESOURCE_DOES_NOT_EXIST");
        assertError(http.get(API + "artifacts/list"), 400, "INVALID_PARAMETER_VALUE");
        assertError(http.get("/get-artifact?path=a.txt"), 400, "INVALID_PARAMETER_VALUE");
    }
}
