package dev.jtrack.store.rest;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real {@code jtrack server} process started from the built jar ({@code -Djtrack.jar=...}) on a
 * SQLite store, for tests and benchmarks that need a separate process (kill -9, honest timings).
 */
public final class ServerProcess implements AutoCloseable {

    private final Process process;
    private final int port;
    private final Path log;

    private ServerProcess(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /** The jar under test: system property {@code jtrack.jar}; fails when it is not built. */
    public static Path jar() {
        String p = System.getProperty("jtrack.jar");
        if (p == null || !Files.isRegularFile(Path.of(p))) {
            throw new IllegalStateException("jtrack.jar not built or -Djtrack.jar not set: " + p);
        }
        return Path.of(p);
    }

    /** A free loopback port (may race with other processes, as every such helper). */
    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /**
     * Starts {@code java -jar jtrack.jar server} on {@code port} with the SQLite file {@code db}
     * and artifacts in {@code artifacts}; returns once {@code /health} answers (at most 60 s).
     */
    public static ServerProcess start(Path db, Path artifacts, int port, List<String> jvmArgs) throws Exception {
        return start(db, artifacts, port, jvmArgs, List.of());
    }

    /**
     * As {@link #start(Path, Path, int, List)}, with more server options (e.g. {@code --auth-file});
     * readiness is still a 200 from {@code /health}, which needs no credentials.
     */
    public static ServerProcess start(Path db, Path artifacts, int port, List<String> jvmArgs, List<String> serverArgs)
            throws Exception {
        Path log = Files.createTempFile("jtrack-server-", ".log");
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvmArgs);
        cmd.addAll(List.of("-jar", jar().toString(), "server",
                "--host", "127.0.0.1",
                "--port", Integer.toString(port),
                "--backend-store-uri", "sqlite:///" + db.toAbsolutePath(),
                "--artifacts-destination", artifacts.toAbsolutePath().toString()));
        cmd.addAll(serverArgs);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        ServerProcess sp = new ServerProcess(p, port, log);
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) {
                throw new IllegalStateException("server exited with " + p.exitValue() + ":\n" + sp.output());
            }
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(sp.uri() + "/health"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return sp;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(50);
        }
        sp.close();
        throw new IllegalStateException("server did not answer /health within 60 s:\n" + sp.output());
    }

    public String uri() {
        return "http://127.0.0.1:" + port;
    }

    public long pid() {
        return process.pid();
    }

    /** What the server printed so far. */
    public String output() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no output: " + e + ")";
        }
    }

    /** SIGKILL, as {@code kill -9}: no shutdown hooks, no flushing. */
    public void kill9() throws Exception {
        if (Files.isExecutable(Path.of("/usr/bin/kill")) || Files.isExecutable(Path.of("/bin/kill"))) {
            Process k = new ProcessBuilder("kill", "-9", Long.toString(process.pid())).inheritIO().start();
            if (!k.waitFor(10, TimeUnit.SECONDS) || k.exitValue() != 0) {
                throw new IllegalStateException("kill -9 " + process.pid() + " failed");
            }
        } else {
            process.destroyForcibly(); // SIGKILL on Linux and macOS, like kill -9
        }
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            throw new IllegalStateException("server survived kill -9");
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
            }
        }
        try {
            Files.deleteIfExists(log);
        } catch (IOException ignored) {
            // a temp file; the OS cleans up
        }
    }
}
