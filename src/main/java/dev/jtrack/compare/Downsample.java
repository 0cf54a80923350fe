package dev.jtrack.compare;

/**
 * Min/max downsampling for line charts: the x range is cut into buckets (one per pixel column);
 * each bucket keeps its first, lowest, highest and last point, in x order. The drawn line then
 * covers exactly the vertical extent the full series covers in every pixel column, so spikes
 * and dips survive.
 */
final class Downsample {
    /** x and y of the kept points. */
    record Series(double[] x, double[] y) {
        int size() {
            return x.length;
        }
    }

    private Downsample() {}

    /**
     * Keeps at most about {@code 4 * buckets} points of the series (x ascending).
     *
     * @param buckets the number of pixel columns, at least 1
     */
    static Series minMax(double[] x, double[] y, int buckets) {
        int n = x.length;
        if (n <= 4L * buckets) {
            return new Series(x, y);
        }
        double lo = x[0];
        double hi = x[n - 1];
        double width = (hi - lo) / buckets;
        double[] ox = new double[4 * buckets + 4];
        double[] oy = new double[ox.length];
        int out = 0;
        int i = 0;
        while (i < n) {
            int bucket = width == 0 ? 0 : (int) Math.min(buckets - 1, (x[i] - lo) / width);
            int first = i;
            int min = i;
            int max = i;
            int j = i + 1;
            while (j < n && (width == 0 ? 0 : (int) Math.min(buckets - 1, (x[j] - lo) / width)) == bucket) {
                if (y[j] < y[min] || Double.isNaN(y[min])) {
                    min = j;
                }
                if (y[j] > y[max] || Double.isNaN(y[max])) {
                    max = j;
                }
                j++;
            }
            int last = j - 1;
            int[] keep = sorted(first, min, max, last);
            for (int k = 0; k < keep.length; k++) {
                if (k == 0 || keep[k] != keep[k - 1]) {
                    if (out == ox.length) {
                        ox = java.util.Arrays.copyOf(ox, out * 2);
                        oy = java.util.Arrays.copyOf(oy, out * 2);
                    }
                    ox[out] = x[keep[k]];
                    oy[out] = y[keep[k]];
                    out++;
                }
            }
            i = j;
        }
        return new Series(java.util.Arrays.copyOf(ox, out), java.util.Arrays.copyOf(oy, out));
    }

    private static int[] sorted(int a, int b, int c, int d) {
        int[] v = {a, b, c, d};
        java.util.Arrays.sort(v);
        return v;
    }
}
