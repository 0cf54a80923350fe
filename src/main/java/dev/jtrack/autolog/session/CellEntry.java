package dev.jtrack.autolog.session;

import dev.jtrack.kernel.extension.CellError;
import dev.jtrack.kernel.extension.CellOutput;
import dev.jtrack.kernel.extension.CellRecord;
import dev.jtrack.kernel.extension.VariableChange;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One executed cell as recorded in {@code session/cells.jsonl}, plus the images it showed (saved
 * as separate artifacts and referenced from the entry).
 *
 * @param order the cell's position in the session's execution order, from 1
 * @param record what the kernel reported
 * @param json the JSON-ready entry
 * @param images the image artifacts: path under the run's artifact root to bytes
 */
public record CellEntry(int order, CellRecord record, Map<String, Object> json, Map<String, byte[]> images) {
    /** stdout and stderr are cut to this many characters in the entry (the kernel already caps at 1 MiB). */
    public static final int STREAM_CAP_CHARS = 64 * 1024;
    /** A result's text is cut to this many characters in the entry. */
    public static final int TEXT_CAP_CHARS = 16 * 1024;

    private static final Map<String, String> IMAGE_EXTENSIONS = Map.of(
            "image/png", "png", "image/jpeg", "jpg", "image/gif", "gif", "image/svg+xml", "svg");

    /** Builds the entry for the {@code order}-th executed cell of a session. */
    public static CellEntry of(int order, CellRecord record) {
        Map<String, Object> json = new LinkedHashMap<>();
        Map<String, byte[]> images = new LinkedHashMap<>();
        json.put("order", order);
        json.put("execution_count", record.executionCount());
        json.put("cell_id", record.cellId());
        json.put("code", record.code());
        json.put("start_time", record.startTime().toString());
        json.put("start_time_ms", record.startTime().toEpochMilli());
        json.put("duration_ms", record.duration().toNanos() / 1_000_000.0);
        json.put("status", status(record));
        json.put("stream_cap_chars", STREAM_CAP_CHARS);
        putStream(json, "stdout", record.stdout());
        putStream(json, "stderr", record.stderr());
        if (record.result() != null && !record.result().isEmpty()) {
            json.put("result", bundle(record.result(), order, "result", images));
        }
        List<Map<String, Object>> outputs = new ArrayList<>();
        int k = 0;
        for (CellOutput output : record.outputs()) {
            outputs.add(bundle(output, order, "display-" + (++k), images));
        }
        json.put("outputs", outputs);
        if (record.error() != null) {
            json.put("error", error(record.error()));
        }
        List<Map<String, Object>> variables = new ArrayList<>();
        for (VariableChange v : record.variables()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", v.name());
            m.put("type", v.type());
            m.put("value", v.value());
            m.put("declared", v.declared());
            variables.add(m);
        }
        json.put("variables", variables);
        return new CellEntry(order, record, json, images);
    }

    /** {@code ok}, {@code error} or {@code interrupted}. */
    public static String status(CellRecord record) {
        return record.status().name().toLowerCase(Locale.ROOT);
    }

    private static void putStream(Map<String, Object> json, String name, String text) {
        String value = text == null ? "" : text;
        boolean truncated = value.length() > STREAM_CAP_CHARS;
        json.put(name, truncated ? value.substring(0, STREAM_CAP_CHARS) : value);
        if (truncated) {
            json.put(name + "_truncated", true);
            json.put(name + "_chars", value.length());
        }
    }

    private static Map<String, Object> bundle(CellOutput bundle, int order, String name, Map<String, byte[]> images) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("mime_types", List.copyOf(bundle.data().keySet()));
        String text = bundle.plainText();
        if (text != null) {
            m.put("text", text.length() > TEXT_CAP_CHARS ? text.substring(0, TEXT_CAP_CHARS) : text);
        }
        List<String> saved = new ArrayList<>();
        for (Map.Entry<String, Object> e : bundle.data().entrySet()) {
            String extension = IMAGE_EXTENSIONS.get(e.getKey());
            if (extension == null || !(e.getValue() instanceof String value)) {
                continue;
            }
            byte[] bytes = imageBytes(e.getKey(), value);
            if (bytes != null) {
                String path = "session/images/cell-" + order + "-" + name + "." + extension;
                images.put(path, bytes);
                saved.add(path);
            }
        }
        if (!saved.isEmpty()) {
            m.put("artifacts", saved);
        }
        return m;
    }

    private static byte[] imageBytes(String mimeType, String value) {
        if (mimeType.equals("image/svg+xml")) {
            return value.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        }
        try {
            return Base64.getMimeDecoder().decode(value);
        } catch (IllegalArgumentException e) {
            return null; // not base64: nothing to save, the entry still names the MIME type
        }
    }

    private static Map<String, Object> error(CellError error) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("class", error.ename());
        m.put("message", error.evalue());
        m.put("frames", error.traceback());
        return m;
    }
}
