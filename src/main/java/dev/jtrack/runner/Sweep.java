package dev.jtrack.runner;

import dev.jtrack.notebook.ActiveRun;
import dev.jtrack.notebook.TrackingClient;
import dev.jtrack.tracking.Metric;
import dev.jtrack.tracking.Param;
import dev.jtrack.tracking.Run;
import dev.jtrack.tracking.RunStatus;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code jtrack run --sweep}: the cross product of comma-separated parameter values, each run as
 * a child run of one parent run, {@code --parallel N} at a time in child JVMs of this jtrack (one
 * engine per JVM), ending with a comparison table of params and final metrics.
 */
public final class Sweep {
    private static final Pattern RUN_ID = Pattern.compile("(?m)^run id: (\\S+)$");

    private Sweep() {}

    /** The combinations to run, in order (the last parameter varies fastest). */
    public record Plan(List<Map<String, Object>> combinations) {}

    /** Splits each value on commas (YAML lists as they are) and builds the cross product. */
    public static Plan plan(Map<String, Object> values) {
        List<Map<String, Object>> combinations = new ArrayList<>();
        combinations.add(new LinkedHashMap<>());
        for (Map.Entry<String, Object> e : values.entrySet()) {
            List<Object> choices = new ArrayList<>();
            if (e.getValue() instanceof List<?> list) {
                choices.addAll(list);
            } else {
                for (String part : String.valueOf(e.getValue()).split(",")) {
                    choices.add(part.strip());
                }
            }
            List<Map<String, Object>> next = new ArrayList<>();
            for (Map<String, Object> partial : combinations) {
                for (Object choice : choices) {
                    Map<String, Object> m = new LinkedHashMap<>(partial);
                    m.put(e.getKey(), choice);
                    next.add(m);
                }
            }
            combinations = next;
        }
        return new Plan(combinations);
    }

    /**
     * Runs the plan; returns 0 when every child run succeeded, else 1.
     *
     * @param output the output notebook name; child {@code i} writes {@code <stem>-<i>.ipynb} beside it
     */
    public static int run(Plan plan, Path input, Path output, String experiment, Path cwd, Long timeoutSeconds,
                          int parallel, Map<String, String> tags, PrintStream out) throws Exception {
        Path dir = cwd == null ? Path.of("").toAbsolutePath() : cwd.toAbsolutePath().normalize();
        String stem = input.getFileName().toString().replaceFirst("\\.ipynb$", "");
        String experimentName = experiment != null ? experiment : defaultExperiment(stem);
        try (SharedStore shared = SharedStore.open(System.getenv("MLFLOW_TRACKING_URI"), dir);
             TrackingClient client = TrackingClient.builder().trackingUri(shared.uri())
                .experiment(experimentName).workingDir(dir).build()) {
            Map<String, String> parentTags = new LinkedHashMap<>(tags);
            parentTags.put("mlflow.source.type", "NOTEBOOK");
            parentTags.put("mlflow.source.name", input.toString());
            parentTags.put("jtrack.sweep", "true");
            ActiveRun parent = client.startTopLevelRun("sweep " + stem, parentTags);
            String parentId = parent.awaitRunId(Duration.ofSeconds(30));
            out.println("sweep: " + plan.combinations().size() + " runs of " + input.getFileName() + ", parent run "
                    + parentId + ", " + Math.max(1, parallel) + " at a time");
            ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, parallel));
            List<Future<String>> ids = new ArrayList<>();
            String outStem = output.getFileName().toString().replaceFirst("\\.ipynb$", "");
            for (int i = 0; i < plan.combinations().size(); i++) {
                Map<String, Object> combination = plan.combinations().get(i);
                Path childOut = output.resolveSibling(outStem + "-" + (i + 1) + ".ipynb");
                List<String> args = new ArrayList<>(List.of("run", input.toString(), childOut.toString(),
                        "--experiment", experimentName, "--tag", "mlflow.parentRunId=" + parentId,
                        "--tag", "mlflow.runName=" + childRunName(combination)));
                combination.forEach((k, v) -> args.addAll(List.of("-p", k, String.valueOf(v))));
                if (timeoutSeconds != null) {
                    args.addAll(List.of("--execution-timeout", timeoutSeconds.toString()));
                }
                ids.add(pool.submit(() -> runChild(args, dir, shared.uri(), childOut, combination, out)));
            }
            pool.shutdown();
            List<String> runIds = new ArrayList<>();
            boolean allOk = true;
            for (Future<String> f : ids) {
                String id = f.get();
                allOk &= id != null && !id.startsWith("!");
                if (id != null) {
                    runIds.add(id.startsWith("!") ? id.substring(1) : id);
                }
            }
            parent.logParam("sweep_runs", plan.combinations().size());
            parent.end(allOk ? RunStatus.FINISHED : RunStatus.FAILED);
            client.flush(Duration.ofSeconds(30));
            out.println();
            out.print(table(client, runIds, plan));
            return allOk ? 0 : 1;
        }
    }

    /** A child run's name: its parameters, as {@code learningRate=0.1 epochs=30}. */
    static String childRunName(Map<String, Object> combination) {
        StringBuilder name = new StringBuilder();
        combination.forEach((k, v) -> name.append(name.isEmpty() ? "" : " ").append(k).append('=').append(v));
        return name.toString();
    }

    /** Runs one child; returns its run id ("!id" when it failed, null when none was printed). */
    private static String runChild(List<String> args, Path dir, String trackingUri, Path childOut, Map<String, Object> combination,
                                   PrintStream out) throws IOException, InterruptedException {
        // the child's output is kept beside its output notebook
        Path log = childOut.resolveSibling(childOut.getFileName().toString().replaceFirst("\\.ipynb$", "") + ".log");
        {
            ProcessBuilder builder = new ProcessBuilder(SelfProcess.command(args)).directory(dir.toFile())
                    .redirectErrorStream(true).redirectOutput(log.toFile());
            if (trackingUri != null) {
                builder.environment().put("MLFLOW_TRACKING_URI", trackingUri);
            }
            Process p = builder.start();
            int status = p.waitFor();
            String text = Files.readString(log, StandardCharsets.UTF_8);
            Matcher m = RUN_ID.matcher(text);
            String id = m.find() ? m.group(1) : null;
            synchronized (out) {
                out.println("  " + combination + " -> " + (status == 0 ? "ok" : "FAILED (exit " + status + ")")
                        + (id == null ? "" : ", run " + id) + ", " + childOut.getFileName());
                if (status != 0) {
                    text.lines().filter(l -> l.startsWith("jtrack")).forEach(l -> out.println("    " + l));
                }
            }
            return status == 0 ? id : id == null ? null : "!" + id;
        }
    }

    /** The comparison table: one row per child run, its params and the last value of each metric. */
    static String table(TrackingClient client, List<String> runIds, Plan plan) {
        List<String> paramKeys = new ArrayList<>(plan.combinations().isEmpty() ? List.of()
                : plan.combinations().get(0).keySet());
        TreeSet<String> metricKeys = new TreeSet<>();
        List<Run> runs = new ArrayList<>();
        for (String id : runIds) {
            Run run = client.store().getRun(id);
            runs.add(run);
            run.data().metrics().stream().map(Metric::key).filter(k -> !isSessionMetric(k)).forEach(metricKeys::add);
        }
        List<String> header = new ArrayList<>(List.of("run_id", "status"));
        header.addAll(paramKeys);
        header.addAll(metricKeys);
        List<List<String>> rows = new ArrayList<>();
        for (Run run : runs) {
            List<String> row = new ArrayList<>(List.of(run.info().runId(), run.info().status().name()));
            Map<String, String> params = new LinkedHashMap<>();
            for (Param p : run.data().params()) {
                params.put(p.key(), p.value());
            }
            paramKeys.forEach(k -> row.add(params.getOrDefault(k, "")));
            Map<String, Double> metrics = new LinkedHashMap<>();
            run.data().metrics().forEach(mt -> metrics.put(mt.key(), mt.value()));
            metricKeys.forEach(k -> row.add(metrics.containsKey(k) ? format(metrics.get(k)) : ""));
            rows.add(row);
        }
        return Tables.render(header, rows);
    }

    /** Metrics autolog writes per cell; a comparison is about the notebook's own metrics. */
    static boolean isSessionMetric(String key) {
        return key.startsWith("cell_") || key.equals("cells_executed") || key.equals("cells_failed")
                || key.equals("total_execution_time_ms");
    }

    private static String format(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : String.format("%.6g", v);
    }

    /** {@code MLFLOW_EXPERIMENT_NAME}, else the notebook's name, as an interactive session chooses. */
    public static String defaultExperiment(String notebookStem) {
        String env = System.getenv("MLFLOW_EXPERIMENT_NAME");
        return env != null && !env.isBlank() ? env.strip() : notebookStem;
    }
}
