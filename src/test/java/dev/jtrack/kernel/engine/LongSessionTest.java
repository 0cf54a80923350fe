package dev.jtrack.kernel.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import jdk.jshell.JShell;
import org.junit.jupiter.api.Test;

/**
 * Per-cell cost must not grow with the session beyond what JShell itself shows. Runs the issue's
 * sequence (500 cells {@code int vK = i; System.out.println(...)}, K cycling over 50 names) through
 * the engine and, interleaved cell by cell, through a bare {@link JShell} in the same JVM, so load
 * on the machine hits both alike; compares each one's growth from cells 50-100 to cells 450-500.
 */
class LongSessionTest {
    private static final int CELLS = 500;

    @Test
    void perCellCostGrowsNoFasterThanBareJShell() throws Exception {
        long[] engineNs = new long[CELLS];
        long[] bareNs = new long[CELLS];
        PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
        try (JShellEngine engine = JShellEngine.create(List.of());
                JShell bare = JShell.builder().executionEngine("local").out(quiet).err(quiet).build()) {
            for (String imported : JShellEngine.DEFAULT_IMPORTS) {
                if (!imported.startsWith("static")) {
                    bare.eval("import " + imported + ";");
                }
            }
            TestSink sink = new TestSink();
            for (int i = 0; i < CELLS; i++) {
                String declaration = "int v" + (i % 50) + " = " + i + ";";
                String print = "System.out.println(\"cell " + i + ": \" + v" + (i % 50) + ");";
                long t0 = System.nanoTime();
                ExecutionOutcome outcome = engine.execute(
                        new ExecuteRequest(declaration + "\n" + print, i + 1, null, false, true, false, Map.of()), sink);
                long t1 = System.nanoTime();
                bare.eval(declaration);
                bare.eval(print);
                long t2 = System.nanoTime();
                assertEquals(ExecutionOutcome.Status.OK, outcome.status(), () -> String.valueOf(outcome.error()));
                engineNs[i] = t1 - t0;
                bareNs[i] = t2 - t1;
            }
        }
        double engineGrowth = median(engineNs, 450, 500) / median(engineNs, 50, 100);
        double bareGrowth = median(bareNs, 450, 500) / median(bareNs, 50, 100);
        String figures = String.format("engine %.1f -> %.1f ms (x%.2f), bare JShell %.1f -> %.1f ms (x%.2f)",
                median(engineNs, 50, 100) / 1e6, median(engineNs, 450, 500) / 1e6, engineGrowth,
                median(bareNs, 50, 100) / 1e6, median(bareNs, 450, 500) / 1e6, bareGrowth);
        System.out.println("LongSessionTest: " + figures);
        // Generous, for a loaded 2-core machine: a cost linear in the history (such as re-reading
        // every earlier snippet per cell) shows up as several times JShell's own growth.
        assertTrue(engineGrowth <= bareGrowth * 1.5 + 0.25, figures);
    }

    private static double median(long[] values, int from, int to) {
        long[] window = Arrays.copyOfRange(values, from, to);
        Arrays.sort(window);
        return window[window.length / 2];
    }
}
