package dev.jtrack.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jtrack.tracking.Run;
import dev.jtrack.tracking.RunStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code jtrack quickstart} in a clean HOME with nothing but the JDK on PATH (no Jupyter): the
 * example notebooks run headless, the sweep runs, the server answers /health.
 */
class QuickstartIT {
    @TempDir
    Path tmp;

    @Test
    void runsTheExamplesHeadlessThenServesTheStore() throws Exception {
        Path home = Files.createDirectories(tmp.resolve("home"));
        Path work = Files.createDirectories(tmp.resolve("work"));
        String javaBin = Path.of(System.getProperty("java.home"), "bin").toString();
        RunnerHarness.Result r = RunnerHarness.jtrack(work, Map.of("HOME", home.toString(), "PATH", javaBin,
                        "JTRACK_JOURNAL_DIR", home.resolve(".jtrack/journal").toString()), 600,
                "quickstart", "--notebooks", Path.of("notebooks").toAbsolutePath().toString(), "--port", "0",
                "--exit-after-start");
        assertEquals(0, r.exit(), r.all());
        assertTrue(r.stdout().contains("server health: 200"), r.stdout());
        assertTrue(r.stdout().contains("install the kernel into Jupyter: ./jtrack install"), r.stdout());
        Path qs = work.resolve("jtrack-quickstart");
        RunnerHarness.assertValidNotebook(qs.resolve("executed/quickstart.ipynb"));
        List<Run> session = RunnerHarness.runs(qs, "quickstart");
        assertEquals(1, session.size());
        assertEquals(RunStatus.FINISHED, session.get(0).info().status());
        assertEquals("0.1", RunnerHarness.param(session.get(0), "learningRate"), "%%params in the notebook logged");
        List<Run> sweep = RunnerHarness.runs(qs, "train-linear");
        assertEquals(5, sweep.size(), "a parent and four child runs");
        assertEquals(4, sweep.stream().filter(x -> RunnerHarness.tag(x, "mlflow.parentRunId") != null
                && x.info().status() == RunStatus.FINISHED
                && x.data().metrics().stream().anyMatch(m -> m.key().equals("final_rmse"))).count());
    }
}
