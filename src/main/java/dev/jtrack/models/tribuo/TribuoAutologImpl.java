package dev.jtrack.models.tribuo;

import dev.jtrack.models.ColSpec;
import dev.jtrack.models.ModelSignature;
import dev.jtrack.models.Models;
import dev.jtrack.notebook.ActiveRun;
import dev.jtrack.notebook.AutologContext;
import dev.jtrack.notebook.AutologIntegration;
import dev.jtrack.tracking.DatasetInput;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.tribuo.ImmutableFeatureMap;
import org.tribuo.Model;
import org.tribuo.evaluation.Evaluation;
import org.tribuo.provenance.DataProvenance;
import org.tribuo.provenance.ModelProvenance;

/**
 * Tribuo autologging, linked against Tribuo. Only ever instantiated by
 * {@code dev.jtrack.models.TribuoAutolog} in a class loader that sees Tribuo.
 * <ul>
 *   <li>a trained {@code Model}: its trainer provenance flattened into params ({@code trainer.*}),
 *       the training data as the run's dataset input (context {@code training}), the call's
 *       duration as {@code training_duration_s}, the model class and Tribuo's training timestamp
 *       as tags, and the model with the {@code tribuo} flavor at {@code model} (signature: the
 *       feature map as inputs);
 *   <li>an {@code Evaluation}: classification accuracy, macro F1, precision and recall per class;
 *       regression RMSE, MAE and R² (averaged over dimensions); each named
 *       {@code <dataset>_<metric>} after the evaluated data, into the run of the evaluated model
 *       when autologging logged it, with the data as a dataset input (context {@code evaluation}).
 * </ul>
 */
public final class TribuoAutologImpl implements AutologIntegration {
    /** How long background logging waits for the run to reach the store. */
    private static final Duration STORE_WAIT = Duration.ofSeconds(60);

    @Override
    public String library() {
        return "tribuo";
    }

    @Override
    public Set<String> methods() {
        return Set.of("train", "evaluate");
    }

    @Override
    public boolean accepts(Object result) {
        return result instanceof Model<?> || result instanceof Evaluation<?>;
    }

    @Override
    public void log(Object result, long elapsedNanos, AutologContext context) {
        if (!context.firstTime(result)) return;
        if (result instanceof Model<?> model) {
            trained(model, elapsedNanos, context);
        } else if (result instanceof Evaluation<?> evaluation) {
            evaluated(evaluation, context);
        }
    }

    private static void trained(Model<?> model, long elapsedNanos, AutologContext context) {
        ModelProvenance provenance = model.getProvenance();
        String trainer = simpleName(provenance.getTrainerProvenance().getClassName());
        ActiveRun run = context.trainingRun(trainer);
        context.remember(provenance, run);
        context.logNewParams(run, TribuoProvenance.flatten("trainer", provenance.getTrainerProvenance()));
        Map<String, Object> tags = new LinkedHashMap<>();
        tags.put("tribuo.model_class", model.getClass().getName());
        tags.put("tribuo.trainer_class", provenance.getTrainerProvenance().getClassName());
        tags.put("tribuo.training_time", provenance.getTrainingTime().toString());
        tags.put("tribuo.version", provenance.getTribuoVersion());
        run.setTags(tags);
        if (elapsedNanos > 0) run.logMetric("training_duration_s", elapsedNanos / 1e9);
        List<String> features = features(model.getFeatureIDMap());
        DatasetInput input = TribuoProvenance.input(provenance.getDatasetProvenance(), features, "training");
        boolean logModel = context.settings().logModels();
        context.background("log the model trained by " + trainer, () -> {
            logInput(run, input, context);
            if (logModel) {
                Models.of(context.client()).logModel(run, model, "model", null, signature(model, features), null);
            }
        });
    }

    private static void evaluated(Evaluation<?> evaluation, AutologContext context) {
        ModelProvenance modelProvenance = evaluation.getProvenance().getModelProvenance();
        DataProvenance data = evaluation.getProvenance().getTestDatasetProvenance();
        String dataset = TribuoProvenance.name(data);
        ActiveRun run = context.runFor(modelProvenance)
                .orElseGet(() -> context.evaluationRun(simpleName(modelProvenance.getClassName()) + " evaluation"));
        Map<String, Double> metrics = new LinkedHashMap<>();
        for (Map.Entry<String, Double> m : TribuoMetrics.of(evaluation).entrySet()) {
            if (Double.isFinite(m.getValue())) metrics.put(metricKey(dataset + "_" + m.getKey()), m.getValue());
        }
        run.logMetrics(metrics);
        DatasetInput input = TribuoProvenance.input(data, List.of(), "evaluation");
        context.background("log the evaluation data", () -> logInput(run, input, context));
    }

    private static void logInput(ActiveRun run, DatasetInput input, AutologContext context) {
        String runId = run.awaitRunId(STORE_WAIT);
        context.client().flush(STORE_WAIT);
        context.client().store().logInputs(runId, List.of(input));
    }

    private static List<String> features(ImmutableFeatureMap map) {
        List<String> names = new ArrayList<>(map.size());
        for (int id = 0; id < map.size(); id++) names.add(map.get(id).getName());
        return names;
    }

    /** Inputs: every feature (a double, optional: Tribuo examples are sparse); outputs as the flavor's predictor answers. */
    private static ModelSignature signature(Model<?> model, List<String> features) {
        List<ColSpec> inputs = new ArrayList<>();
        for (String f : features) inputs.add(new ColSpec(f, "double", false));
        List<ColSpec> outputs = new ArrayList<>();
        for (String column : TribuoPredictor.outputColumns(model)) {
            outputs.add(new ColSpec(column, column.equals("label") || column.equals("prediction") ? "string" : "double", true));
        }
        return new ModelSignature(inputs, outputs);
    }

    private static String simpleName(String className) {
        return className.substring(className.lastIndexOf('.') + 1);
    }

    /** MLflow's metric names: letters, digits, {@code _ - . / space}. */
    static String metricKey(String name) {
        return name.replaceAll("[^A-Za-z0-9_\\-./ ]", "_");
    }
}
