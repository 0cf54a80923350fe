package dev.jtrack.models.xgboost;

import dev.jtrack.models.ColSpec;
import dev.jtrack.models.ModelSignature;
import dev.jtrack.models.Models;
import dev.jtrack.notebook.ActiveRun;
import dev.jtrack.notebook.AutologContext;
import dev.jtrack.notebook.AutologIntegration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoostError;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * XGBoost4J autologging, linked against XGBoost4J. Only ever instantiated by
 * {@code dev.jtrack.models.XGBoostAutolog} in a class loader that sees XGBoost4J. For a
 * {@code Booster} returned by {@code XGBoost.train(dtrain, params, rounds, watches[, metrics, obj,
 * eval, earlyStoppingRounds[, booster]])}, from the call's arguments:
 * <ul>
 *   <li>the params map as params (lists joined with commas), {@code num_round}, and
 *       {@code early_stopping_rounds} when positive;</li>
 *   <li>per iteration (step = iteration, every {@code logEveryNSteps}-th and the last) the value
 *       {@code XGBoost.train} wrote into the {@code metrics} array for each watch, named
 *       {@code <watch>-<metric>} as XGBoost prints it (without a metrics array: each watch's
 *       metrics of the final model at the last iteration);</li>
 *   <li>{@code best_iteration}, {@code best_score} and {@code stopped_iteration} when early stopping
 *       was asked for ({@code earlyStoppingRounds > 0}); the weight feature importance as {@code feature_importance_weight.csv};</li>
 *   <li>the booster with the {@code xgboost} flavor at {@code model}.</li>
 * </ul>
 */
public final class XGBoostAutologImpl implements AutologIntegration {
    @Override
    public String library() {
        return "xgboost";
    }

    @Override
    public Set<String> methods() {
        return Set.of("train");
    }

    @Override
    public boolean accepts(Object result) {
        return result instanceof Booster;
    }

    @Override
    public void log(Object result, long elapsedNanos, AutologContext context) {
        log(result, List.of(), elapsedNanos, context);
    }

    @Override
    public void log(Object result, List<Object> arguments, long elapsedNanos, AutologContext context) {
        if (!context.firstTime(result)) return;
        Booster booster = (Booster) result;
        ActiveRun run = context.trainingRun("XGBoost");
        context.remember(booster, run);
        try {
            logTraining(booster, arguments, elapsedNanos, run, context);
        } catch (XGBoostError e) {
            throw new IllegalStateException("XGBoost: " + e.getMessage(), e);
        }
    }

    private static void logTraining(Booster booster, List<Object> arguments, long elapsedNanos, ActiveRun run,
                                    AutologContext context) throws XGBoostError {
        Map<String, String> params = new LinkedHashMap<>();
        if (arguments.size() > 1 && arguments.get(1) instanceof Map<?, ?> given) {
            given.forEach((k, v) -> params.put(String.valueOf(k), paramValue(v)));
        }
        if (arguments.size() > 2 && arguments.get(2) instanceof Integer rounds) params.put("num_round", rounds.toString());
        boolean earlyStopping = arguments.size() > 7 && arguments.get(7) instanceof Integer early && early > 0;
        if (earlyStopping) params.put("early_stopping_rounds", arguments.get(7).toString());
        context.logNewParams(run, params);
        if (elapsedNanos > 0) run.logMetric("training_duration_s", elapsedNanos / 1e9);

        Map<String, DMatrix> watches = watches(arguments);
        float[][] history = arguments.size() > 4 && arguments.get(4) instanceof float[][] m ? m : null;
        int iterations = booster.getNumBoostedRound();
        String single = arguments.size() > 1 && arguments.get(1) instanceof Map<?, ?> given
                && given.get("eval_metric") instanceof String m && !m.contains(",") ? m : null;
        List<String> names = history != null && single != null
                ? watches.keySet().stream().map(w -> w + "-" + single).toList() // XGBoost's own naming, no evaluation needed
                : metricNames(booster, watches, history, iterations);
        if (history != null) {
            logHistory(run, names, history, iterations, context.settings().logEveryNSteps());
        } else if (!names.isEmpty() && iterations > 0) {
            Map<String, Double> finalValues = finalValues(booster, watches);
            finalValues.forEach((k, v) -> run.logMetric(k, v, iterations - 1L));
        }
        Map<String, String> attributes = earlyStopping ? booster.getAttrs() : Map.of();
        if (attributes.containsKey("best_iteration")) {
            run.logMetric("best_iteration", Double.parseDouble(attributes.get("best_iteration")));
            run.logMetric("stopped_iteration", iterations - 1);
        }
        if (attributes.containsKey("best_score")) run.logMetric("best_score", Double.parseDouble(attributes.get("best_score")));
        boolean logModel = context.settings().logModels();
        ModelSignature signature = logModel ? signature(booster) : null;
        context.background("log the booster's feature importance" + (logModel ? " and the booster" : ""), () -> {
            try {
                Map<String, Integer> importance = booster.getFeatureScore((String) null);
                if (!importance.isEmpty()) run.logTable(importanceTable(importance), "feature_importance_weight.csv");
            } catch (XGBoostError e) {
                throw new IllegalStateException("XGBoost: " + e.getMessage(), e);
            }
            if (logModel) Models.of(context.client()).logModel(run, booster, "model", null, signature, null);
        });
    }

    private static String paramValue(Object v) {
        if (v instanceof Collection<?> c) return String.join(",", c.stream().map(String::valueOf).toList());
        if (v instanceof Object[] a) return String.join(",", java.util.Arrays.stream(a).map(String::valueOf).toList());
        return String.valueOf(v);
    }

    /** The watches in the order {@code XGBoost.train} evaluates them (the map's iteration order). */
    private static Map<String, DMatrix> watches(List<Object> arguments) {
        Map<String, DMatrix> watches = new LinkedHashMap<>();
        if (arguments.size() > 3 && arguments.get(3) instanceof Map<?, ?> given) {
            given.forEach((k, v) -> {
                if (v instanceof DMatrix m) watches.put(String.valueOf(k), m);
            });
        }
        return watches;
    }

    /**
     * The metric name of each watch's row of {@code history}: XGBoost prints {@code <watch>-<metric>:<value>}
     * per watch and metric; the row holds one of them, the one whose final value it ends with.
     */
    private static List<String> metricNames(Booster booster, Map<String, DMatrix> watches, float[][] history, int iterations)
            throws XGBoostError {
        if (watches.isEmpty() || iterations == 0) return List.of();
        Map<String, Double> finals = finalValues(booster, watches);
        List<String> names = new ArrayList<>();
        int row = 0;
        for (String watch : watches.keySet()) {
            String chosen = null;
            for (Map.Entry<String, Double> f : finals.entrySet()) {
                if (!f.getKey().startsWith(watch + "-")) continue;
                if (chosen == null) chosen = f.getKey();
                if (history != null && row < history.length && history[row].length >= iterations
                        && (float) f.getValue().doubleValue() == history[row][iterations - 1]) {
                    chosen = f.getKey();
                    break;
                }
            }
            names.add(chosen == null ? watch : chosen);
            row++;
        }
        return names;
    }

    /** Each {@code <watch>-<metric>} XGBoost reports for the final model, in its order. */
    private static Map<String, Double> finalValues(Booster booster, Map<String, DMatrix> watches) throws XGBoostError {
        String report = booster.evalSet(watches.values().toArray(DMatrix[]::new), watches.keySet().toArray(String[]::new),
                booster.getNumBoostedRound() - 1);
        Map<String, Double> values = new LinkedHashMap<>();
        for (String pair : report.split("\t")) {
            int colon = pair.lastIndexOf(':');
            if (pair.startsWith("[") || colon < 0) continue;
            try {
                values.put(pair.substring(0, colon), Double.parseDouble(pair.substring(colon + 1)));
            } catch (NumberFormatException e) {
                // not a metric
            }
        }
        return values;
    }

    private static void logHistory(ActiveRun run, List<String> names, float[][] history, int iterations, int every) {
        for (int row = 0; row < names.size() && row < history.length; row++) {
            int last = Math.min(iterations, history[row].length) - 1;
            for (int i = 0; i <= last; i++) {
                if (i % every == 0 || i == last) run.logMetric(names.get(row), history[row][i], i);
            }
        }
    }

    private static Table importanceTable(Map<String, Integer> importance) {
        Map<String, Integer> sorted = new TreeMap<>(importance);
        return Table.create("feature_importance_weight",
                StringColumn.create("feature", sorted.keySet()),
                IntColumn.create("weight", sorted.values().stream().mapToInt(Integer::intValue).toArray()));
    }

    /** Inputs: the booster's features (its names, else {@code f0..}), doubles; output: the prediction. */
    private static ModelSignature signature(Booster booster) throws XGBoostError {
        String[] names = XGBoostPredictor.featureNames(booster);
        List<ColSpec> inputs = new ArrayList<>();
        if (names.length > 0) {
            for (String n : names) inputs.add(new ColSpec(n, "double", false));
        } else {
            for (long f = 0; f < booster.getNumFeature(); f++) inputs.add(new ColSpec("f" + f, "double", false));
        }
        return new ModelSignature(inputs, List.of(new ColSpec("prediction", "double", true)));
    }
}
