package dev.jtrack.autolog.session;

import dev.jtrack.kernel.extension.CellOutput;
import dev.jtrack.kernel.extension.CellRecord;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Rebuilds an nbformat 4.5 notebook from a session's real execution history: one code cell per
 * execution, in execution order, with its execution count and outputs (stream, display_data,
 * execute_result, error). A cell run twice appears twice; the front end's cell id is kept in
 * {@code metadata.jtrack.cell_id} and used as the nbformat id where it is valid and unique.
 */
public final class NotebookBuilder {
    private static final Pattern VALID_ID = Pattern.compile("^[a-zA-Z0-9-_]{1,64}$");

    private NotebookBuilder() {}

    /**
     * The notebook as a JSON-ready map.
     *
     * @param entries the executed cells in execution order
     * @param javaVersion the kernel's Java feature version (language_info.version)
     * @param jtrackMetadata extra notebook metadata under {@code metadata.jtrack} (run id, source, ...)
     */
    public static Map<String, Object> build(List<CellEntry> entries, String javaVersion, Map<String, Object> jtrackMetadata) {
        List<Map<String, Object>> cells = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (CellEntry entry : entries) {
            cells.add(cell(entry, ids));
        }
        Map<String, Object> kernelspec = new LinkedHashMap<>();
        kernelspec.put("display_name", "Java (jtrack)");
        kernelspec.put("language", "java");
        kernelspec.put("name", "jtrack");
        Map<String, Object> language = new LinkedHashMap<>();
        language.put("name", "java");
        language.put("version", javaVersion);
        language.put("mimetype", "text/x-java-source");
        language.put("file_extension", ".jshell");
        language.put("codemirror_mode", "text/x-java");
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("kernelspec", kernelspec);
        metadata.put("language_info", language);
        metadata.put("jtrack", jtrackMetadata);
        Map<String, Object> notebook = new LinkedHashMap<>();
        notebook.put("cells", cells);
        notebook.put("metadata", metadata);
        notebook.put("nbformat", 4);
        notebook.put("nbformat_minor", 5);
        return notebook;
    }

    private static Map<String, Object> cell(CellEntry entry, Set<String> ids) {
        CellRecord record = entry.record();
        Map<String, Object> jtrack = new LinkedHashMap<>();
        jtrack.put("order", entry.order());
        jtrack.put("cell_id", record.cellId());
        jtrack.put("status", CellEntry.status(record));
        jtrack.put("start_time", record.startTime().toString());
        jtrack.put("duration_ms", record.duration().toNanos() / 1_000_000.0);
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("jtrack", jtrack);
        Map<String, Object> cell = new LinkedHashMap<>();
        cell.put("cell_type", "code");
        cell.put("execution_count", record.executionCount() > 0 ? record.executionCount() : null);
        cell.put("id", uniqueId(record.cellId(), entry.order(), ids));
        cell.put("metadata", metadata);
        cell.put("outputs", outputs(record));
        cell.put("source", record.code());
        return cell;
    }

    private static String uniqueId(String cellId, int order, Set<String> ids) {
        if (cellId != null && VALID_ID.matcher(cellId).matches() && ids.add(cellId)) {
            return cellId;
        }
        String id = "exec-" + order;
        while (!ids.add(id)) {
            id = id + "x";
        }
        return id;
    }

    private static List<Map<String, Object>> outputs(CellRecord record) {
        List<Map<String, Object>> outputs = new ArrayList<>();
        stream(outputs, "stdout", record.stdout());
        stream(outputs, "stderr", record.stderr());
        for (CellOutput display : record.outputs()) {
            if (!display.isEmpty()) {
                Map<String, Object> out = new LinkedHashMap<>();
                out.put("output_type", "display_data");
                out.put("data", display.data());
                out.put("metadata", display.metadata());
                outputs.add(out);
            }
        }
        if (record.result() != null && !record.result().isEmpty()) {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("output_type", "execute_result");
            out.put("execution_count", record.executionCount() > 0 ? record.executionCount() : null);
            out.put("data", record.result().data());
            out.put("metadata", record.result().metadata());
            outputs.add(out);
        }
        if (record.error() != null) {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("output_type", "error");
            out.put("ename", nonNull(record.error().ename()));
            out.put("evalue", nonNull(record.error().evalue()));
            out.put("traceback", record.error().traceback() == null ? List.of() : record.error().traceback());
            outputs.add(out);
        }
        return outputs;
    }

    private static void stream(List<Map<String, Object>> outputs, String name, String text) {
        if (text != null && !text.isEmpty()) {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("output_type", "stream");
            out.put("name", name);
            out.put("text", text);
            outputs.add(out);
        }
    }

    private static String nonNull(String s) {
        return s == null ? "" : s;
    }
}
