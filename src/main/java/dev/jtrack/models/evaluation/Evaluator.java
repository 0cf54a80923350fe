package dev.jtrack.models.evaluation;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jtrack.models.ModelLocation;
import dev.jtrack.models.Models;
import dev.jtrack.models.Predictor;
import dev.jtrack.notebook.ActiveRun;
import dev.jtrack.notebook.TrackingClient;
import dev.jtrack.store.rest.RestLoggedModels;
import dev.jtrack.store.rest.RestTrackingStore;
import dev.jtrack.tracking.LoggedModelStore;
import dev.jtrack.tracking.Metric;
import dev.jtrack.tracking.ModelMetric;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.internal.chartpart.Chart;
import tech.tablesaw.api.BooleanColumn;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/**
 * Evaluates models on labelled data and logs the outcome to a run of one tracking client: the
 * metrics, tags linking the run to the model ({@code jtrack.evaluation.model_uri}) and, where the
 * store keeps MLflow 3 logged models, the metrics on the logged model; the data as a dataset input
 * (context {@code evaluation}, with a digest); the plots (PNG) and the per-row predictions
 * ({@code predictions.csv}) as artifacts.
 */
public final class Evaluator {
    /** Tag: the model URI the run evaluated. */
    public static final String MODEL_URI_TAG = "jtrack.evaluation.model_uri";
    /** Tag: the MLflow 3 logged model the metrics were linked to. */
    public static final String MODEL_ID_TAG = "jtrack.evaluation.model_id";
    /** Tag: classification or regression. */
    public static final String TASK_TAG = "jtrack.evaluation.task";
    /** Tag: the target column. */
    public static final String TARGET_TAG = "jtrack.evaluation.target";
    /** Tag: the dataset digest. */
    public static final String DATASET_TAG = "jtrack.evaluation.dataset_digest";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final TrackingClient client;

    private Evaluator(TrackingClient client) {
        this.client = client;
    }

    /** An evaluator logging through {@code client}. */
    public static Evaluator of(TrackingClient client) {
        return new Evaluator(client);
    }

    /**
     * Scores {@code data} (without its target column) with the model at {@code modelUri}, computes
     * the metrics against the target column and logs everything to a run (see the class comment).
     * With {@link EvalOptions#predictions} the data already holds the predictions and
     * {@code modelUri} may be null.
     *
     * @throws IllegalArgumentException for a missing column, a missing value (NaN) in the data, or
     *     predictions that do not fit the task
     */
    public Evaluation evaluate(String modelUri, Table data, EvalOptions options) {
        if (data.rowCount() == 0) throw new IllegalArgumentException("the evaluation data has no rows");
        if (!data.containsColumn(options.target())) {
            throw new IllegalArgumentException("no target column '" + options.target() + "'; the columns are "
                    + data.columnNames());
        }
        Table output;
        if (options.predictionsColumn() != null) {
            output = data;
        } else {
            if (modelUri == null || modelUri.isBlank()) {
                throw new IllegalArgumentException("give a model URI, or the column holding the predictions");
            }
            Table features = data.copy().removeColumns(options.target());
            for (Column<?> c : features.columns()) Scored.refuseMissing(c, "input column");
            Predictor predictor = Models.of(client).load(modelUri, options.load()).predictor();
            output = predictor.predict(features);
        }
        Scored scored = Scored.of(data, output, options);
        Scored.Metrics metrics = scored.metrics(options.positiveLabel());
        Table predictions = perRow(data, output, scored, options);
        Map<String, Chart<?, ?>> charts = options.plots() ? EvaluationCharts.of(scored, metrics) : Map.of();
        List<String> notes = new ArrayList<>();
        if (metrics.classification() != null) notes.addAll(metrics.classification().notes());
        String digest = EvalDataset.digest(data);

        ActiveRun run = options.run() != null ? options.run() : client.startRun(
                options.runName() != null ? options.runName() : "evaluate " + (modelUri == null ? "predictions" : modelUri),
                Map.of());
        try {
            run.logMetrics(metrics.values());
            Map<String, String> tags = new LinkedHashMap<>();
            if (modelUri != null) tags.put(MODEL_URI_TAG, modelUri);
            tags.put(TASK_TAG, scored.task().wireName());
            tags.put(TARGET_TAG, options.target());
            tags.put(DATASET_TAG, digest);
            run.setTags(tags);
            run.logTable(predictions, "predictions.csv");
            run.logText(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(metrics.values()), "metrics.json");
            for (Map.Entry<String, Chart<?, ?>> c : charts.entrySet()) {
                run.logImage(BitmapEncoder.getBufferedImage(c.getValue()), c.getKey());
            }
            String runId = run.awaitRunId(Models.STORE_WAIT);
            awaitStore();
            String datasetName = options.datasetName() != null ? options.datasetName()
                    : data.name() == null || data.name().isBlank() ? "evaluation data" : data.name();
            client.store().logInputs(runId, List.of(EvalDataset.input(data, datasetName, options.datasetSource(), digest)));
            if (modelUri != null) linkLoggedModel(run, runId, modelUri, metrics.values(), datasetName, digest, notes);
            return new Evaluation(modelUri, scored.task(), metrics.values(), metrics.classification(), predictions,
                    charts, runId, digest, List.copyOf(notes));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        } finally {
            if (options.run() == null) run.end();
        }
    }

    /**
     * Evaluates every model on the same data (each into its own evaluation run) and returns them
     * side by side.
     */
    public Comparison compare(List<String> modelUris, Table data, EvalOptions options) {
        if (modelUris.isEmpty()) throw new IllegalArgumentException("no models to compare");
        List<Evaluation> out = new ArrayList<>();
        for (String uri : modelUris) out.add(evaluate(uri, data, options.run(null).runName(null)));
        return new Comparison(out);
    }

    /**
     * Champion/challenger: evaluates the registered version {@code challengerUri}
     * ({@code models:/name/3} or {@code models:/name@alias}) and the version {@code alias} points at
     * (the champion) on the same data, and moves {@code alias} to the challenger only when
     * {@code condition} ({@link PromotionRule}) holds. The decision, the condition with its values
     * and the champion's metrics (as {@code champion.<metric>}, beside the challenger's own) are
     * recorded on the challenger's evaluation run, with both sets in {@code promotion.json}.
     *
     * @throws IllegalArgumentException for a bad condition, a challenger that is not a registered
     *     version, or a condition naming the champion when the alias points nowhere
     */
    public Promotion promoteIf(String challengerUri, String alias, String condition, Table data, EvalOptions options) {
        PromotionRule rule = PromotionRule.parse(condition);
        if (alias == null || alias.isBlank()) throw new IllegalArgumentException("name the alias to move (e.g. champion)");
        if (!challengerUri.strip().startsWith("models:/") || ModelLocation.loggedModelId(challengerUri) != null) {
            throw new IllegalArgumentException("the challenger must be a registered model version (models:/<name>/<version> "
                    + "or models:/<name>@<alias>) for the alias to point at; got " + challengerUri);
        }
        var registry = client.registry();
        var challengerVersion = ModelLocation.version(registry, challengerUri);
        String name = challengerVersion.name();
        dev.jtrack.registry.ModelVersion champion;
        try {
            champion = registry.getModelVersionByAlias(name, alias);
        } catch (dev.jtrack.tracking.MlflowException e) {
            // jtrack answers RESOURCE_DOES_NOT_EXIST, MLflow's servers INVALID_PARAMETER_VALUE "... not found."
            if (e.errorCode() != dev.jtrack.tracking.ErrorCode.RESOURCE_DOES_NOT_EXIST
                    && !String.valueOf(e.getMessage()).contains("not found")) {
                throw e;
            }
            champion = null;
        }
        if (champion == null && rule.needsChampion()) {
            throw new IllegalArgumentException("models:/" + name + "@" + alias + " points at no version, so the condition '"
                    + rule + "' cannot compare with a champion: set the alias first, or use a condition without champion.");
        }
        if (champion != null && champion.version().equals(challengerVersion.version())) {
            throw new IllegalArgumentException("models:/" + name + "/" + challengerVersion.version()
                    + " already is models:/" + name + "@" + alias);
        }
        String challengerRef = "models:/" + name + "/" + challengerVersion.version();
        Evaluation championEval = champion == null ? null : evaluate("models:/" + name + "/" + champion.version(), data,
                options.run(null).runName("evaluate champion " + name + "/" + champion.version()));
        ActiveRun run = options.run() != null ? options.run()
                : client.startRun(options.runName() != null ? options.runName() : "promote " + challengerRef + " to @" + alias,
                        Map.of());
        try {
            Evaluation challengerEval = evaluate(challengerRef, data, options.run(run));
            Map<String, Double> championMetrics = championEval == null ? Map.of() : championEval.metrics();
            boolean holds = rule.holds(challengerEval.metrics(), championMetrics);
            String explanation = rule.explain(challengerEval.metrics(), championMetrics);
            if (holds) client.registry().setRegisteredModelAlias(name, alias, challengerVersion.version());
            Map<String, String> tags = new LinkedHashMap<>();
            tags.put(Promotion.DECISION_TAG, holds ? "promoted" : "refused");
            tags.put("jtrack.promotion.condition", rule.text());
            tags.put("jtrack.promotion.explanation", explanation);
            tags.put("jtrack.promotion.alias", "models:/" + name + "@" + alias);
            tags.put("jtrack.promotion.challenger_version", challengerVersion.version());
            tags.put("jtrack.promotion.champion_version", champion == null ? "" : champion.version());
            if (championEval != null) tags.put("jtrack.promotion.champion_run_id", championEval.runId());
            run.setTags(tags);
            Map<String, Double> prefixed = new LinkedHashMap<>();
            championMetrics.forEach((k, v) -> prefixed.put("champion." + k, v));
            if (!prefixed.isEmpty()) run.logMetrics(prefixed);
            Map<String, Object> record = new LinkedHashMap<>();
            record.put("decision", holds ? "promoted" : "refused");
            record.put("condition", rule.text());
            record.put("explanation", explanation);
            record.put("model", name);
            record.put("alias", alias);
            record.put("challenger", Map.of("version", challengerVersion.version(), "metrics", challengerEval.metrics()));
            if (championEval != null) {
                record.put("champion", Map.of("version", champion.version(), "run_id", championEval.runId(),
                        "metrics", championMetrics));
            }
            run.logText(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(record), "promotion.json");
            awaitStore();
            return new Promotion(holds, name, alias, challengerVersion.version(), champion == null ? null : champion.version(),
                    rule.text(), explanation, challengerEval, championEval);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        } finally {
            if (options.run() == null) run.end();
        }
    }

    private void awaitStore() {
        if (!client.flush(Models.STORE_WAIT)) {
            throw new IllegalStateException("The evaluation run did not reach " + client.trackingUri() + " within "
                    + Models.STORE_WAIT.toSeconds() + " s" + client.deliveryProblem().map(p -> ": " + p).orElse(""));
        }
    }

    /** The data, the prediction (and scores), and whether it was right (classification) or the residual. */
    private static Table perRow(Table data, Table output, Scored scored, EvalOptions options) {
        Table t = data.copy();
        t.setName("predictions");
        if (options.predictionsColumn() != null) {
            if (scored.task() == Task.CLASSIFICATION) {
                BooleanColumn correct = BooleanColumn.create("correct");
                for (int r = 0; r < t.rowCount(); r++) correct.append(scored.truthLabels().get(r).equals(scored.predictedLabels().get(r)));
                t.addColumns(correct);
            } else {
                t.addColumns(DoubleColumn.create("residual", residuals(scored)));
            }
            return t;
        }
        if (scored.task() == Task.CLASSIFICATION) {
            t.addColumns(StringColumn.create("predicted_label", scored.predictedLabels()));
            for (Column<?> c : output.columns()) {
                if (c.name().startsWith(Scored.SCORE_PREFIX) && !t.containsColumn(c.name())) t.addColumns(c.copy());
            }
            BooleanColumn correct = BooleanColumn.create("correct");
            for (int r = 0; r < t.rowCount(); r++) correct.append(scored.truthLabels().get(r).equals(scored.predictedLabels().get(r)));
            t.addColumns(correct);
        } else {
            t.addColumns(DoubleColumn.create("prediction", scored.predicted()), DoubleColumn.create("residual", residuals(scored)));
        }
        return t;
    }

    private static double[] residuals(Scored scored) {
        double[] r = new double[scored.truth().length];
        for (int i = 0; i < r.length; i++) r[i] = scored.truth()[i] - scored.predicted()[i];
        return r;
    }

    /**
     * Records the metrics on the MLflow 3 logged model behind {@code modelUri} ({@code models:/<id>},
     * or a registered version made from one), where the store keeps logged models.
     */
    private void linkLoggedModel(ActiveRun run, String runId, String modelUri, Map<String, Double> values,
            String datasetName, String digest, List<String> notes) {
        String modelId;
        try {
            modelId = loggedModelId(modelUri);
        } catch (RuntimeException e) {
            notes.add("not linked to a logged model: " + e.getMessage());
            return;
        }
        if (modelId == null) return;
        long now = System.currentTimeMillis();
        List<Metric> points = new ArrayList<>();
        values.forEach((k, v) -> points.add(new Metric(k, v, now, 0)));
        try {
            if (client.store() instanceof RestTrackingStore rest) {
                Optional<RestLoggedModels> api = rest.loggedModels(rest.getRun(runId).info().experimentId());
                if (api.isEmpty()) {
                    notes.add("not linked to logged model " + modelId + ": the server keeps no logged models");
                    return;
                }
                api.get().linkMetrics(runId, modelId, points);
            } else {
                LoggedModelStore store = client.store().loggedModels();
                if (store == null) return;
                List<ModelMetric> linked = new ArrayList<>();
                for (Metric m : points) linked.add(new ModelMetric(modelId, runId, m, datasetName, digest));
                store.logModelMetrics(linked);
                store.logModelInputs(runId, List.of(modelId));
            }
            run.setTag(MODEL_ID_TAG, modelId);
        } catch (RuntimeException e) {
            notes.add("not linked to logged model " + modelId + ": " + e.getMessage());
        }
    }

    private String loggedModelId(String modelUri) {
        String id = ModelLocation.loggedModelId(modelUri);
        if (id != null || !modelUri.strip().startsWith("models:")) return id;
        String source = ModelLocation.version(client.registry(), modelUri).source();
        return ModelLocation.loggedModelId(source);
    }
}
