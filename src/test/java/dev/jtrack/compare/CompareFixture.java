package dev.jtrack.compare;

import dev.jtrack.store.StoreUri;
import dev.jtrack.store.sql.SqlStores;
import dev.jtrack.tracking.Metric;
import dev.jtrack.tracking.Param;
import dev.jtrack.tracking.Run;
import dev.jtrack.tracking.RunStatus;
import dev.jtrack.tracking.TrackingStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A real SQLite store in a temporary directory with a few runs to compare. */
final class CompareFixture implements AutoCloseable {
    final SqlStores stores;
    final TrackingStore store;
    final String experimentId;

    CompareFixture(Path dir) {
        stores = SqlStores.open(StoreUri.resolve(dir.resolve("store").toString()), null);
        store = stores.tracking();
        experimentId = store.createExperiment("exp", null, List.of());
    }

    /** A FINISHED run started at {@code start} lasting 2.5 s, with these params and a metric history. */
    String run(String name, long start, List<Param> params, String metric, double[] values) {
        Run run = store.createRun(experimentId, "tester", start, List.of(), name);
        String id = run.info().runId();
        if (!params.isEmpty()) {
            store.logBatch(id, List.of(), params, List.of());
        }
        List<Metric> batch = new ArrayList<>();
        for (int step = 0; step < values.length; step++) {
            batch.add(new Metric(metric, values[step], start + 100L * step, step));
            if (batch.size() == 1000) {
                store.logBatch(id, batch, List.of(), List.of());
                batch.clear();
            }
        }
        if (!batch.isEmpty()) {
            store.logBatch(id, batch, List.of(), List.of());
        }
        store.updateRun(id, RunStatus.FINISHED, start + 2500, null);
        return id;
    }

    RunSource source() {
        return new RunSource(store, "exp");
    }

    @Override
    public void close() {
        stores.close();
    }
}
