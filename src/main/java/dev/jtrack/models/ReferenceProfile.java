package dev.jtrack.models;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import tech.tablesaw.api.NumericColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/**
 * What a model's training data looked like, per feature, as the reference drift is measured
 * against: for a number the count, missing count, a sorted sample (every value up to
 * {@value #MAX_SAMPLE} values, else that many evenly spaced quantiles), the decile edges and the
 * histogram over them; for a category its frequencies. Stored as JSON
 * ({@value #FILE_NAME}) beside a logged model's MLmodel, or computed from any table.
 *
 * @param rows the rows profiled
 * @param features feature name to its profile, in column order
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ReferenceProfile(long rows, Map<String, Feature> features) {
    /** The file name of a profile stored with a model. */
    public static final String FILE_NAME = "reference_profile.json";
    /** The most values a numeric sample keeps exactly. */
    public static final int MAX_SAMPLE = 10_000;
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * One feature's profile.
     *
     * @param type {@code numeric} or {@code categorical}
     * @param count the non-missing values
     * @param missing the missing values
     * @param sample numbers: the sorted values (or quantiles, when there are more than {@link #MAX_SAMPLE})
     * @param edges numbers: the decile edges (distinct), bins are (-inf, e0], (e0, e1], ..., (e_last, inf)
     * @param histogram numbers: the count of values in each bin ({@code edges.length + 1} bins)
     * @param frequencies categories: value to count
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Feature(String type, long count, long missing, double[] sample, double[] edges, long[] histogram,
            Map<String, Long> frequencies) {
        /** Whether the feature is a number. */
        public boolean numeric() {
            return "numeric".equals(type);
        }
    }

    /** Profiles every column of {@code table} (numbers as numeric, everything else as categorical). */
    public static ReferenceProfile of(Table table) {
        Map<String, Feature> features = new LinkedHashMap<>();
        for (Column<?> c : table.columns()) {
            if (c instanceof NumericColumn<?> n) {
                List<Double> values = new ArrayList<>();
                for (int r = 0; r < n.size(); r++) if (!n.isMissing(r)) values.add(n.getDouble(r));
                features.put(c.name(), numeric(values.stream().mapToDouble(Double::doubleValue).toArray(), n.size() - values.size()));
            } else {
                Map<String, Long> freq = new TreeMap<>();
                long missing = 0;
                for (int r = 0; r < c.size(); r++) {
                    String v = c.isMissing(r) ? "" : String.valueOf(c.get(r));
                    if (v.isEmpty()) missing++;
                    else freq.merge(v, 1L, Long::sum);
                }
                features.put(c.name(), categorical(freq, missing));
            }
        }
        return new ReferenceProfile(table.rowCount(), features);
    }

    /** The profile of numbers (no NaN: missing values are counted by the caller). */
    public static Feature numeric(double[] values, long missing) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        for (double v : sorted) if (Double.isNaN(v)) throw new IllegalArgumentException("NaN among the values to profile");
        double[] sample = sorted.length <= MAX_SAMPLE ? sorted : quantiles(sorted, MAX_SAMPLE);
        double[] edges = sorted.length == 0 ? new double[0]
                : Arrays.stream(quantiles(sorted, 11)).skip(1).limit(9).distinct().toArray();
        return new Feature("numeric", sorted.length, missing, sample, edges, histogram(edges, sorted), null);
    }

    /** The profile of category counts. */
    public static Feature categorical(Map<String, Long> frequencies, long missing) {
        long count = frequencies.values().stream().mapToLong(Long::longValue).sum();
        return new Feature("categorical", count, missing, null, null, null, new TreeMap<>(frequencies));
    }

    /** Counts of {@code values} in the bins (-inf, e0], (e0, e1], ..., (e_last, inf). */
    public static long[] histogram(double[] edges, double[] values) {
        long[] counts = new long[edges.length + 1];
        for (double v : values) {
            int i = Arrays.binarySearch(edges, v);
            int bin = i >= 0 ? i : -i - 1; // a value equal to an edge falls in the bin the edge closes
            counts[bin]++;
        }
        return counts;
    }

    /** {@code k} evenly spaced quantiles (linear interpolation, as numpy's default) of sorted values, first and last included. */
    static double[] quantiles(double[] sorted, int k) {
        double[] q = new double[k];
        for (int i = 0; i < k; i++) {
            double pos = (sorted.length - 1) * (double) i / (k - 1);
            int lo = (int) Math.floor(pos);
            int hi = Math.min(lo + 1, sorted.length - 1);
            q[i] = sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
        }
        return q;
    }

    /** This profile as JSON. */
    public String toJson() {
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(this);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads a profile written by {@link #toJson}. */
    public static ReferenceProfile fromJson(String json) {
        try {
            return JSON.readValue(json, ReferenceProfile.class);
        } catch (IOException e) {
            throw new IllegalArgumentException("not a reference profile: " + e.getMessage(), e);
        }
    }
}
