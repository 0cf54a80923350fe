package dev.jtrack.recorder;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jtrack.recorder.Batcher.Unit;
import dev.jtrack.recorder.Journal.Stored;
import dev.jtrack.tracking.Metric;
import dev.jtrack.tracking.Param;
import dev.jtrack.tracking.RunStatus;
import dev.jtrack.tracking.RunTag;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class BatcherTest {

    private final List<Stored> pending = new ArrayList<>();

    private void add(JournalEntry e) {
        pending.add(new Stored(e.withSeq(pending.size() + 1), (pending.size() + 1) * 10L));
    }

    private static List<Metric> metrics(int n) {
        return IntStream.range(0, n).mapToObj(i -> new Metric("m" + i, i, 1, i)).toList();
    }

    private static List<Param> params(String prefix, int n) {
        return IntStream.range(0, n).mapToObj(i -> new Param(prefix + i, "v")).toList();
    }

    private static List<RunTag> tags(String prefix, int n) {
        return IntStream.range(0, n).mapToObj(i -> new RunTag(prefix + i, "v")).toList();
    }

    /** Takes units off the head until nothing is left; returns their sizes in entries. */
    private List<Unit> drain() {
        List<Unit> units = new ArrayList<>();
        List<Stored> rest = new ArrayList<>(pending);
        while (!rest.isEmpty()) {
            Unit u = Batcher.next(rest);
            units.add(u);
            rest = rest.subList(u.entries().size(), rest.size());
        }
        return units;
    }

    @Test
    void singleMetricsAreBatchedUpToAThousand() {
        for (int i = 0; i < 2500; i++) {
            add(JournalEntry.log("r", 0, metrics(1), List.of(), List.of()));
        }
        assertEquals(List.of(1000, 1000, 500), drain().stream().map(u -> u.metrics().size()).toList());
    }

    @Test
    void paramsAndTagsStopAtAHundredEach() {
        for (int i = 0; i < 3; i++) {
            add(JournalEntry.log("r", 0, List.of(), params("p" + i + "_", 60), List.of()));
        }
        for (int i = 0; i < 3; i++) {
            add(JournalEntry.log("r", 0, List.of(), List.of(), tags("t" + i + "_", 60)));
        }
        List<Unit> units = drain();
        for (Unit u : units) {
            assertEquals(true, u.params().size() <= 100 && u.tags().size() <= 100, u.toString());
        }
        assertEquals(180, units.stream().mapToInt(u -> u.params().size()).sum());
        assertEquals(180, units.stream().mapToInt(u -> u.tags().size()).sum());
    }

    @Test
    void totalStaysWithinAThousand() {
        add(JournalEntry.log("r", 0, metrics(950), List.of(), List.of()));
        add(JournalEntry.log("r", 0, List.of(), params("p", 40), tags("t", 40)));
        List<Unit> units = drain();
        assertEquals(2, units.size());
        assertEquals(950, units.get(0).metrics().size());
    }

    @Test
    void otherRunsAndOtherKindsBreakBatches() {
        add(JournalEntry.createRun("a", 0, "e", null, null, List.of()));
        add(JournalEntry.log("a", 0, metrics(1), List.of(), List.of()));
        add(JournalEntry.log("a", 0, metrics(1), List.of(), List.of()));
        add(JournalEntry.log("b", 0, metrics(1), List.of(), List.of()));
        add(JournalEntry.log("a", 0, metrics(1), List.of(), List.of()));
        add(JournalEntry.artifact("a", 0, "blob", "x.txt"));
        add(JournalEntry.log("a", 0, metrics(1), List.of(), List.of()));
        add(JournalEntry.endRun("a", 0, RunStatus.FINISHED));
        List<Unit> units = drain();
        assertEquals(List.of(1, 2, 1, 1, 1, 1, 1), units.stream().map(u -> u.entries().size()).toList());
        // order is kept: concatenating the units gives the journal back
        List<Long> seqs = units.stream().flatMap(u -> u.entries().stream()).map(s -> s.entry().seq()).toList();
        assertEquals(LongRangeList.of(1, 8), seqs);
    }

    @Test
    void aParamOrTagKeyTwiceSplitsTheBatch() {
        add(JournalEntry.log("r", 0, List.of(), List.of(new Param("p", "1")), List.of()));
        add(JournalEntry.log("r", 0, List.of(), List.of(new Param("p", "1")), List.of()));
        add(JournalEntry.log("r", 0, List.of(), List.of(), List.of(new RunTag("t", "1"))));
        add(JournalEntry.log("r", 0, List.of(), List.of(), List.of(new RunTag("t", "2"))));
        assertEquals(List.of(1, 2, 1), drain().stream().map(u -> u.entries().size()).toList());
    }

    /** Longs from..to inclusive. */
    private static final class LongRangeList {
        static List<Long> of(long from, long to) {
            List<Long> l = new ArrayList<>();
            for (long i = from; i <= to; i++) {
                l.add(i);
            }
            return l;
        }
    }
}
