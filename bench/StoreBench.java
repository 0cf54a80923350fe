import dev.jtrack.store.StoreUri;
import dev.jtrack.store.sql.SqlStores;
import dev.jtrack.tracking.Metric;
import dev.jtrack.tracking.Param;
import dev.jtrack.tracking.Run;
import dev.jtrack.tracking.RunTag;
import dev.jtrack.tracking.TrackingStore;
import dev.jtrack.tracking.ViewType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Store-level micro benchmark of the embedded SQLite store (no HTTP). Creates its own data in a
 * temporary directory and prints one line per figure next to the server target it supports.
 *
 * Run: bench/store-bench.sh [tracking-uri] [--quick]   (--quick skips the 100,000-run search)
 */
public class StoreBench {

    public static void main(String[] args) throws Exception {
        Path dir = Files.createTempDirectory("jtrack-bench");
        boolean quick = List.of(args).contains("--quick");
        String uri = args.length > 0 && !args[0].startsWith("--") ? args[0] : "sqlite:///" + dir.resolve("bench.db");
        System.out.println("jtrack store benchmark on " + uri + " (" + Runtime.getRuntime().availableProcessors() + " CPUs)");
        try (SqlStores stores = SqlStores.open(StoreUri.resolve(uri), dir.resolve("artifacts").toUri().toString())) {
            TrackingStore s = stores.tracking();
            String exp = s.createExperiment("bench-" + System.nanoTime(), null, List.of());
            logMetricOne(s, exp);
            logMetricEight(s, exp);
            logBatch(s, exp);
            createRun(s);
            search1000(s);
            if (!quick) {
                search100k(s);
            }
            history100k(s, exp);
        }
    }

    static final java.lang.management.ThreadMXBean CPU = java.lang.management.ManagementFactory.getThreadMXBean();

    static void report(String what, double value, String unit, String target) {
        System.out.printf("%-62s %12.1f %-10s (target %s)%n", what, value, unit, target);
    }

    /**
     * Also prints the rate by this thread's CPU time: on a machine shared with other work the wall
     * clock includes waiting for a core, the thread CPU time does not (SQLite runs in this thread).
     */
    static void reportCpu(String what, double count, long cpuNanos, String unit) {
        System.out.printf("%-62s %12.1f %-10s (by thread CPU time)%n", "  " + what, count / (cpuNanos / 1e9), unit);
    }

    static void logMetricOne(TrackingStore s, String exp) {
        String run = s.createRun(exp, "bench", null, List.of(), null).info().runId();
        for (int i = 0; i < 2000; i++) {
            s.logMetric(run, new Metric("warm", i, i, i));
        }
        int n = 20_000;
        long c0 = CPU.getCurrentThreadCpuTime();
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            s.logMetric(run, new Metric("m", i * 0.5, 1_700_000_000_000L + i, i));
        }
        double secs = (System.nanoTime() - t0) / 1e9;
        report("log-metric, 1 thread (" + n + " calls)", n / secs, "calls/s", ">= 5,000");
        reportCpu("log-metric, 1 thread", n, CPU.getCurrentThreadCpuTime() - c0, "calls/s");
    }

    static void logMetricEight(TrackingStore s, String exp) throws Exception {
        int threads = 8;
        int per = 5_000;
        List<String> runs = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            runs.add(s.createRun(exp, "bench", null, List.of(), null).info().runId());
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        long t0 = System.nanoTime();
        List<Future<?>> fs = new ArrayList<>();
        for (String run : runs) {
            fs.add(pool.submit(() -> {
                for (int i = 0; i < per; i++) {
                    s.logMetric(run, new Metric("m", i, 1_700_000_000_000L + i, i));
                }
            }));
        }
        for (Future<?> f : fs) {
            f.get();
        }
        double secs = (System.nanoTime() - t0) / 1e9;
        pool.shutdown();
        long stored = 0;
        for (String run : runs) {
            stored += s.getMetricHistory(run, "m", null, null).items().size();
        }
        report("log-metric, 8 threads (" + threads * per + " calls; stored " + stored + ")", threads * per / secs, "calls/s",
                ">= 10,000");
    }

    static void logBatch(TrackingStore s, String exp) {
        String run = s.createRun(exp, "bench", null, List.of(), null).info().runId();
        int batches = 300;
        List<List<Metric>> data = new ArrayList<>();
        for (int b = 0; b < batches; b++) {
            List<Metric> ms = new ArrayList<>(1000);
            for (int i = 0; i < 1000; i++) {
                ms.add(new Metric("k" + (i % 10), Math.sin(i), 1_700_000_000_000L + b, b * 1000L + i));
            }
            data.add(ms);
        }
        long c0 = CPU.getCurrentThreadCpuTime();
        long t0 = System.nanoTime();
        for (List<Metric> ms : data) {
            s.logBatch(run, ms, List.of(), List.of());
        }
        double secs = (System.nanoTime() - t0) / 1e9;
        report("log-batch of 1,000 metrics (" + batches + " batches)", batches * 1000 / secs, "metrics/s", ">= 300,000");
        reportCpu("log-batch", batches * 1000, CPU.getCurrentThreadCpuTime() - c0, "metrics/s");
    }

    static void createRun(TrackingStore s) {
        String exp = s.createExperiment("bench-runs-" + System.nanoTime(), null, List.of());
        int n = 5_000;
        long c0 = CPU.getCurrentThreadCpuTime();
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            s.createRun(exp, "bench", null, List.of(new RunTag("mlflow.source.type", "NOTEBOOK")), null);
        }
        double secs = (System.nanoTime() - t0) / 1e9;
        report("create-run (" + n + " runs)", n / secs, "runs/s", ">= 1,000");
        reportCpu("create-run", n, CPU.getCurrentThreadCpuTime() - c0, "runs/s");
    }

    /** Runs with 10 params, 10 metrics and 5 tags each, as the server benchmark describes. */
    static String fill(TrackingStore s, int runs, int paramsPer, int metricsPer, int tagsPer) {
        String exp = s.createExperiment("bench-search-" + System.nanoTime(), null, List.of());
        for (int r = 0; r < runs; r++) {
            String id = s.createRun(exp, "user" + (r % 7), 1_700_000_000_000L + r, List.of(), null).info().runId();
            List<Metric> ms = new ArrayList<>();
            for (int i = 0; i < metricsPer; i++) {
                ms.add(new Metric("metric" + i, ((r * 7919L + i * 104729L) % 100_000) / 100_000.0, 1_700_000_000_000L + r, 0));
            }
            List<Param> ps = new ArrayList<>();
            for (int i = 0; i < paramsPer; i++) {
                ps.add(new Param("param" + i, "value" + ((r + i) % 10)));
            }
            List<RunTag> ts = new ArrayList<>();
            for (int i = 0; i < tagsPer; i++) {
                ts.add(new RunTag("tag" + i, "t" + ((r + i) % 5)));
            }
            s.logBatch(id, ms, ps, ts);
        }
        return exp;
    }

    /** Thread CPU time (ms) of the median-wall repetition of the last {@link #medianMs} call. */
    static double lastCpuMs;

    static double medianMs(int reps, Runnable r) {
        for (int i = 0; i < 3; i++) {
            r.run();
        }
        double[] t = new double[reps];
        double[] cpu = new double[reps];
        for (int i = 0; i < reps; i++) {
            long c0 = CPU.getCurrentThreadCpuTime();
            long t0 = System.nanoTime();
            r.run();
            t[i] = (System.nanoTime() - t0) / 1e6;
            cpu[i] = (CPU.getCurrentThreadCpuTime() - c0) / 1e6;
        }
        Arrays.sort(t);
        Arrays.sort(cpu);
        lastCpuMs = cpu[reps / 2];
        return t[reps / 2];
    }

    static void reportMs(String what, double wallMs, String target) {
        report(what, wallMs, "ms", target);
        System.out.printf("%-62s %12.1f %-10s (by thread CPU time)%n", "  same, median", lastCpuMs, "ms");
    }

    static void search1000(TrackingStore s) {
        String exp = fill(s, 1000, 10, 10, 5);
        int[] count = new int[1];
        double all = medianMs(15, () -> count[0] = s.searchRuns(List.of(exp), null, ViewType.ACTIVE_ONLY, 1000, null, null).items().size());
        reportMs("search-runs returning all " + count[0] + " runs (10p/10m/5t), median", all, "<= 50 ms");
        String filter = "metrics.metric1 > 0.3 AND params.param2 = 'value3'";
        double filtered = medianMs(30, () -> count[0] = s.searchRuns(List.of(exp), filter, ViewType.ACTIVE_ONLY, 100,
                List.of("metrics.metric1 DESC"), null).items().size());
        reportMs("search-runs filtered+ordered, max_results 100 (got " + count[0] + "), median", filtered, "<= 10 ms");
    }

    static void search100k(TrackingStore s) {
        long t0 = System.nanoTime();
        String exp = fill(s, 100_000, 2, 2, 1);
        System.out.printf("  (filled 100,000 runs in %.1f s)%n", (System.nanoTime() - t0) / 1e9);
        int[] count = new int[1];
        String filter = "metrics.metric0 > 0.5 AND params.param1 = 'value3'";
        double ms = medianMs(15, () -> count[0] = s.searchRuns(List.of(exp), filter, ViewType.ACTIVE_ONLY, 100,
                List.of("metrics.metric0 DESC"), null).items().size());
        reportMs("search-runs over 100,000 runs, filtered+ordered, 100 (got " + count[0] + ")", ms, "<= 50 ms");
        double plain = medianMs(15, () -> count[0] = s.searchRuns(List.of(exp), null, ViewType.ACTIVE_ONLY, 100,
                List.of("metrics.metric1 ASC"), null).items().size());
        reportMs("search-runs over 100,000 runs, ordered by a metric only, 100", plain, "(no target)");
    }

    static void history100k(TrackingStore s, String exp) {
        String run = s.createRun(exp, "bench", null, List.of(), null).info().runId();
        for (int b = 0; b < 100; b++) {
            List<Metric> ms = new ArrayList<>(1000);
            for (int i = 0; i < 1000; i++) {
                long step = b * 1000L + i;
                ms.add(new Metric("long", step * 0.001, 1_700_000_000_000L + step, step));
            }
            s.logBatch(run, ms, List.of(), List.of());
        }
        int[] count = new int[1];
        double ms = medianMs(10, () -> count[0] = s.getMetricHistory(run, "long", null, null).items().size());
        reportMs("get-history of a " + count[0] + "-step metric, median", ms, "<= 100 ms");
    }
}
