package dev.jtrack.projects;

import dev.jtrack.runner.SelfProcess;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Runs entry points as processes on this machine: a notebook in a child {@code jtrack run}, a
 * Java file with the JDK's source launcher ({@code java -cp jtrack.jar:deps Train.java --p v}),
 * a command with {@code bash -c}. Output goes to {@code <workDir>/<entry>.log} and, prefixed, to
 * the echo stream.
 */
public final class LocalBackend implements Backend {
    private static final long STOP_WAIT_SECONDS = 20;
    private final PrintStream echo;
    private final Set<Process> running = ConcurrentHashMap.newKeySet();
    private volatile boolean stopped;

    /** @param echo where the entry points' output is echoed (each line prefixed), or null */
    public LocalBackend(PrintStream echo) {
        this.echo = echo;
    }

    @Override
    public String name() {
        return "local";
    }

    @Override
    public Outcome run(Launch launch) throws InterruptedException {
        if (stopped) {
            return new Outcome(false, "stopped");
        }
        Path log = launch.workDir().resolve(launch.entry().name() + ".log");
        Process process;
        try {
            Files.createDirectories(launch.workDir());
            ProcessBuilder builder = new ProcessBuilder(command(launch)).directory(launch.project().dir().toFile())
                    .redirectErrorStream(true);
            environment(launch, builder.environment());
            synchronized (running) {
                if (stopped) {
                    return new Outcome(false, "stopped");
                }
                process = builder.start();
                running.add(process);
            }
        } catch (IOException e) {
            return new Outcome(false, "cannot start " + launch.entry().name() + ": " + e.getMessage());
        }
        try {
            process.getOutputStream().close();
            Deque<String> tail = copyOutput(process, log, "[" + launch.entry().name() + "] ");
            int status = process.waitFor();
            if (status == 0) {
                return new Outcome(true, null);
            }
            String last = lastError(List.copyOf(tail));
            return new Outcome(false, "exit status " + status + (last == null ? "" : ": " + last));
        } catch (IOException e) {
            return new Outcome(false, "lost the output of " + launch.entry().name() + ": " + e.getMessage());
        } catch (InterruptedException e) {
            stop(process);
            throw e;
        } finally {
            running.remove(process);
        }
    }

    /** The last error the output shows: from its last {@code jtrack ...:} or exception line to the end, on one line. */
    static String lastError(List<String> lines) {
        for (int i = lines.size() - 1; i >= 0; i--) {
            String l = lines.get(i);
            if (l.startsWith("jtrack") || l.contains("Exception") || l.contains("Error")) {
                StringBuilder joined = new StringBuilder(l.strip());
                for (int j = i + 1; j < lines.size() && lines.get(j).startsWith("  ") && !lines.get(j).strip().startsWith("at "); j++) {
                    joined.append(' ').append(lines.get(j).strip()); // "jtrack run: bad parameters:" lists them below
                }
                return joined.length() > 500 ? joined.substring(0, 500) + "..." : joined.toString();
            }
        }
        return null;
    }

    @Override
    public void stopAll() {
        List<Process> processes;
        synchronized (running) {
            stopped = true;
            processes = new ArrayList<>(running);
        }
        processes.forEach(LocalBackend::signal);
        for (Process p : processes) {
            stop(p);
        }
    }

    private static void signal(Process p) {
        p.descendants().forEach(ProcessHandle::destroy);
        p.destroy();
    }

    private static void stop(Process p) {
        signal(p);
        try {
            if (!p.waitFor(STOP_WAIT_SECONDS, TimeUnit.SECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The command line of an entry point. */
    static List<String> command(Launch launch) {
        EntryPoint entry = launch.entry();
        Map<String, Object> params = launch.parameters();
        List<String> cmd = new ArrayList<>();
        switch (entry.kind()) {
            case NOTEBOOK -> {
                Path out = launch.workDir().resolve(Path.of(entry.target()).getFileName().toString()
                        .replaceFirst("\\.ipynb$", ".output.ipynb"));
                List<String> args = new ArrayList<>(List.of("run", launch.project().dir().resolve(entry.target()).toString(),
                        out.toString(), "--experiment", launch.experimentName()));
                params.forEach((k, v) -> args.addAll(List.of("-p", k, ParameterType.text(v))));
                launch.tags().forEach((k, v) -> args.addAll(List.of("--tag", k + "=" + v)));
                cmd.addAll(SelfProcess.command(args));
                cmd.set(0, java(launch.javaHome()));
                // the notebook's cells compile against the JVM's class path: java_env's dependencies join it
                int cp = cmd.indexOf("-cp");
                if (cp >= 0 && !launch.classpath().isEmpty()) {
                    List<String> entries = new ArrayList<>(List.of(cmd.get(cp + 1)));
                    launch.classpath().forEach(p -> entries.add(p.toAbsolutePath().toString()));
                    cmd.set(cp + 1, String.join(File.pathSeparator, entries));
                }
                cmd.addAll(1, launch.project().javaEnv().jvmOptions());
            }
            case JAVA -> {
                cmd.add(java(launch.javaHome()));
                cmd.addAll(launch.project().javaEnv().jvmOptions());
                params.forEach((k, v) -> cmd.add("-Djtrack.param." + k + "=" + ParameterType.text(v)));
                List<String> classpath = new ArrayList<>(List.of(jtrackClasspath()));
                launch.classpath().forEach(p -> classpath.add(p.toAbsolutePath().toString()));
                cmd.addAll(List.of("-cp", String.join(File.pathSeparator, classpath)));
                cmd.add(launch.project().dir().resolve(entry.target()).toString());
                params.forEach((k, v) -> cmd.addAll(List.of("--" + k, ParameterType.text(v))));
            }
            case COMMAND -> {
                Map<String, String> text = new java.util.LinkedHashMap<>();
                params.forEach((k, v) -> text.put(k, ParameterType.text(v)));
                String line = CommandTemplate.render(entry.name(), entry.target(), text, entry.parameters().keySet());
                cmd.addAll(List.of(Files.isExecutable(Path.of("/bin/bash")) ? "/bin/bash" : "/bin/sh", "-c", line));
            }
            default -> throw new IllegalArgumentException("a workflow is not run by a backend: " + entry.name());
        }
        return cmd;
    }

    private static void environment(Launch launch, Map<String, String> env) {
        env.put("MLFLOW_RUN_ID", launch.runId());
        env.put("MLFLOW_TRACKING_URI", launch.trackingUri());
        env.put("MLFLOW_EXPERIMENT_ID", launch.experimentId());
        env.put("MLFLOW_EXPERIMENT_NAME", launch.experimentName());
        env.put("JAVA_HOME", launch.javaHome().toString());
        env.put("MLFLOW_DISABLE_TELEMETRY", "true");
        env.put("DO_NOT_TRACK", "true");
        if (launch.entry().kind() == EntryPoint.Kind.COMMAND) {
            env.put("JTRACK_CLASSPATH", jtrackClasspath());
        }
    }

    private static String java(Path javaHome) {
        return javaHome.resolve("bin").resolve("java").toString();
    }

    /** Copies the process's output to the log and the echo stream; returns the last lines. */
    private Deque<String> copyOutput(Process process, Path log, String prefix) throws IOException {
        Deque<String> tail = new ArrayDeque<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
             BufferedWriter out = Files.newBufferedWriter(log, StandardCharsets.UTF_8)) {
            for (String line; (line = in.readLine()) != null; ) {
                out.write(line);
                out.newLine();
                out.flush();
                if (echo != null) {
                    synchronized (echo) {
                        echo.println(prefix + line);
                    }
                }
                tail.addLast(line);
                if (tail.size() > 40) {
                    tail.removeFirst();
                }
            }
        }
        return tail;
    }

    /** jtrack's own class path, absolute (for {@code java:} entry points and {@code JTRACK_CLASSPATH}). */
    static String jtrackClasspath() {
        List<String> out = new ArrayList<>();
        for (String entryPath : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (!entryPath.isEmpty()) {
                out.add(Path.of(entryPath).toAbsolutePath().toString());
            }
        }
        return String.join(File.pathSeparator, out);
    }
}
