package dev.jtrack.autolog;

import static dev.jtrack.autolog.AutologHarness.JSON;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jtrack.kernel.KernelHarness;
import dev.jtrack.store.StoreUri;
import dev.jtrack.store.sql.SqlStores;
import dev.jtrack.tracking.Metric;
import dev.jtrack.tracking.Run;
import dev.jtrack.tracking.RunStatus;
import dev.jtrack.tracking.TrackingStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tracking magics through the installed kernel (nbconvert): a store chosen with
 * %tracking_uri, %experiment, explicit and nested runs with %start_run/%end_run, %log_param,
 * %log_metric, %set_tag, %log_artifact, %run_info and %autolog off/on.
 */
class AutologMagicsIT {
    @TempDir
    Path tmp;

    @Test
    void magicsChooseTheStoreExperimentAndRuns() throws Exception {
        AutologHarness kernel = AutologHarness.install(tmp.resolve("jupyter"), "jtrack-autolog-magics");
        Path work = Files.createDirectories(tmp.resolve("work"));
        Files.writeString(work.resolve("data.txt"), "some data\n");
        Path db = tmp.resolve("chosen/store.db");
        ObjectNode nb = JSON.createObjectNode();
        nb.put("nbformat", 4);
        nb.put("nbformat_minor", 5);
        nb.putObject("metadata");
        ArrayNode cells = nb.putArray("cells");
        String[] code = {
            "%tracking_uri sqlite:///" + db,
            "%experiment magic-exp",
            "%autolog status",
            "%start_run explicit",
            "%log_param alpha 0.5\n%log_metric rmse 0.3 2\n%set_tag stage test\n%log_artifact data.txt files",
            "%start_run inner --nested",
            "%log_metric depth 2",
            "%end_run",
            "%run_info",
            "%end_run FAILED",
            "%autolog off",
            "int hidden = 1;",
            "%autolog on",
            "int shown = 2;",
            "%%params\nint batch = 32;",
            "%%params\nint batch = 64;\nString extra = \"x\";",
            "var coded = dev.jtrack.notebook.Tracking.startRun(\"coded\");",
            "%log_metric viaCode 1",
            "coded.end();",
        };
        for (int i = 0; i < code.length; i++) {
            ObjectNode cell = cells.addObject();
            cell.put("cell_type", "code");
            cell.putNull("execution_count");
            cell.put("id", "m" + i);
            cell.putObject("metadata");
            cell.putArray("outputs");
            cell.put("source", code[i]);
        }
        Path input = work.resolve("magics.ipynb");
        JSON.writeValue(input.toFile(), nb);
        KernelHarness.Result r = KernelHarness.run(List.of("/usr/bin/jupyter", "nbconvert", "--to", "notebook",
                "--execute", "--ExecutePreprocessor.kernel_name=" + kernel.kernelName,
                "--ExecutePreprocessor.timeout=180", "--output", "executed.ipynb", input.toString()), kernel.env(), work, 600);
        assertEquals(0, r.exit(), "nbconvert failed:\n" + r.output());
        JsonNode executed = JSON.readTree(work.resolve("executed.ipynb").toFile());
        String status = executed.path("cells").get(2).path("outputs").toString();
        assertTrue(status.contains("autolog on") && status.contains("magic-exp"), status);
        String info = executed.path("cells").get(8).path("outputs").toString();
        assertTrue(info.contains("experiment: magic-exp") && info.contains("run: explicit"), info);

        assertTrue(!Files.exists(work.resolve("jtrack.db")), "nothing may go to the default store");
        try (SqlStores stores = SqlStores.open(StoreUri.resolve("sqlite:///" + db, work), null)) {
            TrackingStore store = stores.tracking();
            List<Run> runs = AutologHarness.runs(store, "magic-exp");
            Run session = AutologHarness.sessionRun(runs);
            Run explicit = runs.stream().filter(x -> "explicit".equals(x.info().runName())).findFirst().orElseThrow();
            Run inner = runs.stream().filter(x -> "inner".equals(x.info().runName())).findFirst().orElseThrow();
            assertEquals(RunStatus.FAILED, explicit.info().status());
            assertEquals(RunStatus.FINISHED, inner.info().status());
            assertEquals(explicit.info().runId(), AutologHarness.tag(inner, "mlflow.parentRunId"));
            assertEquals(null, AutologHarness.tag(explicit, "mlflow.parentRunId"));
            assertEquals("0.5", AutologHarness.param(explicit, "alpha"));
            assertEquals("test", AutologHarness.tag(explicit, "stage"));
            assertEquals("NOTEBOOK", AutologHarness.tag(explicit, "mlflow.source.type"));
            Metric rmse = AutologHarness.history(store, explicit.info().runId(), "rmse").get(0);
            assertEquals(0.3, rmse.value());
            assertEquals(2, rmse.step());
            assertEquals(2.0, AutologHarness.history(store, inner.info().runId(), "depth").get(0).value());
            assertEquals("some data\n", Files.readString(AutologHarness.artifact(explicit, "files/data.txt")));

            // the session: every cell but the one run with autolog off, in order
            assertEquals(RunStatus.FINISHED, session.info().status());
            List<JsonNode> entries = AutologHarness.cells(AutologHarness.artifact(session, "session/cells.jsonl"));
            List<String> recorded = entries.stream().map(e -> e.path("code").asText()).toList();
            assertEquals(List.of(code[1], code[2], code[3], code[4], code[5], code[6], code[7], code[8], code[9],
                    code[12], code[13], code[14], code[15], code[16], code[17], code[18]), recorded);
            // a run notebook code started with the Java API is where log magics go while it is active
            Run coded = runs.stream().filter(x -> "coded".equals(x.info().runName())).findFirst().orElseThrow();
            assertEquals(session.info().runId(), AutologHarness.tag(coded, "mlflow.parentRunId"));
            assertEquals(1.0, AutologHarness.history(store, coded.info().runId(), "viaCode").get(0).value());
            assertEquals(RunStatus.FINISHED, coded.info().status());
            // a %%params cell run again with a new value keeps the first value and still logs new params
            assertEquals("32", AutologHarness.param(session, "batch"));
            assertEquals("x", AutologHarness.param(session, "extra"));
            String rerun = executed.path("cells").get(15).path("outputs").toString();
            assertTrue(rerun.contains("params logged: extra=x") && rerun.contains("not logged: batch=64"), rerun);
            assertNotNull(AutologHarness.tag(session, "jtrack.env.java"));
            // the %tracking_uri cell's own session run was started in the default experiment of the chosen store
            assertTrue(store.getExperimentByName("Default") != null);
        }
    }
}
