package dev.jtrack.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code java -jar jtrack.jar server ...} as a real process: flags, banner, SIGTERM, restart. */
class ServerCommandIT {
    private static final Pattern URL = Pattern.compile("listening on (http://127\\.0\\.0\\.1:(\\d+))");
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir Path dir;

    /** A server process and the URL it printed. */
    record Server(Process process, String url, StringBuffer output, Thread pump) implements AutoCloseable {
        /** All output once the process has ended. */
        String finalOutput() throws InterruptedException {
            pump.join(10_000);
            return output.toString();
        }

        @Override
        public void close() throws InterruptedException {
            if (process.isAlive()) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    static Path jar() {
        String p = System.getProperty("jtrack.jar");
        if (p == null || !Files.isRegularFile(Path.of(p))) {
            throw new IllegalStateException("jtrack.jar not built or -Djtrack.jar not set: " + p);
        }
        return Path.of(p);
    }

    static Process launch(List<String> args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jar().toString(), "server"));
        cmd.addAll(args);
        return new ProcessBuilder(cmd).redirectErrorStream(true).start();
    }

    /** Starts a server on a free port and waits (at most 60 s) for its banner line. */
    static Server start(List<String> args) throws Exception {
        List<String> all = new ArrayList<>(List.of("--port", "0"));
        all.addAll(args);
        Process p = launch(all);
        StringBuffer out = new StringBuffer();
        BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        Thread pump = new Thread(() -> {
            try {
                String line;
                while ((line = r.readLine()) != null) {
                    synchronized (out) {
                        out.append(line).append('\n');
                        out.notifyAll();
                    }
                }
            } catch (IOException ignored) {
                // process ended
            }
        });
        pump.setDaemon(true);
        pump.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        synchronized (out) {
            while (System.nanoTime() < deadline) {
                Matcher m = URL.matcher(out);
                if (m.find()) return new Server(p, m.group(1), out, pump);
                if (!p.isAlive()) break;
                out.wait(200);
            }
        }
        p.destroyForcibly();
        throw new AssertionError("no banner from the server:\n" + out);
    }

    HttpResponse<String> send(String method, String url, String body, String auth) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30));
        if (auth != null) b.header("Authorization", auth);
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void servesStopsOnSigtermAndKeepsDataAcrossRestart() throws Exception {
        List<String> args = List.of("--backend-store-uri", dir.resolve("store").toString());
        String expId;
        try (Server s = start(args)) {
            assertEquals("OK", send("GET", s.url() + "/health", null, null).body());
            HttpResponse<String> created = send("POST", s.url() + "/api/2.0/mlflow/experiments/create", "{\"name\":\"kept\"}", null);
            assertEquals(200, created.statusCode(), created.body());
            expId = created.body().replaceAll("\\D", "");
            s.process().toHandle().destroy(); // SIGTERM, keeping our end of its output pipe open
            assertTrue(s.process().waitFor(20, TimeUnit.SECONDS), "server did not stop on SIGTERM:\n" + s.output());
            String output = s.finalOutput();
            assertTrue(output.contains("jtrack server stopped"), "exit " + s.process().exitValue() + ": " + output);
            assertFalse(output.contains("Exception"), output);
        }
        try (Server s = start(args)) {
            HttpResponse<String> got = send("GET", s.url() + "/api/2.0/mlflow/experiments/get?experiment_id=" + expId, null, null);
            assertEquals(200, got.statusCode(), got.body());
            assertTrue(got.body().contains("\"kept\""), got.body());
            assertTrue(Files.isRegularFile(dir.resolve("store").resolve("mlflow.db")));
        }
    }

    @Test
    void proxiedArtifactsLandInTheDestination() throws Exception {
        Path dest = dir.resolve("dest");
        try (Server s = start(List.of("--backend-store-uri", "sqlite:///" + dir.resolve("a.db"),
                "--artifacts-destination", dest.toString()))) {
            HttpResponse<String> run = send("POST", s.url() + "/api/2.0/mlflow/runs/create", "{\"experiment_id\":\"0\"}", null);
            assertTrue(run.body().contains("\"artifact_uri\":\"mlflow-artifacts:/0/"), run.body());
            assertEquals(200, send("PUT", s.url() + "/api/2.0/mlflow-artifacts/artifacts/0/x/artifacts/f.txt", "hi", null).statusCode());
            assertEquals("hi", Files.readString(dest.resolve("0/x/artifacts/f.txt")));
        }
    }

    @Test
    void noServeArtifactsUsesLocalRootAndDisablesTheProxy() throws Exception {
        Path root = dir.resolve("root");
        try (Server s = start(List.of("--backend-store-uri", "sqlite:///" + dir.resolve("b.db"), "--no-serve-artifacts",
                "--default-artifact-root", root.toString()))) {
            HttpResponse<String> exp = send("POST", s.url() + "/api/2.0/mlflow/experiments/create", "{\"name\":\"local\"}", null);
            String id = exp.body().replaceAll("\\D", "");
            HttpResponse<String> got = send("GET", s.url() + "/api/2.0/mlflow/experiments/get?experiment_id=" + id, null, null);
            assertTrue(got.body().contains(root.resolve(id).toString()), got.body());
            HttpResponse<String> proxy = send("GET", s.url() + "/api/2.0/mlflow-artifacts/artifacts", null, null);
            assertEquals(503, proxy.statusCode(), proxy.body());
            assertTrue(proxy.body().contains("FEATURE_DISABLED"), proxy.body());
        }
    }

    @Test
    void authFileAndHashing() throws Exception {
        Process hash = launch(List.of("--hash-password"));
        hash.getOutputStream().write("pw\n".getBytes(StandardCharsets.UTF_8));
        hash.getOutputStream().close();
        assertTrue(hash.waitFor(60, TimeUnit.SECONDS));
        String hashed = new String(hash.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertTrue(hashed.startsWith("pbkdf2-sha256$"), hashed);
        Path auth = dir.resolve("auth");
        Files.writeString(auth, "user ann write " + hashed + "\n");
        try (Server s = start(List.of("--backend-store-uri", dir.resolve("c").toString(), "--auth-file", auth.toString()))) {
            assertEquals(401, send("GET", s.url() + "/api/2.0/mlflow/experiments/search", null, null).statusCode());
            assertEquals(200, send("GET", s.url() + "/health", null, null).statusCode());
            String basic = "Basic " + java.util.Base64.getEncoder().encodeToString("ann:pw".getBytes(StandardCharsets.UTF_8));
            assertEquals(200, send("GET", s.url() + "/api/2.0/mlflow/experiments/search", null, basic).statusCode());
        }
    }

    @Test
    void badConfigurationIsOneClearLine() throws Exception {
        Path badAuth = dir.resolve("bad-auth");
        Files.writeString(badAuth, "user x superuser sha256$00\n");
        Process p = launch(List.of("--port", "0", "--backend-store-uri", dir.resolve("d").toString(), "--auth-file", badAuth.toString()));
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(1, p.exitValue(), out);
        assertTrue(out.contains("line 1"), out);
        assertFalse(out.contains("\tat "), out);

        Process q = launch(List.of("--backend-store-uri", "ftp://nowhere/x"));
        assertTrue(q.waitFor(60, TimeUnit.SECONDS));
        String qout = new String(q.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(1, q.exitValue(), qout);
        assertTrue(qout.contains("--backend-store-uri"), qout);

        Process r = launch(List.of("--port", "not-a-port"));
        assertTrue(r.waitFor(60, TimeUnit.SECONDS));
        assertEquals(2, r.exitValue());
    }
}
