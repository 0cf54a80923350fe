package dev.jtrack.cli;

import dev.jtrack.runner.SelfProcess;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code --tracking-uri} of the client-side commands that run notebooks ({@code run},
 * {@code reproduce}, {@code quickstart}). Without it they track where {@code MLFLOW_TRACKING_URI}
 * says, as MLflow's clients do, since the kernel's engine reads that variable. Given, the command
 * runs again in a child JVM whose {@code MLFLOW_TRACKING_URI} is the option's value, so that
 * everything it starts (engine, sweep children, the server of quickstart) sees one store.
 */
final class TrackingUriOption {
    static final String ENV = "MLFLOW_TRACKING_URI";
    static final String NAME = "--tracking-uri";

    private TrackingUriOption() {}

    /** Whether {@code option} names another store than this process's {@code MLFLOW_TRACKING_URI}. */
    static boolean overrides(String option) {
        return option != null && !option.isBlank() && !option.strip().equals(System.getenv(ENV));
    }

    /**
     * Runs this jtrack command again ({@code originalArgs}, the subcommand first) without the
     * option, with {@code MLFLOW_TRACKING_URI=uri}; returns its exit status.
     */
    static int runWith(String uri, List<String> originalArgs) throws IOException, InterruptedException {
        ProcessBuilder child = new ProcessBuilder(SelfProcess.command(withoutOption(originalArgs))).inheritIO();
        child.environment().put(ENV, uri.strip());
        return child.start().waitFor();
    }

    /** {@code args} without {@code --tracking-uri URI} / {@code --tracking-uri=URI}. */
    static List<String> withoutOption(List<String> args) {
        List<String> out = new ArrayList<>(args.size());
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (arg.equals(NAME)) {
                i++; // and its value
            } else if (!arg.startsWith(NAME + "=")) {
                out.add(arg);
            }
        }
        return out;
    }
}
