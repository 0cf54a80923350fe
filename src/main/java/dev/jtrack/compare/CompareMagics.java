package dev.jtrack.compare;

import dev.jtrack.kernel.magics.MagicArgs;
import dev.jtrack.kernel.display.DisplayService;
import dev.jtrack.tracking.ErrorCode;
import dev.jtrack.tracking.MlflowException;
import dev.jtrack.tracking.Run;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import tech.tablesaw.api.Table;

/**
 * The comparison magics {@code %runs}, {@code %best}, {@code %plot} and {@code %compare}, over
 * the runs of a {@link RunSource} (the notebook's store, see {@link Runs#source()}).
 */
final class CompareMagics {
    /** Runs {@code %runs} shows when no {@code --max} is given. */
    static final int DEFAULT_MAX = 10_000;
    /** Runs {@code %compare} and {@code %plot} take when no run is named. */
    static final int DEFAULT_LAST = 5;
    /** Metric charts {@code %compare} draws at most. */
    static final int MAX_CHARTS = 8;
    /** Recent runs looked at to find the latest runs with a metric. */
    private static final int RECENT = 200;

    private final Supplier<RunSource> source;

    CompareMagics(Supplier<RunSource> source) {
        this.source = source;
    }

    /** {@code %runs [filter] [--experiment NAME ...] [--order-by CLAUSE ...] [--max N] [--columns a,b]}. */
    Table runs(String args) {
        MagicArgs line = new MagicArgs(args, Set.of("experiment", "order-by", "max", "columns"), Set.of());
        List<String> columns = line.list("columns");
        RunQuery q = source.get().query().experiments(line.all("experiment")).filter(line.rest(0))
                .max(line.positiveInt("max", DEFAULT_MAX));
        line.all("order-by").forEach(q::orderBy);
        for (String c : columns) {
            if (c.startsWith("tags.")) {
                q.tags(c.substring(5));
            }
        }
        Table t = q.table();
        if (columns.isEmpty()) {
            return t;
        }
        Set<String> keep = new LinkedHashSet<>(List.of("run_id", "run_name"));
        for (String c : columns) {
            keep.add(column(t, c));
        }
        return t.selectColumns(keep.toArray(String[]::new));
    }

    /** The table column {@code name} means: itself, or with a params./metrics./tags. prefix. */
    private static String column(Table t, String name) {
        for (String candidate : List.of(name, "params." + name, "metrics." + name, "tags." + name)) {
            if (t.containsColumn(candidate)) {
                return candidate;
            }
        }
        throw new IllegalArgumentException("no column '" + name + "' (columns: " + t.columnNames() + ")");
    }

    /** {@code %best METRIC [--min|--max] [filter] [--experiment NAME ...]}. */
    Report best(String args) {
        MagicArgs line = new MagicArgs(args, Set.of("experiment"), Set.of("min", "max"));
        if (line.positional().isEmpty()) {
            throw new IllegalArgumentException("usage: %best METRIC [--min | --max] [filter] [--experiment NAME]");
        }
        if (line.flag("min") && line.flag("max")) {
            throw new IllegalArgumentException("%best takes --min or --max, not both");
        }
        String metric = line.positional().get(0);
        boolean minimize = line.flag("min") || (!line.flag("max") && BestRun.lowerIsBetter(metric));
        RunQuery q = source.get().query().experiments(line.all("experiment")).filter(line.rest(1))
                .orderBy(BestRun.orderBy(metric, minimize));
        List<Run> runs = q.runs();
        List<Run> with = runs.stream().filter(r -> BestRun.value(r, metric) != null).toList();
        if (with.isEmpty()) {
            throw new IllegalArgumentException("no run" + (line.rest(1) == null ? "" : " matching the filter")
                    + " has the metric '" + metric + "' (" + runs.size() + " runs searched)");
        }
        return BestRun.report(with.get(0), metric, minimize, with.size());
    }

    /** {@code %plot METRIC [RUN ...] [--last N] [--x step|time|relative] [--log] [--smooth W] [--svg]}. */
    Object plot(String args) {
        MagicArgs line = new MagicArgs(args, Set.of("last", "x", "smooth", "experiment"), Set.of("log", "svg"));
        if (line.positional().isEmpty()) {
            throw new IllegalArgumentException("usage: %plot METRIC [RUN ...] [--last N] [--x step|time|relative] [--log] [--smooth W]");
        }
        String metric = line.positional().get(0);
        RunSource s = source.get();
        List<String> ids = line.positional().size() > 1
                ? resolve(s, line.positional().subList(1, line.positional().size()))
                : latest(s, line.positiveInt("last", DEFAULT_LAST), metric, line.all("experiment"));
        org.knowm.xchart.XYChart chart = s.historyChart(metric, options(line), ids);
        if (line.flag("svg")) {
            DisplayService.display(chart, "image/svg+xml");
            return null;
        }
        return chart;
    }

    /** {@code %compare [RUN ...] [--last N] [--metrics m1,m2] [--diff-only]}: shows the table and the history charts. */
    Object compare(String args) {
        MagicArgs line = new MagicArgs(args, Set.of("last", "metrics", "x", "smooth", "experiment"), Set.of("diff-only", "log"));
        RunSource s = source.get();
        List<String> ids = line.positional().isEmpty()
                ? latest(s, line.positiveInt("last", DEFAULT_LAST), null, line.all("experiment"))
                : resolve(s, line.positional());
        List<Run> runs = ids.stream().map(s.store()::getRun).toList();
        List<String> metrics = line.list("metrics");
        Report table = SideBySide.report(runs, metrics, line.flag("diff-only"));
        DisplayService.display(table);
        Set<String> toChart = new LinkedHashSet<>(metrics);
        if (toChart.isEmpty()) {
            runs.forEach(r -> r.data().metrics().forEach(m -> toChart.add(m.key())));
        }
        HistoryOptions options = options(line);
        int shown = 0;
        for (String metric : toChart.stream().sorted().toList()) {
            if (shown++ == MAX_CHARTS) {
                System.out.println("(" + (toChart.size() - MAX_CHARTS) + " more metrics not charted; pick them with --metrics)");
                break;
            }
            List<String> having = runs.stream().filter(r -> BestRun.value(r, metric) != null).map(r -> r.info().runId()).toList();
            if (!having.isEmpty()) {
                DisplayService.display(s.historyChart(metric, options, having));
            }
        }
        return null;
    }

    private static HistoryOptions options(MagicArgs line) {
        HistoryOptions o = HistoryOptions.defaults();
        String x = line.value("x");
        if (x != null) {
            o.x(switch (x) {
                case "step" -> HistoryOptions.XAxis.STEP;
                case "time", "wall", "wall_time" -> HistoryOptions.XAxis.WALL_TIME;
                case "relative", "relative_time" -> HistoryOptions.XAxis.RELATIVE_TIME;
                default -> throw new IllegalArgumentException("--x takes step, time or relative, got '" + x + "'");
            });
        }
        if (line.flag("log")) {
            o.logY();
        }
        String smooth = line.value("smooth");
        if (smooth != null) {
            try {
                o.smoothing(Double.parseDouble(smooth));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--smooth takes a weight in [0, 1), got '" + smooth + "'");
            }
        }
        return o;
    }

    /** Run ids for what the user wrote: a run id, or the name of a run in the searched experiment. */
    static List<String> resolve(RunSource s, List<String> idsOrNames) {
        List<String> out = new ArrayList<>();
        for (String w : idsOrNames) {
            if (w.matches("[0-9a-f]{32}")) {
                try {
                    out.add(s.store().getRun(w).info().runId());
                    continue;
                } catch (MlflowException e) {
                    if (e.errorCode() != ErrorCode.RESOURCE_DOES_NOT_EXIST) {
                        throw e;
                    }
                }
            }
            List<Run> named = s.query().filter("attributes.run_name = '" + w.replace("'", "\\'") + "'").max(2).runs();
            if (named.isEmpty()) {
                throw new IllegalArgumentException("no run with id or name '" + w + "' in experiment '" + s.experiment() + "'");
            }
            if (named.size() > 1) {
                throw new IllegalArgumentException("several runs are named '" + w + "'; give the run id");
            }
            out.add(named.get(0).info().runId());
        }
        return out;
    }

    /**
     * The latest {@code n} runs (newest first) that have {@code metric}, or, without a metric, that
     * have any param or metric (which leaves out an empty notebook session run).
     */
    static List<String> latest(RunSource s, int n, String metric, List<String> experiments) {
        List<Run> recent = s.query().experiments(experiments).orderBy("start_time DESC").max(RECENT).runs();
        List<String> out = new ArrayList<>();
        for (Run r : recent) {
            boolean fits = metric == null
                    ? !r.data().metrics().isEmpty() || !r.data().params().isEmpty()
                    : BestRun.value(r, metric) != null;
            if (fits) {
                out.add(r.info().runId());
                if (out.size() == n) {
                    break;
                }
            }
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("no recent run of experiment '" + s.experiment() + "'"
                    + (metric == null ? " has params or metrics" : " has the metric '" + metric + "'"));
        }
        return out;
    }
}
