package dev.jtrack.compare;

import dev.jtrack.tracking.ErrorCode;
import dev.jtrack.tracking.Experiment;
import dev.jtrack.tracking.MlflowException;
import dev.jtrack.tracking.Page;
import dev.jtrack.tracking.Run;
import dev.jtrack.tracking.TrackingStore;
import dev.jtrack.tracking.ViewType;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import tech.tablesaw.api.Table;

/**
 * A run search: MLflow filter grammar, order_by, one or several experiments by name or id.
 * Results page through the store, so any number of runs can be fetched.
 *
 * <pre>{@code
 * Table t = Runs.query().experiments("iris", "wine").filter("metrics.acc > 0.9")
 *         .orderBy("metrics.acc DESC").max(100).tags("mlflow.source.name").table();
 * }</pre>
 */
public final class RunQuery {
    /** Runs fetched per store call (one call for %runs' default of 10,000 is faster than two). */
    static final int PAGE_SIZE = 10_000;

    private final TrackingStore store;
    private final List<String> experiments = new ArrayList<>();
    private final List<String> orderBy = new ArrayList<>();
    private final Set<String> tags = new LinkedHashSet<>();
    private String defaultExperiment;
    private String filter;
    private int max = Integer.MAX_VALUE;
    private ViewType viewType = ViewType.ACTIVE_ONLY;
    private int pageSize = PAGE_SIZE;

    RunQuery(TrackingStore store, String defaultExperiment) {
        this.store = store;
        this.defaultExperiment = defaultExperiment;
    }

    /** Searches these experiments (names or ids) instead of the current one. */
    public RunQuery experiments(String... namesOrIds) {
        experiments.addAll(List.of(namesOrIds));
        return this;
    }

    /** Searches these experiments (names or ids) instead of the current one. */
    public RunQuery experiments(List<String> namesOrIds) {
        experiments.addAll(namesOrIds);
        return this;
    }

    /** An MLflow run filter, e.g. {@code metrics.acc > 0.9 and params.model = 'svm'}; null or blank for all. */
    public RunQuery filter(String filter) {
        this.filter = filter;
        return this;
    }

    /** Order clauses such as {@code metrics.acc DESC} or {@code start_time}, applied in turn. */
    public RunQuery orderBy(String... clauses) {
        orderBy.addAll(List.of(clauses));
        return this;
    }

    /** At most {@code n} runs (default: all that match). */
    public RunQuery max(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("max must be at least 1, got " + n);
        }
        max = n;
        return this;
    }

    /** Adds a {@code tags.<key>} column for each key. */
    public RunQuery tags(String... keys) {
        tags.addAll(List.of(keys));
        return this;
    }

    /** Which lifecycle stages to include (default: active runs). */
    public RunQuery viewType(ViewType type) {
        viewType = type;
        return this;
    }

    /** Fetches {@code n} runs per store call (tests use small pages). */
    RunQuery pageSize(int n) {
        pageSize = n;
        return this;
    }

    /** The matching runs, in order, fetched page by page. */
    public List<Run> runs() {
        List<String> ids = experimentIds();
        List<Run> out = new ArrayList<>();
        String token = null;
        do {
            int size = (int) Math.min(pageSize, (long) max - out.size());
            Page<Run> page = store.searchRuns(ids, filter, viewType, size, orderBy, token);
            out.addAll(page.items());
            token = page.nextPageToken();
        } while (token != null && out.size() < max);
        return out;
    }

    /** The matching runs as a table (see {@link RunTable}). */
    public Table table() {
        return RunTable.of(runs(), tags);
    }

    /** The ids of the experiments searched. */
    List<String> experimentIds() {
        List<String> wanted = experiments.isEmpty() ? List.of(defaultExperiment) : experiments;
        List<String> ids = new ArrayList<>();
        for (String nameOrId : wanted) {
            ids.add(resolve(store, nameOrId).experimentId());
        }
        return ids;
    }

    /** The experiment named {@code nameOrId}, or else the one with that id. */
    static Experiment resolve(TrackingStore store, String nameOrId) {
        try {
            return store.getExperimentByName(nameOrId);
        } catch (MlflowException byName) {
            if (byName.errorCode() != ErrorCode.RESOURCE_DOES_NOT_EXIST) {
                throw byName;
            }
            try {
                return store.getExperiment(nameOrId);
            } catch (MlflowException byId) {
                throw new IllegalArgumentException("no experiment named or with id '" + nameOrId + "'", byName);
            }
        }
    }
}
