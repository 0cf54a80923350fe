package dev.jtrack.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jtrack.tracking.Param;
import dev.jtrack.tracking.RunTag;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

class RunTableTest {
    @TempDir
    Path dir;

    CompareFixture f;
    String a;
    String b;
    String c;

    @BeforeEach
    void runs() {
        f = new CompareFixture(dir);
        a = f.run("a", 1_000_000L, List.of(new Param("lr", "0.1"), new Param("model", "svm")), "acc", new double[] {0.5, 0.7});
        b = f.run("b", 2_000_000L, List.of(new Param("lr", "1e-2"), new Param("model", "tree")), "acc", new double[] {0.6, 0.9, 0.8});
        c = f.run("c", 3_000_000L, List.of(new Param("model", "NaN")), "loss", new double[] {3, 2});
        f.store.setTag(a, new RunTag("team", "x<y"));
    }

    @AfterEach
    void close() {
        f.close();
    }

    @Test
    void tableHasARowPerRunWithTypedParamsLatestMetricsAndChosenTags() {
        Table t = f.source().query().tags("team").table();
        assertEquals(3, t.rowCount());
        assertEquals(List.of("run_id", "run_name", "experiment_id", "status", "start_time", "duration_s",
                "params.lr", "params.model", "metrics.acc", "metrics.loss", "tags.team"), t.columnNames());
        // newest first, as the store orders by default
        assertEquals(List.of(c, b, a), t.stringColumn("run_id").asList());
        assertEquals(List.of("c", "b", "a"), t.stringColumn("run_name").asList());
        assertEquals("FINISHED", t.stringColumn("status").get(0));
        assertEquals(Instant.ofEpochMilli(3_000_000L), t.instantColumn("start_time").get(0));
        assertEquals(2.5, t.doubleColumn("duration_s").getDouble(1));
        DoubleColumn lr = assertInstanceOf(DoubleColumn.class, t.column("params.lr"));
        assertTrue(lr.isMissing(0));
        assertEquals(0.01, lr.getDouble(1));
        assertEquals(0.1, lr.getDouble(2));
        // "NaN" is not taken as a number: the column stays text
        StringColumn model = assertInstanceOf(StringColumn.class, t.column("params.model"));
        assertEquals(List.of("NaN", "tree", "svm"), model.asList());
        assertEquals(0.8, t.doubleColumn("metrics.acc").getDouble(1), "the latest value, not the best");
        assertEquals(2.0, t.doubleColumn("metrics.loss").getDouble(0));
        assertEquals("x<y", t.stringColumn("tags.team").get(2));
        assertEquals("", t.stringColumn("tags.team").get(0));
    }

    @Test
    void filterOrderAndMaxGoToTheStore() {
        Table t = f.source().query().filter("params.model != 'NaN'").orderBy("metrics.acc DESC").table();
        assertEquals(List.of(b, a), t.stringColumn("run_id").asList());
        Table one = f.source().query().orderBy("start_time ASC").max(1).table();
        assertEquals(List.of(a), one.stringColumn("run_id").asList());
    }

    @Test
    void pagesThroughLargeResults() {
        for (int i = 0; i < 40; i++) {
            f.store.createRun(f.experimentId, null, 5_000_000L + i, List.of(), "bulk-" + i);
        }
        Table t = f.source().query().pageSize(7).orderBy("start_time ASC").table();
        assertEquals(43, t.rowCount());
        assertEquals(t.rowCount(), t.stringColumn("run_id").unique().size(), "no run twice across pages");
        assertEquals(List.of(a, b, c), t.stringColumn("run_id").asList().subList(0, 3), "order kept across pages");
        assertEquals("bulk-39", t.stringColumn("run_name").get(42));
        assertEquals(9, f.source().query().pageSize(7).max(9).table().rowCount());
    }

    @Test
    void severalExperimentsByNameOrId() {
        String other = f.store.createExperiment("other", null, List.of());
        f.store.createRun(other, null, 9_000_000L, List.of(), "o");
        assertEquals(1, f.source().query().experiments("other").table().rowCount());
        assertEquals(4, f.source().query().experiments("exp", other).table().rowCount());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> f.source().query().experiments("nope").table());
        assertTrue(e.getMessage().contains("nope"), e.getMessage());
    }

    @Test
    void historyIsALongTable() {
        Table h = f.source().history(List.of(a, b), List.of());
        assertEquals(List.of("run_id", "run_name", "metric", "step", "timestamp", "value"), h.columnNames());
        assertEquals(5, h.rowCount());
        assertEquals(List.of(a, a, b, b, b), h.stringColumn("run_id").asList());
        assertEquals(List.of(0L, 1L, 0L, 1L, 2L), h.longColumn("step").asList());
        assertEquals(0.9, h.doubleColumn("value").getDouble(3));
        assertEquals(2_000_100L, h.longColumn("timestamp").getLong(3));
        Table loss = f.source().history(List.of(a, c), List.of("loss"));
        assertEquals(2, loss.rowCount(), "a has no loss");
    }

    @Test
    void numbersAreParsedStrictly() {
        assertEquals(1e-3, RunTable.parseNumber("1e-3"));
        assertEquals(-2.0, RunTable.parseNumber(" -2 "));
        assertNull(RunTable.parseNumber("NaN"));
        assertNull(RunTable.parseNumber("1d"));
        assertNull(RunTable.parseNumber("0x10"));
        assertNull(RunTable.parseNumber(""));
        assertNull(RunTable.parseNumber("adam"));
    }
}
