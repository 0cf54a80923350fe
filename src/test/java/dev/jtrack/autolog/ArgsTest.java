package dev.jtrack.autolog;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jtrack.autolog.magics.Args;
import java.util.List;
import org.junit.jupiter.api.Test;

class ArgsTest {
    @Test
    void splitsAtSpacesAndKeepsQuotedSpaces() {
        assertEquals(List.of("lr", "0.1", "3"), Args.split("  lr 0.1   3 "));
        assertEquals(List.of("name", "two words", "it's"), Args.split("name \"two words\" \"it's\""));
        assertEquals(List.of(), Args.split("   "));
        assertEquals(List.of("my run", "--nested"), Args.split("'my run' --nested"));
        assertThrows(IllegalArgumentException.class, () -> Args.split("\"open"));
    }

    @Test
    void keyAndRestKeepsTheValueAsWritten() {
        assertArrayEquals(new String[] {"note", "first tracked notebook"}, Args.keyAndRest("note \"first tracked notebook\""));
        assertArrayEquals(new String[] {"note", "a b  c"}, Args.keyAndRest("note a b  c"));
        assertArrayEquals(new String[] {"k", ""}, Args.keyAndRest("k"));
        assertArrayEquals(new String[] {"", ""}, Args.keyAndRest(""));
    }
}
