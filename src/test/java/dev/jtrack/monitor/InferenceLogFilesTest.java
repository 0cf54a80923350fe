package dev.jtrack.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jtrack.models.PredictionEvent;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/** The journal's records, its crash recovery, and the gzip CSV files they are rolled into. */
class InferenceLogFilesTest {
    @TempDir
    Path dir;

    private static PredictionEvent scored(String id) {
        Table in = Table.create("in", DoubleColumn.create("x", 1.5, Double.NaN), StringColumn.create("c", "a, \"quoted\"", "b"));
        Table out = Table.create("out", StringColumn.create("prediction", "p", "q"));
        return new PredictionEvent(id, 1000, 2_500_000, 200, in, out, null);
    }

    @Test
    void recordsRoundTripThroughTheJournalAndTheCsvFiles() throws IOException {
        List<InferenceRow> rows = new ArrayList<>();
        rows.addAll(InferenceRecords.decode(InferenceRecords.encode(scored("r1"), true)));
        rows.addAll(InferenceRecords.decode(InferenceRecords.encode(new PredictionEvent("r2", 2000, 1_000_000, 400, null, null,
                "Invalid input, line 1"), true)));
        rows.addAll(InferenceRecords.decode(InferenceRecords.encode(scored("r3"), false))); // sampled out
        assertEquals(4, rows.size());
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        InferenceFiles.write(rows, gz);
        List<InferenceRow> back = InferenceFiles.read(new ByteArrayInputStream(gz.toByteArray()));
        assertEquals(rows, back);
        assertEquals("1.5", back.get(0).inputs().get("x"));
        assertEquals("", back.get(1).inputs().get("x")); // NaN is missing, not a number
        assertEquals("a, \"quoted\"", back.get(0).inputs().get("c"));
        assertEquals(2.5, back.get(0).latencyMs());
        assertTrue(back.get(2).isError() && back.get(2).row() == -1 && back.get(2).error().equals("Invalid input, line 1"));
        assertTrue(!back.get(3).isError() && back.get(3).row() == -1 && back.get(3).inputs().isEmpty());
    }

    @Test
    void aTornLastLineIsDroppedAndTheDeliveredMarkKept() throws IOException {
        try (InferenceJournal j = InferenceJournal.open(dir)) {
            j.append("{\"id\":\"a\"}".getBytes(StandardCharsets.UTF_8));
            j.append("{\"id\":\"b\"}".getBytes(StandardCharsets.UTF_8));
            List<InferenceJournal.Line> lines = j.undelivered(10);
            assertEquals(2, lines.size());
            j.markDelivered(lines.get(0).endOffset());
        }
        Files.writeString(dir.resolve("requests.jsonl"), "{\"id\":\"c", StandardOpenOption.APPEND); // killed mid-write
        try (InferenceJournal j = InferenceJournal.open(dir)) {
            List<InferenceJournal.Line> lines = j.undelivered(10);
            assertEquals(1, lines.size());
            assertEquals("{\"id\":\"b\"}", new String(lines.get(0).json(), StandardCharsets.UTF_8));
            IOException held = assertThrows(IOException.class, () -> InferenceJournal.open(dir));
            assertTrue(held.getMessage().contains("in use"), held.getMessage());
        }
    }
}
