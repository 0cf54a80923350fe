package dev.jtrack.monitor;

import dev.jtrack.models.ReferenceProfile;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** Cuts an inference log into windows and measures each against a reference profile. */
final class Windows {
    /** The output column taken as the prediction when present (else the first output column). */
    static final String PREDICTION = "prediction";

    private Windows() {}

    /** The windows of {@code rows}: sorted by time, duplicates (re-delivered rows) dropped. */
    static List<WindowReport> compute(List<InferenceRow> rows, ReferenceProfile reference, MonitorOptions options) {
        List<List<InferenceRow>> requests = requests(rows, options);
        List<long[]> bounds = new ArrayList<>();
        List<List<List<InferenceRow>>> windows = new ArrayList<>();
        if (options.windowDuration() == null) {
            for (int i = 0; i < requests.size(); i += options.windowRequests()) {
                List<List<InferenceRow>> w = requests.subList(i, Math.min(requests.size(), i + options.windowRequests()));
                windows.add(w);
                bounds.add(new long[] {w.get(0).get(0).timeMillis(), w.get(w.size() - 1).get(0).timeMillis() + 1});
            }
        } else if (!requests.isEmpty()) {
            long len = options.windowDuration().toMillis();
            long t0 = options.since() != null ? options.since().toEpochMilli() : requests.get(0).get(0).timeMillis();
            for (List<InferenceRow> r : requests) {
                int i = (int) ((r.get(0).timeMillis() - t0) / len);
                while (windows.size() <= i) {
                    long start = t0 + windows.size() * len;
                    windows.add(new ArrayList<>());
                    bounds.add(new long[] {start, start + len});
                }
                windows.get(i).add(r);
            }
        }
        ReferenceProfile.Feature predictionReference = null;
        List<WindowReport> out = new ArrayList<>();
        for (int i = 0; i < windows.size(); i++) {
            Map<String, Double> m = measure(windows.get(i), reference, options);
            String predictionColumn = predictionColumn(windows.get(i));
            if (predictionColumn != null) {
                if (predictionReference == null) {
                    predictionReference = reference.features().containsKey(predictionColumn)
                            ? reference.features().get(predictionColumn) : profile(windows.get(i), predictionColumn, true);
                }
                predictionDrift(m, windows.get(i), predictionColumn, predictionReference);
            }
            List<String> alerts = new ArrayList<>();
            for (AlertRule rule : options.alerts()) alerts.addAll(rule.firing(m));
            out.add(new WindowReport(i, bounds.get(i)[0], bounds.get(i)[1], m, List.copyOf(alerts)));
        }
        return out;
    }

    private static List<List<InferenceRow>> requests(List<InferenceRow> rows, MonitorOptions options) {
        Set<String> seen = new HashSet<>();
        Map<String, List<InferenceRow>> byRequest = new LinkedHashMap<>();
        for (InferenceRow r : rows) {
            if (options.since() != null && r.timeMillis() < options.since().toEpochMilli()) continue;
            if (!seen.add(r.requestId() + "\u0000" + r.row() + "\u0000" + r.timeMillis())) continue;
            byRequest.computeIfAbsent(r.requestId() + "\u0000" + r.timeMillis(), k -> new ArrayList<>()).add(r);
        }
        List<List<InferenceRow>> list = new ArrayList<>(byRequest.values());
        list.sort(Comparator.comparingLong((List<InferenceRow> r) -> r.get(0).timeMillis()));
        return list;
    }

    private static Map<String, Double> measure(List<List<InferenceRow>> requests, ReferenceProfile reference, MonitorOptions options) {
        Map<String, Double> m = new LinkedHashMap<>();
        int errors = 0;
        double[] latencies = new double[requests.size()];
        List<InferenceRow> data = new ArrayList<>();
        for (int i = 0; i < requests.size(); i++) {
            List<InferenceRow> r = requests.get(i);
            latencies[i] = r.get(0).latencyMs();
            if (r.get(0).isError()) errors++;
            for (InferenceRow row : r) if (!row.isError() && row.row() >= 0) data.add(row);
        }
        m.put("request_count", (double) requests.size());
        m.put("row_count", (double) data.size());
        m.put("error_rate", requests.isEmpty() ? Double.NaN : errors / (double) requests.size());
        Arrays.sort(latencies);
        m.put("latency_p50_ms", percentile(latencies, 0.50));
        m.put("latency_p95_ms", percentile(latencies, 0.95));
        m.put("latency_p99_ms", percentile(latencies, 0.99));
        for (Map.Entry<String, ReferenceProfile.Feature> f : reference.features().entrySet()) {
            String name = f.getKey();
            if (!data.isEmpty() && !data.get(0).inputs().containsKey(name) && data.stream().noneMatch(d -> d.inputs().containsKey(name))) {
                continue; // not an input of this model (e.g. the training table's target)
            }
            long missing = 0;
            if (f.getValue().numeric()) {
                double[] values = new double[data.size()];
                int n = 0;
                for (InferenceRow row : data) {
                    String v = row.inputs().getOrDefault(name, "");
                    Double d = v.isEmpty() ? null : parse(v);
                    if (d == null || Double.isNaN(d)) missing++;
                    else values[n++] = d;
                }
                values = Arrays.copyOf(values, n);
                m.put(name + ".psi", DriftStatistics.psi(f.getValue(), values));
                m.put(name + ".ks", DriftStatistics.ks(f.getValue().sample(), values));
            } else {
                Map<String, Long> counts = new TreeMap<>();
                for (InferenceRow row : data) {
                    String v = row.inputs().getOrDefault(name, "");
                    if (v.isEmpty()) missing++;
                    else counts.merge(v, 1L, Long::sum);
                }
                m.put(name + ".psi", DriftStatistics.psi(f.getValue().frequencies(), counts));
                DriftStatistics.ChiSquared c = DriftStatistics.chiSquared(f.getValue().frequencies(), counts);
                m.put(name + ".chi2", c == null ? Double.NaN : c.statistic());
                m.put(name + ".chi2_pvalue", c == null ? Double.NaN : c.pValue());
            }
            m.put(name + ".missing_rate", data.isEmpty() ? Double.NaN : missing / (double) data.size());
        }
        if (options.labels() != null) labelled(m, data, options.labels());
        return m;
    }

    /** The real accuracy (labels that are not all numbers) or RMSE (numeric labels and predictions) of labelled rows. */
    private static void labelled(Map<String, Double> m, List<InferenceRow> data, Map<String, String> labels) {
        List<String[]> pairs = new ArrayList<>();
        for (InferenceRow row : data) {
            String label = labels.get(row.requestId() + "/" + row.row());
            if (label == null || row.outputs().isEmpty()) continue;
            String column = row.outputs().containsKey(PREDICTION) ? PREDICTION : row.outputs().keySet().iterator().next();
            pairs.add(new String[] {label, row.outputs().get(column)});
        }
        m.put("labeled_count", (double) pairs.size());
        boolean numeric = !pairs.isEmpty() && pairs.stream().allMatch(p -> parse(p[0]) != null && parse(p[1]) != null)
                && pairs.stream().anyMatch(p -> parse(p[0]) != Math.rint(parse(p[0])));
        if (numeric) {
            double sum = 0;
            for (String[] p : pairs) sum += Math.pow(parse(p[0]) - parse(p[1]), 2);
            m.put("rmse", Math.sqrt(sum / pairs.size()));
        } else {
            long right = pairs.stream().filter(p -> p[0].equals(p[1])
                    || (parse(p[0]) != null && parse(p[1]) != null && parse(p[0]).doubleValue() == parse(p[1]).doubleValue())).count();
            m.put("accuracy", pairs.isEmpty() ? Double.NaN : right / (double) pairs.size());
        }
    }

    private static String predictionColumn(List<List<InferenceRow>> requests) {
        for (List<InferenceRow> r : requests) {
            for (InferenceRow row : r) {
                if (row.outputs().isEmpty()) continue;
                return row.outputs().containsKey(PREDICTION) ? PREDICTION : row.outputs().keySet().iterator().next();
            }
        }
        return null;
    }

    private static ReferenceProfile.Feature profile(List<List<InferenceRow>> requests, String column, boolean outputs) {
        List<String> values = new ArrayList<>();
        for (List<InferenceRow> r : requests) {
            for (InferenceRow row : r) {
                String v = (outputs ? row.outputs() : row.inputs()).getOrDefault(column, "");
                if (!v.isEmpty()) values.add(v);
            }
        }
        if (!values.isEmpty() && values.stream().allMatch(v -> parse(v) != null)) {
            return ReferenceProfile.numeric(values.stream().mapToDouble(Windows::parse).toArray(), 0);
        }
        Map<String, Long> freq = new TreeMap<>();
        values.forEach(v -> freq.merge(v, 1L, Long::sum));
        return ReferenceProfile.categorical(freq, 0);
    }

    private static void predictionDrift(Map<String, Double> m, List<List<InferenceRow>> requests, String column,
            ReferenceProfile.Feature reference) {
        ReferenceProfile.Feature now = profile(requests, column, true);
        if (reference.numeric()) {
            double[] values = new double[0];
            if (now.numeric()) values = now.sample();
            m.put("prediction.psi", DriftStatistics.psi(reference, values));
            m.put("prediction.mean", values.length == 0 ? Double.NaN : Arrays.stream(values).average().orElse(Double.NaN));
        } else {
            Map<String, Long> counts = now.frequencies() != null ? now.frequencies() : Map.of();
            m.put("prediction.psi", DriftStatistics.psi(reference.frequencies(), counts));
            long n = counts.values().stream().mapToLong(Long::longValue).sum();
            Set<String> classes = new java.util.TreeSet<>(reference.frequencies().keySet());
            classes.addAll(counts.keySet());
            for (String c : classes) m.put("prediction.share." + c, n == 0 ? Double.NaN : counts.getOrDefault(c, 0L) / (double) n);
        }
    }

    /** Nearest-rank percentile of sorted values; NaN when empty. */
    static double percentile(double[] sorted, double p) {
        if (sorted.length == 0) return Double.NaN;
        int rank = (int) Math.ceil(p * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    static Double parse(String v) {
        try {
            return Double.parseDouble(v);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
