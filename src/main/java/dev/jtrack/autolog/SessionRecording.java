package dev.jtrack.autolog;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.jtrack.autolog.session.CellEntry;
import dev.jtrack.autolog.session.NotebookBuilder;
import dev.jtrack.autolog.session.RewriteBudget;
import dev.jtrack.kernel.extension.CellRecord;
import dev.jtrack.notebook.ActiveRun;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The cell history of one session run, kept on the autolog worker thread: per-cell metrics as
 * they come, and {@code session/cells.jsonl} and {@code session/notebook.ipynb} rewritten when
 * asked (after a burst of cells, as far as the {@link RewriteBudget} allows, and at the end).
 */
final class SessionRecording {
    static final String CELLS_ARTIFACT = "session/cells.jsonl";
    static final String NOTEBOOK_ARTIFACT = "session/notebook.ipynb";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper PRETTY = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final ActiveRun run;
    private final String javaVersion;
    private final Map<String, Object> notebookMetadata;
    private final List<CellEntry> entries = new ArrayList<>();
    private final StringBuilder jsonl = new StringBuilder();
    private int failed;
    private double totalMs;
    private final RewriteBudget budget = new RewriteBudget();
    /** notebook.ipynb bytes per cells.jsonl char at the last rewrite: estimates the next rewrite's size. */
    private double notebookRatio = 2.0;
    private boolean dirty;
    private boolean writeScheduled;

    SessionRecording(ActiveRun run, String javaVersion, Map<String, Object> notebookMetadata) {
        this.run = run;
        this.javaVersion = javaVersion;
        this.notebookMetadata = new LinkedHashMap<>(notebookMetadata);
    }

    ActiveRun run() {
        return run;
    }

    int cellsRecorded() {
        return entries.size();
    }

    /** Records one executed cell: its entry, its images as artifacts, and its metrics. */
    void record(CellRecord record) {
        CellEntry entry = CellEntry.of(entries.size() + 1, record);
        jsonl.append(line(entry.json())).append('\n');
        entry.images().forEach((path, bytes) -> run.logBytes(bytes, path));
        // the decoded images are artifacts now; the session keeps only what the notebook needs
        entries.add(new CellEntry(entry.order(), record, Map.of(), Map.of()));
        boolean failedCell = record.status() != dev.jtrack.kernel.extension.CellStatus.OK;
        if (failedCell) {
            failed++;
        }
        double ms = record.duration().toNanos() / 1_000_000.0;
        totalMs += ms;
        long step = entry.order();
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("cell_duration_ms", ms);
        metrics.put("cell_failed", failedCell ? 1.0 : 0.0);
        metrics.put("cell_execution_count", (double) record.executionCount());
        metrics.put("cell_stdout_chars", (double) (record.stdout() == null ? 0 : record.stdout().length()));
        metrics.put("cells_executed", (double) entries.size());
        metrics.put("cells_failed", (double) failed);
        metrics.put("total_execution_time_ms", totalMs);
        run.logMetrics(metrics, step); // one journal entry, one batch in the store
        dirty = true;
    }

    /** Marks a rewrite of the artifacts as scheduled; false when one is already pending. */
    boolean scheduleWrite() {
        if (writeScheduled) {
            return false;
        }
        writeScheduled = true;
        return true;
    }

    /**
     * Rewrites the session artifacts after a burst of cells when cells were recorded since the last
     * time and the {@link RewriteBudget} allows it; otherwise they stay due for a later burst.
     */
    void writeArtifactsIfDue() {
        writeScheduled = false;
        long estimate = Math.round(jsonl.length() * (1 + notebookRatio));
        if (dirty && budget.allows(estimate)) {
            writeArtifacts();
        }
    }

    /** Rewrites the session artifacts when cells were recorded since the last time (always at the end). */
    void writeArtifacts() {
        writeScheduled = false;
        if (!dirty || !run.isActive()) {
            return;
        }
        dirty = false;
        String cells = jsonl.toString();
        String notebook;
        try {
            notebook = PRETTY.writeValueAsString(NotebookBuilder.build(entries, javaVersion, notebookMetadata));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the rebuilt notebook: " + e.getMessage(), e);
        }
        run.logText(cells, CELLS_ARTIFACT);
        run.logText(notebook, NOTEBOOK_ARTIFACT);
        budget.spent(cells.length() + notebook.length());
        notebookRatio = notebook.length() / (double) Math.max(1, cells.length());
    }

    /** One cell entry as a JSON line. */
    static String line(Map<String, Object> json) {
        try {
            return JSON.writeValueAsString(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a cell entry: " + e.getMessage(), e);
        }
    }
}
