package dev.jtrack.cli;

import dev.jtrack.server.ServerConfig;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Option;

/**
 * What the commands that serve HTTP in the foreground ({@code server}, {@code models serve}) share:
 * the {@code --host} and {@code --workers} options (a picocli mixin; each command keeps its own
 * default {@code --port}), quiet library logs and staying up until the JVM is stopped.
 */
final class Serving {
    @Option(names = "--host", defaultValue = "127.0.0.1", description = "Interface to bind (default: ${DEFAULT-VALUE}).")
    String host;

    @Option(names = {"-w", "--workers"}, description = "Request threads (default: 4 per core, at least 8).")
    Integer workers;

    /** {@code --workers}, else the server default (4 per core, at least 8). */
    int workers() {
        return workers != null ? workers : ServerConfig.defaultWorkers();
    }

    /** Sets these loggers to WARN unless the user chose a level: the command prints its own one-line banner. */
    static void quietLogs(String... loggers) {
        for (String logger : loggers) {
            String key = "org.slf4j.simpleLogger.log." + logger;
            if (System.getProperty(key) == null) System.setProperty(key, "warn");
        }
    }

    /**
     * Registers {@code onStop} to run when the JVM shuts down (Ctrl-C, SIGTERM); the returned latch
     * opens once it has run, so the command can wait on it and keep serving until then.
     */
    static CountDownLatch onShutdown(String threadName, Runnable onStop) {
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            onStop.run();
            stopped.countDown();
        }, threadName));
        return stopped;
    }
}
