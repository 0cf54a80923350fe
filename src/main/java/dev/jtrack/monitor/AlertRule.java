package dev.jtrack.monitor;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A threshold that marks a window as alerting: {@code METRIC OP NUMBER} with OP one of
 * {@code > >= < <= == !=}. A bare statistic name ({@code psi}, {@code ks}, {@code chi2},
 * {@code missing_rate}) matches it for every feature ({@code <feature>.psi}) and the prediction
 * ({@code prediction.psi}); any other name matches that metric exactly
 * ({@code sepal_width.psi}, {@code error_rate}, {@code latency_p95_ms}, {@code accuracy}).
 *
 * @param metric the metric name or statistic
 * @param op the comparison
 * @param threshold the number compared with
 */
public record AlertRule(String metric, String op, double threshold) {
    private static final Pattern RULE = Pattern.compile("\\s*([A-Za-z0-9_.\\-/ ]+?)\\s*(>=|<=|==|!=|>|<)\\s*(-?[0-9.]+(?:[eE][-+]?\\d+)?)\\s*");

    /** Parses {@code "psi > 0.2"}. */
    public static AlertRule parse(String text) {
        Matcher m = RULE.matcher(text == null ? "" : text);
        if (!m.matches()) {
            throw new IllegalArgumentException("cannot read the alert '" + text + "': expected METRIC OP NUMBER, e.g. \"psi > 0.2\"");
        }
        return new AlertRule(m.group(1).strip(), m.group(2), Double.parseDouble(m.group(3)));
    }

    /** The metrics of {@code metrics} this rule fires on, described as {@code name=value op threshold}. */
    public List<String> firing(Map<String, Double> metrics) {
        List<String> out = new ArrayList<>();
        for (Map.Entry<String, Double> e : metrics.entrySet()) {
            if (!matches(e.getKey())) continue;
            double v = e.getValue();
            if (Double.isNaN(v)) continue;
            if (holds(v)) out.add(e.getKey() + "=" + String.format(java.util.Locale.ROOT, "%.4g", v) + " " + op + " " + threshold);
        }
        return out;
    }

    private boolean matches(String name) {
        return name.equals(metric) || (!metric.contains(".") && name.endsWith("." + metric));
    }

    private boolean holds(double v) {
        return switch (op) {
            case ">" -> v > threshold;
            case ">=" -> v >= threshold;
            case "<" -> v < threshold;
            case "<=" -> v <= threshold;
            case "==" -> v == threshold;
            default -> v != threshold;
        };
    }

    @Override
    public String toString() {
        return metric + " " + op + " " + threshold;
    }
}
