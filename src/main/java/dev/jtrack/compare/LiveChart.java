package dev.jtrack.compare;

import dev.jtrack.util.ChartStyle;
import dev.jtrack.kernel.display.DisplayService;
import dev.jtrack.notebook.ActiveRun;
import dev.jtrack.notebook.MimeString;
import dev.jtrack.notebook.Tracking;
import dev.jtrack.notebook.TrackingClient;
import dev.jtrack.tracking.Metric;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * A chart of the metrics being logged, redrawn in one display in place
 * ({@code update_display_data}) at most once per interval, and once more when closed:
 *
 * <pre>{@code
 * try (LiveChart live = LiveChart.start("loss")) {
 *     for (int epoch = 0; epoch < 100; epoch++) { ...; Tracking.logMetric("loss", loss, epoch); }
 * }
 * }</pre>
 *
 * The {@code %%live [METRIC ...] [--every MS]} cell magic does the same around a cell. x = step,
 * a line per run and metric.
 */
public final class LiveChart implements AutoCloseable {
    /** The default shortest time between two redraws. */
    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(1);

    /** Where the chart is shown: the kernel's display calls, or another target in tests. */
    interface Target {
        String show(Object value);

        void update(String id, Object value);
    }

    private static final Target DISPLAY = new Target() {
        @Override
        public String show(Object value) {
            return DisplayService.display(value);
        }

        @Override
        public void update(String id, Object value) {
            DisplayService.update(id, value);
        }
    };

    private final Set<String> metrics;
    private final long intervalNanos;
    private final Target target;
    private final LongSupplier clock;
    private final Map<String, List<double[]>> series = new LinkedHashMap<>();
    private final String displayId;
    private AutoCloseable subscription;
    private long lastDraw;
    private boolean dirty;
    private int draws;
    private boolean closed;

    LiveChart(Set<String> metrics, Duration interval, Target target, LongSupplier nanoClock) {
        this.metrics = Set.copyOf(metrics);
        this.intervalNanos = interval.toNanos();
        this.target = target;
        this.clock = nanoClock;
        this.displayId = target.show(new MimeString("text/plain",
                "live chart: waiting for " + (metrics.isEmpty() ? "metrics" : String.join(", ", metrics.stream().sorted().toList())) + "…"));
        this.lastDraw = nanoClock.getAsLong() - intervalNanos;
    }

    /** A live chart of these metrics (none: every metric) logged through {@link Tracking}, redrawn at most once a second. */
    public static LiveChart start(String... metrics) {
        return start(DEFAULT_INTERVAL, metrics);
    }

    /** A live chart of these metrics (none: every metric), redrawn at most once per {@code interval}. */
    public static LiveChart start(Duration interval, String... metrics) {
        return listen(Tracking.client(), new LiveChart(Set.of(metrics), interval, DISPLAY, System::nanoTime));
    }

    static LiveChart listen(TrackingClient client, LiveChart chart) {
        chart.subscription = client.onMetrics(chart::logged);
        return chart;
    }

    /** Takes logged points; redraws when the interval has passed since the last redraw. */
    synchronized void logged(ActiveRun run, List<Metric> points) {
        if (closed) {
            return;
        }
        for (Metric m : points) {
            if (metrics.isEmpty() || metrics.contains(m.key())) {
                String label = (run.name() == null ? run.key() : run.name()) + (metrics.size() == 1 ? "" : " " + m.key());
                series.computeIfAbsent(label, k -> new ArrayList<>()).add(new double[] {m.step(), m.value()});
                dirty = true;
            }
        }
        long now = clock.getAsLong();
        if (dirty && now - lastDraw >= intervalNanos) {
            draw(now);
        }
    }

    private void draw(long now) {
        target.update(displayId, chart());
        lastDraw = now;
        dirty = false;
        draws++;
    }

    /** The chart of the points so far (a new XChart object each time). */
    public synchronized XYChart chart() {
        XYChart chart = new XYChartBuilder().width(800).height(400)
                .title(metrics.size() == 1 ? metrics.iterator().next() : "metrics").xAxisTitle("step").build();
        ChartStyle.apply(chart.getStyler());
        chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        for (Map.Entry<String, List<double[]>> e : series.entrySet()) {
            List<double[]> pts = new ArrayList<>(e.getValue());
            pts.sort((a, b) -> Double.compare(a[0], b[0]));
            double[] x = new double[pts.size()];
            double[] y = new double[pts.size()];
            for (int i = 0; i < x.length; i++) {
                x[i] = pts.get(i)[0];
                y[i] = pts.get(i)[1];
            }
            Downsample.Series s = Downsample.minMax(x, y, chart.getWidth());
            chart.addSeries(e.getKey(), s.x(), s.y()).setMarker(x.length == 1 ? SeriesMarkers.CIRCLE : SeriesMarkers.NONE);
        }
        return chart;
    }

    /** How many times the display was redrawn. */
    public synchronized int draws() {
        return draws;
    }

    /** Stops listening and draws what came since the last redraw. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (subscription != null) {
                subscription.close();
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        if (dirty) {
            draw(clock.getAsLong());
        }
    }
}
