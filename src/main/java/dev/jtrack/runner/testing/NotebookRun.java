package dev.jtrack.runner.testing;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jtrack.autolog.params.ParameterError;
import dev.jtrack.kernel.EngineStarter;
import dev.jtrack.kernel.engine.JShellEngine;
import dev.jtrack.runner.NotebookExecutor;
import dev.jtrack.runner.NotebookFile;
import dev.jtrack.runner.ParameterInjector;
import dev.jtrack.runner.RunOptions;
import dev.jtrack.runner.RunResult;
import dev.jtrack.runner.Sweep;
import dev.jtrack.store.StoreUri;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One notebook to run in a test, with its parameters: built by {@link Notebooks#notebook(String)},
 * run by {@link #run()}. The notebook runs in this JVM, as {@code jtrack run} runs it (parameters
 * injected after its {@code parameters} cell and typed by it, every cell tracked as a session run),
 * so its code also sees the test's class path.
 */
public final class NotebookRun {
    /** One JShell engine per JVM: it routes the JVM's standard streams while a cell runs. */
    private static final Object ENGINE = new Object();
    private static final AtomicInteger RUNS = new AtomicInteger();
    private static final String PAPERMILL_BANNER_TAG = "papermill-error-cell-tag";

    private final Path input;
    private final Map<String, Object> parameters = new LinkedHashMap<>();
    private String experiment;
    private String trackingUri = Notebooks.defaultTrackingUri();
    private Path output;
    private Duration cellTimeout;

    NotebookRun(Path input) {
        this.input = input.toAbsolutePath().normalize();
    }

    /**
     * A parameter, as {@code jtrack run -p name=value} gives it: a String is typed by the
     * notebook's {@code parameters} cell (so {@code "0.05"} becomes a double there), other values
     * (numbers, booleans, lists) are used as they are.
     */
    public NotebookRun param(String name, Object value) {
        parameters.put(name, value);
        return this;
    }

    /** Several parameters, in order (see {@link #param(String, Object)}). */
    public NotebookRun params(Map<String, ?> values) {
        parameters.putAll(values);
        return this;
    }

    /** The experiment to track into (default: the notebook's name, as {@code jtrack run} does). */
    public NotebookRun experiment(String name) {
        this.experiment = name;
        return this;
    }

    /**
     * The tracking store (default: the system property {@code jtrack.trackingUri}, else
     * {@code MLFLOW_TRACKING_URI}, else {@code jtrack.db} in the working directory).
     */
    public NotebookRun trackingUri(String uri) {
        this.trackingUri = uri;
        return this;
    }

    /**
     * Where the executed notebook is written (default: under the system property
     * {@code jtrack.notebookTests.dir}, else {@code target/notebook-tests} when the working
     * directory has a {@code target} folder, else a temporary folder).
     */
    public NotebookRun output(Path executed) {
        this.output = executed;
        return this;
    }

    /** The longest a cell may run before it is interrupted and the run fails (default: no limit). */
    public NotebookRun cellTimeout(Duration timeout) {
        this.cellTimeout = timeout;
        return this;
    }

    /**
     * Runs the notebook to its end or its first failing cell and returns the result; a failing
     * cell does not throw (see {@link ExecutedNotebook#assertSucceeded()}).
     *
     * @throws IllegalArgumentException for a parameter the notebook's parameters cell refuses
     * @throws UncheckedIOException when the notebook cannot be read or the result written
     */
    public ExecutedNotebook run() {
        NotebookFile notebook;
        try {
            notebook = NotebookFile.read(input);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the notebook " + input + ": " + e.getMessage(), e);
        }
        notebook.upgradeTo45();
        try {
            ParameterInjector.inject(notebook, parameters);
        } catch (ParameterError e) {
            throw new IllegalArgumentException(input.getFileName() + ": " + e.getMessage(), e);
        }
        Path out = output != null ? output.toAbsolutePath().normalize() : defaultOutput();
        String stem = input.getFileName().toString().replaceFirst("\\.ipynb$", "");
        RunOptions options = new RunOptions(input, out, parameters,
                experiment != null ? experiment : Sweep.defaultExperiment(stem), cellTimeout, null, Map.of());
        synchronized (ENGINE) {
            return runIn(notebook, options);
        }
    }

    private ExecutedNotebook runIn(NotebookFile notebook, RunOptions options) {
        JShellEngine engine = JShellEngine.create(EngineStarter.splitOptions(System.getenv("JTRACK_COMPILER_OPTS")));
        try {
            if (trackingUri != null) {
                NotebookExecutor.runSilently(engine, "%tracking_uri " + trackingUri);
            }
            RunResult result = NotebookExecutor.execute(engine, notebook, options);
            Map<String, Object> variables = ExecutedNotebook.copy(engine.variables());
            List<JsonNode> cells = cellsAsRun(NotebookFile.read(options.output()));
            CellFailure failure = result.succeeded() ? null : failure(cells, result.message());
            return new ExecutedNotebook(options.output(), cells, failure, variables, result.runId(),
                    StoreUri.resolve(trackingUri));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the executed notebook " + options.output() + ": " + e.getMessage(), e);
        } finally {
            NotebookExecutor.closeBounded(engine);
        }
    }

    /** The executed notebook's cells without the banners papermill adds where a run failed. */
    private static List<JsonNode> cellsAsRun(NotebookFile executed) {
        List<JsonNode> cells = new ArrayList<>();
        for (JsonNode cell : executed.cells()) {
            if (!NotebookFile.tags(cell).contains(PAPERMILL_BANNER_TAG)) {
                cells.add(cell);
            }
        }
        return cells;
    }

    private static CellFailure failure(List<JsonNode> cells, String message) {
        for (int i = 0; i < cells.size(); i++) {
            JsonNode cell = cells.get(i);
            for (JsonNode out : cell.path("outputs")) {
                if ("error".equals(out.path("output_type").asText())) {
                    List<String> traceback = new ArrayList<>();
                    out.path("traceback").forEach(line -> traceback.add(plain(line.asText())));
                    return new CellFailure(i, cell.path("execution_count").asInt(), out.path("ename").asText(),
                            out.path("evalue").asText(), traceback);
                }
            }
        }
        return new CellFailure(-1, 0, "Error", message == null ? "the run failed" : message, List.of());
    }

    /** The text without the ANSI colours Jupyter shows tracebacks in. */
    static String plain(String text) {
        return text.replaceAll("\u001b\\[[0-9;]*m", "");
    }

    private Path defaultOutput() {
        String stem = input.getFileName().toString().replaceFirst("\\.ipynb$", "");
        try {
            Path dir = Notebooks.outputDirectory();
            Files.createDirectories(dir);
            return dir.resolve(stem + "-" + RUNS.incrementAndGet() + ".ipynb");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a folder for executed notebooks: " + e.getMessage(), e);
        }
    }
}
