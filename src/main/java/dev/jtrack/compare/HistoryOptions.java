package dev.jtrack.compare;

/**
 * How a metric history chart is drawn: the x axis, log scale, smoothing and size.
 *
 * <pre>{@code
 * Runs.historyChart("loss", HistoryOptions.defaults().x(HistoryOptions.XAxis.RELATIVE_TIME).logY().smoothing(0.6), ids)
 * }</pre>
 */
public final class HistoryOptions {
    /** What the x axis shows. */
    public enum XAxis {
        /** The logged step. */
        STEP,
        /** The wall-clock time of each point. */
        WALL_TIME,
        /** Seconds since the run's first point of this metric. */
        RELATIVE_TIME
    }

    private XAxis x = XAxis.STEP;
    private boolean logY;
    private double smoothing;
    private int width = 800;
    private int height = 450;

    private HistoryOptions() {}

    /** Steps on x, linear y, no smoothing, 800 × 450. */
    public static HistoryOptions defaults() {
        return new HistoryOptions();
    }

    /** Sets what the x axis shows. */
    public HistoryOptions x(XAxis axis) {
        x = axis;
        return this;
    }

    /** A logarithmic y axis (points ≤ 0 are left out, since they have no place on it). */
    public HistoryOptions logY() {
        logY = true;
        return this;
    }

    /**
     * Exponential moving average as TensorBoard applies it (debiased), weight in [0, 1): 0 is
     * none, 0.9 is strong. The raw line is not drawn.
     */
    public HistoryOptions smoothing(double weight) {
        if (!(weight >= 0 && weight < 1)) {
            throw new IllegalArgumentException("smoothing must be in [0, 1), got " + weight);
        }
        smoothing = weight;
        return this;
    }

    /** The chart size in points (the PNG is drawn at twice this for HiDPI screens). */
    public HistoryOptions size(int width, int height) {
        if (width < 50 || height < 50) {
            throw new IllegalArgumentException("a chart needs at least 50 × 50, got " + width + " × " + height);
        }
        this.width = width;
        this.height = height;
        return this;
    }

    XAxis xAxis() {
        return x;
    }

    boolean isLogY() {
        return logY;
    }

    double smoothingWeight() {
        return smoothing;
    }

    int width() {
        return width;
    }

    int height() {
        return height;
    }
}
