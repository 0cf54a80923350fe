package dev.jtrack.runner;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jtrack.autolog.AutologExtension;
import dev.jtrack.autolog.AutologSession;
import dev.jtrack.autolog.params.JavaParameters;
import dev.jtrack.kernel.engine.ErrorInfo;
import dev.jtrack.kernel.engine.ExecuteRequest;
import dev.jtrack.kernel.engine.ExecutionEngine;
import dev.jtrack.kernel.engine.ExecutionOutcome;
import dev.jtrack.kernel.engine.JShellEngine;
import dev.jtrack.kernel.extension.KernelExtension;
import dev.jtrack.notebook.ActiveRun;
import dev.jtrack.tracking.RunStatus;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs a prepared notebook's code cells in order through the kernel's own engine (in this JVM, no
 * Jupyter needed), so outputs are rendered by the same renderers and the autolog extension the
 * engine loads records the run exactly like an interactive session. Writes papermill metadata and
 * saves the output notebook after every cell; stops at the first failing cell.
 */
public final class NotebookExecutor {
    private static final Duration TRACKING_WAIT = Duration.ofSeconds(20);
    /** How long a finished run waits for its records to reach the store before the process exits. */
    private static final Duration DELIVERY_WAIT = Duration.ofSeconds(60);

    private NotebookExecutor() {}

    /**
     * Executes {@code notebook} (parameters already injected) as {@code options} say.
     *
     * @param engineCompilerOptions javac options for notebook code, as the kernel takes them
     */
    public static RunResult execute(NotebookFile notebook, RunOptions options, List<String> engineCompilerOptions)
            throws IOException {
        JShellEngine engine = JShellEngine.create(engineCompilerOptions);
        try {
            return execute(engine, notebook, options);
        } finally {
            closeBounded(engine);
        }
    }

    /**
     * Executes {@code notebook} in an engine the caller created and will close, so that the caller
     * can still look at the notebook's state after the run (its variables, for notebook tests).
     */
    public static RunResult execute(JShellEngine engine, NotebookFile notebook, RunOptions options) throws IOException {
        Papermill.start(notebook, options);
        notebook.write(options.output());
        int count = 0;
        silent(engine, "// jtrack run: waits until the engine and its extensions have started");
        AutologSession autolog = autolog(engine);
        if (options.experiment() != null && autolog != null && autolog.autolog()) {
            silent(engine, "%experiment " + options.experiment());
        }
        ArrayNode cells = notebook.cells();
        int failed = -1;
        String message = null;
        boolean tracked = false;
        for (int i = 0; i < cells.size(); i++) {
            ObjectNode cell = (ObjectNode) cells.get(i);
            if (!"code".equals(cell.path("cell_type").asText())) {
                continue;
            }
            ArrayNode outputs = cell.putArray("outputs");
            cell.putNull("execution_count");
            if (failed >= 0) {
                continue;
            }
            String source = NotebookFile.source(cell);
            Papermill.cellRunning(cell);
            notebook.write(options.output());
            Instant start = Instant.now();
            CellOutputs sink = new CellOutputs(outputs, options.log());
            ExecutionOutcome outcome;
            if (source.isBlank()) {
                outcome = ExecutionOutcome.ok(null);
            } else {
                count++;
                cell.put("execution_count", count);
                if (options.log() != null) {
                    options.log().println("Executing cell " + (i + 1) + " of " + cells.size());
                }
                outcome = run(engine, new ExecuteRequest(source, count, cell.path("id").asText(null), false, true, false,
                        Map.of("cellId", cell.path("id").asText(""))), sink, options.executionTimeout());
                if (!tracked) {
                    tracked = tagSessionRun(engine, notebook, options);
                }
            }
            if (outcome.status() == ExecutionOutcome.Status.OK) {
                if (outcome.result() != null && !outcome.result().isEmpty()) {
                    sink.result(outcome.result(), count);
                }
                Papermill.cellDone(cell, start, Instant.now(), null);
            } else {
                ErrorInfo error = outcome.error() != null ? outcome.error()
                        : new ErrorInfo("InterruptedException", "the cell was interrupted", List.of());
                sink.error(error);
                Papermill.cellDone(cell, start, Instant.now(), error);
                failed = i;
                message = "cell " + (i + 1) + " failed: " + error.ename()
                        + (error.evalue() == null || error.evalue().isEmpty() ? "" : ": " + error.evalue());
            }
            notebook.write(options.output());
        }
        Papermill.finish(notebook, failed >= 0, message);
        notebook.write(options.output());
        String runId = finishTracking(engine, notebook, options, failed >= 0);
        return new RunResult(failed < 0, failed, runId, message);
    }

    /** Runs a cell, interrupting it after {@code timeout} (papermill's --execution-timeout). */
    private static ExecutionOutcome run(ExecutionEngine engine, ExecuteRequest request, CellOutputs sink, Duration timeout) {
        if (timeout == null) {
            return engine.execute(request, sink);
        }
        CompletableFuture<ExecutionOutcome> future = new CompletableFuture<>();
        Thread thread = new Thread(() -> {
            try {
                future.complete(engine.execute(request, sink));
            } catch (Throwable e) {
                future.completeExceptionally(e);
            }
        }, "jtrack-run-cell");
        thread.setDaemon(true);
        thread.start();
        try {
            return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            engine.interrupt();
            try {
                future.get(10, TimeUnit.SECONDS);
            } catch (Exception ignored) {
                // the cell is reported as timed out either way
            }
            return new ExecutionOutcome(ExecutionOutcome.Status.INTERRUPTED, null, new ErrorInfo("CellTimeoutError",
                    "the cell did not finish within " + timeout.toSeconds() + " s (--execution-timeout)",
                    List.of("CellTimeoutError: the cell did not finish within " + timeout.toSeconds() + " s")));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            engine.interrupt();
            return new ExecutionOutcome(ExecutionOutcome.Status.INTERRUPTED, null,
                    new ErrorInfo("InterruptedException", "the run was interrupted", List.of()));
        } catch (java.util.concurrent.ExecutionException e) {
            Throwable cause = e.getCause();
            return new ExecutionOutcome(ExecutionOutcome.Status.ERROR, null,
                    new ErrorInfo(cause.getClass().getName(), String.valueOf(cause.getMessage()), List.of(cause.toString())));
        }
    }

    /**
     * Runs {@code code} (e.g. a magic such as {@code %tracking_uri URI}) as a silent cell that
     * shows nothing and is not recorded; its error is thrown as an IllegalArgumentException.
     */
    public static void runSilently(ExecutionEngine engine, String code) {
        silent(engine, code);
    }

    private static void silent(ExecutionEngine engine, String code) {
        CellOutputs discard = new CellOutputs(new com.fasterxml.jackson.databind.node.ArrayNode(
                com.fasterxml.jackson.databind.node.JsonNodeFactory.instance), null);
        ExecutionOutcome outcome = engine.execute(new ExecuteRequest(code, 0, null, true, false, false, Map.of()), discard);
        if (outcome.status() != ExecutionOutcome.Status.OK && outcome.error() != null) {
            throw new IllegalArgumentException(outcome.error().evalue());
        }
    }

    /** The autolog session of the engine, or null when autolog isn't loaded. */
    static AutologSession autolog(JShellEngine engine) {
        for (KernelExtension extension : engine.extensions().extensions()) {
            if (extension instanceof AutologExtension autolog) {
                return autolog.session();
            }
        }
        return null;
    }

    /** Once the session run exists: the runner's tags and the injected values as params. */
    private static boolean tagSessionRun(JShellEngine engine, NotebookFile notebook, RunOptions options) {
        AutologSession session = autolog(engine);
        ActiveRun run = session == null ? null : session.currentSessionRun();
        if (run == null) {
            return false;
        }
        run.setTag("mlflow.source.name", options.input().toAbsolutePath().normalize().toString());
        String stem = options.input().getFileName().toString().replaceFirst("\\.ipynb$", "");
        run.setTag("mlflow.runName", stem + " " + java.time.LocalDateTime.now().format(
                java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")));
        run.setTag("jtrack.runner", "jtrack run");
        run.setTag("jtrack.runner.input", options.input().toAbsolutePath().normalize().toString());
        run.setTags(options.tags());
        Map<String, String> params = new java.util.LinkedHashMap<>(defaults(notebook));
        params.putAll(ParameterInjector.asText(options.parameters()));
        if (!params.isEmpty()) {
            run.logParams(params);
        }
        return true;
    }

    /** The parameters cell's literal defaults as param values (e.g. {@code 42L} as 42, {@code "a"} as a). */
    static Map<String, String> defaults(NotebookFile notebook) {
        return JavaParameters.defaults(ParameterInjector.declared(notebook));
    }

    /**
     * Writes the run id into the output notebook ({@code metadata.jtrack.run_id}), logs it, ends
     * the session run (FAILED when a cell failed) and returns the id.
     */
    private static String finishTracking(JShellEngine engine, NotebookFile notebook, RunOptions options, boolean failed) {
        AutologSession session = autolog(engine);
        ActiveRun run = session == null ? null : session.currentSessionRun();
        if (run == null) {
            return null;
        }
        String id = null;
        try {
            id = run.awaitRunId(TRACKING_WAIT);
            com.fasterxml.jackson.databind.node.ObjectNode jtrack = notebook.metadata().putObject("jtrack");
            jtrack.put("run_id", id);
            run.experimentId().ifPresent(e -> jtrack.put("experiment_id", e));
            notebook.write(options.output());
            run.logArtifact(options.output().toAbsolutePath(), "papermill");
        } catch (RuntimeException | IOException e) {
            System.err.println("jtrack run: could not track the output notebook: " + e.getMessage());
        }
        session.finishSessionRun(failed ? RunStatus.FAILED : RunStatus.FINISHED, TRACKING_WAIT);
        if (!session.awaitDelivery(DELIVERY_WAIT)) {
            System.err.println("jtrack run: some records did not reach the store within " + DELIVERY_WAIT.toSeconds()
                    + " s; the journal keeps them for the next session on this store");
        }
        return id;
    }

    /** Closes {@code engine}, waiting at most 15 s (a stuck extension never holds the caller). */
    public static void closeBounded(JShellEngine engine) {
        Thread closer = new Thread(engine::close, "jtrack-run-close");
        closer.setDaemon(true);
        closer.start();
        try {
            closer.join(TimeUnit.SECONDS.toMillis(15));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The notebook's code cells' sources, in order (for tests and reproduce). */
    static List<String> codeSources(NotebookFile notebook) {
        java.util.ArrayList<String> out = new java.util.ArrayList<>();
        for (JsonNode cell : notebook.cells()) {
            if ("code".equals(cell.path("cell_type").asText())) {
                out.add(NotebookFile.source(cell));
            }
        }
        return out;
    }

    /** Resolves {@code path} against {@code base} unless absolute. */
    static Path resolve(Path base, Path path) {
        return path.isAbsolute() ? path : base.resolve(path);
    }
}
