package dev.jtrack.recorder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jtrack.recorder.Journal.RunRef;
import dev.jtrack.recorder.Journal.Stored;
import dev.jtrack.tracking.Metric;
import dev.jtrack.tracking.Param;
import dev.jtrack.tracking.RunStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JournalTest {

    @TempDir
    Path root;

    @Test
    void appendsAreNumberedAndReadBackExactly() throws Exception {
        try (Journal j = Journal.create(root, "store-a")) {
            j.append(JournalEntry.createRun("r", 5, "exp", "name", null, List.of()));
            j.append(JournalEntry.log("r", 6, List.of(new Metric("m", Double.NaN, 7, -1),
                    new Metric("inf", Double.NEGATIVE_INFINITY, 7, Long.MAX_VALUE)), List.of(new Param("p", "ü\n\"x\"")),
                    List.of()));
            j.append(JournalEntry.endRun("r", 8, RunStatus.FINISHED));
            List<Stored> all = j.read(0, 100);
            assertEquals(List.of(1L, 2L, 3L), all.stream().map(s -> s.entry().seq()).toList());
            JournalEntry log = all.get(1).entry();
            assertTrue(Double.isNaN(log.metrics().get(0).value()));
            assertEquals(Double.NEGATIVE_INFINITY, log.metrics().get(1).value());
            assertEquals(Long.MAX_VALUE, log.metrics().get(1).step());
            assertEquals("ü\n\"x\"", log.params().get(0).value());
            assertEquals(RunStatus.FINISHED, all.get(2).entry().status());
            // reading from an entry's end offset continues with the next one
            assertEquals(3L, j.read(all.get(1).endOffset(), 100).get(0).entry().seq());
            assertEquals(1, j.read(0, 1).size());
        }
    }

    @Test
    void anUndeliveredSessionIsAdoptedWithItsMarksAndATornLineDropped() throws Exception {
        Path dir;
        try (Journal j = Journal.create(root, "store-a")) {
            dir = j.dir();
            for (int i = 0; i < 5; i++) {
                j.append(JournalEntry.log("r", i, List.of(new Metric("m", i, i, i)), List.of(), List.of()));
            }
            List<Stored> all = j.read(0, 100);
            j.recordRun(new RunRef("r", "run-id", "1", "file:/tmp/x"));
            j.markDone(2, all.get(1).endOffset());
            // a live owner: nobody can adopt the session
            assertTrue(Journal.adopt(dir, "store-a").isEmpty());
        }
        // the owner "crashed" in the middle of writing a line
        Files.writeString(dir.resolve("ops.jsonl"), "{\"seq\":6,\"kind\":\"LO", StandardOpenOption.APPEND);
        assertTrue(Journal.adopt(dir, "store-b").isEmpty(), "another store's journal is not adopted");
        try (Journal adopted = Journal.adopt(dir, "store-a").orElseThrow()) {
            assertEquals(2, adopted.deliveredSeq());
            assertEquals("run-id", adopted.run("r").runId());
            List<Stored> rest = adopted.read(adopted.deliveredOffset(), 100);
            assertEquals(List.of(3L, 4L, 5L), rest.stream().map(s -> s.entry().seq()).toList());
            assertFalse(adopted.caughtUp());
            adopted.markDone(5, rest.get(2).endOffset());
            assertTrue(adopted.caughtUp());
        }
        assertFalse(Files.exists(dir), "a session done without failures is removed");
    }

    @Test
    void aSessionWithFailuresIsKeptAsDone() throws Exception {
        Path dir;
        try (Journal j = Journal.create(root, "s")) {
            dir = j.dir();
            JournalEntry e = j.append(JournalEntry.log("r", 1, List.of(), List.of(new Param("p", "v")), List.of()));
            j.recordFailure(e, "INVALID_PARAMETER_VALUE: nope");
            j.markDone(1, j.read(0, 1).get(0).endOffset());
        }
        assertTrue(Files.exists(dir.resolve("done")));
        assertTrue(Files.readString(dir.resolve("failed.jsonl")).contains("nope"));
        assertTrue(Journal.adopt(dir, "s").isEmpty());
    }

    @Test
    void compactionEmptiesADeliveredJournalAndACrashInTheMiddleReplaysNothing() throws Exception {
        Path dir;
        try (Journal j = Journal.create(root, "s")) {
            dir = j.dir();
            for (int i = 0; i < 3; i++) {
                j.append(JournalEntry.log("r", i, List.of(new Metric("m", i, i, i)), List.of(), List.of()));
            }
            List<Stored> all = j.read(0, 10);
            assertFalse(j.compactIfDone(1), "not all delivered yet");
            j.markDone(3, all.get(2).endOffset());
            assertFalse(j.compactIfDone(1 << 20), "small enough to keep");
            assertTrue(j.compactIfDone(1));
            assertEquals(0, Files.size(dir.resolve("ops.jsonl")));
            JournalEntry next = j.append(JournalEntry.log("r", 9, List.of(new Metric("m", 9, 9, 9)), List.of(), List.of()));
            assertEquals(4, next.seq(), "numbering goes on");
            assertEquals(List.of(4L), j.read(j.deliveredOffset(), 10).stream().map(s -> s.entry().seq()).toList());
            j.markDone(4, j.read(0, 10).get(0).endOffset());
        }
        assertFalse(Files.exists(dir), "caught up: removed on close");
        // the process dies after cutting the file, before moving the mark: a later recorder finds
        // the mark past the end of an empty file
        Path dir2;
        try (Journal j = Journal.create(root, "s")) {
            dir2 = j.dir();
            j.append(JournalEntry.log("r", 1, List.of(new Metric("m", 1, 1, 1)), List.of(), List.of()));
            j.markDone(1, j.read(0, 1).get(0).endOffset());
            j.append(JournalEntry.log("r", 2, List.of(new Metric("m", 2, 2, 2)), List.of(), List.of()));
            j.release();
        }
        Files.write(dir2.resolve("ops.jsonl"), new byte[0]);
        try (Journal adopted = Journal.adopt(dir2, "s").orElseThrow()) {
            assertTrue(adopted.caughtUp());
            assertTrue(adopted.read(adopted.deliveredOffset(), 10).isEmpty(), "nothing is replayed");
        }
    }
}
