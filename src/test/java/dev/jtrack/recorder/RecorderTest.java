package dev.jtrack.recorder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jtrack.store.StoreUri;
import dev.jtrack.store.sql.SqlStores;
import dev.jtrack.tracking.Metric;
import dev.jtrack.tracking.Param;
import dev.jtrack.tracking.Run;
import dev.jtrack.tracking.RunStatus;
import dev.jtrack.tracking.RunTag;
import dev.jtrack.tracking.TrackingStore;
import dev.jtrack.tracking.ViewType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The recorder against a real SQLite store with network-like faults injected in front of it
 * ({@link FlakyStore}): outages, lost answers, a writer stuck between sending and marking.
 */
class RecorderTest {

    @TempDir
    Path dir;

    private SqlStores stores;
    private FlakyStore flaky;
    private final List<String> reports = Collections.synchronizedList(new ArrayList<>());
    private final List<Recorder> opened = new ArrayList<>();

    @BeforeEach
    void open() {
        stores = SqlStores.open(StoreUri.resolve(dir.resolve("store").toString()), null);
        flaky = new FlakyStore(stores.tracking());
    }

    @AfterEach
    void close() {
        opened.forEach(r -> r.close(Duration.ofSeconds(5)));
        stores.close();
    }

    private Recorder recorder(String storeId, TrackingStore store) {
        Recorder r = Recorder.builder(storeId, () -> store)
                .journalRoot(dir.resolve("journal"))
                .backoff(Duration.ofMillis(10), Duration.ofMillis(50))
                .reporter(reports::add)
                .start();
        opened.add(r);
        return r;
    }

    private Recorder recorder() {
        return recorder("test-store", flaky);
    }

    private TrackingStore real() {
        return stores.tracking();
    }

    private Run runByKey(String key) {
        List<Run> runs = real().searchRuns(List.of("0"), "tags.`jtrack.runKey` = '" + key + "'", ViewType.ALL, 10,
                null, null).items();
        assertEquals(1, runs.size(), "exactly one run with key " + key);
        return runs.get(0);
    }

    private List<Long> steps(String runId, String metric) {
        return real().getMetricHistory(runId, metric, null, null).items().stream().map(Metric::step).toList();
    }

    private static List<Long> range(int n) {
        List<Long> l = new ArrayList<>();
        for (long i = 0; i < n; i++) {
            l.add(i);
        }
        return l;
    }

    /** Waits (bounded) until the writer has tried and failed to deliver. */
    private static void awaitError(Recorder r) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (r.lastError() == null) {
            assertTrue(System.nanoTime() < deadline, "the writer never tried to deliver");
            r.flush(Duration.ofMillis(50));
        }
    }

    private long count(String prefix) {
        return reports.stream().filter(r -> r.startsWith(prefix)).count();
    }

    @Test
    void callsReturnAtOnceWhileTheStoreIsDownAndAllArrivesOnceInOrder() {
        flaky.down = true;
        Recorder r = recorder();
        String run = r.newRunKey();
        long slowest = 0;
        long t0 = System.nanoTime();
        r.createRun(run, null, "offline", null, List.of(new RunTag("mlflow.user", "tester")), System.currentTimeMillis());
        for (int i = 0; i < 500; i++) {
            long s = System.nanoTime();
            r.log(run, List.of(new Metric("loss", 1.0 / (i + 1), 1000 + i, i)), List.of(), List.of());
            slowest = Math.max(slowest, System.nanoTime() - s);
        }
        r.log(run, List.of(), List.of(new Param("lr", "0.1")), List.of(new RunTag("t", "v")));
        r.endRun(run, RunStatus.FINISHED, System.currentTimeMillis());
        long all = System.nanoTime() - t0;
        // none of them waited for the store, which is still down
        assertTrue(TimeUnit.NANOSECONDS.toMillis(slowest) < 1000, "slowest call " + slowest + " ns");
        System.out.printf("502 calls with the store down: %d ms in all, slowest %d us%n",
                TimeUnit.NANOSECONDS.toMillis(all), TimeUnit.NANOSECONDS.toMicros(slowest));
        assertFalse(r.flush(Duration.ofMillis(300)));
        assertEquals(503, r.pending());
        awaitError(r);
        assertTrue(r.runId(run).isEmpty());

        flaky.down = false;
        assertTrue(r.flush(Duration.ofSeconds(30)));
        assertEquals(0, r.pending());
        Run stored = runByKey(run);
        assertEquals(RunStatus.FINISHED, stored.info().status());
        assertEquals("tester", stored.info().userId());
        assertEquals(range(500), steps(stored.info().runId(), "loss"));
        assertEquals(List.of(new Param("lr", "0.1")), stored.data().params());
        assertEquals(1, count("jtrack: tracking store unreachable"), reports.toString());
        assertEquals(1, count("jtrack: tracking store reachable again"), reports.toString());
        // delivered as log-batches, not one call per metric
        assertTrue(flaky.batches.size() <= 3, flaky.batches.toString());
    }

    @Test
    void lostAnswersDoNotDuplicateRunsOrMetrics() {
        Recorder r = recorder();
        flaky.loseAnswers.set(1); // the experiment lookup is a read; the run creation's answer is lost
        String run = r.newRunKey();
        r.createRun(run, "exp", "lost", null, List.of(), 1);
        assertTrue(r.flush(Duration.ofSeconds(30)));
        for (int i = 0; i < 50; i++) {
            flaky.loseAnswers.set(i % 7 == 0 ? 1 : 0);
            r.log(run, List.of(new Metric("m", i, 10 + i, i)), List.of(new Param("p" + i, "v")), List.of());
            assertTrue(r.flush(Duration.ofSeconds(30)));
        }
        String expId = real().getExperimentByName("exp").experimentId();
        List<Run> runs = real().searchRuns(List.of(expId), null, ViewType.ALL, 10, null, null).items();
        assertEquals(1, runs.size(), "one run although its creation was answered with an error");
        assertEquals(range(50), steps(runs.get(0).info().runId(), "m"));
        assertEquals(50, runs.get(0).data().params().size());
    }

    @Test
    void aWriterStuckBetweenSendingAndMarkingIsReplayedOnceAndItsRunEndsKilled() throws Exception {
        Recorder first = recorder();
        String run = first.newRunKey();
        first.createRun(run, null, "crashy", null, List.of(), 1);
        for (int i = 0; i < 10; i++) {
            first.log(run, List.of(new Metric("m", i, 100 + i, i)), List.of(), List.of());
        }
        assertTrue(first.flush(Duration.ofSeconds(30)));
        Path firstJournal = first.journalDir();

        long lastActivity = System.currentTimeMillis();
        CountDownLatch never = new CountDownLatch(1);
        flaky.hangAfterWrite = never;
        List<Metric> ms = new ArrayList<>();
        List<Param> ps = new ArrayList<>();
        for (int i = 10; i < 15; i++) {
            ms.add(new Metric("m", i, 100 + i, i));
            ps.add(new Param("p" + i, "x"));
        }
        first.log(run, ms, ps, List.of()); // one entry, so one delivery reaches the store and hangs
        assertTrue(flaky.hung.await(30, TimeUnit.SECONDS), "the batch reached the store");
        int writesBefore = flaky.writes.get();
        long crashed = System.currentTimeMillis();
        // "crash": the process stops before marking what the store already has
        assertFalse(first.close(Duration.ofMillis(300)));
        opened.remove(first);
        assertTrue(Files.isDirectory(firstJournal), "undelivered journal stays");

        Recorder second = recorder();
        assertTrue(second.flush(Duration.ofSeconds(30)));
        Run stored = runByKey(run);
        assertEquals(range(15), steps(stored.info().runId(), "m"));
        assertEquals(5, stored.data().params().size());
        assertEquals(RunStatus.KILLED, stored.info().status());
        long end = stored.info().endTime();
        assertTrue(end >= lastActivity && end <= crashed, "ended at the dead session's last activity: " + end);
        assertEquals(writesBefore + 1, flaky.writes.get(), "only the KILLED update was written again");
        assertFalse(Files.exists(firstJournal), "the adopted journal is removed once delivered");
        assertEquals(1, count("jtrack: ended 1 run(s) of a session that died"), reports.toString());
    }

    @Test
    void aRestartedRecorderDeliversTheOldJournalFirst() {
        flaky.down = true;
        Recorder old = recorder();
        String oldRun = old.newRunKey();
        old.createRun(oldRun, null, "old", null, List.of(), 1);
        old.log(oldRun, List.of(new Metric("m", 1, 1, 0)), List.of(), List.of());
        old.endRun(oldRun, RunStatus.FINISHED, 5);
        assertFalse(old.close(Duration.ofMillis(200)));
        opened.remove(old);

        flaky.down = false;
        Recorder fresh = recorder();
        String newRun = fresh.newRunKey();
        fresh.createRun(newRun, null, "new", null, List.of(), 2);
        fresh.log(newRun, List.of(new Metric("m", 2, 2, 0)), List.of(), List.of());
        assertTrue(fresh.flush(Duration.ofSeconds(30)));
        Run o = runByKey(oldRun);
        Run n = runByKey(newRun);
        assertEquals(RunStatus.FINISHED, o.info().status(), "its own end record was delivered, not KILLED");
        assertEquals(5L, o.info().endTime());
        assertEquals(o.info().runId(), flaky.batches.get(0).runId(), "the old journal went first");
        assertEquals(n.info().runId(), flaky.batches.get(1).runId());
    }

    @Test
    void refusedRecordsAreKeptAsFailedReportedAndDoNotBlock() throws Exception {
        Recorder r = recorder();
        String run = r.newRunKey();
        r.createRun(run, null, "refusals", null, List.of(), 1);
        r.log(run, List.of(), List.of(new Param("p", "1")), List.of());
        assertTrue(r.flush(Duration.ofSeconds(30)));
        // the same key with another value is refused by the store; its neighbours in the batch are not
        r.log(run, List.of(new Metric("before", 1, 1, 0)), List.of(), List.of());
        r.log(run, List.of(), List.of(new Param("p", "2")), List.of());
        r.log(run, List.of(new Metric("after", 1, 1, 0)), List.of(), List.of());
        r.log("never-created", List.of(new Metric("x", 1, 1, 0)), List.of(), List.of());
        r.endRun(run, RunStatus.FINISHED, 9);
        assertTrue(r.flush(Duration.ofSeconds(30)));
        assertEquals(2, r.failed());
        Run stored = runByKey(run);
        assertEquals(List.of(new Param("p", "1")), stored.data().params());
        assertEquals(List.of(0L), steps(stored.info().runId(), "before"));
        assertEquals(List.of(0L), steps(stored.info().runId(), "after"));
        assertEquals(RunStatus.FINISHED, stored.info().status());
        assertEquals(2, count("jtrack: the tracking store refused"), reports.toString());
        String failed = Files.readString(r.journalDir().resolve("failed.jsonl"));
        assertTrue(failed.contains("INVALID_PARAMETER_VALUE"), failed);
        assertTrue(failed.contains("never-created"), failed);
    }

    @Test
    void liveSessionsAndOtherStoresAreLeftAlone() {
        flaky.down = true;
        Recorder live = recorder();
        String run = live.newRunKey();
        live.createRun(run, null, "live", null, List.of(), 1);
        FlakyStore otherStore = new FlakyStore(real());
        Recorder sameStore = recorder("test-store", otherStore);
        assertTrue(sameStore.flush(Duration.ofSeconds(30)));
        Recorder other = recorder("another-store", otherStore);
        assertTrue(other.flush(Duration.ofSeconds(30)));
        assertEquals(0, otherStore.writes.get(), "nobody delivered the live session's records");
        assertTrue(Files.isDirectory(live.journalDir()));
        flaky.down = false;
        assertTrue(live.flush(Duration.ofSeconds(30)));
        assertEquals("live", runByKey(run).info().runName());
    }

    @Test
    void flushAndCloseEndWithinTheirBoundWhileTheStoreIsDown() {
        flaky.down = true;
        Recorder r = recorder();
        String run = r.newRunKey();
        r.createRun(run, null, "bounded", null, List.of(), 1);
        long t0 = System.nanoTime();
        assertFalse(r.flush(Duration.ofMillis(200)));
        long flushMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        t0 = System.nanoTime();
        assertFalse(r.close(Duration.ofMillis(500)));
        long closeMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        opened.remove(r);
        System.out.printf("flush(200 ms) took %d ms, close(500 ms) took %d ms%n", flushMs, closeMs);
        assertTrue(flushMs < 1200, "flush took " + flushMs);
        assertTrue(closeMs < 1500, "close took " + closeMs);
        assertTrue(Files.isDirectory(r.journalDir()), "undelivered records stay in the journal");
        assertTrue(reports.stream().anyMatch(m -> m.contains("not delivered yet")), reports.toString());
    }

    @Test
    void anAdoptedSessionWhoseRunsAreNotEndedYetIsKeptForTheNextRecorder() {
        flaky.down = true;
        Recorder dead = recorder();
        String run = dead.newRunKey();
        dead.createRun(run, null, "orphan", null, List.of(), 1);
        dead.log(run, List.of(new Metric("m", 1, 1, 0)), List.of(), List.of());
        assertFalse(dead.close(Duration.ofMillis(200)));
        opened.remove(dead);

        flaky.down = false;
        flaky.getRunDown = true; // its records go in, but ending its run KILLED cannot be done yet
        Recorder second = recorder();
        assertFalse(second.flush(Duration.ofMillis(500)));
        assertEquals(List.of(0L), steps(runByKey(run).info().runId(), "m"));
        second.close(Duration.ofMillis(300));
        opened.remove(second);
        assertTrue(Files.isDirectory(dead.journalDir()), "kept: its run still has to be ended");

        flaky.getRunDown = false;
        Recorder third = recorder();
        assertTrue(third.flush(Duration.ofSeconds(30)));
        Run stored = runByKey(run);
        assertEquals(RunStatus.KILLED, stored.info().status());
        assertEquals(List.of(0L), steps(stored.info().runId(), "m"), "delivered once");
        assertFalse(Files.exists(dead.journalDir()));
    }

    @Test
    void aDeliveredJournalIsCompactedAndLoggingGoesOn() throws Exception {
        Recorder r = Recorder.builder("test-store", () -> flaky).journalRoot(dir.resolve("journal"))
                .compactAfter(1).reporter(reports::add).start();
        opened.add(r);
        String run = r.newRunKey();
        r.createRun(run, null, "compact", null, List.of(), 1);
        for (int round = 0; round < 3; round++) {
            for (int i = 0; i < 10; i++) {
                r.log(run, List.of(new Metric("m", i, i, round * 10 + i)), List.of(), List.of());
            }
            assertTrue(r.flush(Duration.ofSeconds(30)));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (Files.size(r.journalDir().resolve("ops.jsonl")) > 0) {
                assertTrue(System.nanoTime() < deadline, "never compacted");
                Thread.sleep(20);
            }
        }
        assertEquals(range(30), steps(runByKey(run).info().runId(), "m"));
        assertEquals(0, r.pending());
    }
}
