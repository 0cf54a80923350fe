package dev.jtrack.server;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.jtrack.tracking.trace.TraceStore;
import dev.jtrack.tracking.trace.TraceSummary;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code POST /api/3.0/mlflow/traces/metrics} for the traces view: the metrics {@code trace_count}
 * and {@code latency} (milliseconds), aggregated with COUNT, SUM, AVG, MIN, MAX or PERCENTILE,
 * grouped by {@code trace_name} and/or {@code trace_status}, over the traces matching the filters
 * and time range. Data points come ordered by their dimension values. The spans and assessments
 * views, token metrics and time buckets are refused with INVALID_PARAMETER_VALUE.
 */
final class TraceMetrics {
    private static final String[] VIEW_TYPES = {"TRACES", "SPANS", "ASSESSMENTS"};
    private static final String[] AGGREGATIONS = {"COUNT", "SUM", "AVG", "PERCENTILE", "MIN", "MAX"};
    private static final List<String> DIMENSIONS = List.of("trace_name", "trace_status");

    private final TraceStore store;

    TraceMetrics(TraceStore store) {
        this.store = store;
    }

    void query(Params in, JsonOut out) throws Exception {
        List<String> experiments = in.strings("experiment_ids");
        if (experiments.isEmpty()) {
            throw ApiException.invalidParameter("Missing value for required parameter 'experiment_ids'.");
        }
        String view = in.enumName("view_type", VIEW_TYPES);
        if (view != null && !view.equals("TRACES")) {
            throw in.invalidValue("view_type", "only TRACES is supported by this server.");
        }
        String metric = in.requiredString("metric_name");
        if (!metric.equals("trace_count") && !metric.equals("latency")) {
            throw in.invalidValue("metric_name", "'" + metric + "' is not supported; use trace_count or latency.");
        }
        if (in.has("time_interval_seconds")) {
            throw in.invalidValue("time_interval_seconds", "time buckets are not supported by this server.");
        }
        List<String> dimensions = in.strings("dimensions");
        for (String d : dimensions) {
            if (!DIMENSIONS.contains(d)) throw in.invalidValue("dimensions", "'" + d + "' is not one of " + DIMENSIONS + ".");
        }
        List<Params> aggregations = in.objects("aggregations");
        if (aggregations.isEmpty()) {
            throw ApiException.invalidParameter("Missing value for required parameter 'aggregations'.");
        }
        Long start = in.int64("start_time_ms");
        Long end = in.int64("end_time_ms");
        Map<List<String>, List<Double>> groups = new TreeMap<>(TraceMetrics::compareKeys);
        for (TraceSummary t : store.summarizeTraces(experiments, in.strings("filters"))) {
            if ((start != null && t.requestTime() < start) || (end != null && t.requestTime() >= end)) continue;
            List<String> key = new ArrayList<>();
            for (String d : dimensions) key.add(d.equals("trace_name") ? String.valueOf(t.name()) : t.state().name());
            List<Double> values = groups.computeIfAbsent(key, k -> new ArrayList<>());
            if (metric.equals("trace_count")) values.add(1.0);
            else if (t.executionDuration() != null) values.add(t.executionDuration().doubleValue());
        }
        JsonGenerator g = out.gen();
        if (groups.isEmpty()) return;
        g.writeArrayFieldStart("data_points");
        for (Map.Entry<List<String>, List<Double>> e : groups.entrySet()) {
            g.writeStartObject();
            g.writeStringField("metric_name", metric);
            g.writeObjectFieldStart("dimensions");
            for (int i = 0; i < dimensions.size(); i++) g.writeStringField(dimensions.get(i), e.getKey().get(i));
            g.writeEndObject();
            g.writeObjectFieldStart("values");
            for (Params a : aggregations) {
                String type = a.enumName("aggregation_type", AGGREGATIONS);
                if (type == null) throw ApiException.invalidParameter("Missing value for required parameter 'aggregation_type'.");
                Double p = a.dbl("percentile_value");
                String name = type.equals("PERCENTILE") ? "P" + formatPercentile(p) : type;
                g.writeNumberField(name, aggregate(type, p, e.getValue(), metric));
            }
            g.writeEndObject();
            g.writeEndObject();
        }
        g.writeEndArray();
    }

    private static int compareKeys(List<String> a, List<String> b) {
        for (int i = 0; i < a.size(); i++) {
            int c = a.get(i).compareTo(b.get(i));
            if (c != 0) return c;
        }
        return 0;
    }

    private static String formatPercentile(Double p) {
        if (p == null || p < 0 || p > 100) {
            throw ApiException.invalidParameter("A PERCENTILE aggregation needs a percentile_value between 0 and 100.");
        }
        return p == Math.rint(p) ? Long.toString(p.longValue()) : p.toString();
    }

    /** One aggregate; the count metric counts traces whatever the aggregation asks. */
    static double aggregate(String type, Double percentile, List<Double> values, String metric) {
        if (metric.equals("trace_count") || type.equals("COUNT")) return values.size();
        if (values.isEmpty()) return Double.NaN;
        double[] v = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return switch (type) {
            case "SUM" -> Arrays.stream(v).sum();
            case "AVG" -> Arrays.stream(v).average().orElse(Double.NaN);
            case "MIN" -> v[0];
            case "MAX" -> v[v.length - 1];
            case "PERCENTILE" -> {
                // linear interpolation between closest ranks
                double rank = percentile / 100.0 * (v.length - 1);
                int lo = (int) Math.floor(rank);
                int hi = (int) Math.ceil(rank);
                yield v[lo] + (v[hi] - v[lo]) * (rank - lo);
            }
            default -> throw ApiException.invalidParameter("Unknown aggregation_type '" + type + "'.");
        };
    }
}
