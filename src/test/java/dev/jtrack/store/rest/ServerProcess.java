package dev.jtrack.store.rest;

import dev.jtrack.BuiltJar;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real {@code jtrack server} (or {@code jtrack models serve}) process started from the built jar
 * ({@code -Djtrack.jar=...}), for tests and benchmarks that need a separate process (flags,
 * SIGTERM, kill -9, replicas, honest timings). The one helper that starts servers: it is ready once
 * it printed its {@code ... on http://host:port} banner, and its output goes to a temporary log file.
 */
public final class ServerProcess implements AutoCloseable {
    private static final Pattern SERVER_BANNER = Pattern.compile("listening on (http://\\S+:\\d+)");
    private static final Pattern SCORING_BANNER = Pattern.compile("Serving .* on (http://\\S+:\\d+)");

    private final Process process;
    private final Path log;
    private String url;

    private ServerProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /** A free loopback port (may race with other processes, as every such helper). */
    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /**
     * Starts {@code java -jar jtrack.jar server} on {@code port} with the SQLite file {@code db}
     * and artifacts in {@code artifacts}; returns once it listens (at most 60 s).
     */
    public static ServerProcess start(Path db, Path artifacts, int port, List<String> jvmArgs) throws Exception {
        return start(db, artifacts, port, jvmArgs, List.of());
    }

    /** As {@link #start(Path, Path, int, List)}, with more server options (e.g. {@code --auth-file}). */
    public static ServerProcess start(Path db, Path artifacts, int port, List<String> jvmArgs, List<String> serverArgs)
            throws Exception {
        List<String> args = new ArrayList<>(List.of(
                "--host", "127.0.0.1",
                "--port", Integer.toString(port),
                "--backend-store-uri", "sqlite:///" + db.toAbsolutePath(),
                "--artifacts-destination", artifacts.toAbsolutePath().toString()));
        args.addAll(serverArgs);
        return start(jvmArgs, args, Map.of());
    }

    /** Starts {@code jtrack server} with these options on a free port ({@code --port 0}). */
    public static ServerProcess start(List<String> serverArgs) throws Exception {
        return start(serverArgs, Map.of());
    }

    /** As {@link #start(List)}, with more environment variables (e.g. S3 settings). */
    public static ServerProcess start(List<String> serverArgs, Map<String, String> env) throws Exception {
        List<String> args = new ArrayList<>(List.of("--port", "0"));
        args.addAll(serverArgs);
        return start(List.of(), args, env);
    }

    /**
     * Starts {@code java JVM_ARGS -jar jtrack.jar server SERVER_ARGS} and waits (at most 60 s) for
     * its banner; fails with the server's output when it exits or stays silent.
     */
    public static ServerProcess start(List<String> jvmArgs, List<String> serverArgs, Map<String, String> env)
            throws Exception {
        List<String> args = new ArrayList<>(List.of("server"));
        args.addAll(serverArgs);
        return start(jvmArgs, args, env, SERVER_BANNER, 60);
    }

    /**
     * Starts {@code jtrack models serve -m MODEL_URI --tracking-uri TRACKING_URI --port 0} and waits
     * (at most 120 s: loading a model may take a while) for its {@code Serving ... on} line.
     */
    public static ServerProcess startModelServer(String modelUri, String trackingUri) throws Exception {
        return start(List.of(), List.of("models", "serve", "-m", modelUri, "--tracking-uri", trackingUri, "--port", "0"),
                Map.of(), SCORING_BANNER, 120);
    }

    /**
     * Starts {@code jtrack models serve -m MODEL_URI --port 0 EXTRA_ARGS} in {@code workingDir} with
     * {@code env} added to this process's environment, and waits for its banner as above.
     */
    public static ServerProcess startModelServer(String modelUri, List<String> extraArgs, Map<String, String> env, Path workingDir)
            throws Exception {
        List<String> args = new ArrayList<>(List.of("models", "serve", "-m", modelUri, "--port", "0"));
        args.addAll(extraArgs);
        return start(List.of(), args, env, SCORING_BANNER, 120, workingDir);
    }

    private static ServerProcess start(List<String> jvmArgs, List<String> jtrackArgs, Map<String, String> env,
            Pattern banner, int timeoutSeconds) throws Exception {
        return start(jvmArgs, jtrackArgs, env, banner, timeoutSeconds, null);
    }

    private static ServerProcess start(List<String> jvmArgs, List<String> jtrackArgs, Map<String, String> env,
            Pattern banner, int timeoutSeconds, Path workingDir) throws Exception {
        Path log = Files.createTempFile("jtrack-server-", ".log");
        ProcessBuilder pb = command(jvmArgs, jtrackArgs).redirectErrorStream(true).redirectOutput(log.toFile());
        if (workingDir != null) {
            pb.directory(workingDir.toFile());
        }
        pb.environment().putAll(env);
        ServerProcess sp = new ServerProcess(pb.start(), log);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        while (System.nanoTime() < deadline) {
            Matcher m = banner.matcher(sp.output());
            if (m.find()) {
                sp.url = m.group(1);
                return sp;
            }
            if (!sp.process.isAlive()) {
                String out = sp.output();
                sp.close();
                throw new IllegalStateException("jtrack " + jtrackArgs + " exited with " + sp.process.exitValue()
                        + ":\n" + out);
            }
            Thread.sleep(50);
        }
        String out = sp.output();
        sp.close();
        throw new IllegalStateException("no banner from jtrack " + jtrackArgs + " within " + timeoutSeconds + " s:\n"
                + out);
    }

    /**
     * Launches {@code java -jar jtrack.jar server ARGS} without waiting, stdout and stderr merged
     * into {@link Process#getInputStream()}: for runs that end by themselves (bad flags, hashing).
     */
    public static Process launch(List<String> serverArgs) throws IOException {
        List<String> args = new ArrayList<>(List.of("server"));
        args.addAll(serverArgs);
        return command(List.of(), args).redirectErrorStream(true).start();
    }

    private static ProcessBuilder command(List<String> jvmArgs, List<String> jtrackArgs) {
        List<String> cmd = new ArrayList<>();
        cmd.add(BuiltJar.java().toString());
        cmd.addAll(jvmArgs);
        cmd.addAll(List.of("-jar", BuiltJar.path().toString()));
        cmd.addAll(jtrackArgs);
        return new ProcessBuilder(cmd);
    }

    /** Base URL from the banner, e.g. {@code http://127.0.0.1:41234}. */
    public String uri() {
        return url;
    }

    /** The server process, e.g. to stop it with SIGTERM and wait for it. */
    public Process process() {
        return process;
    }

    public long pid() {
        return process.pid();
    }

    /** What the server printed so far (all of it once the process has ended). */
    public String output() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
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

    /** SIGTERM, then SIGKILL if the server has not stopped within 20 s; deletes the log. */
    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(20, TimeUnit.SECONDS)) {
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
