package dev.jtrack.cli;

import dev.jtrack.kernel.EngineStarter;
import dev.jtrack.notebook.TrackingClient;
import dev.jtrack.runner.NotebookExecutor;
import dev.jtrack.runner.NotebookFile;
import dev.jtrack.runner.RecordedSession;
import dev.jtrack.runner.RunOptions;
import dev.jtrack.runner.RunResult;
import dev.jtrack.runner.SessionDiff;
import dev.jtrack.tracking.MlflowException;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code jtrack reproduce RUN_ID}: re-runs a recorded session from the tracking store alone and diffs it. */
@Command(name = "reproduce", mixinStandardHelpOptions = true,
        description = {"Re-run a recorded notebook session (its cells in the order they really ran) as a new run"
                + " tagged jtrack.reproduces=RUN_ID, then print the differences in outputs and metrics.",
                "Exit status: 0 reproduced identically, 3 differences found, 1 the re-run failed, 2 bad input."})
public final class ReproduceCommand implements Callable<Integer> {
    /** How long the reproduction's own records may take to reach the store. */
    private static final Duration RECORDS_WAIT = Duration.ofSeconds(30);

    @Parameters(index = "0", paramLabel = "RUN_ID", description = "The session run to reproduce.")
    String runId;

    @Option(names = "--out", paramLabel = "DIR",
            description = "Where the rebuilt and executed notebook goes (default: reproduce-RUN_ID).")
    Path out;

    @Option(names = TrackingUriOption.NAME, paramLabel = "URI",
            description = "The tracking store the run is read from and the reproduction goes to (default:"
                    + " MLFLOW_TRACKING_URI, else jtrack.db in the working directory).")
    String trackingUri;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (TrackingUriOption.overrides(trackingUri)) {
            return TrackingUriOption.runWith(trackingUri, spec.commandLine().getParseResult().originalArgs());
        }
        Path dir = (out != null ? out : Path.of("reproduce-" + runId)).toAbsolutePath().normalize();
        RecordedSession original;
        try (TrackingClient client = TrackingClient.builder().trackingUri(System.getenv(TrackingUriOption.ENV))
                .workingDir(Path.of("").toAbsolutePath()).build()) {
            try {
                original = RecordedSession.load(client, runId);
            } catch (MlflowException | IOException e) {
                throw new UserError("cannot reproduce " + runId + ": " + e.getMessage(), 2);
            }
        }
        Jdk.requireJShell();
        NotebookFile notebook = original.toNotebook();
        Path input = dir.resolve("recorded.ipynb");
        Path output = dir.resolve("reproduced.ipynb");
        notebook.write(input);
        System.out.println("reproducing run " + runId + ": " + original.cells().size() + " cells in recorded order -> "
                + output);
        RunOptions options = new RunOptions(input, output, original.params(), original.experiment(),
                null, null, Map.of("jtrack.reproduces", runId));
        RunResult result = NotebookExecutor.execute(notebook, options,
                EngineStarter.splitOptions(System.getenv("JTRACK_COMPILER_OPTS")));
        if (result.runId() == null) {
            throw new UserError("the reproduction was not tracked (is autolog off?)", 1);
        }
        System.out.println("new run: " + result.runId());
        SessionDiff diff;
        try (TrackingClient client = TrackingClient.builder().trackingUri(System.getenv(TrackingUriOption.ENV))
                .workingDir(Path.of("").toAbsolutePath()).build()) {
            RecordedSession again = awaitRecorded(client, result.runId(), original.cells().size());
            RecordedSession before = RecordedSession.load(client, runId);
            diff = SessionDiff.compare(before, again);
        }
        diff.lines().forEach(System.out::println);
        System.out.println(diff.differences() == 0 ? "reproduced with 0 differences"
                : diff.differences() + " difference" + (diff.differences() == 1 ? "" : "s"));
        if (!result.succeeded()) {
            System.err.println("jtrack reproduce: " + result.message());
            return 1;
        }
        return diff.differences() == 0 ? 0 : 3;
    }

    /** The reproduction as stored, once its cell history has arrived (bounded wait). */
    private static RecordedSession awaitRecorded(TrackingClient client, String id, int cells) throws Exception {
        long deadline = System.nanoTime() + RECORDS_WAIT.toNanos();
        while (true) {
            try {
                RecordedSession s = RecordedSession.load(client, id);
                if (s.cells().size() >= cells || System.nanoTime() > deadline) {
                    return s;
                }
            } catch (IOException | MlflowException e) {
                if (System.nanoTime() > deadline) {
                    throw new UserError("the reproduction's records did not reach the store: " + e.getMessage(), 1);
                }
            }
            Thread.sleep(200);
        }
    }
}
