package dev.jtrack.autolog;

import static dev.jtrack.autolog.AutologHarness.JSON;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jtrack.store.rest.RestTrackingStore;
import dev.jtrack.store.rest.ServerProcess;
import dev.jtrack.tracking.Metric;
import dev.jtrack.tracking.Run;
import dev.jtrack.tracking.RunStatus;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A tracked session against a real {@code jtrack server} process (MLFLOW_TRACKING_URI), driven
 * through jupyter_client (src/test/python/autolog_driver.py): the test stops the server
 * mid-session, the kernel runs more cells without waiting, the server comes back on the same
 * port, and every cell is then in the store exactly once, in execution order.
 */
class AutologServerIT {
    @TempDir
    Path tmp;

    @Test
    void everyCellIsRecordedOnceAcrossAServerOutage() throws Exception {
        AutologHarness kernel = AutologHarness.install(tmp.resolve("jupyter"), "jtrack-autolog-srv");
        Path work = Files.createDirectories(tmp.resolve("work"));
        Path notebook = work.resolve("server-session.ipynb");
        Files.writeString(notebook, "{}");
        int port = ServerProcess.freePort();
        ServerProcess server = startServer(port);
        Process driver = null;
        try {
            ProcessBuilder b = new ProcessBuilder(AutologHarness.PYTHON, Path.of("src/test/python/autolog_driver.py").toAbsolutePath().toString(),
                    kernel.kernelName).directory(work.toFile()).redirectErrorStream(true);
            b.environment().remove("JTRACK_AUTOLOG");
            b.environment().putAll(kernel.env());
            b.environment().put("MLFLOW_TRACKING_URI", "http://127.0.0.1:" + port);
            b.environment().put("JPY_SESSION_NAME", notebook.toString());
            b.environment().remove("MLFLOW_EXPERIMENT_NAME");
            driver = b.start();
            BufferedReader out = new BufferedReader(new InputStreamReader(driver.getInputStream(), StandardCharsets.UTF_8));
            Writer in = new OutputStreamWriter(driver.getOutputStream(), StandardCharsets.UTF_8);
            StringBuilder transcript = new StringBuilder();
            List<String> executed = null;
            String runInfo = null;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(400);
            String line;
            while (System.nanoTime() < deadline && (line = out.readLine()) != null) {
                transcript.append(line).append('\n');
                if (line.equals("STOP")) {
                    server.process().destroy(); // SIGTERM: the server stops; the kernel keeps running cells
                    assertTrue(server.process().waitFor(30, TimeUnit.SECONDS), "server did not stop");
                    server.close();
                    in.write("ok\n");
                    in.flush();
                } else if (line.equals("START")) {
                    server = startServer(port);
                    in.write("ok\n");
                    in.flush();
                } else if (line.startsWith("CELLS ")) {
                    executed = new ArrayList<>();
                    for (JsonNode id : JSON.readTree(line.substring(6))) {
                        executed.add(id.asText());
                    }
                } else if (line.startsWith("RUNINFO ")) {
                    runInfo = JSON.readTree(line.substring(8)).asText();
                } else if (line.startsWith("FAIL")) {
                    fail("driver: " + line + "\n" + transcript);
                }
            }
            assertTrue(driver.waitFor(60, TimeUnit.SECONDS), "driver did not end:\n" + transcript);
            assertEquals(0, driver.exitValue(), "driver failed:\n" + transcript);
            assertTrue(transcript.toString().contains("DONE"), transcript.toString());
            assertEquals(List.of("a", "b", "a", "i", "c", "d", "e", "f"), executed);

            try (RestTrackingStore store = RestTrackingStore.forUri("http://127.0.0.1:" + port)) {
                List<Run> runs = AutologHarness.runs(store, "server-session");
                Run session = AutologHarness.sessionRun(runs);
                String runId = session.info().runId();
                assertEquals(RunStatus.FINISHED, session.info().status());
                assertEquals(notebook.toString(), AutologHarness.tag(session, "mlflow.source.name"));
                assertEquals("NOTEBOOK", AutologHarness.tag(session, "mlflow.source.type"));
                List<Metric> durations = AutologHarness.history(store, runId, "cell_duration_ms");
                assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L), durations.stream().map(Metric::step).sorted().toList(),
                        "each cell's metric point exactly once");
                assertEquals(1, AutologHarness.history(store, runId, "served").size());
                assertEquals(1, AutologHarness.history(store, runId, "offline").size());
                assertEquals(8, (int) AutologHarness.history(store, runId, "cells_executed").stream()
                        .mapToDouble(Metric::value).max().orElse(0));

                Path cellsFile = find(tmp.resolve("artifacts"), runId, "cells.jsonl");
                List<JsonNode> cells = AutologHarness.cells(cellsFile);
                assertEquals(8, cells.size(), "cells.jsonl: every cell once");
                List<String> ids = new ArrayList<>();
                for (int i = 0; i < cells.size(); i++) {
                    assertEquals(i + 1, cells.get(i).path("order").asInt());
                    ids.add(cells.get(i).path("cell_id").asText());
                }
                assertEquals(executed, ids, "cells in execution order with the front end's cell ids");
                assertEquals("down\n", cells.get(5).path("stdout").asText());
                String page = "run page: http://127.0.0.1:" + port + "/#/experiments/" + session.info().experimentId()
                        + "/runs/" + runId;
                assertTrue(runInfo != null && runInfo.contains(page), "%run_info: " + runInfo);
                assertTrue(Files.isRegularFile(find(tmp.resolve("artifacts"), runId, "notebook.ipynb")));
            }
        } finally {
            if (driver != null && driver.isAlive()) {
                driver.descendants().forEach(ProcessHandle::destroyForcibly);
                driver.destroyForcibly();
            }
            server.close();
        }
    }

    @Test
    void shutdownIsBoundedWhileTheServerIsDownAndTheNextSessionDeliversIt() throws Exception {
        AutologHarness kernel = AutologHarness.install(tmp.resolve("jupyter"), "jtrack-autolog-down");
        Path work = Files.createDirectories(tmp.resolve("work"));
        int port = ServerProcess.freePort();
        ServerProcess server = null;
        ProcessBuilder b = new ProcessBuilder(AutologHarness.PYTHON, Path.of("src/test/python/autolog_driver.py").toAbsolutePath().toString(),
                kernel.kernelName, "down").directory(work.toFile()).redirectErrorStream(true);
        b.environment().remove("JTRACK_AUTOLOG");
        b.environment().remove("JPY_SESSION_NAME");
        b.environment().remove("MLFLOW_EXPERIMENT_NAME");
        b.environment().putAll(kernel.env());
        b.environment().put("MLFLOW_TRACKING_URI", "http://127.0.0.1:" + port);
        Process driver = b.start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(driver.getInputStream(), StandardCharsets.UTF_8));
            Writer in = new OutputStreamWriter(driver.getOutputStream(), StandardCharsets.UTF_8);
            StringBuilder transcript = new StringBuilder();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(400);
            String line;
            while (System.nanoTime() < deadline && (line = out.readLine()) != null) {
                transcript.append(line).append('\n');
                if (line.equals("START")) {
                    server = startServer(port);
                    in.write("ok\n");
                    in.flush();
                } else if (line.startsWith("FAIL")) {
                    fail("driver: " + line + "\n" + transcript);
                }
            }
            assertTrue(driver.waitFor(60, TimeUnit.SECONDS), "driver did not end:\n" + transcript);
            assertEquals(0, driver.exitValue(), "driver failed:\n" + transcript);
            assertTrue(transcript.toString().contains("SHUTDOWN") && transcript.toString().contains("DONE"), transcript.toString());
            try (RestTrackingStore store = RestTrackingStore.forUri("http://127.0.0.1:" + port)) {
                List<Run> sessions = List.of();
                long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (System.nanoTime() < until) {
                    sessions = AutologHarness.runs(store, "Default").stream()
                            .filter(x -> "true".equals(AutologHarness.tag(x, "jtrack.session"))).toList();
                    if (sessions.size() == 2 && sessions.stream().allMatch(x -> x.info().status() == RunStatus.FINISHED)) {
                        break;
                    }
                    Thread.sleep(250);
                }
                assertEquals(2, sessions.size(), "both sessions in the store");
                for (Run run : sessions) {
                    assertEquals(RunStatus.FINISHED, run.info().status(), "a session shut down cleanly ends FINISHED,"
                            + " also when its store was down at the time");
                    assertEquals(1, AutologHarness.history(store, run.info().runId(), "cell_duration_ms").size());
                }
            }
        } finally {
            if (driver.isAlive()) {
                driver.descendants().forEach(ProcessHandle::destroyForcibly);
                driver.destroyForcibly();
            }
            if (server != null) server.close();
        }
    }

    private static Path find(Path root, String runId, String name) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(p -> p.getFileName().toString().equals(name) && p.toString().contains(runId))
                    .findFirst().orElseThrow(() -> new AssertionError("no " + name + " for run " + runId + " under " + root));
        }
    }

    /** Starts {@code jtrack server} on {@code port} with this test's SQLite store and artifact directory. */
    private ServerProcess startServer(int port) throws Exception {
        return ServerProcess.start(tmp.resolve("server.db"), tmp.resolve("artifacts"), port, List.of());
    }
}
