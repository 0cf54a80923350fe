package dev.jtrack.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jtrack.tracking.Param;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.knowm.xchart.XYChart;
import tech.tablesaw.api.Table;

class CompareMagicsTest {
    @TempDir
    Path dir;

    CompareFixture f;
    CompareMagics magics;
    String a;
    String b;
    String c;

    @BeforeEach
    void runs() {
        f = new CompareFixture(dir);
        a = f.run("a", 1_000_000L, List.of(new Param("lr", "0.1"), new Param("model", "svm")), "acc", new double[] {0.5, 0.7});
        b = f.run("b", 2_000_000L, List.of(new Param("lr", "0.01"), new Param("model", "svm")), "acc", new double[] {0.6, 0.9, 0.8});
        c = f.run("c", 3_000_000L, List.of(new Param("lr", "0.5"), new Param("model", "it's")), "loss", new double[] {3, 2});
        f.store.logBatch(b, List.of(new dev.jtrack.tracking.Metric("loss", 1.5, 2_000_000L, 0)), List.of(), List.of());
        magics = new CompareMagics(f::source);
    }

    @AfterEach
    void close() {
        f.close();
    }

    @Test
    void runsTakesAQuotedFilterOrderMaxAndColumns() {
        Table t = magics.runs("params.model = 'svm' --order-by \"metrics.acc DESC\" --columns lr,metrics.acc");
        assertEquals(List.of(b, a), t.stringColumn("run_id").asList());
        assertEquals(List.of("run_id", "run_name", "params.lr", "metrics.acc"), t.columnNames());
        assertEquals(1, magics.runs("\"params.model = 'svm'\" --max 1").rowCount(), "a filter quoted as a whole");
        assertEquals(List.of(c), magics.runs("params.model = \"it's\"").stringColumn("run_id").asList());
        assertEquals(3, magics.runs("--experiment exp").rowCount());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> magics.runs("--columns nope"));
        assertTrue(e.getMessage().contains("nope"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> magics.runs("--max 0"));
        assertThrows(IllegalArgumentException.class, () -> magics.runs("--bogus 1"));
    }

    @Test
    void bestPicksByDirectionWithLossLikeMetricsLowerIsBetter() {
        Report acc = magics.best("acc");
        assertTrue(acc.text().startsWith("Best run by acc (highest of 2 runs): b " + b), acc.text());
        assertTrue(acc.text().contains("acc = 0.8"), acc.text());
        assertTrue(acc.text().contains("lr = 0.01"), acc.text());
        assertTrue(acc.html().contains("<b>b</b>"), acc.html());
        assertTrue(magics.best("acc --min").text().contains(" a " + a), "--min");
        Report loss = magics.best("loss");
        assertTrue(loss.text().contains("lowest of 2 runs): b"), loss.text());
        assertTrue(magics.best("loss --max").text().contains(": c " + c));
        assertTrue(magics.best("acc params.lr = '0.1'").text().contains(": a " + a), "with a filter");
        assertTrue(magics.best("loss --max params.model = \"it's\"").html().contains("it&#39;s"), "escaped");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> magics.best("f1"));
        assertTrue(e.getMessage().contains("f1"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> magics.best("acc --min --max"));
        f.store.logBatch(a, List.of(new dev.jtrack.tracking.Metric("val/acc", 0.4, 1L, 0)), List.of(), List.of());
        f.store.logBatch(c, List.of(new dev.jtrack.tracking.Metric("val/acc", 0.6, 1L, 0)), List.of(), List.of());
        assertTrue(magics.best("val/acc").text().contains(": c " + c), "a key that needs backticks in order_by");
        assertThrows(IllegalArgumentException.class, () -> magics.best(""));
    }

    @Test
    void plotTakesNamedRunsOrTheLatestWithTheMetric() {
        XYChart named = assertInstanceOf(XYChart.class, magics.plot("acc a " + b));
        assertEquals(List.of("a", "b"), List.copyOf(named.getSeriesMap().keySet()));
        XYChart latest = assertInstanceOf(XYChart.class, magics.plot("acc"));
        assertEquals(List.of("b", "a"), List.copyOf(latest.getSeriesMap().keySet()), "newest first, only runs with acc");
        XYChart one = assertInstanceOf(XYChart.class, magics.plot("acc --last 1 --log --smooth 0.5 --x relative"));
        assertEquals(1, one.getSeriesMap().size());
        assertTrue(one.getStyler().isYAxisLogarithmic());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> magics.plot("acc zzz"));
        assertTrue(e.getMessage().contains("zzz"), e.getMessage());
        assertNull(magics.plot("acc --svg"), "shown as SVG instead of returned");
        assertThrows(IllegalArgumentException.class, () -> magics.plot("acc --x sideways"));
        assertThrows(IllegalArgumentException.class, () -> magics.plot("acc --smooth 1"));
    }

    @Test
    void compareShowsTheTableAndReturnsNothing() {
        assertNull(magics.compare("a b --metrics acc --diff-only"));
        assertNull(magics.compare(""));
        assertThrows(IllegalArgumentException.class, () -> magics.compare("nope"));
    }

    @Test
    void sideBySideMarksDifferencesAndHidesEqualRowsOnRequest() {
        List<dev.jtrack.tracking.Run> runs = List.of(f.store.getRun(a), f.store.getRun(b));
        List<SideBySide.Row> rows = SideBySide.rows(runs, List.of(), false);
        assertEquals(List.of("params.lr", "params.model", "metrics.acc", "metrics.loss"), rows.stream().map(SideBySide.Row::key).toList());
        assertTrue(rows.get(0).differs());
        assertFalse(rows.get(1).differs());
        assertEquals(java.util.Arrays.asList(null, "1.5"), rows.get(3).values());
        List<SideBySide.Row> diff = SideBySide.rows(runs, List.of("acc"), true);
        assertEquals(List.of("params.lr", "metrics.acc"), diff.stream().map(SideBySide.Row::key).toList());
        Report r = SideBySide.report(runs, List.of(), false);
        assertTrue(r.html().contains("<tr class=\"jtrack-diff\""), r.html());
        assertFalse(r.html().contains("<script"), r.html());
        assertTrue(r.text().lines().anyMatch(l -> l.startsWith("params.lr ") && l.contains(" ≠ ")), r.text());
        assertTrue(r.text().lines().anyMatch(l -> l.startsWith("params.model ") && !l.contains("≠")), r.text());
        assertTrue(r.html().contains("2 runs, 4 rows, 3 differing"), r.html());
    }
}
