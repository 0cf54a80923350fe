package dev.jtrack.monitor;

import dev.jtrack.models.ReferenceProfile;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * How {@link Monitoring#report} cuts and judges an inference log.
 *
 * @param windowRequests requests per window (used when {@code windowDuration} is null)
 * @param windowDuration the length of a time window, or null for windows of {@code windowRequests}
 * @param since only requests at or after this instant, or null for all
 * @param reference the reference profile, or null for the one stored with the model
 * @param alerts the thresholds that mark a window alerting
 * @param labels true labels by {@code request_id/row}, or null
 * @param experiment the monitoring experiment
 * @param logMetrics whether the window metrics are logged to the monitoring run
 */
public record MonitorOptions(int windowRequests, Duration windowDuration, Instant since, ReferenceProfile reference,
        List<AlertRule> alerts, Map<String, String> labels, String experiment, boolean logMetrics) {

    /** Windows of 1,000 requests, the stored reference, no alerts, metrics logged. */
    public static MonitorOptions defaults() {
        return new MonitorOptions(1000, null, null, null, List.of(), null, MonitoringRuns.DEFAULT_EXPERIMENT, true);
    }

    /** Parses a window: a request count ({@code 1000}) or a duration ({@code 30s}, {@code 15m}, {@code 1h}, {@code 1d}). */
    public MonitorOptions window(String spec) {
        String s = spec.strip();
        if (s.matches("\\d+")) {
            int n = Integer.parseInt(s);
            if (n <= 0) throw new IllegalArgumentException("a window holds at least one request");
            return new MonitorOptions(n, null, since, reference, alerts, labels, experiment, logMetrics);
        }
        return new MonitorOptions(windowRequests, duration(s), since, reference, alerts, labels, experiment, logMetrics);
    }

    /** Parses {@code 30s}, {@code 15m}, {@code 1h}, {@code 2d}. */
    public static Duration duration(String s) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d+)([smhd])").matcher(s.strip());
        if (!m.matches()) throw new IllegalArgumentException("cannot read '" + s + "': give a request count (1000) or a duration (30s, 15m, 1h, 1d)");
        long n = Long.parseLong(m.group(1));
        if (n <= 0) throw new IllegalArgumentException("a window must be longer than zero");
        return switch (m.group(2)) {
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofDays(n);
        };
    }

    public MonitorOptions since(Instant at) {
        return new MonitorOptions(windowRequests, windowDuration, at, reference, alerts, labels, experiment, logMetrics);
    }

    public MonitorOptions reference(ReferenceProfile profile) {
        return new MonitorOptions(windowRequests, windowDuration, since, profile, alerts, labels, experiment, logMetrics);
    }

    public MonitorOptions alerts(List<AlertRule> rules) {
        return new MonitorOptions(windowRequests, windowDuration, since, reference, List.copyOf(rules), labels, experiment, logMetrics);
    }

    /** Adds alerts parsed from {@code "psi > 0.2"}-style texts. */
    public MonitorOptions alert(String... rules) {
        List<AlertRule> all = new java.util.ArrayList<>(alerts);
        for (String r : rules) all.add(AlertRule.parse(r));
        return alerts(all);
    }

    public MonitorOptions labels(Map<String, String> byRequestRow) {
        return new MonitorOptions(windowRequests, windowDuration, since, reference, alerts, byRequestRow, experiment, logMetrics);
    }

    public MonitorOptions experiment(String name) {
        return new MonitorOptions(windowRequests, windowDuration, since, reference, alerts, labels, name, logMetrics);
    }

    public MonitorOptions logMetrics(boolean log) {
        return new MonitorOptions(windowRequests, windowDuration, since, reference, alerts, labels, experiment, log);
    }
}
