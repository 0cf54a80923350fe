package dev.jtrack.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AlertRuleTest {
    private static Map<String, Double> metrics() {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("sepal_width.psi", 0.5);
        m.put("sepal_length.psi", 0.1);
        m.put("prediction.psi", 0.25);
        m.put("sepal_width.ks", 0.4);
        m.put("error_rate", 0.0);
        m.put("petal_width.psi", Double.NaN);
        return m;
    }

    @Test
    void aBareStatisticMatchesEveryFeatureAndThePrediction() {
        List<String> fired = AlertRule.parse("psi > 0.2").firing(metrics());
        assertEquals(List.of("sepal_width.psi=0.5000 > 0.2", "prediction.psi=0.2500 > 0.2"), fired);
    }

    @Test
    void aFullNameMatchesThatMetricOnly() {
        assertEquals(1, AlertRule.parse("sepal_width.ks >= 0.4").firing(metrics()).size());
        assertEquals(0, AlertRule.parse("error_rate > 0").firing(metrics()).size());
        assertEquals(1, AlertRule.parse("error_rate<=0").firing(metrics()).size());
    }

    @Test
    void badRulesAreRefusedWithTheExpectedForm() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> AlertRule.parse("psi is big"));
        assertEquals("cannot read the alert 'psi is big': expected METRIC OP NUMBER, e.g. \"psi > 0.2\"", e.getMessage());
    }
}
