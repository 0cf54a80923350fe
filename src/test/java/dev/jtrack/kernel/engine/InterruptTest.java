package dev.jtrack.kernel.engine;

import static dev.jtrack.kernel.engine.EngineFixture.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Interrupt must work without Thread.stop: run this class on Java 17 and on Temurin 25. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class InterruptTest {

    private static ExecutionOutcome interruptAfter(String code, long delayMs) throws Exception {
        JShellEngine engine = EngineFixture.engine();
        run("0"); // the shell has started
        TestSink sink = new TestSink();
        CompletableFuture<ExecutionOutcome> outcome =
                CompletableFuture.supplyAsync(() -> run("System.out.println(\"started\");\n" + code, sink));
        long deadline = System.currentTimeMillis() + 30_000;
        while (!sink.text("stdout").contains("started") && System.currentTimeMillis() < deadline) {
            Thread.sleep(10);
        }
        Thread.sleep(delayMs);
        long interruptedAt = System.nanoTime();
        engine.interrupt();
        ExecutionOutcome result = outcome.get(5, TimeUnit.SECONDS);
        long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - interruptedAt);
        assertTrue(tookMs < 1000, "the cell took " + tookMs + " ms to stop");
        return result;
    }

    @Test
    void busyLoopStopsAndStateSurvives() throws Exception {
        run("long n = 0; String kept = \"still here\";");
        ExecutionOutcome outcome = interruptAfter("while (true) { n++; }", 500);
        assertEquals(ExecutionOutcome.Status.INTERRUPTED, outcome.status());
        assertTrue(Long.parseLong(run("n").result().plainText()) > 0);
        assertEquals("still here", run("kept").result().plainText());
        assertEquals("2", run("1 + 1").result().plainText());
    }

    @Test
    void loopThatCatchesExceptionsStillStops() throws Exception {
        ExecutionOutcome outcome = interruptAfter(
                "int spins = 0;\nfor (;;) { try { spins++; Math.sqrt(spins); } catch (Exception e) { } }", 300);
        assertEquals(ExecutionOutcome.Status.INTERRUPTED, outcome.status());
    }

    @Test
    void recursionAndUserMethodsStop() throws Exception {
        run("long spin(long k) { long s = 0; for (long i = 0; i < k; i++) { s += i % 7; } return s; }");
        ExecutionOutcome outcome = interruptAfter("long total = 0;\nwhile (true) { total += spin(1000); }", 300);
        assertEquals(ExecutionOutcome.Status.INTERRUPTED, outcome.status());
    }

    @Test
    void libraryLoopCallingNotebookLambdasStops() throws Exception {
        ExecutionOutcome outcome = interruptAfter(
                "long sum = LongStream.range(0, Long.MAX_VALUE).map(x -> x ^ 1).sum();", 300);
        assertEquals(ExecutionOutcome.Status.INTERRUPTED, outcome.status());
        assertEquals("4", run("2 + 2").result().plainText());
    }

    @Test
    void sleepingCellStops() throws Exception {
        ExecutionOutcome outcome = interruptAfter("Thread.sleep(60_000);", 300);
        assertEquals(ExecutionOutcome.Status.INTERRUPTED, outcome.status());
    }

    @Test
    void cpuReturnsToIdleAfterInterrupt() throws Exception {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        ExecutionOutcome outcome = interruptAfter(
                "Thread worker = new Thread(() -> { long m = 0; while (true) { m++; } });\nworker.start();\nwhile (true) { }", 300);
        assertEquals(ExecutionOutcome.Status.INTERRUPTED, outcome.status());
        Thread.sleep(300);
        long before = totalCpu(threads);
        Thread.sleep(500);
        long used = totalCpu(threads) - before;
        assertTrue(used < TimeUnit.MILLISECONDS.toNanos(150), "threads used " + used / 1_000_000 + " ms CPU in 500 ms after interrupt");
    }

    private static long totalCpu(ThreadMXBean threads) {
        long total = 0;
        for (long id : threads.getAllThreadIds()) {
            long t = threads.getThreadCpuTime(id);
            if (t > 0) {
                total += t;
            }
        }
        return total;
    }

    @Test
    void interruptWithoutARunningCellDoesNotBreakTheNextOne() {
        EngineFixture.engine().interrupt();
        assertEquals("3", run("1 + 2").result().plainText());
    }
}
