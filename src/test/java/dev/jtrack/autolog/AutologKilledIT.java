package dev.jtrack.autolog;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jtrack.kernel.KernelHarness;
import dev.jtrack.store.StoreUri;
import dev.jtrack.store.sql.SqlStores;
import dev.jtrack.tracking.Metric;
import dev.jtrack.tracking.Run;
import dev.jtrack.tracking.RunStatus;
import dev.jtrack.tracking.TrackingStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A kernel killed with SIGKILL leaves its session run open; the next kernel started on the same
 * store delivers what the dead one journaled and ends that run KILLED. The next session also
 * interrupts a cell, which is recorded as interrupted; shut down right after it, that session ends FAILED.
 */
class AutologKilledIT {
    @TempDir
    Path tmp;

    @Test
    void theNextKernelEndsADeadSessionKilled() throws Exception {
        AutologHarness kernel = AutologHarness.install(tmp.resolve("jupyter"), "jtrack-autolog-kill");
        Path work = Files.createDirectories(tmp.resolve("work"));
        KernelHarness.Result r = KernelHarness.run(List.of(AutologHarness.PYTHON,
                Path.of("src/test/python/autolog_driver.py").toAbsolutePath().toString(), kernel.kernelName, "killed"),
                kernel.env(), work, 300);
        assertEquals(0, r.exit(), "driver failed:\n" + r.output());
        try (SqlStores stores = SqlStores.open(StoreUri.resolve(null, work), null)) {
            TrackingStore store = stores.tracking();
            List<Run> sessions = AutologHarness.runs(store, "Default").stream()
                    .filter(x -> "true".equals(AutologHarness.tag(x, "jtrack.session")))
                    .sorted(Comparator.comparingLong(x -> x.info().startTime())).toList();
            assertEquals(2, sessions.size(), "one session run per kernel");
            Run dead = sessions.get(0);
            Run next = sessions.get(1);
            assertEquals(RunStatus.KILLED, dead.info().status(), "the killed kernel's run ends KILLED");
            assertEquals(RunStatus.FAILED, next.info().status(),
                    "the next kernel shut down right after an interrupted cell, so its session ends FAILED");
            List<Metric> deadCells = AutologHarness.history(store, dead.info().runId(), "cell_duration_ms");
            assertEquals(List.of(1L, 2L), deadCells.stream().map(Metric::step).sorted().toList(),
                    "the dead kernel's cells were delivered, once each");
            assertEquals(2, AutologHarness.history(store, next.info().runId(), "cell_duration_ms").size());
            List<com.fasterxml.jackson.databind.JsonNode> cells =
                    AutologHarness.cells(AutologHarness.artifact(next, "session/cells.jsonl"));
            assertEquals(List.of("n1", "n2"), cells.stream().map(c -> c.path("cell_id").asText()).toList());
            assertEquals("interrupted", cells.get(1).path("status").asText(), "an interrupted cell is recorded");
            assertEquals(1.0, AutologHarness.history(store, next.info().runId(), "cells_failed").stream()
                    .mapToDouble(Metric::value).max().orElse(0));
        }
    }
}
