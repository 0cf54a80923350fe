package dev.jtrack.runner;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jtrack.kernel.engine.ErrorInfo;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * papermill's metadata: {@code metadata.papermill} of the notebook (input and output path,
 * parameters, start and end time, duration, exception) and of each cell (start and end time,
 * duration, status {@code pending|running|completed|failed}, exception).
 */
final class Papermill {
    /** papermill writes naive UTC ISO timestamps with microseconds. */
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS")
            .withZone(ZoneOffset.UTC);

    private Papermill() {}

    static void start(NotebookFile notebook, RunOptions options) {
        ObjectNode pm = notebook.metadata().putObject("papermill");
        ObjectNode params = pm.putObject("parameters");
        options.parameters().forEach((k, v) -> params.set(k, NotebookFile.JSON.valueToTree(typed(v))));
        pm.put("input_path", options.input().toString());
        pm.put("output_path", options.output().toString());
        pm.put("start_time", TIME.format(Instant.now()));
        pm.putNull("end_time");
        pm.putNull("duration");
        pm.putNull("exception");
        pm.put("version", "jtrack " + dev.jtrack.util.JtrackVersion.current());
        for (JsonNode node : notebook.cells()) {
            ObjectNode cell = (ObjectNode) node;
            ObjectNode cm = cell.with("metadata").putObject("papermill");
            cm.putNull("start_time");
            cm.putNull("end_time");
            cm.putNull("duration");
            cm.put("status", "pending");
            cm.putNull("exception");
        }
    }

    /** A -p value as papermill records it: numbers and booleans typed, everything else text. */
    static Object typed(Object value) {
        if (!(value instanceof String s)) {
            return value;
        }
        String t = s.strip();
        if (t.matches("-?\\d{1,18}")) {
            return Long.parseLong(t);
        }
        if (t.matches("-?(\\d+\\.\\d*|\\.\\d+|\\d+)([eE][-+]?\\d+)?")) {
            return Double.parseDouble(t);
        }
        if (t.equalsIgnoreCase("true") || t.equalsIgnoreCase("false")) {
            return Boolean.parseBoolean(t);
        }
        return s;
    }

    static void cellRunning(ObjectNode cell) {
        ObjectNode cm = cell.with("metadata").with("papermill");
        cm.put("start_time", TIME.format(Instant.now()));
        cm.put("status", "running");
    }

    static void cellDone(ObjectNode cell, Instant start, Instant end, ErrorInfo error) {
        ObjectNode cm = cell.with("metadata").with("papermill");
        cm.put("start_time", TIME.format(start));
        cm.put("end_time", TIME.format(end));
        cm.put("duration", Duration.between(start, end).toNanos() / 1e9);
        cm.put("status", error == null ? "completed" : "failed");
        cm.put("exception", error != null);
    }

    static void finish(NotebookFile notebook, boolean failed, String message) {
        ObjectNode pm = notebook.metadata().with("papermill");
        Instant end = Instant.now();
        pm.put("end_time", TIME.format(end));
        Instant start = java.time.LocalDateTime.parse(pm.path("start_time").asText(), DateTimeFormatter.ISO_LOCAL_DATE_TIME)
                .toInstant(ZoneOffset.UTC);
        pm.put("duration", Duration.between(start, end).toNanos() / 1e9);
        pm.put("exception", failed);
        if (failed) {
            // papermill puts a markdown cell at the top saying where execution stopped
            ObjectNode banner = NotebookFile.codeCell("");
            banner.put("cell_type", "markdown");
            banner.remove("outputs");
            banner.remove("execution_count");
            NotebookFile.setSource(banner, "<span style=\"color:red; font-family:Helvetica Neue, Helvetica, Arial,"
                    + " sans-serif; font-size:2em;\">An Exception was encountered at '<a href=\"#papermill-error-cell\">"
                    + "In [" + failedCount(notebook) + "]</a>'.</span>");
            ((ObjectNode) banner.get("metadata")).putArray("tags").add("papermill-error-cell-tag");
            ObjectNode bm = ((ObjectNode) banner.get("metadata")).putObject("papermill");
            bm.put("status", "failed");
            int failedAt = -1;
            for (int i = 0; i < notebook.cells().size(); i++) {
                if ("failed".equals(notebook.cells().get(i).path("metadata").path("papermill").path("status").asText())) {
                    failedAt = i;
                    break;
                }
            }
            if (failedAt >= 0) {
                ObjectNode anchor = banner.deepCopy();
                anchor.put("id", java.util.UUID.randomUUID().toString().substring(0, 8));
                NotebookFile.setSource(anchor, "<span id=\"papermill-error-cell\" style=\"color:red; font-family:Helvetica"
                        + " Neue, Helvetica, Arial, sans-serif; font-size:2em;\">Execution using papermill encountered an"
                        + " exception here and stopped:</span>");
                notebook.cells().insert(failedAt, anchor);
            }
            notebook.cells().insert(0, banner);
        }
        if (message != null) {
            pm.put("exception_message", message);
        }
    }

    private static String failedCount(NotebookFile notebook) {
        for (JsonNode cell : notebook.cells()) {
            if ("failed".equals(cell.path("metadata").path("papermill").path("status").asText())) {
                return cell.path("execution_count").asText("?");
            }
        }
        return "?";
    }
}
