package dev.jtrack.runner;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;

/**
 * A child JVM running this same jtrack build (same java, classpath and JVM options): used where a
 * run needs its own working directory or its own engine (JShellEngine routes the JVM's stdio, so
 * there is one engine per JVM).
 */
public final class SelfProcess {
    private SelfProcess() {}

    /** The command line that runs {@code jtrack ARGS...} in a new JVM. */
    public static List<String> command(List<String> args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse(
                java.nio.file.Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        for (String option : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (!option.startsWith("-agentlib") && !option.startsWith("-javaagent") && !option.startsWith("-Xrunjdwp")) {
                cmd.add(option);
            }
        }
        cmd.add("-cp");
        cmd.add(absoluteClassPath(System.getProperty("java.class.path")));
        cmd.add(EntryPoint.mainClass());
        cmd.addAll(args);
        return cmd;
    }

    /**
     * The class path with every entry made absolute: the child may run in another working
     * directory ({@code jtrack run --cwd}), where {@code java -jar target/jtrack.jar} would not resolve.
     */
    static String absoluteClassPath(String classPath) {
        List<String> entries = new ArrayList<>();
        for (String entry : classPath.split(java.io.File.pathSeparator)) {
            entries.add(entry.isEmpty() ? entry : java.nio.file.Path.of(entry).toAbsolutePath().toString());
        }
        return String.join(java.io.File.pathSeparator, entries);
    }
}
