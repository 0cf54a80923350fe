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
        TrackingClient second = client("second");
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
            Tracking.useClient(second);
            assertFalse(auto.isActive());
            assertTrue(Tracking.activeRun().isEmpty());
            assertThrows(MlflowException.class, () -> Tracking.setTrackingUri("ftp://nowhere"));
        } finally {
            Tracking.useClient(null);
            // useClient closes a replaced client in the background: wait for both before the
            // temporary directory holding their journals is deleted
            first.close(Duration.ofSeconds(30));
            second.close(Duration.ofSeconds(30));
        }
    }

    @Test
    void aProgramStartedWithMlflowRunIdLogsIntoThatRunOnce() {
        // the run a project's java: step (or a pipeline) made before starting the program
        TrackingClient creator = client("env");
        ActiveRun made = creator.startRun("step");
        String id = made.awaitRunId(Duration.ofSeconds(30));
        creator.close(Duration.ofSeconds(30));
        Env.set("MLFLOW_TRACKING_URI", dir.resolve("env").toString());
        Env.set("JTRACK_JOURNAL_DIR", dir.resolve("journal-program").toString());
        Env.set("MLFLOW_RUN_ID", id);
        Tracking.useClient(null);
        TrackingClient program = null;
        try {
            ActiveRun run = Tracking.logMetric("accuracy", 0.9);
            program = Tracking.client();
            assertEquals(id, run.awaitRunId(Duration.ofSeconds(30)), "the first run continues MLFLOW_RUN_ID's");
            ActiveRun child = Tracking.startRun("inner");
            assertEquals(run, child.parent().orElseThrow());
            Tracking.endRun();
            Tracking.endRun();
            ActiveRun fresh = Tracking.startRun("second");
            assertFalse(id.equals(fresh.awaitRunId(Duration.ofSeconds(30))), "MLFLOW_RUN_ID is taken up once");
            Tracking.endRun();
            assertTrue(Tracking.flush(Duration.ofSeconds(30)));
            Run stored = program.store().getRun(id);
            assertEquals(0.9, stored.data().metrics().get(0).value());
            assertEquals(RunStatus.FINISHED, stored.info().status());
        } finally {
            Env.set("MLFLOW_RUN_ID", "");
            Env.set("MLFLOW_TRACKING_URI", "");
            Env.set("JTRACK_JOURNAL_DIR", "");
            Tracking.useClient(null);
            if (program != null) {
                program.close(Duration.ofSeconds(30));
            }
        }
    }

    @Test
    void aClientTheKernelInstalledLeavesMlflowRunIdToTheKernel() {
        TrackingClient session = client("kernel");
        Env.set("MLFLOW_RUN_ID", "0123456789abcdef0123456789abcdef");
        Tracking.useClient(session);
        try {
            ActiveRun run = Tracking.startRun("mine");
            assertFalse("0123456789abcdef0123456789abcdef".equals(run.awaitRunId(Duration.ofSeconds(30))));
            Tracking.endRun();
        } finally {
            Env.set("MLFLOW_RUN_ID", "");
            Tracking.useClient(null);
            session.close(Duration.ofSeconds(30));
        }
    }
}
