package dev.jtrack.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jtrack.models.ReferenceProfile;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Drift statistics on small fixed data against answers computed independently with scipy 1.17.1
 * and numpy in the tools environment ({@code scipy.stats.ks_2samp(...).statistic},
 * {@code scipy.stats.chisquare(obs, exp)}, PSI with {@code np.quantile} deciles and
 * {@code np.searchsorted(edges, v, side="left")} bins); the end-to-end suite
 * {@code src/test/python/monitor} cross-checks them on served data too.
 */
class DriftStatisticsTest {
    private static final double[] REF = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
    private static final double[] WIN = {3.5, 4, 8, 11, 12};

    @Test
    void kolmogorovSmirnovEqualsScipy() {
        assertEquals(0.4, DriftStatistics.ks(REF, WIN), 1e-15);
        assertEquals(0.43333333333333335, DriftStatistics.ks(new double[] {1, 1, 2, 2, 2, 3}, new double[] {2, 2, 3, 3, 4}), 1e-15);
        assertEquals(0.3333333333333333, DriftStatistics.ks(new double[] {5, 5, 5, 5, 5, 5, 5, 5, 5, 5}, new double[] {5, 5, 6}), 1e-15);
        assertEquals(0.0, DriftStatistics.ks(REF, REF));
    }

    @Test
    void numericPsiEqualsNumpyOverTheReferenceDeciles() {
        ReferenceProfile.Feature f = ReferenceProfile.numeric(REF, 0);
        assertEquals(9, f.edges().length);
        assertEquals(1.9, f.edges()[0], 1e-12);
        assertEquals(9.1, f.edges()[8], 1e-12);
        assertEquals(4.764340976725844, DriftStatistics.psi(f, WIN), 1e-12);
        assertEquals(0.0, DriftStatistics.psi(f, REF), 1e-15);
    }

    @Test
    void categoricalPsiAndChiSquaredEqualScipy() {
        Map<String, Long> ref = Map.of("a", 50L, "b", 30L, "c", 20L);
        assertEquals(0.41759885512626105, DriftStatistics.psi(ref, Map.of("a", 10L, "b", 25L, "c", 15L)), 1e-12);
        DriftStatistics.ChiSquared c = DriftStatistics.chiSquared(ref, Map.of("a", 10L, "b", 25L, "c", 15L));
        assertEquals(18.166666666666668, c.statistic(), 1e-12);
        assertEquals(0.00011354250096044849, c.pValue(), 1e-12);
        assertEquals(2, c.degreesOfFreedom());
    }

    @Test
    void aCategoryAbsentFromTheWindowCounts() {
        Map<String, Long> ref = Map.of("a", 50L, "b", 30L, "c", 20L);
        Map<String, Long> win = Map.of("a", 30L, "b", 20L);
        assertEquals(1.566420764587036, DriftStatistics.psi(ref, win), 1e-12);
        DriftStatistics.ChiSquared c = DriftStatistics.chiSquared(ref, win);
        assertEquals(12.666666666666668, c.statistic(), 1e-12);
        assertEquals(0.001776103545734378, c.pValue(), 1e-12);
    }

    @Test
    void aCategoryTheReferenceNeverSawIsFiniteDrift() {
        double psi = DriftStatistics.psi(Map.of("a", 10L), Map.of("a", 5L, "new", 5L));
        assertTrue(Double.isFinite(psi) && psi > 1, "psi " + psi);
    }

    @Test
    void anEmptyWindowHasNoStatistic() {
        ReferenceProfile.Feature f = ReferenceProfile.numeric(REF, 0);
        assertTrue(Double.isNaN(DriftStatistics.psi(f, new double[0])));
        assertTrue(Double.isNaN(DriftStatistics.ks(REF, new double[0])));
        assertTrue(Double.isNaN(DriftStatistics.psi(Map.of("a", 1L), Map.of())));
        assertNull(DriftStatistics.chiSquared(Map.of("a", 1L), Map.of()));
    }

    @Test
    void aConstantReferenceHasOneEdgeAndStillMeasures() {
        ReferenceProfile.Feature f = ReferenceProfile.numeric(new double[] {5, 5, 5, 5}, 0);
        assertEquals(1, f.edges().length);
        assertEquals(0.0, DriftStatistics.psi(f, new double[] {5, 5}), 1e-15);
        assertTrue(DriftStatistics.psi(f, new double[] {6, 6}) > 5);
    }

    @Test
    void nanIsRefusedClearly() {
        ReferenceProfile.Feature f = ReferenceProfile.numeric(REF, 0);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DriftStatistics.psi(f, new double[] {1, Double.NaN}));
        assertTrue(e.getMessage().contains("NaN"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> DriftStatistics.ks(REF, new double[] {Double.NaN}));
        assertThrows(IllegalArgumentException.class, () -> ReferenceProfile.numeric(new double[] {Double.NaN}, 0));
    }
}
