package dev.jtrack.runner;

import static dev.jtrack.runner.RunnerHarness.jtrack;
import static dev.jtrack.runner.RunnerHarness.notebook;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jtrack.tracking.Run;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code jtrack reproduce} end to end: rebuilt from the store alone, in recorded order, diffed. */
class ReproduceIT {
    @TempDir
    Path dir;

    @Test
    void aDeterministicNotebookReproducesWithZeroDifferences() throws Exception {
        notebook(dir.resolve("det.ipynb"), "#tag:parameters\nint n = 3;",
                "System.out.println(\"n=\" + n);\ndev.jtrack.notebook.Tracking.logMetric(\"score\", n * 1.5);\nn * 2");
        RunnerHarness.Result first = jtrack(dir, Map.of(), 180, "run", "det.ipynb", "o.ipynb", "-p", "n", "4");
        assertEquals(0, first.exit(), first.all());
        String original = RunnerHarness.runId(first);
        // the store alone: the notebook files are gone
        Files.delete(dir.resolve("det.ipynb"));
        Files.delete(dir.resolve("o.ipynb"));
        RunnerHarness.Result again = jtrack(dir, Map.of(), 180, "reproduce", original, "--out", "rep");
        assertEquals(0, again.exit(), again.all());
        assertTrue(again.stdout().contains("reproduced with 0 differences"), again.stdout());
        Run reproduction = RunnerHarness.run(dir, RunnerHarness.runId(again));
        assertEquals(original, RunnerHarness.tag(reproduction, "jtrack.reproduces"));
        assertEquals("4", RunnerHarness.param(reproduction, "n"), "the same parameters");
        assertTrue(reproduction.data().metrics().stream().anyMatch(m -> m.key().equals("score") && m.value() == 6.0));
        assertTrue(Files.isRegularFile(dir.resolve("rep/reproduced.ipynb")));
        RunnerHarness.assertValidNotebook(dir.resolve("rep/reproduced.ipynb"));
    }

    @Test
    void aTimeDependentNotebookShowsExactlyTheTimeDifferences() throws Exception {
        notebook(dir.resolve("clock.ipynb"), "System.out.println(\"fixed\");\nSystem.out.println(\"now \" + System.nanoTime());",
                "\"same\"");
        RunnerHarness.Result first = jtrack(dir, Map.of(), 180, "run", "clock.ipynb", "o.ipynb");
        assertEquals(0, first.exit(), first.all());
        RunnerHarness.Result again = jtrack(dir, Map.of(), 180, "reproduce", RunnerHarness.runId(first));
        assertEquals(3, again.exit(), again.all());
        List<String> diff = again.stdout().lines().filter(l -> l.startsWith("cell ") || l.startsWith("  ")
                || l.startsWith("metric ")).toList();
        assertEquals(3, diff.size(), again.stdout());
        assertEquals("cell 1 stdout:", diff.get(0));
        assertTrue(diff.get(1).startsWith("  - now ") && diff.get(2).startsWith("  + now "), diff.toString());
        assertTrue(again.stdout().contains("\n1 difference\n"), again.stdout());
    }

    @Test
    void cellsReplayInTheOrderTheyReallyRan() throws Exception {
        notebook(dir.resolve("order.ipynb"), "int x = 1;", "x = x * 10;", "x = x + 5;", "System.out.println(\"x=\" + x);");
        RunnerHarness.Result first = jtrack(dir, Map.of(), 180, "run", "order.ipynb", "o.ipynb");
        assertEquals(0, first.exit(), first.all());
        String id = RunnerHarness.runId(first);
        // as if the user had run the third cell before the second: the recorded history says so
        Path cells = RunnerHarness.artifact(RunnerHarness.run(dir, id), "session/cells.jsonl");
        List<String> lines = Files.readAllLines(cells);
        assertEquals(4, lines.size());
        Files.write(cells, List.of(lines.get(0), lines.get(2), lines.get(1), lines.get(3)));
        RunnerHarness.Result again = jtrack(dir, Map.of(), 180, "reproduce", id, "--out", "r");
        List<com.fasterxml.jackson.databind.JsonNode> replayed =
                RunnerHarness.codeCells(RunnerHarness.read(dir.resolve("r/reproduced.ipynb")));
        assertEquals(List.of("int x = 1;", "x = x + 5;", "x = x * 10;", "System.out.println(\"x=\" + x);"),
                replayed.stream().map(c -> RunnerHarness.joined(c.path("source"))).toList());
        assertEquals("x=60\n", RunnerHarness.outputText(replayed.get(3)));
        assertEquals(3, again.exit(), "the printed value differs from the recorded one: " + again.all());
        assertTrue(again.stdout().contains("  - x=15\n  + x=60"), again.stdout());
    }

    @Test
    void anUnknownRunIsAClearError() throws Exception {
        notebook(dir.resolve("a.ipynb"), "1");
        assertEquals(0, jtrack(dir, Map.of(), 180, "run", "a.ipynb", "o.ipynb").exit());
        RunnerHarness.Result r = jtrack(dir, Map.of(), 120, "reproduce", "0123456789abcdef0123456789abcdef");
        assertEquals(2, r.exit(), r.all());
        assertTrue(r.stderr().contains("cannot reproduce 0123456789abcdef0123456789abcdef"), r.stderr());
    }
}
