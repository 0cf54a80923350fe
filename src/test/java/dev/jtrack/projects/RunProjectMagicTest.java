package dev.jtrack.projects;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jtrack.notebook.TrackingClient;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunProjectMagicTest {
    @TempDir
    Path tmp;
    TrackingClient session;

    @BeforeEach
    void openASessionStore() {
        session = TrackingClient.builder().trackingUri("sqlite:///" + tmp.resolve("session.db"))
                .journalDir(tmp.resolve("journal")).build();
    }

    @AfterEach
    void close() {
        session.close();
    }

    @Test
    void readsTheOptionsOfJtrackRunAndTracksIntoTheSessionsStore() {
        ProjectRunner.Request r = RunProjectMagic.parse(
                "examples/p -e train -P lr=0.1 --param 'name=a b' --experiment e --parallel 3 --git-ref v1 --force train", session);
        assertEquals("examples/p", r.project());
        assertEquals("train", r.entry());
        assertEquals(Map.of("lr", "0.1", "name", "a b"), r.parameters());
        assertEquals("e", r.experiment());
        assertEquals(3, r.parallel());
        assertEquals("v1", r.gitRef());
        assertEquals("train", r.forceStep());
        assertFalse(r.forceAll());
        assertEquals("sqlite:///" + tmp.resolve("session.db").toAbsolutePath(), r.trackingUri());

        ProjectRunner.Request all = RunProjectMagic.parse("p --force --resume abc", session);
        assertTrue(all.forceAll());
        assertNull(all.forceStep());
        assertEquals("abc", all.resumeRunId());
        assertNull(all.entry());
    }

    @Test
    void refusesWhatItCannotReadWithTheUsage() {
        for (String bad : new String[] {"", "p -P novalue", "p -e", "p --parallel 0", "p q", "p --unknown"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RunProjectMagic.parse(bad, session), bad);
            assertTrue(e.getMessage().contains("usage: %run_project"), e.getMessage());
        }
    }
}
