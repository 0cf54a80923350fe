package dev.jtrack.models.evaluation;

import java.util.List;

/**
 * A model's per-class scores: {@code values[row][i]} is the score of {@code labels.get(i)}.
 *
 * @param labels the classes, in column order
 * @param values one row of scores per example
 */
public record ClassScores(List<String> labels, double[][] values) {
    public ClassScores {
        labels = List.copyOf(labels);
        for (int r = 0; r < values.length; r++) {
            if (values[r].length != labels.size()) {
                throw new IllegalArgumentException("score row " + r + " has " + values[r].length + " values for "
                        + labels.size() + " classes");
            }
            for (double v : values[r]) {
                if (Double.isNaN(v)) throw new IllegalArgumentException("score row " + r + " has a NaN score");
            }
        }
    }

    /** True when every row lies in [0, 1] and sums to 1 (within float precision, as ONNX models answer). */
    public boolean areProbabilities() {
        for (double[] row : values) {
            double sum = 0;
            for (double v : row) {
                if (v < 0 || v > 1) return false;
                sum += v;
            }
            if (Math.abs(sum - 1) > 1e-5) return false;
        }
        return true;
    }
}
