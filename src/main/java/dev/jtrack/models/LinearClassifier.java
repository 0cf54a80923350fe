package dev.jtrack.models;

import java.util.List;
import tech.tablesaw.api.NumericColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * A multinomial linear classifier (e.g. logistic regression trained in a notebook cell): for each
 * row the label whose score {@code weights[k] · x + bias[k]} is largest, where {@code x} are the
 * feature columns in order. A ready {@link Predictor} whose classes are part of jtrack, so it can
 * be served by {@code jtrack models serve} without the notebook's classes.
 */
public final class LinearClassifier implements Predictor {
    private static final long serialVersionUID = 1L;

    private final String[] features;
    private final String[] labels;
    private final double[][] weights;
    private final double[] bias;

    /**
     * @param features the input column names, in the order of the weights
     * @param labels the class labels
     * @param weights one row of {@code features.size()} weights per label
     * @param bias one bias per label
     */
    public LinearClassifier(List<String> features, List<String> labels, double[][] weights, double[] bias) {
        if (weights.length != labels.size() || bias.length != labels.size()) {
            throw new IllegalArgumentException("need one weight row and one bias per label (" + labels.size() + ")");
        }
        for (double[] w : weights) {
            if (w.length != features.size()) {
                throw new IllegalArgumentException("each weight row needs " + features.size() + " weights");
            }
        }
        this.features = features.toArray(String[]::new);
        this.labels = labels.toArray(String[]::new);
        this.weights = new double[weights.length][];
        for (int i = 0; i < weights.length; i++) this.weights[i] = weights[i].clone();
        this.bias = bias.clone();
    }

    /** The input column names. */
    public List<String> features() {
        return List.of(features);
    }

    /** The class labels. */
    public List<String> labels() {
        return List.of(labels);
    }

    @Override
    public Table predict(Table input) {
        NumericColumn<?>[] cols = new NumericColumn<?>[features.length];
        for (int f = 0; f < features.length; f++) {
            if (!input.containsColumn(features[f])) {
                throw new IllegalArgumentException("input lacks column '" + features[f] + "'");
            }
            if (!(input.column(features[f]) instanceof NumericColumn<?> n)) {
                throw new IllegalArgumentException("column '" + features[f] + "' is not numeric");
            }
            cols[f] = n;
        }
        StringColumn out = StringColumn.create("prediction");
        double[] x = new double[features.length];
        for (int r = 0; r < input.rowCount(); r++) {
            for (int f = 0; f < x.length; f++) x[f] = cols[f].getDouble(r);
            out.append(labels[argmax(x)]);
        }
        return Table.create("predictions", out);
    }

    private int argmax(double[] x) {
        int best = 0;
        double bestScore = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < labels.length; k++) {
            double s = bias[k];
            for (int f = 0; f < x.length; f++) s += weights[k][f] * x[f];
            if (s > bestScore) {
                bestScore = s;
                best = k;
            }
        }
        return best;
    }
}
