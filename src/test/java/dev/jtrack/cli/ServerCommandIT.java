package dev.jtrack.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jtrack.store.rest.ServerProcess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code java -jar jtrack.jar server ...} as a real process: flags, banner, SIGTERM, restart. */
class ServerCommandIT {
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir Path dir;

    HttpResponse<String> send(String method, String url, String body, String auth) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30));
        if (auth != null) b.header("Authorization", auth);
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /**
     * {@code server} reads MLflow's server variables (MLFLOW_BACKEND_STORE_URI,
     * MLFLOW_ARTIFACTS_DESTINATION, ...) when the options are absent, the options override them,
     * MLFLOW_TRACKING_URI (a client variable) is ignored, and an HTTP backend (its own address
     * included) is refused with exit 2.
     */
    @Test
    void readsMlflowServerVariablesAndOptionsOverrideThem() throws Exception {
        Path envDb = dir.resolve("env.db");
        Path envArtifacts = dir.resolve("env-artifacts");
        java.util.Map<String, String> env = java.util.Map.of(
                "MLFLOW_BACKEND_STORE_URI", "sqlite:///" + envDb,
                "MLFLOW_ARTIFACTS_DESTINATION", envArtifacts.toString(),
                "MLFLOW_TRACKING_URI", "http://127.0.0.1:1");
        try (ServerProcess s = ServerProcess.start(List.of(), env)) {
            HttpResponse<String> r = send("POST", s.uri() + "/api/2.0/mlflow/experiments/create", "{\"name\":\"from-env\"}", null);
            assertEquals(200, r.statusCode(), r.body());
            String runId = new com.fasterxml.jackson.databind.ObjectMapper().readTree(send("POST", s.uri() + "/api/2.0/mlflow/runs/create",
                    "{\"experiment_id\":\"" + new com.fasterxml.jackson.databind.ObjectMapper().readTree(r.body()).path("experiment_id").asText()
                            + "\"}", null).body()).path("run").path("info").path("run_id").asText();
            assertFalse(runId.isEmpty());
        }
        assertTrue(Files.exists(envDb), "MLFLOW_BACKEND_STORE_URI was not used");
        Path optDb = dir.resolve("opt.db");
        try (ServerProcess s = ServerProcess.start(List.of("--backend-store-uri", "sqlite:///" + optDb), env)) {
            assertEquals(200, send("GET", s.uri() + "/api/2.0/mlflow/experiments/search?max_results=5", null, null).statusCode());
        }
        assertTrue(Files.exists(optDb), "--backend-store-uri did not override MLFLOW_BACKEND_STORE_URI");

        int port = ServerProcess.freePort();
        ProcessBuilder own = new ProcessBuilder(dev.jtrack.BuiltJar.java().toString(), "-jar", dev.jtrack.BuiltJar.path().toString(),
                "server", "--port", Integer.toString(port)).redirectErrorStream(true);
        own.environment().put("MLFLOW_BACKEND_STORE_URI", "http://127.0.0.1:" + port);
        Process p = own.start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "server with its own address as backend did not exit");
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(2, p.exitValue(), out);
        assertTrue(out.contains("not an HTTP server") && out.contains("point clients at it directly (MLFLOW_TRACKING_URI=http://127.0.0.1:"
                + port + ")"), out);
    }

    @Test
    void servesStopsOnSigtermAndKeepsDataAcrossRestart() throws Exception {
        List<String> args = List.of("--backend-store-uri", dir.resolve("store").toString());
        String expId;
        try (ServerProcess s = ServerProcess.start(args)) {
            assertEquals("OK", send("GET", s.uri() + "/health", null, null).body());
            HttpResponse<String> created = send("POST", s.uri() + "/api/2.0/mlflow/experiments/create", "{\"name\":\"kept\"}", null);
            assertEquals(200, created.statusCode(), created.body());
            expId = created.body().replaceAll("\\D", "");
            s.process().destroy(); // SIGTERM
            assertTrue(s.process().waitFor(20, TimeUnit.SECONDS), "server did not stop on SIGTERM:\n" + s.output());
            String output = s.output();
            assertTrue(output.contains("jtrack server stopped"), "exit " + s.process().exitValue() + ": " + output);
            assertFalse(output.contains("Exception"), output);
        }
        try (ServerProcess s = ServerProcess.start(args)) {
            HttpResponse<String> got = send("GET", s.uri() + "/api/2.0/mlflow/experiments/get?experiment_id=" + expId, null, null);
            assertEquals(200, got.statusCode(), got.body());
            assertTrue(got.body().contains("\"kept\""), got.body());
            assertTrue(Files.isRegularFile(dir.resolve("store").resolve("mlflow.db")));
        }
    }

    @Test
    void proxiedArtifactsLandInTheDestination() throws Exception {
        Path dest = dir.resolve("dest");
        try (ServerProcess s = ServerProcess.start(List.of("--backend-store-uri", "sqlite:///" + dir.resolve("a.db"),
                "--artifacts-destination", dest.toString()))) {
            HttpResponse<String> run = send("POST", s.uri() + "/api/2.0/mlflow/runs/create", "{\"experiment_id\":\"0\"}", null);
            assertTrue(run.body().contains("\"artifact_uri\":\"mlflow-artifacts:/0/"), run.body());
            assertEquals(200, send("PUT", s.uri() + "/api/2.0/mlflow-artifacts/artifacts/0/x/artifacts/f.txt", "hi", null).statusCode());
            assertEquals("hi", Files.readString(dest.resolve("0/x/artifacts/f.txt")));
        }
    }

    @Test
    void noServeArtifactsUsesLocalRootAndDisablesTheProxy() throws Exception {
        Path root = dir.resolve("root");
        try (ServerProcess s = ServerProcess.start(List.of("--backend-store-uri", "sqlite:///" + dir.resolve("b.db"), "--no-serve-artifacts",
                "--default-artifact-root", root.toString()))) {
            HttpResponse<String> exp = send("POST", s.uri() + "/api/2.0/mlflow/experiments/create", "{\"name\":\"local\"}", null);
            String id = exp.body().replaceAll("\\D", "");
            HttpResponse<String> got = send("GET", s.uri() + "/api/2.0/mlflow/experiments/get?experiment_id=" + id, null, null);
            assertTrue(got.body().contains(root.resolve(id).toString()), got.body());
            HttpResponse<String> proxy = send("GET", s.uri() + "/api/2.0/mlflow-artifacts/artifacts", null, null);
            assertEquals(503, proxy.statusCode(), proxy.body());
            assertTrue(proxy.body().contains("FEATURE_DISABLED"), proxy.body());
        }
    }

    @Test
    void authFileAndHashing() throws Exception {
        Process hash = ServerProcess.launch(List.of("--hash-password"));
        hash.getOutputStream().write("pw\n".getBytes(StandardCharsets.UTF_8));
        hash.getOutputStream().close();
        assertTrue(hash.waitFor(60, TimeUnit.SECONDS));
        String hashed = new String(hash.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertTrue(hashed.startsWith("pbkdf2-sha256$"), hashed);
        Path auth = dir.resolve("auth");
        Files.writeString(auth, "user ann write " + hashed + "\n");
        try (ServerProcess s = ServerProcess.start(List.of("--backend-store-uri", dir.resolve("c").toString(), "--auth-file", auth.toString()))) {
            assertEquals(401, send("GET", s.uri() + "/api/2.0/mlflow/experiments/search", null, null).statusCode());
            assertEquals(200, send("GET", s.uri() + "/health", null, null).statusCode());
            String basic = "Basic " + java.util.Base64.getEncoder().encodeToString("ann:pw".getBytes(StandardCharsets.UTF_8));
            assertEquals(200, send("GET", s.uri() + "/api/2.0/mlflow/experiments/search", null, basic).statusCode());
        }
    }

    @Test
    void badConfigurationIsOneClearLine() throws Exception {
        Path badAuth = dir.resolve("bad-auth");
        Files.writeString(badAuth, "user x superuser sha256$00\n");
        Process p = ServerProcess.launch(List.of("--port", "0", "--backend-store-uri", dir.resolve("d").toString(), "--auth-file", badAuth.toString()));
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(1, p.exitValue(), out);
        assertTrue(out.contains("line 1"), out);
        assertFalse(out.contains("\tat "), out);

        Process q = ServerProcess.launch(List.of("--backend-store-uri", "ftp://nowhere/x"));
        assertTrue(q.waitFor(60, TimeUnit.SECONDS));
        String qout = new String(q.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(2, q.exitValue(), qout); // a backend the server cannot use is a usage error, as an HTTP one
        assertTrue(qout.contains("--backend-store-uri"), qout);

        try (java.net.ServerSocket busy = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            Process b = ServerProcess.launch(List.of("--port", Integer.toString(busy.getLocalPort()), "--backend-store-uri",
                    dir.resolve("e").toString()));
            assertTrue(b.waitFor(60, TimeUnit.SECONDS));
            String bout = new String(b.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(1, b.exitValue(), bout);
            assertTrue(bout.contains("cannot start the server"), bout);
            assertFalse(bout.contains("\tat "), bout);
        }

        Process r = ServerProcess.launch(List.of("--port", "not-a-port"));
        assertTrue(r.waitFor(60, TimeUnit.SECONDS));
        assertEquals(2, r.exitValue());
    }
}
