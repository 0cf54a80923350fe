package dev.jtrack.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HistoryTest {
    @TempDir
    Path dir;

    private static List<String> inputs(List<History.Entry> entries) {
        return entries.stream().map(History.Entry::input).toList();
    }

    @Test
    void sessionsAreNumberedAcrossProcessesAndEarlierOnesStaySearchable() {
        Path file = dir.resolve("h/jtrack.jsonl");
        History first = new History(file);
        assertEquals(1, first.session());
        first.add(1, "int a = 1;", null);
        first.add(2, "a + 1", "2");
        History second = new History(file);
        assertEquals(2, second.session());
        second.add(1, "int b = 2;", null);
        assertEquals(List.of("a + 1", "int b = 2;"), inputs(second.tail(2)));
        assertEquals(List.of("int a = 1;", "a + 1"), inputs(second.range(-1, 1, 0)));
        assertEquals(List.of("int b = 2;"), inputs(second.range(0, 1, 0)));
        assertEquals(List.of("a + 1"), inputs(second.range(1, 2, 3)));
        assertEquals("2", second.range(1, 2, 3).get(0).output());
        assertNull(second.range(1, 1, 2).get(0).output());
        assertEquals(3, new History(file).session());
    }

    @Test
    void searchUsesGlobsUniqueAndN() {
        History h = new History(null);
        h.add(1, "int a = 1;", null);
        h.add(2, "System.out.println(a);", null);
        h.add(3, "int a = 1;", null);
        h.add(4, "int b = 2;", null);
        assertEquals(List.of("int a = 1;", "int a = 1;", "int b = 2;"), inputs(h.search("int *", false, 0)));
        assertEquals(List.of("int a = 1;", "int b = 2;"), inputs(h.search("int *", true, 0)));
        assertEquals(3, h.search("int a*", true, 0).get(0).line());
        assertEquals(List.of("int b = 2;"), inputs(h.search("int *", false, 1)));
        assertEquals(List.of("int b = 2;"), inputs(h.search("int [b-z] = ?;", false, 0)));
        assertEquals(List.of("System.out.println(a);"), inputs(h.search("*.println(*", false, 0)));
        assertEquals(4, h.search("", false, 0).size());
        assertTrue(h.search("nothing*", false, 0).isEmpty());
    }

    @Test
    void corruptLinesAreSkipped() throws Exception {
        Path file = dir.resolve("h.jsonl");
        Files.writeString(file, "{\"s\":4}\nnot json\n{\"s\":4,\"n\":1,\"in\":\"x\"}\n");
        History h = new History(file);
        assertEquals(5, h.session());
        assertEquals(List.of("x"), inputs(h.tail(10)));
    }
}
