package dev.jtrack.monitor;

import com.univocity.parsers.csv.CsvParser;
import com.univocity.parsers.csv.CsvParserSettings;
import com.univocity.parsers.csv.CsvWriter;
import com.univocity.parsers.csv.CsvWriterSettings;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * The inference log's files: gzip CSV with the columns {@code request_id, row, time (epoch ms),
 * latency_ms, status, error}, then {@code input.<column>} and {@code output.<column>} for every
 * input and output column in the file. An error row has row -1 and empty data cells.
 */
public final class InferenceFiles {
    /** The artifact directory of a monitoring run that holds the files. */
    public static final String ARTIFACT_DIR = "inference";
    static final String INPUT = "input.";
    static final String OUTPUT = "output.";
    private static final List<String> FIXED = List.of("request_id", "row", "time", "latency_ms", "status", "error");

    private InferenceFiles() {}

    /** Writes {@code rows} as gzip CSV to {@code out} (closed). */
    public static void write(List<InferenceRow> rows, OutputStream out) throws IOException {
        Set<String> in = new LinkedHashSet<>();
        Set<String> outs = new LinkedHashSet<>();
        for (InferenceRow r : rows) {
            in.addAll(r.inputs().keySet());
            outs.addAll(r.outputs().keySet());
        }
        List<String> header = new ArrayList<>(FIXED);
        in.forEach(c -> header.add(INPUT + c));
        outs.forEach(c -> header.add(OUTPUT + c));
        try (Writer w = new OutputStreamWriter(new GZIPOutputStream(out, 1 << 16), StandardCharsets.UTF_8)) {
            CsvWriter csv = new CsvWriter(w, new CsvWriterSettings());
            csv.writeHeaders(header);
            for (InferenceRow r : rows) {
                List<String> cells = new ArrayList<>(header.size());
                cells.add(r.requestId());
                cells.add(Integer.toString(r.row()));
                cells.add(Long.toString(r.timeMillis()));
                cells.add(Double.toString(r.latencyMs()));
                cells.add(Integer.toString(r.status()));
                cells.add(r.error() == null ? "" : r.error());
                for (String c : in) cells.add(r.inputs().getOrDefault(c, ""));
                for (String c : outs) cells.add(r.outputs().getOrDefault(c, ""));
                csv.writeRow(cells);
            }
            csv.flush();
        }
    }

    /** Reads a file written by {@link #write}. */
    public static List<InferenceRow> read(InputStream gzip) throws IOException {
        CsvParserSettings settings = new CsvParserSettings();
        settings.setHeaderExtractionEnabled(true);
        settings.setNullValue("");
        settings.setEmptyValue("");
        settings.setMaxCharsPerColumn(-1);
        settings.getFormat().setLineSeparator("\n");
        CsvParser parser = new CsvParser(settings);
        List<InferenceRow> rows = new ArrayList<>();
        try (InputStreamReader r = new InputStreamReader(new GZIPInputStream(gzip), StandardCharsets.UTF_8)) {
            parser.beginParsing(r);
            String[] header = parser.getContext().parsedHeaders();
            String[] cells;
            while ((cells = parser.parseNext()) != null) {
                if (header == null) header = parser.getContext().parsedHeaders();
                Map<String, String> inputs = new LinkedHashMap<>();
                Map<String, String> outputs = new LinkedHashMap<>();
                for (int i = FIXED.size(); i < header.length; i++) {
                    String v = i < cells.length && cells[i] != null ? cells[i] : "";
                    if (header[i].startsWith(INPUT)) inputs.put(header[i].substring(INPUT.length()), v);
                    else if (header[i].startsWith(OUTPUT)) outputs.put(header[i].substring(OUTPUT.length()), v);
                }
                int row = Integer.parseInt(cells[1]);
                rows.add(new InferenceRow(cells[0], row, Long.parseLong(cells[2]), Double.parseDouble(cells[3]),
                        Integer.parseInt(cells[4]), cells[5] == null || cells[5].isEmpty() ? null : cells[5],
                        row < 0 ? Map.of() : inputs, row < 0 ? Map.of() : outputs));
            }
        } finally {
            parser.stopParsing();
        }
        return rows;
    }
}
