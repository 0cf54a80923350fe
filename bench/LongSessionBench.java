import dev.jtrack.kernel.engine.ExecuteRequest;
import dev.jtrack.kernel.engine.ExecutionOutcome;
import dev.jtrack.kernel.engine.JShellEngine;
import dev.jtrack.kernel.engine.MimeBundle;
import dev.jtrack.kernel.engine.OutputSink;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import jdk.jshell.JShell;

/**
 * A long session: N cells {@code int vK = i; System.out.println(...)} (K cycling over 50 names),
 * through jtrack's engine (with autolog as configured by the environment) in this JVM and, in
 * lockstep cell by cell, through a bare JShell in a child JVM with the same JVM options, so load
 * on the machine hits both alike. Prints per-cell wall time (median, mean) by windows and each
 * process's RSS. JJava, the peer, is not available here (org.dflib.jjava:jjava is not
 * served by Maven Central), so bare JShell is the in-run peer.
 *
 * Usage: java -cp jtrack.jar bench/LongSessionBench.java [CELLS [WINDOW]]
 */
public class LongSessionBench {
    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("--bare-child")) {
            bareChild();
            return;
        }
        int cells = args.length > 0 ? Integer.parseInt(args[0]) : 5000;
        int window = args.length > 1 ? Integer.parseInt(args[1]) : 500;
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments());
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), "bench/LongSessionBench.java", "--bare-child"));
        Process child = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        PrintWriter toChild = new PrintWriter(child.getOutputStream(), true);
        BufferedReader fromChild = new BufferedReader(new InputStreamReader(child.getInputStream()));
        fromChild.readLine(); // ready

        OutputSink discard = new OutputSink() {
            public void stream(String name, String text) {}
            public void displayData(MimeBundle bundle, String displayId) {}
            public void updateDisplayData(MimeBundle bundle, String displayId) {}
            public void clearOutput(boolean wait) {}
            public String inputRequest(String prompt, boolean password) { return ""; }
        };
        JShellEngine engine = JShellEngine.create(List.of());
        engine.execute(new ExecuteRequest("1 + 1", 0, null, true, false, false, Map.of()), discard); // started
        long[] jtrack = new long[cells];
        long[] bare = new long[cells];
        String bareRss = "";
        System.out.printf("%-13s %24s %24s %10s %10s%n", "cells", "jtrack ms median/mean", "bare JShell median/mean",
                "jtrack RSS", "bare RSS");
        for (int i = 0; i < cells; i++) {
            long t0 = System.nanoTime();
            ExecutionOutcome outcome = engine.execute(new ExecuteRequest(cell(i), i + 1, "c" + i, false, true, false, Map.of()), discard);
            jtrack[i] = System.nanoTime() - t0;
            if (outcome.status() != ExecutionOutcome.Status.OK) {
                throw new IllegalStateException("cell " + i + " failed: " + outcome.error());
            }
            toChild.println(i);
            String[] reply = fromChild.readLine().split(" ");
            bare[i] = Long.parseLong(reply[0]);
            bareRss = reply[1];
            if ((i + 1) % window == 0) {
                int from = i + 1 - window;
                System.out.printf("%5d-%-7d %11.1f /%9.1f    %11.1f /%9.1f    %7s MiB %7s MiB%n", from + 1, i + 1,
                        median(jtrack, from, i + 1), mean(jtrack, from, i + 1), median(bare, from, i + 1),
                        mean(bare, from, i + 1), rssMib(), bareRss);
            }
        }
        toChild.close();
        child.waitFor();
        int early = Math.min(100, cells / 2);
        double jtrackGrowth = median(jtrack, cells - window, cells) / median(jtrack, 0, early);
        double bareGrowth = median(bare, cells - window, cells) / median(bare, 0, early);
        System.out.printf("growth, last window vs cells 1-%d: jtrack x%.2f, bare JShell x%.2f (target: jtrack <= 1.10 x bare's)%n",
                early, jtrackGrowth, bareGrowth);
        System.out.println("load average: " + Files.readString(Path.of("/proc/loadavg")).strip());
        engine.close();
        System.exit(0);
    }

    static String cell(int i) {
        return "int v" + (i % 50) + " = " + i + ";\nSystem.out.println(\"cell " + i + ": \" + v" + (i % 50) + ");";
    }

    /** The bare JShell side: reads a cell number per line, answers "nanoseconds rss-MiB". */
    static void bareChild() throws Exception {
        PrintStream out = System.out;
        PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
        System.setOut(quiet);
        JShell jshell = JShell.builder().executionEngine("local").out(quiet).err(quiet).build();
        for (String imported : JShellEngine.DEFAULT_IMPORTS) {
            if (!imported.startsWith("static")) {
                jshell.eval("import " + imported + ";");
            }
        }
        jshell.eval("1 + 1");
        out.println("ready");
        out.flush();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in));
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            String[] parts = cell(Integer.parseInt(line.strip())).split("\n");
            long t0 = System.nanoTime();
            for (String part : parts) {
                jshell.eval(part);
            }
            out.println((System.nanoTime() - t0) + " " + rssMib());
            out.flush();
        }
        jshell.close();
    }

    static String rssMib() throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.toString(Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024);
            }
        }
        return "?";
    }

    static double median(long[] ns, int from, int to) {
        long[] w = Arrays.copyOfRange(ns, from, to);
        Arrays.sort(w);
        return w[w.length / 2] / 1e6;
    }

    static double mean(long[] ns, int from, int to) {
        return Arrays.stream(ns, from, to).average().orElse(0) / 1e6;
    }
}
