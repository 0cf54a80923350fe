package dev.jtrack.runner;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jtrack.tracking.Metric;
import dev.jtrack.tracking.Run;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The differences between two recorded sessions: per cell (in execution order) the status, the
 * stdout and stderr lines, the result text, the displayed outputs and the error; per metric the
 * last value. Timings and the per-cell bookkeeping metrics are not compared: they always differ.
 */
public final class SessionDiff {
    private final List<String> lines = new ArrayList<>();
    private int differences;

    private SessionDiff() {}

    /** Compares the original session with its reproduction. */
    public static SessionDiff compare(RecordedSession original, RecordedSession reproduced) {
        SessionDiff d = new SessionDiff();
        int n = Math.max(original.cells().size(), reproduced.cells().size());
        for (int i = 0; i < n; i++) {
            JsonNode a = i < original.cells().size() ? original.cells().get(i) : null;
            JsonNode b = i < reproduced.cells().size() ? reproduced.cells().get(i) : null;
            String where = "cell " + (i + 1);
            if (a == null || b == null) {
                d.add(where + ": " + (a == null ? "only in the reproduction" : "not run in the reproduction"));
                continue;
            }
            d.field(where, "status", a.path("status").asText(), b.path("status").asText());
            d.text(where, "stdout", a.path("stdout").asText(""), b.path("stdout").asText(""));
            d.text(where, "stderr", a.path("stderr").asText(""), b.path("stderr").asText(""));
            d.text(where, "result", a.path("result").path("text").asText(""), b.path("result").path("text").asText(""));
            d.text(where, "displays", outputs(a), outputs(b));
            d.text(where, "error", error(a), error(b));
        }
        d.metrics(original.run(), reproduced.run());
        return d;
    }

    private static String outputs(JsonNode cell) {
        StringBuilder sb = new StringBuilder();
        for (JsonNode out : cell.path("outputs")) {
            sb.append(out.path("mime_types")).append(' ').append(out.path("text").asText("")).append('\n');
        }
        return sb.toString();
    }

    private static String error(JsonNode cell) {
        JsonNode e = cell.path("error");
        return e.isMissingNode() ? "" : e.path("ename").asText("") + ": " + e.path("evalue").asText("");
    }

    private void field(String where, String what, String a, String b) {
        if (!Objects.equals(a, b)) {
            add(where + " " + what + ": " + a + " -> " + b);
        }
    }

    /** A line-by-line comparison; each differing line is one difference. */
    private void text(String where, String what, String a, String b) {
        if (a.equals(b)) {
            return;
        }
        String[] la = a.split("\n", -1);
        String[] lb = b.split("\n", -1);
        lines.add(where + " " + what + ":");
        for (int i = 0; i < Math.max(la.length, lb.length); i++) {
            String x = i < la.length ? la[i] : null;
            String y = i < lb.length ? lb[i] : null;
            if (!Objects.equals(x, y)) {
                differences++;
                if (x != null) {
                    lines.add("  - " + x);
                }
                if (y != null) {
                    lines.add("  + " + y);
                }
            }
        }
    }

    private void metrics(Run a, Run b) {
        Map<String, Double> ma = latest(a);
        Map<String, Double> mb = latest(b);
        TreeSet<String> keys = new TreeSet<>(ma.keySet());
        keys.addAll(mb.keySet());
        for (String k : keys) {
            if (Sweep.isSessionMetric(k)) {
                continue;
            }
            Double x = ma.get(k);
            Double y = mb.get(k);
            if (!Objects.equals(x, y)) {
                add("metric " + k + ": " + (x == null ? "(none)" : x) + " -> " + (y == null ? "(none)" : y));
            }
        }
    }

    private static Map<String, Double> latest(Run run) {
        Map<String, Double> out = new TreeMap<>();
        for (Metric m : run.data().metrics()) {
            out.put(m.key(), m.value());
        }
        return out;
    }

    private void add(String line) {
        lines.add(line);
        differences++;
    }

    /** How many lines, fields and metrics differ. */
    public int differences() {
        return differences;
    }

    /** The report, one difference (or cell header) per line. */
    public List<String> lines() {
        return List.copyOf(lines);
    }
}
