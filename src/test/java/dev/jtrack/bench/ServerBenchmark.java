package dev.jtrack.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jtrack.BuiltJar;
import dev.jtrack.store.rest.ServerProcess;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import okhttp3.ConnectionPool;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * HTTP benchmark of a real {@code jtrack server} process on a fresh SQLite store, over loopback with
 * keep-alive connections. The load comes from {@link LoopbackHttp}, a {@code wrk}-like client, so
 * that the figures measure the server rather than the client sharing its 2 cores; one extra line
 * shows single-connection log-metric through OkHttp, a typical Java client, for reference.
 * Creates its own data and prints each figure against its target. Every loop is bounded in count
 * and time; the whole run takes well under 5 minutes.
 *
 * <p>Run with {@code bench/server.sh} (needs {@code -Djtrack.jar=...}).
 */
public final class ServerBenchmark {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String API = "/api/2.0/mlflow/";

    private final String base;
    private static final MediaType JSON_TYPE = MediaType.get("application/json");
    private final LoopbackHttp http;
    private final List<String> report = new ArrayList<>();
    private int missed;

    private ServerBenchmark(String base) {
        this.base = base;
        this.http = new LoopbackHttp(base);
    }

    private static OkHttpClient newOkHttpClient() {
        return new OkHttpClient.Builder()
                .connectionPool(new ConnectionPool(16, 5, TimeUnit.MINUTES))
                .connectTimeout(Duration.ofSeconds(5))
                .readTimeout(Duration.ofSeconds(60))
                .build();
    }

    public static void main(String[] args) throws Exception {
        long t0 = System.nanoTime();
        Path dir = Files.createTempDirectory("jtrack-bench-");
        int port = ServerProcess.freePort();
        System.out.println("jtrack server benchmark: " + BuiltJar.path() + ", store " + dir.resolve("bench.db"));
        try (ServerProcess server = ServerProcess.start(dir.resolve("bench.db"), dir.resolve("artifacts"), port,
                List.of("-Xmx1g"))) {
            System.out.printf(Locale.ROOT, "server up after %.2f s%n", (System.nanoTime() - t0) / 1e9);
            ServerBenchmark b = new ServerBenchmark(server.uri());
            try {
                if (List.of(args).contains("--search-only")) {
                    b.searches1k();
                } else {
                    b.runAll();
                }
            } finally {
                b.http.close();
            }
            System.out.println();
            System.out.println("figure                                                    measured        target");
            b.report.forEach(System.out::println);
            System.out.printf(Locale.ROOT, "%ntotal %.1f s, %d target(s) missed; load average now %.1f on %d cores%n",
                    (System.nanoTime() - t0) / 1e9, b.missed,
                    java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
                    Runtime.getRuntime().availableProcessors());
        } finally {
            deleteTree(dir);
        }
    }

    private void runAll() throws Exception {
        String exp = createExperiment("bench-writes");
        String run = createRun(exp, "writes", "");

        // log-metric, one connection
        double oneConn = callsPerSecond(20_000, 10, 1, 10_000, i -> post("runs/log-metric",
                metricJson(run, "one", i * 0.5, i) ));
        higher("log-metric, 1 connection (calls/s)", oneConn, 5_000);
        report.add(String.format(Locale.ROOT, "%-56s %12s", "  for reference, through OkHttp (calls/s)",
                String.format(Locale.ROOT, "%,.0f", okHttpLogMetric(run))));
        System.out.println(report.get(report.size() - 1));

        // log-metric, 8 connections
        double eight = callsPerSecond(80_000, 10, 8, 2_000, i -> post("runs/log-metric",
                metricJson(run, "eight", i * 0.5, i)));
        higher("log-metric, 8 connections (calls/s)", eight, 10_000);

        // log-batch of 1000 metrics; bodies are built before the clock starts, so it measures the server
        String batchRun = createRun(exp, "batches", "");
        long warmEnd = System.nanoTime() + TimeUnit.SECONDS.toNanos(8);
        for (int i = 0; i < 150 && System.nanoTime() < warmEnd; i++) {
            post("runs/log-batch", batchJson(batchRun, "warm", i * 1000L, 1000));
        }
        List<byte[]> bodies = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            bodies.add(batchJson(batchRun, "b", i * 1000L, 1000).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        double batchesPerSec = callsPerSecond(300, 10, 1, 0, i -> post("runs/log-batch", bodies.get((int) i)));
        higher("log-batch of 1,000 metrics (metrics/s)", batchesPerSec * 1000, 300_000);

        // create-run
        String runsExp = createExperiment("bench-create");
        double runsPerSec = callsPerSecond(20_000, 10, 1, 3_000, i -> post("runs/create",
                "{\"experiment_id\":\"" + runsExp + "\",\"start_time\":" + (1_700_000_000_000L + i) + "}"));
        higher("create-run (runs/s)", runsPerSec, 1_000);

        searches1k();

        // filtered + ordered over 100,000 runs
        String bigExp = createExperiment("bench-search-100k");
        int made = populate(bigExp, 100_000, 2, 2, 1, 110);
        String big = "{\"experiment_ids\":[\"" + bigExp + "\"],\"max_results\":100,"
                + "\"filter\":\"metrics.m0 > 0.5 and params.p0 != 'x'\",\"order_by\":[\"metrics.m1 DESC\"]}";
        checkCount(big, 100);
        lower("runs/search, filtered+ordered, 100 of " + String.format(Locale.ROOT, "%,d", made) + " runs (ms)",
                medianMillis(20, 15, () -> post("runs/search", big)), 50);
        if (made < 100_000) {
            report.add("  (only " + made + " runs could be created in the time allowed)");
        }

        // get-history of a 100,000-step metric
        String histRun = createRun(exp, "history", "");
        for (int i = 0; i < 100; i++) {
            post("runs/log-batch", batchJson(histRun, "h", i * 1000L, 1000));
        }
        String histPath = API + "metrics/get-history?run_id=" + histRun + "&metric_key=h";
        int points = fullHistory(histPath);
        if (points != 100_000) {
            throw new IllegalStateException("history has " + points + " points, expected 100,000");
        }
        lower("get-history, 100,000 steps (ms, median)", medianMillis(10, 20, () -> fetchHistory(histPath)), 100);
    }

    /** Searches over 1,000 runs with 10 params, 10 metrics, 5 tags each ({@code --search-only} runs just these). */
    private void searches1k() throws Exception {
        String searchExp = createExperiment("bench-search-1k");
        populate(searchExp, 1_000, 10, 10, 5, 40);
        String all = "{\"experiment_ids\":[\"" + searchExp + "\"],\"max_results\":1000}";
        int count = JSON.readTree(post("runs/search", all)).path("runs").size();
        if (count != 1000) {
            throw new IllegalStateException("search returned " + count + " runs, expected 1000");
        }
        lower("runs/search, all 1,000 runs (ms, median)", medianMillis(30, 15, () -> post("runs/search", all)), 50);
        String filtered = "{\"experiment_ids\":[\"" + searchExp + "\"],\"max_results\":100,"
                + "\"filter\":\"metrics.m0 > 0.3 and params.p1 != 'x' and tags.t0 LIKE 'tag%'\","
                + "\"order_by\":[\"metrics.m1 DESC\",\"params.p2 ASC\"]}";
        checkCount(filtered, 100);
        lower("runs/search, filtered+ordered, 100 of 1,000 (ms)", medianMillis(50, 15, () -> post("runs/search", filtered)), 10);
    }

    // ----- measurement -----

    @FunctionalInterface
    interface Call {
        Object call(long i) throws Exception;
    }

    @FunctionalInterface
    interface Timed {
        Object run() throws Exception;
    }

    /** Calls per second over {@code threads} connections, stopping at {@code maxCalls} or {@code maxSeconds}. */
    private double callsPerSecond(int maxCalls, int maxSeconds, int threads, int warmups, Call call) throws Exception {
        // Warm-up: the JIT needs thousands of calls on both sides before the steady state shows
        // (measured: 1,100 -> 4,800 log-metric calls/s between the first and third 3,000 calls).
        long warmEnd = System.nanoTime() + TimeUnit.SECONDS.toNanos(8);
        for (int i = 0; i < warmups && System.nanoTime() < warmEnd; i++) {
            call.call(1_000_000_000L + i);
        }
        AtomicLong next = new AtomicLong();
        long start = System.nanoTime();
        long deadline = start + TimeUnit.SECONDS.toNanos(maxSeconds);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<Long>> done = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            done.add(pool.submit(() -> {
                long n = 0;
                long i;
                while ((i = next.getAndIncrement()) < maxCalls && System.nanoTime() < deadline) {
                    call.call(i);
                    n++;
                }
                return n;
            }));
        }
        long total = 0;
        for (Future<Long> f : done) {
            total += f.get(maxSeconds + 60L, TimeUnit.SECONDS);
        }
        pool.shutdown();
        double secs = (System.nanoTime() - start) / 1e9;
        return total / secs;
    }

    private static double medianMillis(int times, int maxSeconds, Timed op) throws Exception {
        long warmEnd = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        for (int i = 0; i < 20 && System.nanoTime() < warmEnd; i++) {
            op.run();
        }
        List<Double> ms = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(maxSeconds);
        while (ms.size() < times && System.nanoTime() < deadline) {
            long s = System.nanoTime();
            op.run();
            ms.add((System.nanoTime() - s) / 1e6);
        }
        double[] a = ms.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return a[a.length / 2];
    }

    private void higher(String what, double value, double target) {
        boolean ok = value >= target;
        missed += ok ? 0 : 1;
        report.add(String.format(Locale.ROOT, "%-56s %12s   >= %,9.0f  %s", what, String.format(Locale.ROOT, "%,.0f", value),
                target, ok ? "ok" : "MISSED"));
        System.out.println(report.get(report.size() - 1));
    }

    private void lower(String what, double ms, double target) {
        boolean ok = ms <= target;
        missed += ok ? 0 : 1;
        report.add(String.format(Locale.ROOT, "%-56s %12.1f   <= %,9.0f  %s", what, ms, target, ok ? "ok" : "MISSED"));
        System.out.println(report.get(report.size() - 1));
    }

    // ----- data -----

    /**
     * Creates up to {@code n} runs with params, metrics and tags over 8 connections in at most
     * {@code maxSeconds}; returns how many were made.
     */
    private int populate(String exp, int n, int params, int metrics, int tags, int maxSeconds) throws Exception {
        long start = System.nanoTime();
        AtomicLong next = new AtomicLong();
        AtomicLong made = new AtomicLong();
        long deadline = start + TimeUnit.SECONDS.toNanos(maxSeconds);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            done.add(pool.submit(() -> {
                long i;
                while ((i = next.getAndIncrement()) < n && System.nanoTime() < deadline) {
                    StringBuilder tagJson = new StringBuilder();
                    for (int k = 0; k < tags; k++) {
                        tagJson.append(k == 0 ? "" : ",").append("{\"key\":\"t").append(k)
                                .append("\",\"value\":\"tag").append(i % 7).append("\"}");
                    }
                    String runId = JSON.readTree(post("runs/create", "{\"experiment_id\":\"" + exp
                            + "\",\"start_time\":" + (1_700_000_000_000L + i) + ",\"tags\":[" + tagJson + "]}"))
                            .at("/run/info/run_id").asText();
                    StringBuilder b = new StringBuilder("{\"run_id\":\"").append(runId).append("\",\"params\":[");
                    for (int k = 0; k < params; k++) {
                        b.append(k == 0 ? "" : ",").append("{\"key\":\"p").append(k).append("\",\"value\":\"v")
                                .append((i * 31 + k) % 97).append("\"}");
                    }
                    b.append("],\"metrics\":[");
                    for (int k = 0; k < metrics; k++) {
                        double v = ((i * 7919 + k * 104729) % 10_000) / 10_000.0;
                        b.append(k == 0 ? "" : ",").append("{\"key\":\"m").append(k).append("\",\"value\":").append(v)
                                .append(",\"timestamp\":1,\"step\":0}");
                    }
                    post("runs/log-batch", b.append("]}").toString());
                    made.incrementAndGet();
                }
                return null;
            }));
        }
        for (Future<?> f : done) {
            f.get(maxSeconds + 60L, TimeUnit.SECONDS);
        }
        pool.shutdown();
        System.out.printf(Locale.ROOT, "  (created %,d runs in %.1f s)%n", made.get(), (System.nanoTime() - start) / 1e9);
        return (int) made.get();
    }

    private void checkCount(String searchBody, int expected) throws Exception {
        int got = JSON.readTree(post("runs/search", searchBody)).path("runs").size();
        if (got != expected) {
            throw new IllegalStateException("search returned " + got + " runs, expected " + expected + ": " + searchBody);
        }
    }

    private int fullHistory(String path) throws Exception {
        int n = 0;
        String token = null;
        for (int page = 0; page < 1000; page++) {
            JsonNode r = JSON.readTree(get(path + (token == null ? "" : "&page_token=" + token)));
            n += r.path("metrics").size();
            token = r.path("next_page_token").asText("");
            if (token.isEmpty()) {
                return n;
            }
        }
        throw new IllegalStateException("history paging did not end");
    }

    /**
     * Fetches every page of a history as a client would, without building a JSON tree of the
     * points (their count was checked once before timing); only the page token is looked up.
     */
    private int fetchHistory(String path) throws Exception {
        String token = null;
        for (int page = 0; page < 1000; page++) {
            String body = get(path + (token == null ? "" : "&page_token=" + token));
            int at = body.lastIndexOf("\"next_page_token\"");
            if (at < 0) {
                return page + 1;
            }
            token = JSON.readTree("{" + body.substring(at, body.lastIndexOf('}'))  + "}").path("next_page_token").asText();
        }
        throw new IllegalStateException("history paging did not end");
    }

    private String createExperiment(String name) throws Exception {
        return JSON.readTree(post("experiments/create", "{\"name\":\"" + name + "\"}")).path("experiment_id").asText();
    }

    private String createRun(String exp, String name, String extra) throws Exception {
        return JSON.readTree(post("runs/create", "{\"experiment_id\":\"" + exp + "\",\"run_name\":\"" + name + "\"" + extra
                + "}")).at("/run/info/run_id").asText();
    }

    private static String metricJson(String run, String key, double value, long step) {
        return "{\"run_id\":\"" + run + "\",\"key\":\"" + key + "\",\"value\":" + value + ",\"timestamp\":"
                + (1_700_000_000_000L + step) + ",\"step\":" + step + "}";
    }

    private static String batchJson(String run, String key, long firstStep, int n) {
        StringBuilder b = new StringBuilder(64 * n).append("{\"run_id\":\"").append(run).append("\",\"metrics\":[");
        for (int i = 0; i < n; i++) {
            long s = firstStep + i;
            b.append(i == 0 ? "" : ",").append("{\"key\":\"").append(key).append("\",\"value\":").append(s * 0.25)
                    .append(",\"timestamp\":").append(1_700_000_000_000L + s).append(",\"step\":").append(s).append('}');
        }
        return b.append("]}").toString();
    }

    // ----- HTTP -----

    private String post(String endpoint, String json) throws IOException {
        return post(endpoint, json.getBytes(StandardCharsets.UTF_8));
    }

    private String post(String endpoint, byte[] json) throws IOException {
        return http.post(API + endpoint, json);
    }

    private String get(String pathAndQuery) throws IOException {
        return http.get(pathAndQuery);
    }

    /** Single-connection log-metric calls/s through OkHttp (5 s after a warm-up). */
    private double okHttpLogMetric(String run) throws Exception {
        OkHttpClient client = newOkHttpClient();
        try {
            Call call = i -> {
                Request r = new Request.Builder().url(base + API + "runs/log-metric")
                        .post(RequestBody.create(metricJson(run, "okhttp", i, i), JSON_TYPE)).build();
                try (Response resp = client.newCall(r).execute()) {
                    if (resp.code() != 200) {
                        throw new IllegalStateException("log-metric through OkHttp -> " + resp.code());
                    }
                    return resp.body().string();
                }
            };
            return callsPerSecond(20_000, 5, 1, 5_000, call);
        } finally {
            client.dispatcher().executorService().shutdown();
            client.connectionPool().evictAll();
        }
    }

    /** Best effort: a file the stopping server removes meanwhile (WAL, SHM) is not an error. */
    private static void deleteTree(Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | java.io.UncheckedIOException e) {
            System.err.println("could not remove " + dir + ": " + e);
        }
    }

}
