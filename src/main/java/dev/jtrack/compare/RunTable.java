package dev.jtrack.compare;

import dev.jtrack.tracking.Metric;
import dev.jtrack.tracking.Param;
import dev.jtrack.tracking.Run;
import dev.jtrack.tracking.RunInfo;
import dev.jtrack.tracking.RunTag;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.InstantColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/**
 * Runs → a Tablesaw {@link Table}, one row per run, named as MLflow's {@code search_runs} data
 * frame names them: {@code run_id}, {@code run_name}, {@code experiment_id}, {@code status},
 * {@code start_time}, {@code duration_s}, then {@code params.<key>} (a double column when every
 * value present parses as a number, else text), {@code metrics.<key>} (the latest value) and
 * {@code tags.<key>} for the chosen tags. Missing values are Tablesaw's missing values.
 */
public final class RunTable {
    /** The fixed columns, before params, metrics and tags. */
    public static final List<String> FIXED_COLUMNS =
            List.of("run_id", "run_name", "experiment_id", "status", "start_time", "duration_s");

    private RunTable() {}

    /** The table of {@code runs} in their order, with the tags whose keys are in {@code tagKeys}. */
    public static Table of(List<Run> runs, Collection<String> tagKeys) {
        int n = runs.size();
        String[] ids = new String[n];
        String[] names = new String[n];
        String[] experiments = new String[n];
        String[] statuses = new String[n];
        InstantColumn start = InstantColumn.create("start_time");
        double[] duration = new double[n];
        TreeSet<String> paramKeys = new TreeSet<>();
        TreeSet<String> metricKeys = new TreeSet<>();
        List<Map<String, String>> params = new ArrayList<>(n);
        List<Map<String, Double>> metrics = new ArrayList<>(n);
        List<Map<String, String>> tags = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            Run run = runs.get(i);
            RunInfo info = run.info();
            ids[i] = info.runId();
            names[i] = info.runName();
            experiments[i] = info.experimentId();
            statuses[i] = info.status() == null ? null : info.status().name();
            start.append(info.startTime() == null ? null : Instant.ofEpochMilli(info.startTime()));
            duration[i] = info.startTime() != null && info.endTime() != null
                    ? (info.endTime() - info.startTime()) / 1000.0 : Double.NaN;
            Map<String, String> p = new HashMap<>();
            for (Param param : run.data().params()) {
                p.put(param.key(), param.value());
                paramKeys.add(param.key());
            }
            params.add(p);
            Map<String, Double> m = new HashMap<>();
            for (Metric metric : run.data().metrics()) {
                m.put(metric.key(), metric.value());
                metricKeys.add(metric.key());
            }
            metrics.add(m);
            Map<String, String> t = new HashMap<>();
            for (RunTag tag : run.data().tags()) {
                if (tagKeys.contains(tag.key())) {
                    t.put(tag.key(), tag.value());
                }
            }
            tags.add(t);
        }
        Table table = Table.create("runs",
                StringColumn.create("run_id", ids), StringColumn.create("run_name", names),
                StringColumn.create("experiment_id", experiments), StringColumn.create("status", statuses),
                start, DoubleColumn.create("duration_s", duration));
        for (String key : paramKeys) {
            table.addColumns(paramColumn("params." + key, params, key));
        }
        for (String key : metricKeys) {
            double[] values = new double[n];
            for (int i = 0; i < n; i++) {
                Double v = metrics.get(i).get(key);
                values[i] = v == null ? Double.NaN : v;
            }
            table.addColumns(DoubleColumn.create("metrics." + key, values));
        }
        for (String key : new TreeSet<>(tagKeys)) {
            String[] values = new String[n];
            for (int i = 0; i < n; i++) {
                values[i] = tags.get(i).get(key);
            }
            table.addColumns(StringColumn.create("tags." + key, values));
        }
        return table;
    }

    /** A double column when every present value is a number, else a text column. */
    private static Column<?> paramColumn(String name, List<Map<String, String>> rows, String key) {
        double[] numbers = new double[rows.size()];
        boolean numeric = true;
        for (int i = 0; i < rows.size() && numeric; i++) {
            String v = rows.get(i).get(key);
            if (v == null) {
                numbers[i] = Double.NaN;
            } else {
                Double d = parseNumber(v);
                if (d == null) {
                    numeric = false;
                } else {
                    numbers[i] = d;
                }
            }
        }
        if (numeric) {
            return DoubleColumn.create(name, numbers);
        }
        String[] text = new String[rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            text[i] = rows.get(i).get(key);
        }
        return StringColumn.create(name, text);
    }

    /** The value as a finite or infinite number, or null when it is not a plain decimal number. */
    static Double parseNumber(String value) {
        String s = value.strip();
        if (s.isEmpty()) {
            return null;
        }
        char first = s.charAt(0);
        // Double.parseDouble also takes "NaN", "0x1p3" and "1d": not what a param of "NaN" or "1d" means
        if (!(Character.isDigit(first) || first == '-' || first == '+' || first == '.')) {
            return null;
        }
        char last = s.charAt(s.length() - 1);
        if (!(Character.isDigit(last) || last == '.')) {
            return null;
        }
        if (s.contains("x") || s.contains("X")) {
            return null;
        }
        try {
            return Double.parseDouble(s);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
