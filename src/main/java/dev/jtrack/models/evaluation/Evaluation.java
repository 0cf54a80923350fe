package dev.jtrack.models.evaluation;

import java.util.List;
import java.util.Map;
import org.knowm.xchart.internal.chartpart.Chart;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * The outcome of evaluating one model on one dataset.
 *
 * @param modelUri the model evaluated, or null when the data held the predictions
 * @param task classification or regression
 * @param metrics metric name to value ({@code mlflow.evaluate}'s names; see the README's table)
 * @param classification labels, confusion matrix and curves of a classification, else null
 * @param predictions the data with the model's per-row predictions (logged as {@code predictions.csv})
 * @param charts the plots by artifact file name (empty when plots are off)
 * @param runId the run the metrics were logged to
 * @param datasetDigest the digest the data was logged under
 * @param notes why a metric was left out, and what could not be linked
 */
public record Evaluation(String modelUri, Task task, Map<String, Double> metrics,
        ClassificationMetrics.Result classification, Table predictions, Map<String, Chart<?, ?>> charts, String runId,
        String datasetDigest, List<String> notes) {

    /** The value of {@code name}; IllegalArgumentException naming the metrics there are when absent. */
    public double metric(String name) {
        Double v = metrics.get(name);
        if (v == null) throw new IllegalArgumentException("no metric '" + name + "'; the metrics are " + metrics.keySet());
        return v;
    }

    /** The metrics as a two-column table (metric, value). */
    public Table metricsTable() {
        StringColumn names = StringColumn.create("metric");
        DoubleColumn values = DoubleColumn.create("value");
        metrics.forEach((k, v) -> {
            names.append(k);
            values.append(v);
        });
        return Table.create("evaluation of " + (modelUri == null ? "predictions" : modelUri), names, values);
    }

    /** The confusion matrix as a table (a {@code true \ predicted} column, then one column per label), or null. */
    public Table confusionMatrix() {
        if (classification == null) return null;
        List<String> labels = classification.labels();
        StringColumn rows = StringColumn.create("true \\ predicted", labels);
        Table t = Table.create("confusion matrix", rows);
        for (int p = 0; p < labels.size(); p++) {
            DoubleColumn c = DoubleColumn.create(labels.get(p));
            for (int r = 0; r < labels.size(); r++) c.append(classification.confusion()[r][p]);
            t.addColumns(c);
        }
        return t;
    }

    @Override
    public String toString() {
        return "Evaluation[" + (modelUri == null ? "predictions" : modelUri) + ", " + task.wireName() + ", run " + runId
                + ", " + metrics + "]";
    }
}
