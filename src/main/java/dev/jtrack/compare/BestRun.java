package dev.jtrack.compare;

import dev.jtrack.kernel.display.Html;
import dev.jtrack.tracking.Metric;
import dev.jtrack.tracking.Param;
import dev.jtrack.tracking.Run;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/** Finds the best run by a metric and describes it: name, id, the metric's value, its params. */
final class BestRun {
    private static final Pattern LOWER_IS_BETTER =
            Pattern.compile("loss|err|rmse|mse|mae|mape|perplexity|latency|time|cost|wer|cer");

    private BestRun() {}

    /** Whether lower values of {@code metric} are better when the user did not say: loss/error-like names. */
    static boolean lowerIsBetter(String metric) {
        return LOWER_IS_BETTER.matcher(metric.toLowerCase(Locale.ROOT)).find();
    }

    /** The order-by clause putting the best run first (missing values sort last in the store). */
    static String orderBy(String metric, boolean minimize) {
        return "metrics." + quoted(metric) + (minimize ? " ASC" : " DESC");
    }

    /** A key in backticks when it is not a plain identifier, as MLflow's grammar wants. */
    static String quoted(String key) {
        return key.matches("[A-Za-z_][A-Za-z0-9_]*") ? key : "`" + key + "`";
    }

    /** The latest value of {@code metric} of {@code run}, or null. */
    static Double value(Run run, String metric) {
        return run.data().metrics().stream().filter(m -> m.key().equals(metric)).map(Metric::value).findFirst().orElse(null);
    }

    /** The summary of {@code run} as the best by {@code metric}. */
    static Report report(Run run, String metric, boolean minimize, int candidates) {
        double v = value(run, metric);
        String name = run.info().runName() == null ? "" : run.info().runName();
        String id = run.info().runId();
        String how = minimize ? "lowest" : "highest";
        List<Param> params = run.data().params().stream().sorted(Comparator.comparing(Param::key)).toList();
        StringBuilder html = new StringBuilder("<div class=\"jtrack-best\"><p>Best run by <code>")
                .append(Html.escape(metric)).append("</code> (").append(how).append(" of ").append(candidates)
                .append(candidates == 1 ? " run" : " runs").append("): <b>").append(Html.escape(name))
                .append("</b> <code>").append(id).append("</code><br>").append(Html.escape(metric)).append(" = <b>")
                .append(SideBySide.format(v)).append("</b></p>\n<table>\n<thead><tr><th>param</th><th>value</th></tr></thead>\n<tbody>\n");
        StringBuilder text = new StringBuilder("Best run by ").append(metric).append(" (").append(how).append(" of ")
                .append(candidates).append(candidates == 1 ? " run" : " runs").append("): ").append(name).append(" ")
                .append(id).append('\n').append(metric).append(" = ").append(SideBySide.format(v)).append('\n');
        for (Param p : params) {
            html.append("<tr><td>").append(Html.escape(p.key())).append("</td><td>").append(Html.escape(p.value())).append("</td></tr>\n");
            text.append("  ").append(p.key()).append(" = ").append(p.value()).append('\n');
        }
        if (params.isEmpty()) {
            html.append("<tr><td colspan=\"2\">(no params)</td></tr>\n");
            text.append("  (no params)\n");
        }
        html.append("</tbody>\n</table></div>");
        return new Report(html.toString(), text.toString().stripTrailing());
    }
}
