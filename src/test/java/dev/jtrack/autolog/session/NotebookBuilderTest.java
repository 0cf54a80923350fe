package dev.jtrack.autolog.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jtrack.kernel.engine.MimeBundle;
import dev.jtrack.kernel.extension.CellError;
import dev.jtrack.kernel.extension.CellOutput;
import dev.jtrack.kernel.extension.CellStatus;
import dev.jtrack.kernel.extension.CellRecord;
import dev.jtrack.kernel.extension.VariableChange;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

public class NotebookBuilderTest {
    static final byte[] PNG = Base64.getDecoder().decode(
            "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==");

    @TempDir
    Path tmp;

    static CellRecord cell(String code, String id, int count, CellStatus status, String stdout, List<MimeBundle> outputs,
            MimeBundle result, CellError error) {
        return new CellRecord(code, id, count, Instant.parse("2026-01-01T10:00:00Z").plusSeconds(count),
                Duration.ofMillis(12), status, stdout, "", outputs.stream().map(NotebookBuilderTest::output).toList(),
                result == null ? null : output(result), error,
                List.of(new VariableChange("x", "int", "3", true)));
    }

    static CellOutput output(MimeBundle bundle) {
        return new CellOutput(bundle.data(), bundle.metadata());
    }

    static List<CellEntry> history() {
        MimeBundle image = new MimeBundle().put("image/png", Base64.getEncoder().encodeToString(PNG)).put("text/plain", "img");
        return List.of(
                CellEntry.of(1, cell("int x = 3;\nx", "a1", 1, CellStatus.OK, "hello\n", List.of(),
                        new MimeBundle().put("text/plain", "3"), null)),
                CellEntry.of(2, cell("display(img)", "b2", 2, CellStatus.OK, "", List.of(image), null, null)),
                CellEntry.of(3, cell("throw new RuntimeException(\"boom\");", "c3", 3, CellStatus.ERROR, "", List.of(), null,
                        new CellError("java.lang.RuntimeException", "boom", List.of("java.lang.RuntimeException: boom", "\tat cell 3 line 1")))),
                // the first cell run again: same front-end id, later in the history
                CellEntry.of(4, cell("int x = 3;\nx", "a1", 4, CellStatus.OK, "hello\n", List.of(),
                        new MimeBundle().put("text/plain", "3"), null)),
                CellEntry.of(5, cell("Thread.sleep(100000)", null, 5, CellStatus.INTERRUPTED, "", List.of(), null,
                        new CellError("InterruptedException", "The cell was interrupted", List.of("Interrupted")))));
    }

    @Test
    void rebuildsCellsInExecutionOrderWithAllOutputKinds() throws Exception {
        Map<String, Object> nb = NotebookBuilder.build(history(), "17", Map.of("run_id", "r1"));
        JsonNode json = new ObjectMapper().valueToTree(nb);
        assertEquals(4, json.path("nbformat").asInt());
        assertEquals(5, json.path("nbformat_minor").asInt());
        JsonNode cells = json.path("cells");
        assertEquals(5, cells.size());
        assertEquals(List.of(1, 2, 3, 4, 5), List.of(cells.get(0).path("execution_count").asInt(),
                cells.get(1).path("execution_count").asInt(), cells.get(2).path("execution_count").asInt(),
                cells.get(3).path("execution_count").asInt(), cells.get(4).path("execution_count").asInt()));
        assertEquals("a1", cells.get(0).path("id").asText());
        assertEquals("exec-4", cells.get(3).path("id").asText(), "a rerun cell gets a unique id");
        assertEquals("a1", cells.get(3).path("metadata").path("jtrack").path("cell_id").asText());
        assertEquals("stream", cells.get(0).path("outputs").get(0).path("output_type").asText());
        assertEquals("execute_result", cells.get(0).path("outputs").get(1).path("output_type").asText());
        assertEquals("display_data", cells.get(1).path("outputs").get(0).path("output_type").asText());
        assertEquals("error", cells.get(2).path("outputs").get(0).path("output_type").asText());
        assertEquals("boom", cells.get(2).path("outputs").get(0).path("evalue").asText());
        assertEquals("interrupted", cells.get(4).path("metadata").path("jtrack").path("status").asText());
    }

    @Test
    void theRebuiltNotebookIsValidForDebiansNbformat() throws Exception {
        Path file = tmp.resolve("notebook.ipynb");
        Files.writeString(file, new ObjectMapper().writeValueAsString(
                NotebookBuilder.build(history(), "17", Map.of("run_id", "r1"))), StandardCharsets.UTF_8);
        assertValidNotebook(file);
    }

    /** Validates with /usr/bin/python3's nbformat (python3-nbformat); fails when it is missing. */
    public static void assertValidNotebook(Path file) throws Exception {
        Process p = new ProcessBuilder("/usr/bin/python3", "-c",
                "import sys, nbformat\n"
                        + "nb = nbformat.read(sys.argv[1], as_version=nbformat.NO_CONVERT)\n"
                        + "assert nb.nbformat == 4 and nb.nbformat_minor == 5, (nb.nbformat, nb.nbformat_minor)\n"
                        + "nbformat.validate(nb)\n"
                        + "print('valid', len(nb.cells))\n",
                file.toString()).redirectErrorStream(true).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "nbformat validation timed out");
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), "nbformat rejects " + file + " (apt-get install python3-nbformat):\n" + out);
        assertTrue(out.startsWith("valid"), out);
    }

    @Test
    void cellEntrySavesImagesAndCapsStreams() {
        CellEntry image = history().get(1);
        assertEquals(1, image.images().size());
        String path = image.images().keySet().iterator().next();
        assertEquals("session/images/cell-2-display-1.png", path);
        assertEquals(PNG.length, image.images().get(path).length);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> outputs = (List<Map<String, Object>>) image.json().get("outputs");
        assertEquals(List.of(path), outputs.get(0).get("artifacts"));
        assertEquals(List.of("image/png", "text/plain"), outputs.get(0).get("mime_types"));

        String big = "y".repeat(CellEntry.STREAM_CAP_CHARS + 10);
        CellEntry capped = CellEntry.of(9, cell("x", null, 9, CellStatus.OK, big, List.of(), null, null));
        assertEquals(CellEntry.STREAM_CAP_CHARS, ((String) capped.json().get("stdout")).length());
        assertEquals(true, capped.json().get("stdout_truncated"));
        assertEquals(big.length(), capped.json().get("stdout_chars"));
        assertEquals(CellEntry.STREAM_CAP_CHARS, capped.json().get("stream_cap_chars"));

        CellEntry failed = history().get(2);
        assertEquals("error", failed.json().get("status"));
        @SuppressWarnings("unchecked")
        Map<String, Object> error = (Map<String, Object>) failed.json().get("error");
        assertEquals("java.lang.RuntimeException", error.get("class"));
        assertEquals("boom", error.get("message"));
    }
}
