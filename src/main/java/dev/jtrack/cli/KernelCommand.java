package dev.jtrack.cli;

import dev.jtrack.kernel.EngineStarter;
import dev.jtrack.kernel.JtrackKernel;
import dev.jtrack.kernel.KernelWarmup;
import dev.jtrack.kernel.ParentWatch;
import dev.jtrack.kernel.protocol.ConnectionInfo;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code jtrack kernel --connection-file F}: what a Jupyter front end runs (see kernel.json). */
@Command(name = "kernel", mixinStandardHelpOptions = true,
        description = "Run the Jupyter kernel (started by Jupyter through the installed kernelspec).")
final class KernelCommand implements Callable<Integer> {

    @Option(names = {"-f", "--connection-file"}, paramLabel = "FILE",
            description = "The connection file written by the Jupyter front end.")
    Path connectionFile;

    @Option(names = "--warmup", hidden = true,
            description = "Run a kernel against an in-process client and exit (used by install).")
    boolean warmup;

    @Override
    public Integer call() throws Exception {
        Jdk.requireJShell();
        var engine = JtrackKernel.jshellEngine(EngineStarter.splitOptions(System.getenv("JTRACK_COMPILER_OPTS")));
        if (warmup) {
            KernelWarmup.run(engine, Main.version());
            System.exit(0);
        }
        if (connectionFile == null) {
            throw new UserError("missing --connection-file (Jupyter passes it; see 'jtrack install')", 2);
        }
        return runKernel(connectionFile);
    }

    /**
     * The kernel's start without picocli, for the exact argv kernel.json uses: Jupyter measures our
     * start, and picocli's Java 5 class files can't be put into the class-data-sharing archive, so
     * building its command model would cost a noticeable part of the start on a small machine.
     * Errors become one line on stderr, as through picocli.
     */
    static int fastStart(Path connectionFile) {
        try {
            Jdk.requireJShell();
            return runKernel(connectionFile);
        } catch (UserError e) {
            System.err.println("jtrack kernel: " + e.getMessage());
            return e.exitCode();
        } catch (Exception e) {
            System.err.println("jtrack kernel: " + (e.getMessage() == null ? e.toString() : e.getMessage()));
            return 1;
        }
    }

    private static int runKernel(Path connectionFile) throws InterruptedException {
        var engine = JtrackKernel.jshellEngine(EngineStarter.splitOptions(System.getenv("JTRACK_COMPILER_OPTS")));
        ConnectionInfo info;
        try {
            info = ConnectionInfo.read(connectionFile);
        } catch (IOException e) {
            throw new UserError(e.getMessage());
        }
        ParentWatch.parentFrom(System.getenv()).ifPresent(parent -> ParentWatch.watch(parent, Duration.ofSeconds(1), () -> {
            System.err.println("jtrack kernel: the front end that started it (pid " + parent.pid()
                    + ") has exited; shutting down");
            System.exit(0);
        }));
        try {
            JtrackKernel.run(info, engine, historyFile(info.kernelName()), Main.version());
        } catch (org.zeromq.ZMQException e) {
            throw new UserError("cannot bind the kernel's ports on " + info.ip() + " (" + e.getMessage()
                    + "); is another kernel using " + connectionFile + "?");
        }
        // engine and user threads may not be daemons: the kernel's life ends here
        System.exit(0);
        return 0;
    }

    /** {@code $JTRACK_HISTORY_FILE}, else {@code $XDG_DATA_HOME/jtrack/history/<kernel name>.jsonl}. */
    static Path historyFile(String kernelName) {
        String explicit = System.getenv("JTRACK_HISTORY_FILE");
        if (explicit != null && !explicit.isEmpty()) {
            return Path.of(explicit);
        }
        String xdg = System.getenv("XDG_DATA_HOME");
        Path base = xdg != null && !xdg.isEmpty() ? Path.of(xdg)
                : Path.of(System.getProperty("user.home"), ".local", "share");
        String name = kernelName == null || kernelName.isEmpty() ? "jtrack" : kernelName.replaceAll("[^a-zA-Z0-9._-]", "_");
        return base.resolve("jtrack").resolve("history").resolve(name + ".jsonl");
    }
}
