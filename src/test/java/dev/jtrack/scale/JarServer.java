package dev.jtrack.scale;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code java -jar jtrack.jar server ...} as a real process with its own environment, on a free port. */
final class JarServer implements AutoCloseable {
    private static final Pattern URL = Pattern.compile("listening on (http://127\\.0\\.0\\.1:\\d+)");

    private final Process process;
    private final String url;
    private final StringBuffer output;

    private JarServer(Process process, String url, StringBuffer output) {
        this.process = process;
        this.url = url;
        this.output = output;
    }

    /** Starts a server and waits (at most 60 s) for its banner. */
    static JarServer start(List<String> args, Map<String, String> env) throws Exception {
        String jar = System.getProperty("jtrack.jar");
        if (jar == null || !Files.isRegularFile(Path.of(jar))) {
            throw new IllegalStateException("jtrack.jar not built or -Djtrack.jar not set: " + jar);
        }
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jar, "server", "--port", "0"));
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().putAll(env);
        Process p = pb.start();
        StringBuffer out = new StringBuffer();
        Thread pump = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    synchronized (out) {
                        out.append(line).append('\n');
                        out.notifyAll();
                    }
                }
            } catch (IOException ended) {
                // the process is gone
            }
        }, "jar-server-output");
        pump.setDaemon(true);
        pump.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        synchronized (out) {
            while (System.nanoTime() < deadline) {
                Matcher m = URL.matcher(out);
                if (m.find()) return new JarServer(p, m.group(1), out);
                if (!p.isAlive()) break;
                out.wait(200);
            }
        }
        p.destroyForcibly();
        throw new AssertionError("no banner from jtrack server " + args + ":\n" + out);
    }

    /** Base URL, e.g. http://127.0.0.1:41234. */
    String url() {
        return url;
    }

    /** Everything the process printed so far. */
    String output() {
        return output.toString();
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
