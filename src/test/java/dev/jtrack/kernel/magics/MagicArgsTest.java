package dev.jtrack.kernel.magics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class MagicArgsTest {
    @Test
    void splitsAtSpacesAndKeepsQuotedSpaces() {
        assertEquals(List.of("lr", "0.1", "3"), MagicArgs.split("  lr 0.1   3 "));
        assertEquals(List.of("name", "two words", "it's"), MagicArgs.split("name \"two words\" \"it's\""));
        assertEquals(List.of(), MagicArgs.split("   "));
        assertEquals(List.of("my run", "--nested"), MagicArgs.split("'my run' --nested"));
        assertThrows(IllegalArgumentException.class, () -> MagicArgs.split("\"open"));
    }

    @Test
    void keyAndRestKeepsTheValueAsWritten() {
        assertArrayEquals(new String[] {"note", "first tracked notebook"}, MagicArgs.keyAndRest("note \"first tracked notebook\""));
        assertArrayEquals(new String[] {"note", "a b  c"}, MagicArgs.keyAndRest("note a b  c"));
        assertArrayEquals(new String[] {"k", ""}, MagicArgs.keyAndRest("k"));
        assertArrayEquals(new String[] {"", ""}, MagicArgs.keyAndRest(""));
    }

    @Test
    void readsOptionsFlagsAndKeepsPositionalWordsAsWritten() {
        MagicArgs line = new MagicArgs("loss --last 3 --x=step \"metrics.a > 1\" --log --metrics a,b --metrics c",
                java.util.Set.of("last", "x", "metrics"), java.util.Set.of("log"));
        assertEquals("3", line.value("last"));
        assertEquals(3, line.positiveInt("last", 10));
        assertEquals("step", line.value("x"));
        assertEquals(List.of("a", "b", "c"), line.list("metrics"));
        assertEquals(true, line.flag("log"));
        assertEquals(List.of("loss", "metrics.a > 1"), line.positional());
        assertEquals("metrics.a > 1", line.rest(1));
        assertThrows(IllegalArgumentException.class, () -> new MagicArgs("--nope", java.util.Set.of(), java.util.Set.of()));
        assertThrows(IllegalArgumentException.class, () -> new MagicArgs("--last", java.util.Set.of("last"), java.util.Set.of()));
    }

    @Test
    void callersMayEditTheWords() {
        List<String> words = MagicArgs.split("explicit --nested");
        words.remove("--nested");
        assertEquals(List.of("explicit"), words);
    }
}
