package dev.jtrack.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.jtrack.kernel.EngineStarter;
import dev.jtrack.runner.NotebookExecutor;
import dev.jtrack.runner.NotebookFile;
import dev.jtrack.autolog.params.ParameterError;
import dev.jtrack.runner.ParameterInjector;
import dev.jtrack.runner.RunOptions;
import dev.jtrack.runner.RunResult;
import dev.jtrack.runner.SelfProcess;
import dev.jtrack.runner.Sweep;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code jtrack run IN.ipynb [OUT.ipynb]}: papermill for Java notebooks, without Jupyter, tracked. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Run a notebook headless with parameters (papermill semantics), tracked like an interactive"
                + " session. Exit status 1 when a cell fails, 2 for bad input.",
                "Or run a PROJECT (a directory or git URI with an MLproject file, anything not .ipynb): an entry point"
                + " or a workflow of steps, as `mlflow run` does."})
public final class RunCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "IN.ipynb|PROJECT", description = "The notebook or project to run.")
    Path input;

    @Parameters(index = "1", arity = "0..1", paramLabel = "OUT.ipynb",
            description = "Where the executed notebook is written (default: IN.output.ipynb beside the input).")
    Path output;

    @Option(names = {"-p", "--parameters"}, arity = "2", paramLabel = "NAME VALUE",
            description = "A parameter (repeatable); with --sweep, a comma-separated list of values.")
    List<String> pairs = new ArrayList<>();

    @Option(names = {"-f", "--parameters-file"}, paramLabel = "params.yaml",
            description = "Parameters from a YAML file (-p values win).")
    Path parametersFile;

    @Option(names = "--experiment", paramLabel = "NAME",
            description = "The experiment to track into (default: MLFLOW_EXPERIMENT_NAME, else the notebook's name).")
    String experiment;

    @Option(names = TrackingUriOption.NAME, paramLabel = "URI",
            description = "The tracking store (default: MLFLOW_TRACKING_URI, else jtrack.db in the working directory).")
    String trackingUri;

    @Spec
    CommandSpec spec;

    @Option(names = "--cwd", paramLabel = "DIR", description = "The working directory the notebook runs in.")
    Path cwd;

    @Option(names = "--execution-timeout", paramLabel = "S", description = "Longest a cell may run, in seconds.")
    Long executionTimeout;

    @Option(names = "--prepare-only", description = "Only write the output notebook with the parameters injected.")
    boolean prepareOnly;

    @Option(names = "--log-output", description = "Echo the cells' output while they run.")
    boolean logOutput;

    @Option(names = "--sweep", description = "Run every combination of the comma-separated -p values as child runs.")
    boolean sweep;

    @Option(names = "--parallel", defaultValue = "1", paramLabel = "N",
            description = "With --sweep: how many runs at a time (default: ${DEFAULT-VALUE}).")
    int parallel;

    @Option(names = "--tag", paramLabel = "KEY=VALUE", hidden = true,
            description = "A tag for the tracked run (used by sweeps and reproduce).")
    Map<String, String> tags = new LinkedHashMap<>();

    @picocli.CommandLine.Mixin
    ProjectOptions project = new ProjectOptions();

    @Override
    public Integer call() throws Exception {
        if (TrackingUriOption.overrides(trackingUri)) {
            return TrackingUriOption.runWith(trackingUri, spec.commandLine().getParseResult().originalArgs());
        }
        String raw = project.rawInput();
        if (raw != null && ProjectOptions.isProject(raw)) {
            if (output != null) {
                throw new UserError("a project run takes no OUT.ipynb (" + output + ")", 2);
            }
            return project.run(raw, parameters(), experiment, parallel);
        }
        Path in = input.toAbsolutePath().normalize();
        if (!Files.isRegularFile(in)) {
            throw new UserError("no such notebook: " + input, 2);
        }
        Path out = output != null ? output.toAbsolutePath().normalize() : defaultOutput(in);
        if (out.equals(in)) {
            throw new UserError("the output notebook must not be the input notebook (" + input + ")", 2);
        }
        Map<String, Object> values = parameters();
        if (experiment == null) {
            // as in Jupyter, where the session's experiment is the notebook's name
            experiment = Sweep.defaultExperiment(in.getFileName().toString().replaceFirst("\\.ipynb$", ""));
        }
        NotebookFile notebook;
        try {
            notebook = NotebookFile.read(in);
        } catch (IOException e) {
            throw new UserError(e.getMessage(), 2);
        }
        if (sweep) {
            Sweep.Plan plan = Sweep.plan(values);
            try {
                for (Map<String, Object> combination : plan.combinations()) {
                    ParameterInjector.injectedSource(notebook, combination);
                }
            } catch (ParameterError e) {
                throw new UserError(e.getMessage(), 2);
            }
            return Sweep.run(plan, in, out, experiment, cwd, executionTimeout, parallel, tags, System.out);
        }
        notebook.upgradeTo45();
        try {
            ParameterInjector.inject(notebook, values);
        } catch (ParameterError e) {
            throw new UserError(e.getMessage(), 2);
        }
        if (prepareOnly) {
            writePrepared(notebook, in, out, values);
            return 0;
        }
        if (cwd != null && !cwd.toAbsolutePath().normalize().equals(Path.of("").toAbsolutePath())) {
            return inChildProcess(in, out);
        }
        Jdk.requireJShell();
        RunOptions options = new RunOptions(in, out, values, experiment,
                executionTimeout == null ? null : Duration.ofSeconds(executionTimeout),
                logOutput ? System.err : null, tags);
        RunResult result = NotebookExecutor.execute(notebook, options,
                EngineStarter.splitOptions(System.getenv("JTRACK_COMPILER_OPTS")));
        System.out.println("output notebook: " + out);
        if (result.runId() != null) {
            System.out.println("run id: " + result.runId());
        }
        if (!result.succeeded()) {
            System.err.println("jtrack run: " + result.message());
            return 1;
        }
        return 0;
    }

    /** --prepare-only: the notebook with parameters injected and papermill's parameters metadata. */
    private static void writePrepared(NotebookFile notebook, Path in, Path out, Map<String, Object> values) throws IOException {
        var pm = notebook.metadata().putObject("papermill");
        var params = pm.putObject("parameters");
        values.forEach((k, v) -> params.set(k, new ObjectMapper().valueToTree(v)));
        pm.put("input_path", in.toString());
        pm.put("output_path", out.toString());
        notebook.write(out);
        System.out.println("output notebook (prepared, not executed): " + out);
    }

    /** Runs this same command in a JVM whose working directory is --cwd. */
    private int inChildProcess(Path in, Path out) throws IOException, InterruptedException {
        Path dir = cwd.toAbsolutePath().normalize();
        if (!Files.isDirectory(dir)) {
            throw new UserError("--cwd " + cwd + " is not a directory", 2);
        }
        List<String> args = new ArrayList<>(List.of("run", in.toString(), out.toString()));
        Map<String, Object> values = parameters();
        values.forEach((k, v) -> {
            args.add("-p");
            args.add(k);
            args.add(v instanceof List<?> l ? String.join(",", l.stream().map(String::valueOf).toList()) : String.valueOf(v));
        });
        if (experiment != null) {
            args.addAll(List.of("--experiment", experiment));
        }
        if (executionTimeout != null) {
            args.addAll(List.of("--execution-timeout", executionTimeout.toString()));
        }
        if (logOutput) {
            args.add("--log-output");
        }
        tags.forEach((k, v) -> args.addAll(List.of("--tag", k + "=" + v)));
        Process process = new ProcessBuilder(SelfProcess.command(args)).directory(dir.toFile()).inheritIO().start();
        return process.waitFor();
    }

    /** The -f file's values overlaid with the -p pairs, in order. */
    Map<String, Object> parameters() {
        Map<String, Object> values = new LinkedHashMap<>();
        if (parametersFile != null) {
            try {
                Object yaml = new ObjectMapper(new YAMLFactory()).readValue(parametersFile.toFile(), Object.class);
                if (yaml != null && !(yaml instanceof Map<?, ?>)) {
                    throw new UserError(parametersFile + " must be a YAML mapping of parameter names to values", 2);
                }
                if (yaml != null) {
                    ((Map<?, ?>) yaml).forEach((k, v) -> values.put(String.valueOf(k), v));
                }
            } catch (IOException e) {
                throw new UserError("cannot read " + parametersFile + ": " + e.getMessage(), 2);
            }
        }
        for (int i = 0; i + 1 < pairs.size(); i += 2) {
            values.put(pairs.get(i), pairs.get(i + 1));
        }
        return values;
    }

    static Path defaultOutput(Path in) {
        String name = in.getFileName().toString();
        String stem = name.endsWith(".ipynb") ? name.substring(0, name.length() - 6) : name;
        return in.resolveSibling(stem + ".output.ipynb");
    }
}
