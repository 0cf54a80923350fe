package dev.jtrack.models;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A real {@code java -jar jtrack.jar models serve} process on a free loopback port, for the serving ITs. */
final class ScoringProcess implements AutoCloseable {
    private final Process process;
    private final String baseUri;

    private ScoringProcess(Process process, String baseUri) {
        this.process = process;
        this.baseUri = baseUri;
    }

    /** Serves {@code modelUri} from {@code trackingUri}; returns once it prints its address (at most 120 s). */
    static ScoringProcess start(String modelUri, String trackingUri) throws Exception {
        String jar = System.getProperty("jtrack.jar", "target/jtrack.jar");
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jar, "models", "serve", "-m", modelUri, "--tracking-uri", trackingUri, "--port", "0"));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        try {
            return new ScoringProcess(p, "http://127.0.0.1:" + port(p));
        } catch (Exception e) {
            p.destroyForcibly();
            throw e;
        }
    }

    private static String port(Process p) throws Exception {
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        return CompletableFuture.supplyAsync(() -> {
            Pattern serving = Pattern.compile("Serving .* on http://127\\.0\\.0\\.1:(\\d+)");
            StringBuilder seen = new StringBuilder();
            try {
                for (int i = 0; i < 500; i++) {
                    String line = out.readLine();
                    if (line == null) break;
                    seen.append(line).append('\n');
                    Matcher m = serving.matcher(line);
                    if (m.find()) return m.group(1);
                }
            } catch (java.io.IOException e) {
                // reported below
            }
            throw new IllegalStateException("no 'Serving' line:\n" + seen);
        }).get(120, TimeUnit.SECONDS);
    }

    /** {@code http://127.0.0.1:<port>}. */
    String baseUri() {
        return baseUri;
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) process.destroyForcibly();
    }
}
