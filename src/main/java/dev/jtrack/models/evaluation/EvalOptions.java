package dev.jtrack.models.evaluation;

import dev.jtrack.models.LoadOptions;
import dev.jtrack.notebook.ActiveRun;
import java.util.Objects;

/**
 * How to evaluate: the target column (required), and optionally the task, the positive label of a
 * binary problem, the run to log into, the dataset's name. Immutable; every {@code with}-style
 * method returns a copy.
 *
 * <pre>{@code
 * EvalOptions.target("species").task(Task.CLASSIFICATION).runName("eval iris v3")
 * }</pre>
 *
 * @param target the column holding the true values
 * @param task the task, or null to infer it (text or boolean targets, or a model answering labels,
 *     are classification; otherwise regression)
 * @param positiveLabel the positive label of a binary problem, or null for
 *     {@link ClassificationMetrics#defaultPositiveLabel}
 * @param predictionsColumn a column of the data that already holds the predictions (no model is
 *     run, as {@code mlflow.evaluate(predictions=...)}), or null
 * @param predictionColumn the model output column holding the prediction, or null to pick
 *     {@code label}, {@code prediction}, the target's name, else the first column that fits
 * @param run the run to log into, or null for a new evaluation run (a child of the active run,
 *     if there is one)
 * @param runName the name of a new evaluation run, or null for {@code evaluate <model>}
 * @param datasetName the name the data is logged under ({@code log_input}), or null for the
 *     table's name
 * @param datasetSource where the data came from (a file path or URI), or null
 * @param plots whether to draw the plots (logged as PNG artifacts)
 * @param load how models are loaded (class allow-list, class loader)
 */
public record EvalOptions(String target, Task task, String positiveLabel, String predictionsColumn,
        String predictionColumn, ActiveRun run, String runName, String datasetName, String datasetSource,
        boolean plots, LoadOptions load) {

    public EvalOptions {
        Objects.requireNonNull(target, "target");
        if (target.isBlank()) throw new IllegalArgumentException("the target column name is empty");
        Objects.requireNonNull(load, "load");
    }

    /** Options evaluating against the column {@code column}. */
    public static EvalOptions target(String column) {
        return new EvalOptions(column, null, null, null, null, null, null, null, null, true, LoadOptions.defaults());
    }

    /** With the task given instead of inferred. */
    public EvalOptions task(Task t) {
        return new EvalOptions(target, t, positiveLabel, predictionsColumn, predictionColumn, run, runName, datasetName,
                datasetSource, plots, load);
    }

    /** With the positive label of a binary problem. */
    public EvalOptions positiveLabel(String label) {
        return new EvalOptions(target, task, label, predictionsColumn, predictionColumn, run, runName, datasetName,
                datasetSource, plots, load);
    }

    /** Evaluates predictions already in the data's column {@code column}; no model is run. */
    public EvalOptions predictions(String column) {
        return new EvalOptions(target, task, positiveLabel, column, predictionColumn, run, runName, datasetName,
                datasetSource, plots, load);
    }

    /** Takes the prediction from the model output column {@code column}. */
    public EvalOptions predictionColumn(String column) {
        return new EvalOptions(target, task, positiveLabel, predictionsColumn, column, run, runName, datasetName,
                datasetSource, plots, load);
    }

    /** Logs into {@code activeRun} (it stays open) instead of a new evaluation run. */
    public EvalOptions run(ActiveRun activeRun) {
        return new EvalOptions(target, task, positiveLabel, predictionsColumn, predictionColumn, activeRun, runName,
                datasetName, datasetSource, plots, load);
    }

    /** Names the new evaluation run. */
    public EvalOptions runName(String name) {
        return new EvalOptions(target, task, positiveLabel, predictionsColumn, predictionColumn, run, name, datasetName,
                datasetSource, plots, load);
    }

    /** Names the dataset and records where it came from. */
    public EvalOptions dataset(String name, String source) {
        return new EvalOptions(target, task, positiveLabel, predictionsColumn, predictionColumn, run, runName, name,
                source, plots, load);
    }

    /** Draws (or skips) the plots. */
    public EvalOptions plots(boolean draw) {
        return new EvalOptions(target, task, positiveLabel, predictionsColumn, predictionColumn, run, runName,
                datasetName, datasetSource, draw, load);
    }

    /** Loads models with {@code options}. */
    public EvalOptions load(LoadOptions options) {
        return new EvalOptions(target, task, positiveLabel, predictionsColumn, predictionColumn, run, runName,
                datasetName, datasetSource, plots, options);
    }
}
