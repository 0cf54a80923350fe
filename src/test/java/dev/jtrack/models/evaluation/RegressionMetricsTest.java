package dev.jtrack.models.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.Table;

/** Regression metrics against answers computed by hand (scikit-learn's documented examples). */
class RegressionMetricsTest {
    private static final double EPS = 1e-12;

    @Test
    void scikitLearnsExample() {
        Map<String, Double> m = RegressionMetrics.compute(new double[] {3, -0.5, 2, 7}, new double[] {2.5, 0.0, 2, 8});
        assertEquals(0.5, m.get("mean_absolute_error"), EPS);
        assertEquals(0.375, m.get("mean_squared_error"), EPS);
        assertEquals(Math.sqrt(0.375), m.get("root_mean_squared_error"), EPS);
        assertEquals(0.9486081370449679, m.get("r2_score"), EPS);
        assertEquals(1.0, m.get("max_error"), EPS);
        assertEquals((0.5 / 3 + 0.5 / 0.5 + 0 + 1.0 / 7) / 4, m.get("mean_absolute_percentage_error"), EPS);
        assertEquals(11.5, m.get("sum_on_target"), EPS);
        assertEquals(4, m.get("example_count"));
    }

    @Test
    void perfectAndConstant() {
        assertEquals(1.0, RegressionMetrics.compute(new double[] {1, 2}, new double[] {1, 2}).get("r2_score"));
        assertEquals(0.0, RegressionMetrics.compute(new double[] {1, 2}, new double[] {1, 2}).get("max_error"));
        // constant truth: 1 when perfect, else 0 (scikit-learn's force_finite)
        assertEquals(1.0, RegressionMetrics.compute(new double[] {2, 2, 2}, new double[] {2, 2, 2}).get("r2_score"));
        assertEquals(0.0, RegressionMetrics.compute(new double[] {2, 2, 2}, new double[] {1, 2, 3}).get("r2_score"));
        // constant prediction = the mean: R² 0
        assertEquals(0.0, RegressionMetrics.compute(new double[] {1, 3}, new double[] {2, 2}).get("r2_score"), EPS);
    }

    @Test
    void percentageErrorOfAZeroTargetUsesMachineEpsilon() {
        double mape = RegressionMetrics.compute(new double[] {0, 1}, new double[] {1, 1}).get("mean_absolute_percentage_error");
        assertEquals(1 / Math.ulp(1.0) / 2, mape, 1);
    }

    @Test
    void nanInTheTargetIsRefusedWithColumnAndRow() {
        Table t = Table.create("d", DoubleColumn.create("y", 1.0, Double.NaN), DoubleColumn.create("p", 1.0, 2.0));
        var e = assertThrows(IllegalArgumentException.class,
                () -> Scored.of(t, t, EvalOptions.target("y").predictions("p")));
        assertTrue(e.getMessage().contains("'y'") && e.getMessage().contains("row 1"), e.getMessage());
    }
}
