package dev.jtrack.server;

/**
 * Normalized pointwise mutual information (NPMI) of two trace filters from their counts, as
 * MLflow's {@code traces/calculate-filter-correlation} reports it: unsmoothed (NaN when a filter
 * matches nothing, -1 when both match but never together) and smoothed with Jeffreys' prior (0.5
 * added to each cell of the 2x2 table).
 */
final class TraceCorrelation {
    static final double JEFFREYS_PRIOR = 0.5;

    private TraceCorrelation() {}

    /** {npmi, npmi_smoothed} of the counts. */
    static double[] npmi(long joint, long filter1, long filter2, long total) {
        if (total <= 0 || filter1 == 0 || filter2 == 0) {
            return new double[] {Double.NaN, Double.NaN};
        }
        long n11 = joint;
        long n10 = filter1 - joint;
        long n01 = filter2 - joint;
        long n00 = total - filter1 - filter2 + joint;
        if (Math.min(Math.min(n11, n10), Math.min(n01, n00)) < 0) {
            return new double[] {Double.NaN, Double.NaN};
        }
        double unsmoothed = joint == 0 ? -1.0 : core(n11, n10, n01, n00, 0);
        return new double[] {unsmoothed, core(n11, n10, n01, n00, JEFFREYS_PRIOR)};
    }

    private static double core(long n11, long n10, long n01, long n00, double smoothing) {
        double a = n11 + smoothing;
        double b = n10 + smoothing;
        double c = n01 + smoothing;
        double d = n00 + smoothing;
        double n = a + b + c + d;
        double n1 = a + b;
        double n2 = a + c;
        if (n1 <= 0 || n2 <= 0 || a <= 0) {
            return Double.NaN;
        }
        if (n10 == 0 && n01 == 0 && n00 == 0) {
            return 1.0;
        }
        double pmi = (Math.log(a) + Math.log(n)) - (Math.log(n1) + Math.log(n2));
        double npmi = pmi / -(Math.log(a) - Math.log(n));
        return Math.max(-1.0, Math.min(1.0, npmi));
    }
}
