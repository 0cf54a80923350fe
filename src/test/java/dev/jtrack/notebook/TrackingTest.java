package dev.jtrack.notebook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jtrack.tracking.MlflowException;
import dev.jtrack.tracking.Run;
import dev.jtrack.tracking.RunStatus;
import dev.jtrack.tracking.RunTag;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The static entry points over a client installed with {@link Tracking#useClient}. */
class TrackingTest {

    @TempDir
    Path dir;

    private TrackingClient client(String name) {
        return TrackingClient.builder().trackingUri(dir.resolve(name).toString())
                .journalDir(dir.resolve("journal-" + name)).build();
    }

    @Test
    void shortcutsLogToTheActiveRunStartingOneWhenNeeded() {
        TrackingClient first = client("first");
        Tracking.useClient(first);
        try {
            assertTrue(Tracking.activeRun().isEmpty());
            ActiveRun auto = Tracking.logMetric("x", 1.5, 3);
            assertEquals(auto, Tracking.activeRun().orElseThrow());
            Tracking.logParam("p", 1).setTag("t", "v");
            Tracking.setExperiment("statics");
            ActiveRun child = Tracking.startRun("child");
            assertEquals(auto, child.parent().orElseThrow());
            Tracking.logMetric("y", 2); // goes to the innermost run
            Tracking.endRun();
            assertEquals(RunStatus.FINISHED, child.status());
            assertEquals(auto, Tracking.activeRun().orElseThrow());
            assertTrue(Tracking.flush(Duration.ofSeconds(30)));
            Run autoRun = first.store().getRun(auto.runId().orElseThrow());
            Run childRun = first.store().getRun(child.runId().orElseThrow());
            assertEquals(1.5, autoRun.data().metrics().get(0).value());
            assertEquals("1", autoRun.data().params().get(0).value());
            assertEquals("statics", first.store().getExperiment(childRun.info().experimentId()).name());
            assertEquals(auto.runId().orElseThrow(), childRun.data().tags().stream()
                    .filter(t -> t.key().equals("mlflow.parentRunId")).map(RunTag::value).findFirst().orElseThrow());

            // a replaced client ends its runs at once and delivers in the background
            TrackingClient second = client("second");
            Tracking.useClient(second);
            assertFalse(auto.isActive());
            assertTrue(Tracking.activeRun().isEmpty());
            assertThrows(MlflowException.class, () -> Tracking.setTrackingUri("ftp://nowhere"));
        } finally {
            Tracking.useClient(null);
        }
    }
}
