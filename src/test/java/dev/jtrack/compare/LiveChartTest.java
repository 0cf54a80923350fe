package dev.jtrack.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jtrack.notebook.ActiveRun;
import dev.jtrack.notebook.MimeString;
import dev.jtrack.notebook.TrackingClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.knowm.xchart.XYChart;

class LiveChartTest {
    @TempDir
    Path dir;

    /** Records what the chart shows, in order. */
    static final class Shown implements LiveChart.Target {
        final List<String> ids = new ArrayList<>();
        final List<Object> values = new ArrayList<>();

        @Override
        public String show(Object value) {
            ids.add("new");
            values.add(value);
            return "live-1";
        }

        @Override
        public void update(String id, Object value) {
            ids.add(id);
            values.add(value);
        }
    }

    @Test
    void metricsLoggedInTheCellRedrawOneDisplayAtABoundedRate() throws Exception {
        Shown shown = new Shown();
        AtomicLong clock = new AtomicLong(0);
        try (TrackingClient client = TrackingClient.builder().trackingUri(dir.resolve("store").toString())
                .journalDir(dir.resolve("journal")).experiment("live").build()) {
            LiveChart live = LiveChart.listen(client, new LiveChart(Set.of("loss"), Duration.ofSeconds(1), shown, clock::get));
            try (ActiveRun run = client.startRun("train")) {
                for (int step = 0; step < 100; step++) {
                    run.logMetric("loss", 1.0 / (step + 1), step);
                    run.logMetric("acc", step / 100.0, step); // not charted
                    clock.addAndGet(Duration.ofMillis(50).toNanos()); // 5 s in all
                }
                live.close();
                run.logMetric("loss", 99, 100); // after close: ignored
            }
            assertEquals("new", shown.ids.get(0));
            assertInstanceOf(MimeString.class, shown.values.get(0), "a placeholder until the first point");
            List<String> updates = shown.ids.subList(1, shown.ids.size());
            assertTrue(updates.stream().allMatch("live-1"::equals), "every redraw updates the same display");
            // first point draws at once, then at most one per second over 5 s, plus the final draw
            assertTrue(updates.size() >= 5 && updates.size() <= 7, "redraws: " + updates.size());
            assertEquals(updates.size(), live.draws());
            XYChart last = assertInstanceOf(XYChart.class, shown.values.get(shown.values.size() - 1));
            assertEquals(List.of("train"), List.copyOf(last.getSeriesMap().keySet()));
            double[] x = last.getSeriesMap().get("train").getXData();
            assertEquals(100, x.length, "the final draw has every point");
            assertEquals(99, x[99]);
            assertTrue(ChartsTest.colouredPixels(last) > 200);
        }
    }

    @Test
    void withNoMetricsNamedEveryMetricGetsALinePerRun() throws Exception {
        Shown shown = new Shown();
        try (TrackingClient client = TrackingClient.builder().trackingUri(dir.resolve("store").toString())
                .journalDir(dir.resolve("journal")).experiment("live").build()) {
            LiveChart live = LiveChart.listen(client, new LiveChart(Set.of(), Duration.ofHours(1), shown, System::nanoTime));
            try (ActiveRun run = client.startRun("r")) {
                run.logMetrics(java.util.Map.of("a", 1, "b", 2), 0);
                run.logMetrics(java.util.Map.of("a", 3, "b", 4), 1);
            }
            live.close();
            assertEquals(3, shown.values.size(), "placeholder, the first point at once, the rest at close");
            XYChart last = (XYChart) shown.values.get(2);
            assertEquals(Set.of("r a", "r b"), last.getSeriesMap().keySet());
        }
    }
}
