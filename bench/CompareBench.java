import dev.jtrack.compare.HistoryOptions;
import dev.jtrack.compare.RunSource;
import dev.jtrack.kernel.display.DisplayService;
import dev.jtrack.kernel.engine.MimeBundle;
import dev.jtrack.store.StoreUri;
import dev.jtrack.store.sql.SqlStores;
import dev.jtrack.tracking.Metric;
import dev.jtrack.tracking.Param;
import dev.jtrack.tracking.RunStatus;
import dev.jtrack.tracking.TrackingStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.knowm.xchart.XYChart;
import tech.tablesaw.api.Table;

/**
 * Comparison benchmark on the embedded SQLite store: what %runs does over 10,000 runs (search,
 * table, HTML + text rendering) and a history chart of 20 runs x 10,000 steps (history fetch,
 * downsampling, chart, PNG at 2x). Creates its data in a temporary directory; prints medians.
 *
 * Run: bench/compare-bench.sh
 */
public class CompareBench {
    static final int RUNS = 10_000;
    static final int CHART_RUNS = 20;
    static final int STEPS = 10_000;
    static final int ROUNDS = 9;

    public static void main(String[] args) throws Exception {
        Path dir = Files.createTempDirectory("jtrack-compare-bench");
        System.out.println("jtrack compare benchmark (" + Runtime.getRuntime().availableProcessors() + " CPUs)");
        try (SqlStores stores = SqlStores.open(StoreUri.resolve("sqlite:///" + dir.resolve("bench.db")), dir.resolve("artifacts").toUri().toString())) {
            TrackingStore s = stores.tracking();
            long t0 = System.nanoTime();
            s.createExperiment("runs", null, List.of());
            String runsExp = s.getExperimentByName("runs").experimentId();
            for (int i = 0; i < RUNS; i++) {
                String id = s.createRun(runsExp, "bench", 1_700_000_000_000L + i * 1000L, List.of(), "run-" + i).info().runId();
                s.logBatch(id,
                        List.of(new Metric("acc", (i % 997) / 997.0, 0, 0), new Metric("loss", 1.0 / (1 + i % 101), 0, 0), new Metric("f1", (i % 13) / 13.0, 0, 0)),
                        List.of(new Param("lr", String.valueOf(0.001 * (1 + i % 10))), new Param("depth", String.valueOf(i % 12)),
                                new Param("model", i % 2 == 0 ? "tree" : "forest"), new Param("seed", String.valueOf(i)), new Param("batch", "64")),
                        List.of());
                s.updateRun(id, RunStatus.FINISHED, 1_700_000_000_000L + i * 1000L + 500, null);
            }
            s.createExperiment("histories", null, List.of());
            String histExp = s.getExperimentByName("histories").experimentId();
            List<String> ids = new ArrayList<>();
            for (int r = 0; r < CHART_RUNS; r++) {
                String id = s.createRun(histExp, "bench", 1_700_000_000_000L + r, List.of(), "h-" + r).info().runId();
                ids.add(id);
                List<Metric> batch = new ArrayList<>();
                for (int step = 0; step < STEPS; step++) {
                    batch.add(new Metric("loss", (r + 1) / Math.sqrt(step + 1) + 0.01 * Math.sin(step), 1_700_000_000_000L + step * 10L, step));
                    if (batch.size() == 1000) {
                        s.logBatch(id, batch, List.of(), List.of());
                        batch.clear();
                    }
                }
            }
            System.out.printf("data: %,d runs (5 params, 3 metrics each) and %d runs x %,d steps, made in %.1f s%n",
                    RUNS, CHART_RUNS, STEPS, (System.nanoTime() - t0) / 1e9);

            RunSource runs = new RunSource(s, "runs");
            double[] runsCpu = new double[ROUNDS];
            double[] search = new double[ROUNDS];
            double[] storeOnly = new double[ROUNDS];
            double[] render = new double[ROUNDS];
            for (int round = -5; round < ROUNDS; round++) {
                long cpu0 = CPU.getCurrentThreadCpuTime();
                long a = System.nanoTime();
                List<dev.jtrack.tracking.Run> found = runs.query().max(RUNS).runs();
                long a2 = System.nanoTime();
                Table t = dev.jtrack.compare.RunTable.of(found, List.of());
                long b = System.nanoTime();
                MimeBundle bundle = DisplayService.registry().render(t);
                long c = System.nanoTime();
                long cpu1 = CPU.getCurrentThreadCpuTime();
                if (t.rowCount() != RUNS || !bundle.data().containsKey("text/html")) {
                    throw new IllegalStateException("expected " + RUNS + " rows rendered as HTML, got " + t.rowCount());
                }
                if (round >= 0) {
                    search[round] = (b - a) / 1e6;
                    runsCpu[round] = (cpu1 - cpu0) / 1e6;
                    storeOnly[round] = (a2 - a) / 1e6;
                    render[round] = (c - b) / 1e6;
                }
            }
            report("%runs over 10,000 runs: store search", median(storeOnly), "ms", "");
            report("%runs over 10,000 runs: search + table", median(search), "ms", "");
            report("%runs over 10,000 runs: HTML + text", median(render), "ms", "");
            report("%runs over 10,000 runs: total", median(sum(search, render)), "ms", "<= 300 ms");
            report("%runs over 10,000 runs: total, this thread's CPU time", median(runsCpu), "ms", "");

            RunSource hist = new RunSource(s, "histories");
            double[] fetch = new double[ROUNDS];
            double[] png = new double[ROUNDS];
            double[] chartCpu = new double[ROUNDS];
            for (int round = -5; round < ROUNDS; round++) {
                long cpu0 = CPU.getCurrentThreadCpuTime();
                long a = System.nanoTime();
                XYChart chart = hist.historyChart("loss", HistoryOptions.defaults(), ids);
                long b = System.nanoTime();
                MimeBundle bundle = DisplayService.registry().render(chart);
                long c = System.nanoTime();
                long cpu1 = CPU.getCurrentThreadCpuTime();
                if (chart.getSeriesMap().size() != CHART_RUNS || !bundle.data().containsKey("image/png")) {
                    throw new IllegalStateException("expected " + CHART_RUNS + " series as PNG");
                }
                if (round >= 0) {
                    fetch[round] = (b - a) / 1e6;
                    chartCpu[round] = (cpu1 - cpu0) / 1e6;
                    png[round] = (c - b) / 1e6;
                }
            }
            report("history chart 20 runs x 10,000 steps: fetch + downsample + chart", median(fetch), "ms", "");
            report("history chart 20 runs x 10,000 steps: PNG (2x)", median(png), "ms", "");
            report("history chart 20 runs x 10,000 steps: total", median(sum(fetch, png)), "ms", "<= 500 ms");
            report("history chart 20 runs x 10,000 steps: total, this thread's CPU time", median(chartCpu), "ms", "");
        } finally {
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** On a machine shared with other work the wall clock includes waiting for a core; this thread's CPU time does not. */
    static final java.lang.management.ThreadMXBean CPU = java.lang.management.ManagementFactory.getThreadMXBean();

    static double[] sum(double[] a, double[] b) {
        double[] out = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = a[i] + b[i];
        }
        return out;
    }

    static double median(double[] v) {
        double[] c = v.clone();
        Arrays.sort(c);
        return c[c.length / 2];
    }

    static void report(String what, double value, String unit, String target) {
        System.out.printf("%-66s %9.1f %-3s %s%n", what, value, unit, target.isEmpty() ? "" : "(target " + target + ")");
    }
}
