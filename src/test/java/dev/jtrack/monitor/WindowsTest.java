package dev.jtrack.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jtrack.models.ReferenceProfile;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

class WindowsTest {
    private static final ReferenceProfile REF = ReferenceProfile.of(Table.create("ref",
            DoubleColumn.create("x", 1, 2, 3, 4, 5, 6, 7, 8, 9, 10),
            StringColumn.create("color", "red", "red", "red", "red", "red", "blue", "blue", "blue", "green", "green")));

    private static InferenceRow row(String id, long t, double latency, String x, String color, String prediction) {
        return new InferenceRow(id, 0, t, latency, 200, null, Map.of("x", x, "color", color), Map.of("prediction", prediction));
    }

    @Test
    void countWindowsMeasureRequestsErrorsLatencyMissingValuesAndDrift() {
        List<InferenceRow> rows = new ArrayList<>();
        rows.add(row("a", 1000, 4, "3.5", "red", "p"));
        rows.add(row("b", 1001, 1, "", "blue", "q"));
        rows.add(new InferenceRow("c", -1, 1002, 2, 400, "bad input", Map.of(), Map.of()));
        rows.add(row("d", 1003, 3, "8", "", "p"));
        rows.add(row("d", 1003, 3, "8", "", "p")); // delivered twice: counted once
        rows.add(row("e", 1004, 10, "11", "red", "p"));
        rows.add(row("f", 1005, 20, "12", "red", "p"));
        List<WindowReport> w = Windows.compute(rows, REF, MonitorOptions.defaults().window("4"));
        assertEquals(2, w.size());
        WindowReport first = w.get(0);
        assertEquals(4, first.metric("request_count"));
        assertEquals(0.25, first.metric("error_rate"));
        assertEquals(2, first.metric("latency_p50_ms"));  // nearest rank of 1, 2, 3, 4
        assertEquals(4, first.metric("latency_p95_ms"));
        assertEquals(1 / 3.0, first.metric("x.missing_rate"), 1e-15);
        assertEquals(1 / 3.0, first.metric("color.missing_rate"), 1e-15);
        assertEquals(DriftStatistics.ks(new double[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, new double[] {3.5, 8}), first.metric("x.ks"));
        assertTrue(first.metrics().containsKey("color.chi2"));
        assertEquals(2 / 3.0, first.metric("prediction.share.p"), 1e-15);
        assertEquals(0.0, first.metric("prediction.psi"), 1e-15); // the first window is the prediction's baseline
        assertEquals(2, w.get(1).metric("request_count"));
    }

    @Test
    void timeWindowsKeepAnEmptyWindowBetween() {
        List<InferenceRow> rows = List.of(row("a", 0, 1, "3", "red", "p"), row("b", 2500, 1, "4", "red", "p"));
        List<WindowReport> w = Windows.compute(rows, REF, MonitorOptions.defaults().window("1s").since(Instant.ofEpochMilli(0)));
        assertEquals(3, w.size());
        assertEquals(0, w.get(1).metric("request_count"));
        assertTrue(Double.isNaN(w.get(1).metric("error_rate")));
        assertTrue(w.get(1).metrics().get("x.psi").isNaN());
        assertEquals(1000, w.get(1).startMillis());
    }

    @Test
    void alertsMarkWindowsAndLabelsGiveAccuracy() {
        List<InferenceRow> rows = List.of(row("a", 0, 1, "30", "red", "p"), row("b", 1, 1, "40", "red", "q"));
        MonitorOptions o = MonitorOptions.defaults().window("10").alert("x.psi > 0.2", "error_rate > 0.5")
                .labels(Map.of("a/0", "p", "b/0", "p"));
        WindowReport w = Windows.compute(rows, REF, o).get(0);
        assertEquals(1, w.alerts().size());
        assertTrue(w.alerts().get(0).startsWith("x.psi="), w.alerts().toString());
        assertEquals(0.5, w.metric("accuracy"));
        assertEquals(2, w.metric("labeled_count"));
    }
}
