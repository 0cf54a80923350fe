package dev.jtrack.runner.testing;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jtrack.store.StoreConnection;
import dev.jtrack.store.StoreUri;
import dev.jtrack.tracking.Metric;
import dev.jtrack.tracking.Page;
import dev.jtrack.tracking.Run;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * A notebook after a test ran it: whether every cell succeeded, the failing cell, the values of its
 * variables when it stopped, its cells' text output, and the run it was tracked as (params,
 * metrics with their histories, tags) read back from the store.
 */
public final class ExecutedNotebook {
    private static final int HISTORY_PAGE = 10_000;
    private final Path output;
    private final List<JsonNode> cells;
    private final CellFailure failure;
    private final Map<String, Object> variables;
    private final String runId;
    private final StoreUri store;

    ExecutedNotebook(Path output, List<JsonNode> cells, CellFailure failure, Map<String, Object> variables,
                     String runId, StoreUri store) {
        this.output = output;
        this.cells = List.copyOf(cells);
        this.failure = failure;
        this.variables = variables;
        this.runId = runId;
        this.store = store;
    }

    /** Where the executed notebook (with its outputs and papermill metadata) was written. */
    public Path notebook() {
        return output;
    }

    /** True when every code cell ran without error. */
    public boolean succeeded() {
        return failure == null;
    }

    /** The cell that failed, if one did. */
    public Optional<CellFailure> failure() {
        return Optional.ofNullable(failure);
    }

    /** Throws an {@link AssertionError} naming the failed cell, its error and line, if a cell failed. */
    public ExecutedNotebook assertSucceeded() {
        if (failure != null) {
            throw new AssertionError(output.getFileName() + ": " + failure.describe());
        }
        return this;
    }

    /** The notebook's variables when the run ended, by name. */
    public Map<String, Object> variables() {
        return variables;
    }

    /**
     * The value of the notebook variable {@code name} (primitives boxed).
     *
     * @throws NoSuchElementException when the notebook has no such variable
     */
    public Object variable(String name) {
        if (!variables.containsKey(name)) {
            throw new NoSuchElementException("the notebook has no variable '" + name + "'; it has "
                    + new TreeMap<>(variables).keySet());
        }
        return variables.get(name);
    }

    /** The value of the notebook variable {@code name} as {@code type} (e.g. {@code Double.class} for a double). */
    public <T> T variable(String name, Class<T> type) {
        Object value = variable(name);
        if (value != null && !type.isInstance(value)) {
            throw new ClassCastException("notebook variable '" + name + "' is a " + value.getClass().getName()
                    + ", not a " + type.getName());
        }
        return type.cast(value);
    }

    /**
     * The text a cell showed: its printed output and the plain-text form of its results and
     * displays, in order; an error cell's error line.
     *
     * @param cellIndex the cell's index among the cells as run (0-based, as nbformat counts; see
     *     {@link CellFailure#cellIndex()})
     */
    public String output(int cellIndex) {
        if (cellIndex < 0 || cellIndex >= cells.size()) {
            throw new IndexOutOfBoundsException("the notebook has " + cells.size() + " cells, not a cell " + cellIndex);
        }
        return cellText(cells.get(cellIndex));
    }

    /** The text every cell showed, cell after cell. */
    public String output() {
        StringBuilder text = new StringBuilder();
        for (JsonNode cell : cells) {
            text.append(cellText(cell));
        }
        return text.toString();
    }

    private static String cellText(JsonNode cell) {
        StringBuilder text = new StringBuilder();
        for (JsonNode out : cell.path("outputs")) {
            switch (out.path("output_type").asText()) {
                case "stream" -> text.append(joined(out.path("text")));
                case "execute_result", "display_data" -> {
                    JsonNode plain = out.path("data").path("text/plain");
                    if (!plain.isMissingNode()) {
                        text.append(joined(plain)).append('\n');
                    }
                }
                case "error" -> text.append(out.path("ename").asText()).append(": ")
                        .append(out.path("evalue").asText()).append('\n');
                default -> { }
            }
        }
        return text.toString();
    }

    static String joined(JsonNode text) {
        if (!text.isArray()) {
            return text.asText();
        }
        StringBuilder joined = new StringBuilder();
        text.forEach(part -> joined.append(part.asText()));
        return joined.toString();
    }

    /** The id of the run the notebook was tracked as, if it was tracked. */
    public Optional<String> runId() {
        return Optional.ofNullable(runId);
    }

    /** The run's status in the store: FINISHED, or FAILED when a cell failed. */
    public String runStatus() {
        return readRun(run -> run.info().status().name());
    }

    /** The run's params, read from the store. */
    public Map<String, String> params() {
        return readRun(run -> {
            Map<String, String> params = new TreeMap<>();
            run.data().params().forEach(p -> params.put(p.key(), p.value()));
            return params;
        });
    }

    /** The run's tags, read from the store. */
    public Map<String, String> tags() {
        return readRun(run -> {
            Map<String, String> tags = new TreeMap<>();
            run.data().tags().forEach(t -> tags.put(t.key(), t.value()));
            return tags;
        });
    }

    /** The run's metrics (the latest value of each), read from the store. */
    public Map<String, Double> metrics() {
        return readRun(run -> {
            Map<String, Double> metrics = new TreeMap<>();
            run.data().metrics().forEach(m -> metrics.put(m.key(), m.value()));
            return metrics;
        });
    }

    /** The latest value of the metric {@code key}. */
    public double metric(String key) {
        Double value = metrics().get(key);
        if (value == null) {
            throw new NoSuchElementException("run " + runId + " logged no metric '" + key + "'; it logged "
                    + metrics().keySet());
        }
        return value;
    }

    /** Every value logged for the metric {@code key}, ordered by step and time. */
    public List<Double> metricHistory(String key) {
        String id = requireRun();
        try (StoreConnection connection = StoreConnection.open(store, System.getenv(), c -> c)) {
            List<Metric> points = new ArrayList<>();
            String token = null;
            do {
                Page<Metric> page = connection.store().getMetricHistory(id, key, HISTORY_PAGE, token);
                points.addAll(page.items());
                token = page.nextPageToken();
            } while (token != null && !token.isEmpty());
            points.sort(java.util.Comparator.comparingLong(Metric::step).thenComparingLong(Metric::timestamp));
            return points.stream().map(Metric::value).toList();
        }
    }

    private <T> T readRun(Function<Run, T> read) {
        String id = requireRun();
        try (StoreConnection connection = StoreConnection.open(store, System.getenv(), c -> c)) {
            return read.apply(connection.store().getRun(id));
        }
    }

    private String requireRun() {
        if (runId == null) {
            throw new IllegalStateException(output.getFileName() + " was not tracked (autolog off, or the store could not be reached)");
        }
        return runId;
    }

    @Override
    public String toString() {
        return "ExecutedNotebook[" + output + (failure == null ? ", succeeded" : ", " + failure.describe().lines().findFirst().orElse(""))
                + (runId == null ? "" : ", run " + runId) + "]";
    }

    static Map<String, Object> copy(Map<String, Object> variables) {
        return java.util.Collections.unmodifiableMap(new LinkedHashMap<>(variables));
    }
}
