package dev.jtrack.models.evaluation;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/** ROC and precision-recall curves of a score against a binary truth, as scikit-learn draws them. */
public final class Curves {
    private Curves() {}

    /**
     * The curves of {@code scores} for {@code positive}: one point per distinct score, highest first
     * (scikit-learn's {@code roc_curve} without dropping intermediate points, and
     * {@code precision_recall_curve}).
     */
    static Binary binary(boolean[] positive, double[] scores, String positiveLabel) {
        int n = scores.length;
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) order[i] = i;
        Arrays.sort(order, Comparator.comparingDouble((Integer i) -> scores[i]).reversed());
        long totalPositive = 0;
        for (boolean p : positive) if (p) totalPositive++;
        long totalNegative = n - totalPositive;
        List<double[]> roc = new ArrayList<>();
        List<double[]> pr = new ArrayList<>();
        roc.add(new double[] {0, 0});
        long tp = 0;
        long fp = 0;
        for (int i = 0; i < n; i++) {
            if (positive[order[i]]) tp++; else fp++;
            boolean lastOfThreshold = i == n - 1 || scores[order[i + 1]] != scores[order[i]];
            if (lastOfThreshold) {
                roc.add(new double[] {ratio(fp, totalNegative), ratio(tp, totalPositive)});
                pr.add(new double[] {ratio(tp, totalPositive), ratio(tp, tp + fp)});
            }
        }
        return new Binary(positiveLabel, roc, pr, totalPositive, totalNegative);
    }

    private static double ratio(long a, long b) {
        return b == 0 ? 0.0 : a / (double) b;
    }

    /**
     * The curves of one class.
     *
     * @param positiveLabel the class treated as positive
     * @param roc (false positive rate, true positive rate) points from (0, 0) to (1, 1)
     * @param precisionRecall (recall, precision) points, threshold descending
     * @param positives how many true examples are positive
     * @param negatives how many are not
     */
    public record Binary(String positiveLabel, List<double[]> roc, List<double[]> precisionRecall, long positives,
            long negatives) {

        /** False when the truth has only one class: ROC AUC is then undefined (scikit-learn raises). */
        public boolean isDefined() {
            return positives > 0 && negatives > 0;
        }

        /** The area under the ROC curve (trapezoids; ties count half, as scikit-learn). */
        public double rocAuc() {
            double area = 0;
            for (int i = 1; i < roc.size(); i++) {
                double[] a = roc.get(i - 1);
                double[] b = roc.get(i);
                area += (b[0] - a[0]) * (a[1] + b[1]) / 2;
            }
            return area;
        }

        /** Average precision: Σ (Rₙ − Rₙ₋₁) Pₙ over the thresholds (scikit-learn's {@code average_precision_score}). */
        public double averagePrecision() {
            double ap = 0;
            double previousRecall = 0;
            for (double[] p : precisionRecall) {
                ap += (p[0] - previousRecall) * p[1];
                previousRecall = p[0];
            }
            return ap;
        }
    }
}
