import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jtrack.models.LinearClassifier;
import dev.jtrack.models.ModelPackage;
import dev.jtrack.models.Models;
import dev.jtrack.notebook.TrackingClient;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.Table;

/**
 * Throughput of {@code jtrack models serve} for a small model (a 4-feature, 3-class linear
 * classifier): starts the server from the jar in its own JVM on loopback, then N client threads
 * (default 10), each on one keep-alive connection, POST a one-row {@code dataframe_split} request
 * to /invocations as fast as the answers come back. Every answer is checked (status 200 and the
 * expected prediction). Warms up, then measures; prints requests/s and latency percentiles.
 *
 * Then the same with {@code --log-predictions} (the inference log journaled per request and
 * delivered to a local store), and the logged throughput as a share of the plain one (target: 90%).
 * Run: bench/models-serve.sh [concurrency] [seconds] [model-uri [tracking-uri]]: with a model
 * URI (e.g. {@code models:/iris-tribuo@champion} after running notebooks/models-tribuo.ipynb), that
 * model is served instead, one row of its input example is the request, and every answer must
 * equal the first.
 */
public class ModelsServeBench {
    public static void main(String[] args) throws Exception {
        int concurrency = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        String jar = System.getProperty("jtrack.jar", "target/jtrack.jar");
        Path dir = Files.createTempDirectory("jtrack-serve-bench");
        Path modelDir = dir.resolve("model");
        String body;
        String expected;
        if (args.length > 2) { // a logged or registered model, e.g. models:/iris-tribuo@champion
            try (TrackingClient client = TrackingClient.builder().trackingUri(args.length > 3 ? args[3] : null).build()) {
                Models.of(client).download(args[2], modelDir);
            }
            JsonNode example = new ObjectMapper().readTree(modelDir.resolve(ModelPackage.INPUT_EXAMPLE).toFile());
            ObjectNode split = example.deepCopy();
            split.putArray("data").add(example.get("data").get(0));
            body = "{\"dataframe_split\": " + split + "}";
            expected = null; // the first answer; every later one must equal it
        } else {
            LinearClassifier model = new LinearClassifier(List.of("a", "b", "c", "d"), List.of("x", "y", "z"),
                    new double[][] {{1, 0, 0, 0}, {0, 1, 0, 0}, {0, 0, 1, 1}}, new double[] {0, 0, 0});
            Table example = Table.create("e", DoubleColumn.create("a", 1.0), DoubleColumn.create("b", 2.0),
                    DoubleColumn.create("c", 0.5), DoubleColumn.create("d", 0.1));
            ModelPackage.save(model, modelDir, "model", null, example, null, null);
            body = "{\"dataframe_split\": {\"columns\": [\"a\",\"b\",\"c\",\"d\"], \"data\": [[1.0, 2.0, 0.5, 0.1]]}}";
            expected = "{\"predictions\":[\"y\"]}";
        }

        // plain and logged alternate twice and the better of each counts: on a shared machine the
        // load moves between two back-to-back runs by more than the difference being measured
        List<String> logging = List.of("--log-predictions", "--log-dir", dir.resolve("inference-log").toString(),
                "--tracking-uri", dir.resolve("store").toString(), "--log-flush-seconds", "1");
        double plain = 0;
        double logged = 0;
        for (int round = 0; round < 2; round++) {
            plain = Math.max(plain, serveAndMeasure(jar, modelDir, body, expected, concurrency, seconds, List.of()));
            logged = Math.max(logged, serveAndMeasure(jar, modelDir, body, expected, concurrency, seconds, logging));
        }
        System.out.printf("with --log-predictions: %,.0f requests/s, %.1f%% of the unlogged %,.0f (best of 2 each; target >= 90%%)%n",
                logged, 100 * logged / plain, plain);
    }

    private static double serveAndMeasure(String jar, Path modelDir, String body, String expected, int concurrency, int seconds,
            List<String> options) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jar, "models", "serve", "-m", modelDir.toString(), "--port", "0"));
        command.addAll(options);
        Process server = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            int port = awaitPort(server);
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            byte[] request = ("POST /invocations HTTP/1.1\r\nHost: 127.0.0.1:" + port
                    + "\r\nContent-Type: application/json\r\nContent-Length: " + bytes.length + "\r\n\r\n"
                    + body).getBytes(StandardCharsets.UTF_8);
            if (expected == null) expected = firstAnswer(port, request);
            System.out.println("jtrack models serve " + String.join(" ", options) + " benchmark: " + concurrency
                    + " connections, one-row dataframe_split " + body + " -> " + expected + ", "
                    + Runtime.getRuntime().availableProcessors() + " CPUs shared with the server");
            run(port, request, expected, concurrency, 3, false);
            return run(port, request, expected, concurrency, seconds, true);
        } finally {
            server.destroy(); // SIGTERM: a logging server delivers what is left first
            if (!server.waitFor(60, TimeUnit.SECONDS)) server.destroyForcibly();
        }
    }

    private static String firstAnswer(int port, byte[] request) throws Exception {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            s.setSoTimeout(30_000);
            s.getOutputStream().write(request);
            String response = readResponse(new java.io.BufferedInputStream(s.getInputStream()));
            if (!response.startsWith("200 ")) throw new IllegalStateException("the model answered " + response);
            return response.substring(response.indexOf(' ', 4) + 1); // after "200 OK "
        }
    }

    private static int awaitPort(Process server) throws Exception {
        BufferedReader out = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
        Pattern p = Pattern.compile("on http://127\\.0\\.0\\.1:(\\d+)");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            String line = out.readLine();
            if (line == null) break;
            Matcher m = p.matcher(line);
            if (m.find()) {
                Thread drain = new Thread(() -> { try { out.transferTo(java.io.Writer.nullWriter()); } catch (Exception e) { } });
                drain.setDaemon(true);
                drain.start();
                return Integer.parseInt(m.group(1));
            }
        }
        throw new IllegalStateException("the server did not start");
    }

    private static double run(int port, byte[] request, String expected, int concurrency, int seconds, boolean report)
            throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        List<long[]> latencies = new ArrayList<>();
        long[] counts = new long[concurrency];
        Thread[] threads = new Thread[concurrency];
        Throwable[] failure = new Throwable[1];
        for (int t = 0; t < concurrency; t++) {
            long[] lat = new long[4_000_000];
            latencies.add(lat);
            int id = t;
            threads[t] = new Thread(() -> {
                try (Socket s = new Socket()) {
                    s.setTcpNoDelay(true);
                    s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
                    s.setSoTimeout(10_000);
                    OutputStream out = s.getOutputStream();
                    InputStream in = new java.io.BufferedInputStream(s.getInputStream(), 8192);
                    int n = 0;
                    while (!stop.get() && n < lat.length) {
                        long t0 = System.nanoTime();
                        out.write(request);
                        out.flush();
                        String response = readResponse(in);
                        lat[n++] = System.nanoTime() - t0;
                        if (!response.startsWith("200 ") || !response.endsWith(expected)) {
                            throw new IllegalStateException("unexpected answer: " + response);
                        }
                    }
                    counts[id] = n;
                } catch (Throwable e) {
                    synchronized (failure) { if (failure[0] == null) failure[0] = e; }
                }
            });
        }
        long start = System.nanoTime();
        for (Thread t : threads) t.start();
        Thread.sleep(seconds * 1000L);
        stop.set(true);
        for (Thread t : threads) t.join(20_000);
        double elapsed = (System.nanoTime() - start) / 1e9;
        if (failure[0] != null) throw new IllegalStateException("a client failed", failure[0]);
        if (!report) return 0;
        long total = Arrays.stream(counts).sum();
        long[] all = new long[(int) total];
        int k = 0;
        for (int t = 0; t < concurrency; t++) {
            System.arraycopy(latencies.get(t), 0, all, k, (int) counts[t]);
            k += counts[t];
        }
        Arrays.sort(all);
        System.out.printf("requests: %,d in %.1f s%n", total, elapsed);
        System.out.printf("throughput: %,.0f requests/s (target >= 10,000 at concurrency 10)%n", total / elapsed);
        System.out.printf("latency: p50 %.3f ms, p99 %.3f ms, max %.3f ms%n", all[all.length / 2] / 1e6,
                all[(int) (all.length * 0.99)] / 1e6, all[all.length - 1] / 1e6);
        return total / elapsed;
    }

    /** Reads one HTTP/1.1 response; returns "STATUS body". */
    private static String readResponse(InputStream in) throws Exception {
        StringBuilder line = new StringBuilder();
        String status = null;
        int length = -1;
        while (true) {
            line.setLength(0);
            int c;
            while ((c = in.read()) != '\n') {
                if (c < 0) throw new IllegalStateException("connection closed");
                if (c != '\r') line.append((char) c);
            }
            if (line.length() == 0) break;
            String h = line.toString();
            if (status == null) status = h.substring(9);
            else if (h.regionMatches(true, 0, "content-length:", 0, 15)) length = Integer.parseInt(h.substring(15).trim());
        }
        if (length < 0) throw new IllegalStateException("no Content-Length in the answer");
        byte[] body = in.readNBytes(length);
        return status + " " + new String(body, StandardCharsets.UTF_8);
    }
}
