package dev.jtrack.monitor;

import dev.jtrack.models.ReferenceProfile;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import org.apache.commons.math3.distribution.ChiSquaredDistribution;

/**
 * The drift statistics of a window of values against a reference profile. Definitions:
 * <ul>
 *   <li>PSI (population stability index) = Σ (w<sub>i</sub> − r<sub>i</sub>) ln(w<sub>i</sub> / r<sub>i</sub>)
 *       over bins (numbers: the reference's decile bins; categories: every category of either
 *       side), proportions floored at {@value #EPSILON} so an empty bin counts but stays finite;
 *   <li>Kolmogorov–Smirnov: the two-sample statistic sup |F<sub>ref</sub>(x) − F<sub>window</sub>(x)|
 *       over the reference's sample (as {@code scipy.stats.ks_2samp}'s statistic);
 *   <li>chi-squared: Σ (o − e)² / e over the reference's categories with e = n · (reference share),
 *       as {@code scipy.stats.chisquare(o, e)}; a category the reference never saw is expected
 *       with share {@value #EPSILON}. Its p-value from the χ² distribution with k − 1 degrees of freedom.
 * </ul>
 * NaN is refused: missing values are counted (as missing rates) before the statistics.
 */
public final class DriftStatistics {
    /** The floor of a proportion in PSI and of an unseen category's expected share. */
    public static final double EPSILON = 1e-4;

    private DriftStatistics() {}

    /** A chi-squared test's outcome. */
    public record ChiSquared(double statistic, double pValue, int degreesOfFreedom) {}

    /** PSI of numbers against a numeric reference; NaN for an empty window. */
    public static double psi(ReferenceProfile.Feature reference, double[] window) {
        refuseNaN(window);
        if (window.length == 0 || reference.count() == 0) return Double.NaN;
        long[] ref = reference.histogram();
        long[] win = ReferenceProfile.histogram(reference.edges(), window);
        return psi(shares(ref), shares(win));
    }

    /** PSI of two distributions over the same bins (each summing to 1). */
    public static double psi(double[] reference, double[] window) {
        if (reference.length != window.length) throw new IllegalArgumentException("PSI needs the same bins on both sides");
        double sum = 0;
        for (int i = 0; i < reference.length; i++) {
            double r = Math.max(reference[i], EPSILON);
            double w = Math.max(window[i], EPSILON);
            sum += (w - r) * Math.log(w / r);
        }
        return sum;
    }

    /** PSI of category counts against reference category counts; NaN for an empty window. */
    public static double psi(Map<String, Long> reference, Map<String, Long> window) {
        long wn = total(window);
        long rn = total(reference);
        if (wn == 0 || rn == 0) return Double.NaN;
        Set<String> all = new LinkedHashSet<>(reference.keySet());
        all.addAll(window.keySet());
        double[] r = new double[all.size()];
        double[] w = new double[all.size()];
        int i = 0;
        for (String k : all) {
            r[i] = reference.getOrDefault(k, 0L) / (double) rn;
            w[i] = window.getOrDefault(k, 0L) / (double) wn;
            i++;
        }
        return psi(r, w);
    }

    /** The two-sample Kolmogorov–Smirnov statistic; NaN when either side is empty. */
    public static double ks(double[] reference, double[] window) {
        refuseNaN(reference);
        refuseNaN(window);
        if (reference.length == 0 || window.length == 0) return Double.NaN;
        double[] a = reference.clone();
        double[] b = window.clone();
        Arrays.sort(a);
        Arrays.sort(b);
        int i = 0;
        int j = 0;
        double d = 0;
        while (i < a.length && j < b.length) {
            double x = Math.min(a[i], b[j]);
            while (i < a.length && a[i] <= x) i++;
            while (j < b.length && b[j] <= x) j++;
            d = Math.max(d, Math.abs((double) i / a.length - (double) j / b.length));
        }
        return d;
    }

    /** Pearson's chi-squared test of window counts against the reference's shares; null for an empty window. */
    public static ChiSquared chiSquared(Map<String, Long> reference, Map<String, Long> window) {
        long wn = total(window);
        long rn = total(reference);
        if (wn == 0 || rn == 0) return null;
        Set<String> all = new LinkedHashSet<>(reference.keySet());
        all.addAll(window.keySet());
        double stat = 0;
        for (String k : all) {
            double share = reference.containsKey(k) ? reference.get(k) / (double) rn : EPSILON;
            double e = wn * share;
            double o = window.getOrDefault(k, 0L);
            stat += (o - e) * (o - e) / e;
        }
        int df = all.size() - 1;
        double p = df <= 0 ? 1.0 : 1.0 - new ChiSquaredDistribution(df).cumulativeProbability(stat);
        return new ChiSquared(stat, p, df);
    }

    private static double[] shares(long[] counts) {
        long n = Arrays.stream(counts).sum();
        double[] s = new double[counts.length];
        for (int i = 0; i < counts.length; i++) s[i] = n == 0 ? 0 : counts[i] / (double) n;
        return s;
    }

    private static long total(Map<String, Long> counts) {
        return counts.values().stream().mapToLong(Long::longValue).sum();
    }

    static void refuseNaN(double[] values) {
        for (double v : values) {
            if (Double.isNaN(v)) {
                throw new IllegalArgumentException("NaN among the values: count missing values as missing, not as numbers");
            }
        }
    }
}
