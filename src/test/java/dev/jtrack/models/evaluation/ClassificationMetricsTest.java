package dev.jtrack.models.evaluation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Classification metrics against answers computed by hand (and scikit-learn's documented examples). */
class ClassificationMetricsTest {
    private static final double EPS = 1e-12;

    @Test
    void binaryCountsAndPositiveLabelScores() {
        // TP=3 FN=1 FP=1 TN=3
        var r = ClassificationMetrics.compute(List.of("1", "1", "1", "0", "0", "0", "0", "1"),
                List.of("1", "0", "1", "0", "1", "0", "0", "1"), null, null);
        Map<String, Double> m = r.metrics();
        assertEquals("1", r.positiveLabel());
        assertEquals(8, m.get("example_count"));
        assertEquals(0.75, m.get("accuracy_score"), EPS);
        assertEquals(0.75, m.get("precision_score"), EPS);
        assertEquals(0.75, m.get("recall_score"), EPS);
        assertEquals(0.75, m.get("f1_score"), EPS);
        assertEquals(3, m.get("true_positives"));
        assertEquals(3, m.get("true_negatives"));
        assertEquals(1, m.get("false_positives"));
        assertEquals(1, m.get("false_negatives"));
        assertArrayEquals(new long[] {3, 1}, r.confusion()[0]);
        assertArrayEquals(new long[] {1, 3}, r.confusion()[1]);
    }

    @Test
    void classAbsentFromPredictionsCountsZeroAsScikitLearnsDefaultZeroDivision() {
        // c is never predicted: its precision is 0/0 -> 0
        var m = ClassificationMetrics.compute(List.of("a", "a", "b", "b", "c", "c"),
                List.of("a", "a", "b", "a", "b", "b"), null, null).metrics();
        assertEquals(0.5, m.get("accuracy_score"), EPS);
        assertEquals(2.0 / 3, m.get("precision_score_class_a"), EPS);
        assertEquals(1.0 / 3, m.get("precision_score_class_b"), EPS);
        assertEquals(0.0, m.get("precision_score_class_c"), EPS);
        assertEquals(1.0, m.get("recall_score_class_a"), EPS);
        assertEquals(0.5, m.get("recall_score_class_b"), EPS);
        assertEquals(0.8, m.get("f1_score_class_a"), EPS);
        assertEquals(0.4, m.get("f1_score_class_b"), EPS);
        assertEquals(0.0, m.get("f1_score_class_c"), EPS);
        assertEquals(1.0 / 3, m.get("precision_score_macro"), EPS);
        assertEquals(0.5, m.get("recall_score_macro"), EPS);
        assertEquals(0.4, m.get("f1_score_macro"), EPS);
        assertEquals(0.4, m.get("f1_score"), EPS); // multiclass: weighted, as mlflow.evaluate
        assertFalse(m.containsKey("true_positives"));
    }

    @Test
    void weightedAveragesFollowTheSupport() {
        // supports a=3, b=1; a: P=3/4 R=1, b: P=0/0->0 R=0
        var m = ClassificationMetrics.compute(List.of("a", "a", "a", "b", "c"), List.of("a", "a", "a", "a", "c"), null, null)
                .metrics();
        assertEquals((0.75 * 3 + 0 * 1 + 1 * 1) / 5, m.get("precision_score_weighted"), EPS);
        assertEquals((1.0 * 3 + 0 + 1) / 5, m.get("recall_score_weighted"), EPS);
    }

    @Test
    void perfectAndConstantPredictions() {
        var perfect = ClassificationMetrics.compute(List.of("x", "y", "y"), List.of("x", "y", "y"), null, null).metrics();
        assertEquals(1.0, perfect.get("accuracy_score"));
        assertEquals(1.0, perfect.get("f1_score"));
        assertEquals(1.0, perfect.get("f1_score_macro"));
        var constant = ClassificationMetrics.compute(List.of("0", "1", "1", "1"), List.of("1", "1", "1", "1"), null, null)
                .metrics();
        assertEquals(0.75, constant.get("accuracy_score"), EPS);
        assertEquals(0.75, constant.get("precision_score"), EPS);
        assertEquals(1.0, constant.get("recall_score"), EPS);
        assertEquals(6.0 / 7, constant.get("f1_score"), EPS);
        assertEquals(0.0, constant.get("precision_score_class_0"));
        assertEquals(0.0, constant.get("recall_score_class_0"));
    }

    @Test
    void rocAucAndAveragePrecisionOfScikitLearnsExample() {
        // sklearn docs: roc_auc_score([0,0,1,1], [0.1,0.4,0.35,0.8]) = 0.75; average_precision_score = 0.8333...
        double[] p1 = {0.1, 0.4, 0.35, 0.8};
        double[][] scores = new double[4][];
        for (int i = 0; i < 4; i++) scores[i] = new double[] {1 - p1[i], p1[i]};
        var r = ClassificationMetrics.compute(List.of("0", "0", "1", "1"), List.of("0", "0", "0", "1"),
                new ClassScores(List.of("0", "1"), scores), null);
        assertEquals(0.75, r.metrics().get("roc_auc"), EPS);
        assertEquals(0.5 + 0.5 * 2 / 3, r.metrics().get("precision_recall_auc"), EPS);
        assertEquals(1, r.curves().size());
    }

    @Test
    void tiedScoresCountHalf() {
        // one positive and one negative with the same score: AUC 0.5
        var r = ClassificationMetrics.compute(List.of("0", "1"), List.of("1", "1"),
                new ClassScores(List.of("0", "1"), new double[][] {{0.5, 0.5}, {0.5, 0.5}}), null);
        assertEquals(0.5, r.metrics().get("roc_auc"), EPS);
    }

    @Test
    void logLossOfScikitLearnsExample() {
        // sklearn docs: log_loss(["spam","ham","ham","spam"], [[.1,.9],[.9,.1],[.8,.2],[.35,.65]]) = 0.21616...
        var r = ClassificationMetrics.compute(List.of("spam", "ham", "ham", "spam"), List.of("spam", "ham", "ham", "spam"),
                new ClassScores(List.of("ham", "spam"), new double[][] {{.1, .9}, {.9, .1}, {.8, .2}, {.35, .65}}), "spam");
        double expected = -(Math.log(.9) + Math.log(.9) + Math.log(.8) + Math.log(.65)) / 4;
        assertEquals(expected, r.metrics().get("log_loss"), EPS);
        assertEquals(0.21616, r.metrics().get("log_loss"), 1e-5);
    }

    @Test
    void oneVsRestRocAucMacroAndWeighted() {
        // pairs (positive, negative) where the positive scores higher, ties half:
        // a: positives 0.7, 0.6 beat all four negatives -> 8/8
        // b: positives 0.6 (beats 0.2, 0.2, 0.3, 0.0) and 0.1 (beats 0.0) -> 5/8
        // c: positives 0.7, 0.7 each beat 0.1, 0.2, 0.1 but not 0.8 -> 6/8
        var r = ClassificationMetrics.compute(List.of("a", "b", "b", "c", "a", "c"), List.of("a", "b", "c", "c", "a", "c"),
                new ClassScores(List.of("a", "b", "c"), new double[][] {
                    {0.7, 0.2, 0.1}, {0.2, 0.6, 0.2}, {0.1, 0.1, 0.8}, {0.1, 0.2, 0.7}, {0.6, 0.3, 0.1}, {0.3, 0.0, 0.7}}),
                null);
        Map<String, Double> m = r.metrics();
        assertEquals(1.0, m.get("roc_auc_class_a"), EPS);
        assertEquals(0.625, m.get("roc_auc_class_b"), EPS);
        assertEquals(0.75, m.get("roc_auc_class_c"), EPS);
        assertEquals((1 + 0.625 + 0.75) / 3, m.get("roc_auc_macro"), EPS);
        assertEquals((1.0 * 2 + 0.625 * 2 + 0.75 * 2) / 6, m.get("roc_auc_weighted"), EPS);
        assertEquals(m.get("roc_auc_weighted"), m.get("roc_auc"));
        assertEquals(3, r.curves().size());
    }

    @Test
    void scoresThatAreNotProbabilitiesGiveNoLogLoss() {
        var r = ClassificationMetrics.compute(List.of("0", "1"), List.of("0", "1"),
                new ClassScores(List.of("0", "1"), new double[][] {{2.0, -1.0}, {-3.0, 4.0}}), null);
        assertFalse(r.metrics().containsKey("log_loss"));
        assertEquals(1.0, r.metrics().get("roc_auc"), EPS); // binary ROC AUC needs only an order
        assertTrue(r.notes().get(0).contains("not probabilities"), r.notes().toString());
    }

    @Test
    void numericLabelsSortNumerically() {
        var r = ClassificationMetrics.compute(List.of("10", "9", "2"), List.of("10", "9", "2"), null, null);
        assertEquals(List.of("2", "9", "10"), r.labels());
    }

    @Test
    void mismatchedLengthsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> ClassificationMetrics.compute(List.of("a"), List.of(), null, null));
    }
}
