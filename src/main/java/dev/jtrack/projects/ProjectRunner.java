package dev.jtrack.projects;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.jtrack.autolog.env.Environment;
import dev.jtrack.autolog.env.GitInfo;
import dev.jtrack.maven.MavenResolver;
import dev.jtrack.maven.ResolvedDependency;
import dev.jtrack.notebook.ActiveRun;
import dev.jtrack.notebook.TrackingClient;
import dev.jtrack.runner.SharedStore;
import dev.jtrack.tracking.RunStatus;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * {@code jtrack run PROJECT}: resolves the project (checking it out when it is a git URI), checks
 * the entry point's parameters and the JDK before anything runs, then runs the entry point (or
 * the workflow) in tracked runs on a {@link Backend}. Ctrl-C / SIGTERM stops what runs and marks
 * it KILLED.
 */
public final class ProjectRunner {
    static final Duration RUN_ID_WAIT = Duration.ofSeconds(60);
    private static final Duration FLUSH_WAIT = Duration.ofSeconds(30);

    /**
     * What to run.
     *
     * @param project a directory or a git URI ({@code #sub/dir} allowed)
     * @param entry the entry point, or null for {@code main}
     * @param parameters the given values, as text (or lists)
     * @param gitRef the commit, tag or branch for a git project, or null
     * @param experiment the experiment, or null ({@code MLFLOW_EXPERIMENT_NAME}, else the project's name)
     * @param parallel how many workflow steps run at a time
     * @param forceAll rerun every step even when a cached run matches
     * @param forceStep rerun this step and its dependents, or null
     * @param resumeRunId a workflow run to resume, or null
     * @param javaHome {@code --java-home}, or null
     * @param workingDir where relative paths and the default store are resolved
     * @param out where progress and the entry points' output go
     * @param trackingUri the store, or null for {@code MLFLOW_TRACKING_URI} (else the embedded default)
     */
    public record Request(String project, String entry, Map<String, Object> parameters, String gitRef, String experiment,
                          int parallel, boolean forceAll, String forceStep, String resumeRunId, Path javaHome,
                          Path workingDir, PrintStream out, String trackingUri) {}

    /**
     * How a project run ended.
     *
     * @param status 0 when everything finished, 1 when the entry point (or a step) failed, 130 when stopped
     * @param runId the run of the entry point (of a workflow: its parent run), or null if none was started
     * @param workflow true when the entry point was a workflow (its steps are child runs)
     */
    public record Result(int status, String runId, boolean workflow) {}

    private ProjectRunner() {}

    /**
     * Runs the request; returns 0 when everything finished, 1 when the entry point (or a step)
     * failed, 130 when stopped.
     *
     * @throws ProjectError for bad input, before anything runs
     */
    public static int run(Request request) throws IOException {
        return runForResult(request).status();
    }

    /**
     * Runs the request and says how it ended and which run it made.
     *
     * @throws ProjectError for bad input, before anything runs
     */
    public static Result runForResult(Request request) throws IOException {
        ProjectSource source = ProjectSource.resolve(request.project(), request.gitRef(), cacheDir());
        MLProject project = MLProject.load(source.dir());
        EntryPoint entry = project.entryPoint(request.entry() == null ? "main" : request.entry());
        Path cwd = request.workingDir().toAbsolutePath().normalize();
        Map<String, Object> params = entry.resolve(request.parameters(), cwd);
        boolean workflow = entry.kind() == EntryPoint.Kind.WORKFLOW;
        if (!workflow && (request.forceStep() != null || request.resumeRunId() != null)) {
            throw new ProjectError("--force STEP and --resume apply to workflows; entry point '" + entry.name()
                    + "' is a " + entry.kind().name().toLowerCase(java.util.Locale.ROOT) + " entry point");
        }
        if (workflow) {
            WorkflowRunner.check(project, entry, params, request.forceStep());
        } else if (entry.kind() == EntryPoint.Kind.NOTEBOOK) {
            NotebookParameters.check(project, entry, params, java.util.Set.of());
        }
        Path javaHome = project.javaEnv().chooseJavaHome(request.javaHome(), Path.of(System.getProperty("java.home")),
                Runtime.version().feature(), blankToNull(System.getenv("JAVA_HOME")) == null ? null
                        : Path.of(System.getenv("JAVA_HOME")));
        List<ResolvedDependency> dependencies = resolve(project.javaEnv(), request.out());
        String experiment = request.experiment() != null ? request.experiment()
                : blankToNull(System.getenv("MLFLOW_EXPERIMENT_NAME")) != null ? System.getenv("MLFLOW_EXPERIMENT_NAME").strip()
                : project.name();
        Path workDir = Files.createTempDirectory("jtrack-project-");
        Backend backend = new LocalBackend(request.out());
        String trackingUri = request.trackingUri() != null ? request.trackingUri() : blankToNull(System.getenv("MLFLOW_TRACKING_URI"));
        try (SharedStore shared = SharedStore.open(trackingUri, cwd);
             TrackingClient client = TrackingClient.builder().trackingUri(shared.uri()).experiment(experiment)
                     .workingDir(cwd).build()) {
            ProjectContext context = new ProjectContext(source, project, javaHome, dependencies, shared.uri(), client,
                    backend, workDir, request.out());
            Thread hook = new Thread(context::stop, "jtrack-project-stop");
            Runtime.getRuntime().addShutdownHook(hook);
            int status;
            String[] runId = new String[1];
            try {
                if (workflow) {
                    WorkflowRunner runner = new WorkflowRunner(context, entry, params, request);
                    status = runner.run();
                    runId[0] = runner.parentRunId();
                } else {
                    status = runSingle(context, entry, params, runId);
                }
            } finally {
                if (!context.stopping()) {
                    removeHook(hook);
                }
            }
            if (context.stopping()) {
                context.awaitStopped();
                return new Result(130, runId[0], workflow);
            }
            if (!client.flush(FLUSH_WAIT)) {
                request.out().println("jtrack run: some records did not reach the store within " + FLUSH_WAIT.toSeconds() + " s");
            }
            return new Result(status, runId[0], workflow);
        } finally {
            deleteTree(workDir);
        }
    }

    private static int runSingle(ProjectContext context, EntryPoint entry, Map<String, Object> params, String[] runIdOut)
            throws IOException {
        String name = context.project().name() + " " + entry.name();
        ActiveRun run = context.client().startTopLevelRun(name, context.tags(entry, name));
        String runId = run.awaitRunId(RUN_ID_WAIT);
        runIdOut[0] = runId;
        context.out().println("project " + context.project().name() + ", entry point " + entry.name() + ": run " + runId);
        Backend.Outcome outcome = context.launch(run, entry, params, context.workDir().resolve(entry.name()), Map.of());
        context.end(run, outcome);
        context.out().println("run id: " + runId);
        if (!outcome.succeeded()) {
            context.out().println("jtrack run: entry point " + entry.name() + " failed: " + outcome.message());
            return 1;
        }
        return 0;
    }

    /** Resolves {@code java_env.dependencies} with Maven Resolver (none: nothing to do). */
    private static List<ResolvedDependency> resolve(JavaEnv env, PrintStream out) {
        if (env.dependencies().isEmpty()) {
            return List.of();
        }
        try {
            return new MavenResolver().resolve(env.dependencies(), out);
        } catch (Exception e) {
            throw new ProjectError("cannot resolve java_env.dependencies " + env.dependencies() + ": " + e.getMessage(), e);
        }
    }

    /** Where git projects are checked out: {@code JTRACK_PROJECT_CACHE}, else {@code ~/.cache/jtrack/projects}. */
    static Path cacheDir() {
        String env = blankToNull(System.getenv("JTRACK_PROJECT_CACHE"));
        return env != null ? Path.of(env) : Path.of(System.getProperty("user.home"), ".cache", "jtrack", "projects");
    }

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running or about to
        }
    }

    static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    static void deleteTree(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | RuntimeException e) {
            // a temporary directory left behind is harmless
        }
    }

    /** Everything one project run shares: the project, its JDK and dependencies, the store, the backend. */
    static final class ProjectContext {
        private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        private final ProjectSource source;
        private final MLProject project;
        private final Path javaHome;
        private final List<ResolvedDependency> dependencies;
        private final String trackingUri;
        private final TrackingClient client;
        private final Backend backend;
        private final Path workDir;
        private final PrintStream out;
        private final List<ActiveRun> running = new ArrayList<>();
        private volatile boolean stopping;
        private volatile ActiveRun parent;
        private final CountDownLatch stopped = new CountDownLatch(1);

        ProjectContext(ProjectSource source, MLProject project, Path javaHome, List<ResolvedDependency> dependencies,
                       String trackingUri, TrackingClient client, Backend backend, Path workDir, PrintStream out) {
            this.source = source;
            this.project = project;
            this.javaHome = javaHome;
            this.dependencies = dependencies;
            this.trackingUri = trackingUri;
            this.client = client;
            this.backend = backend;
            this.workDir = workDir;
            this.out = out;
        }

        MLProject project() {
            return project;
        }

        ProjectSource source() {
            return source;
        }

        TrackingClient client() {
            return client;
        }

        Path workDir() {
            return workDir;
        }

        PrintStream out() {
            return out;
        }

        boolean stopping() {
            return stopping;
        }

        void parent(ActiveRun run) {
            parent = run;
        }

        /** The project's version for cache keys: its git commit, else a content hash of its files. */
        String projectVersion() throws IOException {
            if (source.gitCommit() != null) {
                GitInfo git = GitInfo.read(source.dir());
                if (git != null && !git.dirty() && git.commit().equals(source.gitCommit())) {
                    return "git:" + source.gitCommit();
                }
            }
            return "sha256:" + StepCacheKey.treeHash(source.dir(), ProjectContext::notProjectContent);
        }

        /** Files a run leaves in a local project directory, which are no part of its version. */
        static boolean notProjectContent(Path relative) {
            String first = relative.getName(0).toString();
            String name = relative.getFileName().toString();
            return first.startsWith(".") || first.equals("mlruns") || first.equals("mlartifacts")
                    || name.endsWith(".db") || name.endsWith(".db-journal") || name.endsWith(".db-wal")
                    || name.endsWith(".output.ipynb") || name.endsWith(".log");
        }

        /** The tags of a run of {@code entry}, as {@code mlflow run} sets them, plus jtrack's. */
        Map<String, String> tags(EntryPoint entry, String runName) {
            Map<String, String> tags = new LinkedHashMap<>();
            tags.put("mlflow.runName", runName);
            tags.put("mlflow.source.type", "PROJECT");
            tags.put("mlflow.source.name", source.uri());
            if (source.gitCommit() != null) {
                tags.put("mlflow.source.git.commit", source.gitCommit());
            }
            if (source.repoUrl() != null) {
                tags.put("mlflow.source.git.repoURL", source.repoUrl());
                tags.put("mlflow.gitRepoURL", source.repoUrl());
            }
            tags.put("mlflow.project.entryPoint", entry.name());
            tags.put("mlflow.project.env", "java");
            tags.put("mlflow.project.backend", backend.name());
            tags.put("jtrack.project.name", project.name());
            if (project.javaEnv().java() != null) {
                tags.put("jtrack.project.java_env", project.javaEnv().java());
            }
            return tags;
        }

        /**
         * Runs {@code entry} in {@code run} (created, not ended): logs the parameters, the
         * environment and the dependencies' SHA-256, launches it on the backend, logs its output.
         */
        Backend.Outcome launch(ActiveRun run, EntryPoint entry, Map<String, Object> params, Path launchDir,
                               Map<String, String> extraTags) throws IOException {
            String runId = run.awaitRunId(RUN_ID_WAIT);
            synchronized (running) {
                if (stopping) {
                    return new Backend.Outcome(false, "stopped");
                }
                running.add(run);
            }
            Map<String, String> text = new LinkedHashMap<>();
            params.forEach((k, v) -> text.put(k, ParameterType.text(v)));
            if (!text.isEmpty()) {
                run.logParams(text);
            }
            if (entry.kind() != EntryPoint.Kind.NOTEBOOK) {
                // a notebook's session records its own environment; a program's is recorded here
                Environment environment = Environment.capture(jtrackVersion(), List.of(), dependencies, List.of(),
                        source.dir(), System.getenv());
                run.logText(JSON.writeValueAsString(environment.toJson()), "environment/environment.json");
                run.logText(environment.mavenLines(), "environment/maven.txt");
                if (environment.git() != null && environment.git().dirty()) {
                    run.logText(environment.git().diff(), "environment/git.diff");
                }
                Map<String, String> envTags = new LinkedHashMap<>(environment.tags());
                if (source.repoUrl() != null) {
                    envTags.put("mlflow.source.git.repoURL", source.repoUrl());
                }
                run.setTags(envTags);
            } else if (!dependencies.isEmpty()) {
                StringBuilder lines = new StringBuilder();
                for (ResolvedDependency d : dependencies) {
                    lines.append(d.coordinates()).append(' ').append(Environment.sha256(d.file())).append('\n');
                }
                run.logText(lines.toString(), "environment/java_env.txt");
            }
            Map<String, String> tags = new LinkedHashMap<>(tags(entry, run.name() == null ? entry.name() : run.name()));
            tags.putAll(extraTags);
            Launch launch = new Launch(project, entry, params, runId, run.experimentId().orElse(""), run.experiment(),
                    trackingUri, javaHome, MavenResolver.files(dependencies), launchDir, tags);
            Backend.Outcome outcome;
            try {
                outcome = backend.run(launch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                outcome = new Backend.Outcome(false, "interrupted");
            }
            Path log = launchDir.resolve(entry.name() + ".log");
            if (Files.isRegularFile(log) && !stopping) {
                run.logArtifact(log, "project");
            }
            return outcome;
        }

        /** Ends a launched run as its outcome says (KILLED when the project is being stopped). */
        void end(ActiveRun run, Backend.Outcome outcome) {
            synchronized (running) {
                running.remove(run);
                if (stopping) {
                    return; // the stop hook ends it KILLED
                }
                run.end(outcome.succeeded() ? RunStatus.FINISHED : RunStatus.FAILED);
            }
        }

        /** Ctrl-C / SIGTERM: stops the backend's launches, ends running runs and the parent KILLED. */
        void stop() {
            List<ActiveRun> toKill;
            synchronized (running) {
                stopping = true;
                toKill = new ArrayList<>(running);
            }
            try {
                out.println("jtrack run: stopping; runs still running end KILLED");
                backend.stopAll();
                for (ActiveRun run : toKill) {
                    run.end(RunStatus.KILLED);
                }
                ActiveRun p = parent;
                if (p != null) {
                    p.setTag("mlflow.note.content", "Stopped (Ctrl-C or SIGTERM) while "
                            + toKill.stream().map(r -> String.valueOf(r.name())).toList() + " ran.");
                    p.end(RunStatus.KILLED);
                }
                client.flush(Duration.ofSeconds(20));
            } finally {
                stopped.countDown();
            }
        }

        void awaitStopped() {
            try {
                stopped.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        private static String jtrackVersion() {
            String v = ProjectRunner.class.getPackage().getImplementationVersion();
            return v == null ? "dev" : v;
        }
    }
}
