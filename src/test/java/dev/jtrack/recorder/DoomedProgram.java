package dev.jtrack.recorder;

import dev.jtrack.notebook.ActiveRun;
import dev.jtrack.notebook.TrackingClient;

/**
 * A program killed by {@link CrashRecoveryTest}: logs to a tracking server that is not running,
 * says so, and waits to be killed with SIGKILL. Arguments: tracking URI, journal directory.
 */
public final class DoomedProgram {
    private DoomedProgram() {}

    public static void main(String[] args) throws Exception {
        TrackingClient client = TrackingClient.builder().trackingUri(args[0]).experiment("crash")
                .journalDir(java.nio.file.Path.of(args[1])).reporter(m -> { }).build();
        ActiveRun run = client.startRun("doomed");
        for (int i = 0; i < 50; i++) {
            run.logMetric("m", i, i);
        }
        run.logParam("p", "v").logText("written before the crash", "crash.txt");
        ActiveRun done = client.startTopLevelRun("finished-before-crash", java.util.Map.of());
        done.logMetric("x", 1);
        done.end();
        System.out.println("LOGGED");
        System.out.flush();
        Thread.sleep(120_000);
    }
}
