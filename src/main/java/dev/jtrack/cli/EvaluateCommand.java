package dev.jtrack.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jtrack.models.LoadOptions;
import dev.jtrack.models.evaluation.Comparison;
import dev.jtrack.models.evaluation.EvalOptions;
import dev.jtrack.models.evaluation.Evaluation;
import dev.jtrack.models.evaluation.Evaluator;
import dev.jtrack.models.evaluation.Promotion;
import dev.jtrack.models.evaluation.Task;
import dev.jtrack.notebook.TrackingClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import tech.tablesaw.api.Table;
import tech.tablesaw.io.csv.CsvReadOptions;

/**
 * {@code jtrack models evaluate}: metrics of one or more models on a labelled CSV, logged to
 * evaluation runs; with {@code --promote-if} a champion/challenger promotion.
 */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = {"Evaluate models on labelled data (metrics as mlflow.evaluate names them), logged to evaluation runs.",
            "Several -m: side by side, best per metric marked. --promote-if COND --alias A: move the alias to the "
                + "(first) challenger only when COND holds; exit status 3 when the promotion is refused."})
public final class EvaluateCommand implements Callable<Integer> {
    /** The exit status of a refused promotion. */
    public static final int PROMOTION_REFUSED = 3;

    @Option(names = {"-m", "--model-uri"}, paramLabel = "URI",
            description = "Model to evaluate (models:/name/3, models:/name@alias, runs:/<id>/<path>, ...); repeatable.")
    List<String> modelUris = new ArrayList<>();

    @Option(names = "--data", required = true, paramLabel = "CSV", description = "The labelled data (CSV with a header row).")
    Path data;

    @Option(names = "--target", required = true, paramLabel = "COL", description = "The column holding the true values.")
    String target;

    @Option(names = "--task", paramLabel = "TASK", description = "classification or regression (default: inferred).")
    String task;

    @Option(names = "--positive-label", paramLabel = "LABEL", description = "The positive class of a binary problem.")
    String positiveLabel;

    @Option(names = "--predictions", paramLabel = "COL",
            description = "Evaluate predictions already in this column of the data (no model; score_<label> columns are the scores).")
    String predictions;

    @Option(names = "--prediction-column", paramLabel = "COL", description = "The model output column holding the prediction.")
    String predictionColumn;

    @Option(names = "--promote-if", paramLabel = "CONDITION",
            description = "e.g. \"f1_score_macro > champion.f1_score_macro + 0.01\"; needs --alias and one -m models:/name/version.")
    String promoteIf;

    @Option(names = "--alias", paramLabel = "ALIAS", description = "The registry alias --promote-if moves (e.g. champion).")
    String alias;

    @Option(names = "--run-name", paramLabel = "NAME", description = "Name of the evaluation run.")
    String runName;

    @Option(names = "--experiment", paramLabel = "NAME", description = "Experiment of the evaluation runs (default: MLFLOW_EXPERIMENT_NAME, else Default).")
    String experiment;

    @Option(names = "--no-plots", description = "Do not draw the plots.")
    boolean noPlots;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the runs and metrics as JSON to FILE.")
    Path json;

    @Option(names = "--allow-class", paramLabel = "PATTERN", description = "Also allow deserializing these model classes; repeatable.")
    List<String> allowed = List.of();

    @Option(names = "--tracking-uri", paramLabel = "URI",
            description = "Where runs are logged and models:/ URIs looked up. Default: MLFLOW_TRACKING_URI, else jtrack.db here.")
    String trackingUri;

    @Override
    public Integer call() throws Exception {
        if (modelUris.isEmpty() && predictions == null) throw new UserError("give a model (-m URI) or --predictions COL", 2);
        if ((promoteIf == null) != (alias == null)) throw new UserError("--promote-if and --alias go together", 2);
        if (promoteIf != null && modelUris.size() != 1) {
            throw new UserError("--promote-if takes exactly one -m: the challenger (models:/name/version)", 2);
        }
        if (!Files.isRegularFile(data)) throw new UserError("no such file: " + data, 2);
        Table table;
        try {
            table = Table.read().csv(CsvReadOptions.builder(data.toFile()).tableName(data.getFileName().toString()));
        } catch (RuntimeException e) {
            throw new UserError("cannot read " + data + " as CSV: " + e.getMessage(), 2);
        }
        EvalOptions options;
        try {
            options = EvalOptions.target(target).task(task == null ? null : Task.parse(task)).positiveLabel(positiveLabel)
                    .predictions(predictions).predictionColumn(predictionColumn).runName(runName).plots(!noPlots)
                    .dataset(data.getFileName().toString(), data.toAbsolutePath().toString())
                    .load(LoadOptions.defaults().allow(allowed.toArray(String[]::new)));
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage(), 2);
        }
        TrackingClient.Builder builder = TrackingClient.builder();
        if (trackingUri != null) builder.trackingUri(trackingUri);
        if (experiment != null) builder.experiment(experiment);
        try (TrackingClient client = builder.build()) {
            Evaluator evaluator = Evaluator.of(client);
            try {
                if (promoteIf != null) return promote(evaluator, table, options);
                List<Evaluation> evaluations = new ArrayList<>();
                if (modelUris.isEmpty()) {
                    evaluations.add(evaluator.evaluate(null, table, options));
                } else if (modelUris.size() == 1) {
                    evaluations.add(evaluator.evaluate(modelUris.get(0), table, options));
                } else {
                    evaluations.addAll(evaluator.compare(modelUris, table, options).evaluations());
                }
                print(evaluations);
                writeJson(evaluations, null);
                return 0;
            } catch (IllegalArgumentException e) {
                throw new UserError(e.getMessage(), 2);
            }
        }
    }

    private int promote(Evaluator evaluator, Table table, EvalOptions options) throws IOException {
        Promotion p = evaluator.promoteIf(modelUris.get(0), alias, promoteIf, table, options);
        List<Evaluation> both = new ArrayList<>();
        both.add(p.challenger());
        if (p.champion() != null) both.add(p.champion());
        print(both);
        System.out.println(p);
        writeJson(both, p);
        return p.promoted() ? 0 : PROMOTION_REFUSED;
    }

    private static void print(List<Evaluation> evaluations) {
        if (evaluations.size() == 1) {
            Evaluation e = evaluations.get(0);
            System.out.println("Evaluated " + (e.modelUri() == null ? "predictions" : e.modelUri()) + " (" + e.task().wireName()
                    + ") in run " + e.runId());
        } else {
            for (Evaluation e : evaluations) System.out.println("Evaluated " + e.modelUri() + " in run " + e.runId());
        }
        System.out.print(new Comparison(evaluations).render());
        for (Evaluation e : evaluations) for (String note : e.notes()) System.out.println("note: " + note);
        System.out.flush();
    }

    private void writeJson(List<Evaluation> evaluations, Promotion promotion) throws IOException {
        if (json == null) return;
        List<Map<String, Object>> out = new ArrayList<>();
        for (Evaluation e : evaluations) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("model_uri", e.modelUri());
            m.put("run_id", e.runId());
            m.put("task", e.task().wireName());
            m.put("dataset_digest", e.datasetDigest());
            m.put("metrics", e.metrics());
            m.put("notes", e.notes());
            out.add(m);
        }
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("evaluations", out);
        if (promotion != null) {
            doc.put("promotion", Map.of("promoted", promotion.promoted(), "explanation", promotion.explanation()));
        }
        new ObjectMapper().writerWithDefaultPrettyPrinter().writeValue(json.toFile(), doc);
    }
}
