package dev.jtrack.store.importer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jtrack.store.StoreUri;
import dev.jtrack.store.sql.SqlStores;
import dev.jtrack.tracking.Run;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Rows written with the source's ids into a real jtrack SQLite store: inserted once, then present or colliding. */
class JtrackDestinationTest {
    @TempDir
    Path tmp;

    private static Unit run(String runId, String name) {
        Unit unit = new Unit("run " + runId);
        unit.add(Table.RUNS, "run_uuid", runId, "experiment_id", 0L, "name", name, "user_id", "ana", "status", "FINISHED",
                "start_time", 10L, "end_time", 20L, "artifact_uri", "file:///x/0/" + runId + "/artifacts",
                "lifecycle_stage", "active", "deleted_time", null);
        unit.add(Table.PARAMS, "run_uuid", runId, "key", "lr", "value", "0.1");
        unit.add(Table.METRICS, "run_uuid", runId, "key", "loss", "step", 1L, "timestamp", 5L, "value", 0.5, "is_nan", 0L);
        unit.add(Table.METRICS, "run_uuid", runId, "key", "loss", "step", 2L, "timestamp", 6L, "value", 0.0, "is_nan", 1L);
        MlflowImporter.addLatestMetrics(unit);
        return unit;
    }

    @Test
    void aUnitIsInsertedOnceThenPresentAndAChangedOneCollidesWithoutWriting() {
        try (SqlStores stores = SqlStores.open(StoreUri.resolve("sqlite:///" + tmp.resolve("j.db")), null)) {
            JtrackDestination destination = new JtrackDestination(stores.database());
            String id = "0123456789abcdef0123456789abcdef";
            JtrackDestination.Result first = destination.write(run(id, "train"));
            assertFalse(first.collided());
            assertTrue(first.rows().values().stream().allMatch(o -> o == JtrackDestination.Outcome.INSERTED));

            Run stored = stores.tracking().getRun(id);
            assertEquals("train", stored.info().runName());
            assertEquals("0.1", stored.data().params().get(0).value());
            assertTrue(Double.isNaN(stored.data().metrics().get(0).value()), "the latest loss is the NaN at step 2");
            assertEquals(2, stores.tracking().getMetricHistory(id, "loss", null, null).items().size());

            JtrackDestination.Result again = destination.write(run(id, "train"));
            assertNull(again.collision());
            assertTrue(again.rows().values().stream().allMatch(o -> o == JtrackDestination.Outcome.PRESENT));

            JtrackDestination.Result other = destination.write(run(id, "another name"));
            assertTrue(other.collided());
            assertTrue(other.collision().contains("name"), other.collision());
            assertEquals("train", stores.tracking().getRun(id).info().runName());
        }
    }

    @Test
    void anExperimentWhoseNameBelongsToAnotherIdCollides() {
        try (SqlStores stores = SqlStores.open(StoreUri.resolve("sqlite:///" + tmp.resolve("j.db")), null)) {
            JtrackDestination destination = new JtrackDestination(stores.database());
            Unit experiment = new Unit("experiment 7");
            experiment.add(Table.EXPERIMENTS, "experiment_id", 7L, "name", "Default", "artifact_location", "file:///a/7",
                    "lifecycle_stage", "active", "creation_time", 1L, "last_update_time", 1L);
            JtrackDestination.Result result = destination.write(experiment);
            assertTrue(result.collided());
            assertTrue(result.collision().contains("belongs to experiment 0"), result.collision());
        }
    }

    @Test
    void valuesCompareAsStoredAcrossDrivers() {
        assertTrue(JtrackDestination.same(3L, 3));
        assertTrue(JtrackDestination.same(0.5, 0.5d));
        assertTrue(JtrackDestination.same("a", "a"));
        assertTrue(JtrackDestination.same(null, null));
        assertFalse(JtrackDestination.same(null, ""));
        assertFalse(JtrackDestination.same(3L, 4));
    }
}
