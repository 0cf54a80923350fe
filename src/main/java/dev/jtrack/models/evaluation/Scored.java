package dev.jtrack.models.evaluation;

import java.util.ArrayList;
import java.util.List;
import tech.tablesaw.api.BooleanColumn;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.NumericColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/**
 * The true values beside a model's predictions, ready for the metrics: the seam between scoring
 * and evaluation (a model's output table, or predictions recorded elsewhere, go in; metrics come
 * out of {@link #metrics}).
 *
 * @param task classification or regression
 * @param truthLabels the true labels (classification), else null
 * @param predictedLabels the predicted labels (classification), else null
 * @param scores the per-class scores (classification, when the model gives them), else null
 * @param truth the true values (regression), else null
 * @param predicted the predicted values (regression), else null
 */
public record Scored(Task task, List<String> truthLabels, List<String> predictedLabels, ClassScores scores,
        double[] truth, double[] predicted) {

    /** The prefix of the per-class score columns models answer ({@code score_<label>}). */
    public static final String SCORE_PREFIX = "score_";

    /**
     * Pairs {@code data}'s target column with the model's {@code output} (one row per data row).
     * NaN or missing values are refused with the column and row named.
     */
    public static Scored of(Table data, Table output, EvalOptions options) {
        Column<?> target = column(data, options.target(), "target");
        if (output.rowCount() != data.rowCount()) {
            throw new IllegalArgumentException("the model answered " + output.rowCount() + " rows for " + data.rowCount());
        }
        Task task = options.task() != null ? options.task() : infer(target, output, options);
        Column<?> prediction = predictionColumn(output, task, options);
        refuseMissing(target, "target column");
        refuseMissing(prediction, "prediction column");
        if (task == Task.CLASSIFICATION) {
            List<String> truth = labels(target);
            List<String> predicted = labels(prediction);
            return new Scored(task, truth, predicted, scores(output, prediction.name()), null, null);
        }
        return new Scored(task, null, null, null, numbers(target, "target"), numbers(prediction, "prediction"));
    }

    /** The metrics of these predictions. */
    public Metrics metrics(String positiveLabel) {
        if (task == Task.CLASSIFICATION) {
            ClassificationMetrics.Result r = ClassificationMetrics.compute(truthLabels, predictedLabels, scores, positiveLabel);
            return new Metrics(task, r.metrics(), r);
        }
        return new Metrics(task, RegressionMetrics.compute(truth, predicted), null);
    }

    /** Refuses a column with a missing value (NaN, empty cell): evaluation needs complete rows. */
    static void refuseMissing(Column<?> c, String what) {
        for (int r = 0; r < c.size(); r++) {
            if (c.isMissing(r)) {
                throw new IllegalArgumentException(what + " '" + c.name() + "' has a missing value (NaN or empty) in row "
                        + r + ": evaluation needs complete rows; drop or fill them first");
            }
        }
    }

    private static Task infer(Column<?> target, Table output, EvalOptions options) {
        if (!(target instanceof NumericColumn<?>)) return Task.CLASSIFICATION;
        if (options.predictionsColumn() != null) {
            return output.column(options.predictionsColumn()) instanceof NumericColumn<?> ? Task.REGRESSION : Task.CLASSIFICATION;
        }
        if (output.containsColumn("label")) return Task.CLASSIFICATION;
        for (Column<?> c : output.columns()) if (c.name().startsWith(SCORE_PREFIX)) return Task.CLASSIFICATION;
        return output.columnCount() > 0 && output.column(0) instanceof NumericColumn<?> ? Task.REGRESSION : Task.CLASSIFICATION;
    }

    private static Column<?> predictionColumn(Table output, Task task, EvalOptions options) {
        String named = options.predictionsColumn() != null ? options.predictionsColumn() : options.predictionColumn();
        if (named != null) return column(output, named, "prediction");
        for (String n : task == Task.CLASSIFICATION ? List.of("label", "prediction", options.target())
                : List.of("prediction", options.target())) {
            if (output.containsColumn(n)) return output.column(n);
        }
        for (Column<?> c : output.columns()) {
            if (c.name().startsWith(SCORE_PREFIX)) continue;
            if (task == Task.REGRESSION ? c instanceof NumericColumn<?> : !(c instanceof DoubleColumn)) return c;
        }
        throw new IllegalArgumentException("cannot tell which model output column is the prediction among "
                + output.columnNames() + ": name it (EvalOptions.predictionColumn, --prediction-column)");
    }

    private static Column<?> column(Table t, String name, String what) {
        if (!t.containsColumn(name)) {
            throw new IllegalArgumentException("no " + what + " column '" + name + "'; the columns are " + t.columnNames());
        }
        return t.column(name);
    }

    private static List<String> labels(Column<?> c) {
        List<String> out = new ArrayList<>(c.size());
        for (int r = 0; r < c.size(); r++) {
            Object v = c.get(r);
            out.add(c instanceof BooleanColumn ? String.valueOf(v) : c instanceof StringColumn ? (String) v : Labels.of(v));
        }
        return out;
    }

    private static double[] numbers(Column<?> c, String what) {
        if (!(c instanceof NumericColumn<?> n)) {
            throw new IllegalArgumentException("the " + what + " column '" + c.name() + "' is " + c.type()
                    + ", not numbers: regression needs numbers (is this a classification? --task classification)");
        }
        double[] v = new double[n.size()];
        for (int r = 0; r < v.length; r++) {
            v[r] = n.getDouble(r);
            if (Double.isInfinite(v[r])) {
                throw new IllegalArgumentException("the " + what + " column '" + c.name() + "' is infinite in row " + r);
            }
        }
        return v;
    }

    /** The {@code score_<label>} columns, or null when there are none. */
    private static ClassScores scores(Table output, String predictionName) {
        List<String> labels = new ArrayList<>();
        List<NumericColumn<?>> cols = new ArrayList<>();
        for (Column<?> c : output.columns()) {
            if (c.name().startsWith(SCORE_PREFIX) && !c.name().equals(predictionName) && c instanceof NumericColumn<?> n) {
                refuseMissing(c, "score column");
                labels.add(c.name().substring(SCORE_PREFIX.length()));
                cols.add(n);
            }
        }
        if (labels.isEmpty()) return null;
        double[][] values = new double[output.rowCount()][labels.size()];
        for (int r = 0; r < values.length; r++) for (int j = 0; j < labels.size(); j++) values[r][j] = cols.get(j).getDouble(r);
        return new ClassScores(labels, values);
    }

    /**
     * Metrics of one evaluation.
     *
     * @param task the task
     * @param values metric name to value
     * @param classification the classification details (labels, confusion matrix, curves), else null
     */
    public record Metrics(Task task, java.util.Map<String, Double> values, ClassificationMetrics.Result classification) {}
}
