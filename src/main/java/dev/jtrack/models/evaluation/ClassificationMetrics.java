package dev.jtrack.models.evaluation;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * Classification metrics with scikit-learn's definitions, named as {@code mlflow.evaluate} names
 * them. Labels are compared as text; the label set is the sorted union of the true and predicted
 * labels (scikit-learn's {@code unique_labels}). A precision or recall whose denominator is zero
 * (a class never predicted, or absent from the truth) is 0, as scikit-learn's default
 * {@code zero_division="warn"} returns (without the warning).
 *
 * <p>Binary problems: {@code precision_score}, {@code recall_score}, {@code f1_score} are those of
 * the positive label ({@code average="binary"}); multiclass: the support-weighted averages
 * ({@code average="weighted"}, as {@code mlflow.evaluate}). {@code _macro}, {@code _weighted} and
 * {@code _class_<label>} variants are always given.
 */
public final class ClassificationMetrics {
    private ClassificationMetrics() {}

    /**
     * Computes the metrics.
     *
     * @param truth the true labels
     * @param predicted the predicted labels, one per true label
     * @param scores the model's per-class scores, or null
     * @param positiveLabel the positive label of a binary problem, or null for the default
     *     ({@link #defaultPositiveLabel})
     */
    public static Result compute(List<String> truth, List<String> predicted, ClassScores scores, String positiveLabel) {
        if (truth.size() != predicted.size()) {
            throw new IllegalArgumentException(truth.size() + " true labels but " + predicted.size() + " predictions");
        }
        if (truth.isEmpty()) throw new IllegalArgumentException("no rows to evaluate");
        List<String> labels = Labels.sorted(new LinkedHashSet<String>() {{ addAll(truth); addAll(predicted); }});
        int k = labels.size();
        long[][] confusion = new long[k][k];
        Map<String, Integer> index = new LinkedHashMap<>();
        for (int i = 0; i < k; i++) index.put(labels.get(i), i);
        for (int r = 0; r < truth.size(); r++) confusion[index.get(truth.get(r))][index.get(predicted.get(r))]++;

        Map<String, Double> m = new LinkedHashMap<>();
        int n = truth.size();
        m.put("example_count", (double) n);
        long correct = 0;
        for (int i = 0; i < k; i++) correct += confusion[i][i];
        m.put("accuracy_score", correct / (double) n);

        double[] precision = new double[k];
        double[] recall = new double[k];
        double[] f1 = new double[k];
        long[] support = new long[k];
        for (int i = 0; i < k; i++) {
            long tp = confusion[i][i];
            long predictedI = 0;
            long trueI = 0;
            for (int j = 0; j < k; j++) {
                predictedI += confusion[j][i];
                trueI += confusion[i][j];
            }
            support[i] = trueI;
            precision[i] = ratio(tp, predictedI);
            recall[i] = ratio(tp, trueI);
            f1[i] = ratio(2 * tp, predictedI + trueI); // 2TP / (2TP + FP + FN), as scikit-learn computes it
        }
        String positive = null;
        if (k == 2) {
            positive = positiveLabel != null ? positiveLabel : defaultPositiveLabel(labels);
            if (!index.containsKey(positive)) {
                throw new IllegalArgumentException("positive label '" + positive + "' is not among the labels " + labels);
            }
            int p = index.get(positive);
            int q = 1 - p;
            m.put("precision_score", precision[p]);
            m.put("recall_score", recall[p]);
            m.put("f1_score", f1[p]);
            m.put("true_negatives", (double) confusion[q][q]);
            m.put("false_positives", (double) confusion[q][p]);
            m.put("false_negatives", (double) confusion[p][q]);
            m.put("true_positives", (double) confusion[p][p]);
        } else {
            m.put("precision_score", weighted(precision, support));
            m.put("recall_score", weighted(recall, support));
            m.put("f1_score", weighted(f1, support));
        }
        m.put("precision_score_macro", mean(precision));
        m.put("recall_score_macro", mean(recall));
        m.put("f1_score_macro", mean(f1));
        m.put("precision_score_weighted", weighted(precision, support));
        m.put("recall_score_weighted", weighted(recall, support));
        m.put("f1_score_weighted", weighted(f1, support));
        for (int i = 0; i < k; i++) {
            String suffix = "_class_" + MetricNames.safe(labels.get(i));
            m.put("precision_score" + suffix, precision[i]);
            m.put("recall_score" + suffix, recall[i]);
            m.put("f1_score" + suffix, f1[i]);
        }
        List<String> notes = new ArrayList<>();
        List<Curves.Binary> curves = new ArrayList<>();
        if (scores != null) scoreMetrics(truth, positive, scores, m, notes, curves);
        return new Result(Collections.unmodifiableMap(m), List.copyOf(labels), confusion, positive, List.copyOf(curves),
                List.copyOf(notes));
    }

    /**
     * The positive label scikit-learn and MLflow would use: {@code 1} (or {@code true}, {@code yes})
     * when it is one of the two labels, else the greater one in label order (the class
     * {@code roc_auc_score} treats as positive).
     */
    public static String defaultPositiveLabel(List<String> twoLabels) {
        for (String l : twoLabels) if (l.equals("1") || l.equalsIgnoreCase("true") || l.equalsIgnoreCase("yes")) return l;
        return Labels.sorted(twoLabels).get(twoLabels.size() - 1);
    }

    /** log_loss, roc_auc (binary or one-vs-rest) and precision_recall_auc from the class scores. */
    private static void scoreMetrics(List<String> truth, String positive, ClassScores scores, Map<String, Double> m,
            List<String> notes, List<Curves.Binary> curves) {
        List<String> missing = new ArrayList<>();
        for (String t : new LinkedHashSet<>(truth)) if (!scores.labels().contains(t)) missing.add(t);
        if (!missing.isEmpty()) {
            notes.add("no log_loss/roc_auc: the model gives no score for true label(s) " + missing);
            return;
        }
        int n = truth.size();
        List<String> classes = scores.labels();
        int[] trueIndex = new int[n];
        for (int r = 0; r < n; r++) trueIndex[r] = classes.indexOf(truth.get(r));
        boolean probabilities = scores.areProbabilities();
        if (probabilities) {
            double eps = Math.ulp(1.0); // numpy.finfo(float64).eps, scikit-learn's clip
            double sum = 0;
            for (int r = 0; r < n; r++) {
                double p = Math.min(Math.max(scores.values()[r][trueIndex[r]], eps), 1 - eps);
                sum += -Math.log(p);
            }
            m.put("log_loss", sum / n);
        } else {
            notes.add("no log_loss: the model's scores are not probabilities (each row in [0, 1] summing to 1)");
        }
        if (classes.size() == 2) {
            String pos = positive != null && classes.contains(positive) ? positive : defaultPositiveLabel(classes);
            int p = classes.indexOf(pos);
            if (p < 0) {
                notes.add("no roc_auc: no score column for the positive label " + pos);
                return;
            }
            boolean[] isPositive = new boolean[n];
            double[] s = new double[n];
            for (int r = 0; r < n; r++) {
                isPositive[r] = trueIndex[r] == p;
                s[r] = scores.values()[r][p];
            }
            Curves.Binary curve = Curves.binary(isPositive, s, pos);
            if (curve.isDefined()) {
                m.put("roc_auc", curve.rocAuc());
                m.put("precision_recall_auc", curve.averagePrecision());
                curves.add(curve);
            } else {
                notes.add("no roc_auc: only one class in the true labels");
            }
            return;
        }
        if (!probabilities) {
            notes.add("no roc_auc: one-vs-rest ROC AUC needs probabilities (as scikit-learn requires)");
            return;
        }
        double macro = 0;
        double weighted = 0;
        Map<String, Double> perClass = new LinkedHashMap<>();
        for (int c = 0; c < classes.size(); c++) {
            boolean[] isC = new boolean[n];
            double[] s = new double[n];
            int count = 0;
            for (int r = 0; r < n; r++) {
                isC[r] = trueIndex[r] == c;
                if (isC[r]) count++;
                s[r] = scores.values()[r][c];
            }
            Curves.Binary curve = Curves.binary(isC, s, classes.get(c));
            if (!curve.isDefined()) {
                notes.add("no roc_auc: class " + classes.get(c) + " is " + (count == 0 ? "absent from" : "all of")
                        + " the true labels, its one-vs-rest ROC AUC is undefined");
                curves.clear();
                return;
            }
            curves.add(curve);
            perClass.put("roc_auc_class_" + MetricNames.safe(classes.get(c)), curve.rocAuc());
            macro += curve.rocAuc();
            weighted += curve.rocAuc() * count;
        }
        m.put("roc_auc", weighted / n);
        m.put("roc_auc_macro", macro / classes.size());
        m.put("roc_auc_weighted", weighted / n);
        m.putAll(perClass);
    }

    private static double ratio(long a, long b) {
        return b == 0 ? 0.0 : a / (double) b;
    }

    private static double mean(double[] v) {
        double s = 0;
        for (double x : v) s += x;
        return s / v.length;
    }

    private static double weighted(double[] v, long[] w) {
        double s = 0;
        long total = 0;
        for (int i = 0; i < v.length; i++) {
            s += v[i] * w[i];
            total += w[i];
        }
        return total == 0 ? 0.0 : s / total;
    }

    /**
     * What {@link #compute} found.
     *
     * @param metrics metric name to value, in a stable order
     * @param labels the labels in order (rows and columns of the confusion matrix)
     * @param confusion {@code confusion[true][predicted]} counts
     * @param positiveLabel the positive label of a binary problem, else null
     * @param curves the ROC and precision-recall curves when the model gives scores: the positive
     *     label's for a binary problem, one per class (one-vs-rest) otherwise; else empty
     * @param notes why a metric was left out (e.g. scores that are not probabilities)
     */
    public record Result(Map<String, Double> metrics, List<String> labels, long[][] confusion, String positiveLabel,
            List<Curves.Binary> curves, List<String> notes) {}
}
