package dev.jtrack.autolog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SessionSourceTest {
    @TempDir
    Path tmp;

    @Test
    void withoutANotebookTheWorkingDirectoryAndDefaultExperiment() {
        SessionSource s = SessionSource.detect(Map.of("USER", "ada"), tmp);
        assertNull(s.notebook());
        assertEquals(tmp.toString(), s.sourceName());
        assertEquals("Default", s.experiment(Map.of()));
        assertEquals("ada", s.user());
        assertEquals("session 2026-01-02 03:04:05", s.runName(LocalDateTime.of(2026, 1, 2, 3, 4, 5)));
    }

    @Test
    void cellsThatChooseWhereToTrackStartTheSessionRunAfterwards() {
        org.junit.jupiter.api.Assertions.assertTrue(AutologSession.choosesWhereToTrack("%tracking_uri http://h:5000"));
        org.junit.jupiter.api.Assertions.assertTrue(AutologSession.choosesWhereToTrack("\n  %experiment x\nint a = 1;"));
        org.junit.jupiter.api.Assertions.assertTrue(AutologSession.choosesWhereToTrack("%autolog off"));
        org.junit.jupiter.api.Assertions.assertFalse(AutologSession.choosesWhereToTrack("int a = 1;\n%experiment x"));
        org.junit.jupiter.api.Assertions.assertFalse(AutologSession.choosesWhereToTrack("%%params\nint a = 1;"));
    }

    @Test
    void notebookFromJupyterSessionName() throws Exception {
        Files.createFile(tmp.resolve("train.ipynb"));
        SessionSource s = SessionSource.detect(Map.of("JPY_SESSION_NAME", "work/train.ipynb"), tmp);
        assertEquals(tmp.resolve("train.ipynb"), s.notebook());
        assertEquals("train", s.experiment(Map.of()));
        assertEquals("exp", s.experiment(Map.of("MLFLOW_EXPERIMENT_NAME", "exp")));
        SessionSource absolute = SessionSource.detect(Map.of("JPY_SESSION_NAME", "/srv/nb/a.ipynb"), tmp);
        assertEquals(Path.of("/srv/nb/a.ipynb"), absolute.notebook());
        assertEquals("/srv/nb/a.ipynb", absolute.sourceName());
    }
}
