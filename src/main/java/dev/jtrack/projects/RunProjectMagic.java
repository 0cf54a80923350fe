package dev.jtrack.projects;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jtrack.compare.Report;
import dev.jtrack.kernel.display.Html;
import dev.jtrack.kernel.magics.MagicArgs;
import dev.jtrack.notebook.Display;
import dev.jtrack.notebook.Tracking;
import dev.jtrack.notebook.TrackingClient;
import dev.jtrack.tracking.Metric;
import dev.jtrack.tracking.Run;
import dev.jtrack.tracking.RunInfo;
import dev.jtrack.tracking.RunTag;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code %run_project PROJECT [-e ENTRY] [-P name=value ...] [--experiment NAME] [--parallel N]
 * [--git-ref REF] [--force [STEP]] [--resume RUN_ID] [--java-home DIR]}: runs a project as
 * {@code jtrack run PROJECT} does, into the session's store, its progress shown in the cell, then
 * shows its runs as a table (a workflow: the parent and one row per step). A failed run fails the
 * cell after the table.
 */
final class RunProjectMagic {
    static final String USAGE = "usage: %run_project PROJECT [-e ENTRY] [-P name=value ...] [--experiment NAME] "
            + "[--parallel N] [--git-ref REF] [--force [STEP]] [--resume RUN_ID] [--java-home DIR]";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_METRICS = 4;
    private static final Duration FLUSH_WAIT = Duration.ofSeconds(30);

    private RunProjectMagic() {}

    static Object run(String args) {
        ProjectRunner.Request request = parse(args, Tracking.client());
        ProjectRunner.Result result;
        try {
            result = ProjectRunner.runForResult(request);
        } catch (ProjectError e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("%run_project: " + e.getMessage(), e);
        }
        Report report = result.runId() == null ? null : report(Tracking.client(), result);
        if (result.status() != 0) {
            if (report != null) {
                Display.display(report);
            }
            throw new IllegalStateException("%run_project: " + (result.status() == 130 ? "stopped"
                    : (result.workflow() ? "the workflow" : "the entry point") + " failed (run " + result.runId() + ")"));
        }
        return report;
    }

    static ProjectRunner.Request parse(String args, TrackingClient session) {
        List<String> words = MagicArgs.split(args);
        String project = null;
        String entry = null;
        String experiment = null;
        String gitRef = null;
        String resume = null;
        String forceStep = null;
        boolean forceAll = false;
        Path javaHome = null;
        int parallel = 1;
        Map<String, Object> params = new LinkedHashMap<>();
        for (int i = 0; i < words.size(); i++) {
            String word = words.get(i);
            switch (word) {
                case "-e", "--entry" -> entry = value(words, ++i, word);
                case "-P", "--param" -> {
                    String pair = value(words, ++i, word);
                    int eq = pair.indexOf('=');
                    if (eq <= 0) {
                        throw new IllegalArgumentException(word + " expects name=value, got '" + pair + "'\n" + USAGE);
                    }
                    params.put(pair.substring(0, eq), pair.substring(eq + 1));
                }
                case "--experiment" -> experiment = value(words, ++i, word);
                case "--git-ref" -> gitRef = value(words, ++i, word);
                case "--resume" -> resume = value(words, ++i, word);
                case "--java-home" -> javaHome = Path.of(value(words, ++i, word));
                case "--parallel" -> parallel = positive(value(words, ++i, word));
                case "--force" -> {
                    if (i + 1 < words.size() && !words.get(i + 1).startsWith("-")) {
                        forceStep = words.get(++i);
                    } else {
                        forceAll = true;
                    }
                }
                default -> {
                    if (word.startsWith("-") || project != null) {
                        throw new IllegalArgumentException("unexpected '" + word + "'\n" + USAGE);
                    }
                    project = word;
                }
            }
        }
        if (project == null) {
            throw new IllegalArgumentException("which project?\n" + USAGE);
        }
        return new ProjectRunner.Request(project, entry, params, gitRef, experiment, parallel, forceAll, forceStep, resume,
                javaHome, Path.of("").toAbsolutePath(), System.out, session.storeUri().uri());
    }

    private static String value(List<String> words, int i, String option) {
        if (i >= words.size()) {
            throw new IllegalArgumentException(option + " needs a value\n" + USAGE);
        }
        return words.get(i);
    }

    private static int positive(String text) {
        try {
            int n = Integer.parseInt(text);
            if (n > 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw new IllegalArgumentException("--parallel expects a positive number, got '" + text + "'\n" + USAGE);
    }

    /** The run (a workflow: the parent, then its steps in order) as a table. */
    static Report report(TrackingClient client, ProjectRunner.Result result) {
        client.flush(FLUSH_WAIT);
        Run top = client.store().getRun(result.runId());
        List<String[]> rows = new ArrayList<>();
        rows.add(row(result.workflow() ? "(workflow)" : tag(top, "mlflow.project.entryPoint"), top, ""));
        String steps = tag(top, WorkflowRunner.STEPS_TAG);
        if (steps != null) {
            try {
                Map<String, Map<String, Object>> byName = JSON.readValue(steps, new TypeReference<>() {});
                byName.forEach((name, step) -> {
                    Object runId = step.get("run_id");
                    String status = String.valueOf(step.get("status"));
                    if (runId == null) {
                        rows.add(new String[] {name, status, "", "", ""});
                    } else {
                        rows.add(row(name, client.store().getRun(runId.toString()), status));
                    }
                });
            } catch (IOException e) {
                rows.add(new String[] {"(steps)", "unreadable: " + e.getMessage(), "", "", ""});
            }
        }
        String[] head = {"step", "status", "run id", "duration", "metrics"};
        return new Report(html(head, rows), text(head, rows));
    }

    private static String[] row(String name, Run run, String statusOverride) {
        RunInfo info = run.info();
        String status = statusOverride.isEmpty() || "FINISHED".equals(statusOverride) || "FAILED".equals(statusOverride)
                ? info.status().name() : statusOverride;
        String duration = info.endTime() == null || info.startTime() == null ? ""
                : String.format("%.1f s", (info.endTime() - info.startTime()) / 1000.0);
        Map<String, Double> metrics = new TreeMap<>();
        for (Metric m : run.data().metrics()) {
            metrics.put(m.key(), m.value());
        }
        List<String> shown = new ArrayList<>();
        metrics.entrySet().stream().limit(MAX_METRICS).forEach(e -> shown.add(e.getKey() + "=" + format(e.getValue())));
        if (metrics.size() > MAX_METRICS) {
            shown.add("… " + (metrics.size() - MAX_METRICS) + " more");
        }
        return new String[] {name, status, info.runId(), duration, String.join(", ", shown)};
    }

    private static String format(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15 ? String.valueOf((long) value) : String.format("%.4g", value);
    }

    private static String tag(Run run, String key) {
        for (RunTag t : run.data().tags()) {
            if (t.key().equals(key)) {
                return t.value();
            }
        }
        return null;
    }

    private static String html(String[] head, List<String[]> rows) {
        StringBuilder html = new StringBuilder("<table class=\"jtrack-project-run\"><thead><tr>");
        for (String h : head) {
            html.append("<th>").append(Html.escape(h)).append("</th>");
        }
        html.append("</tr></thead><tbody>");
        for (String[] row : rows) {
            html.append("<tr>");
            for (String cell : row) {
                html.append("<td>").append(Html.escape(cell)).append("</td>");
            }
            html.append("</tr>");
        }
        return html.append("</tbody></table>").toString();
    }

    private static String text(String[] head, List<String[]> rows) {
        int[] width = new int[head.length];
        List<String[]> all = new ArrayList<>();
        all.add(head);
        all.addAll(rows);
        for (String[] row : all) {
            for (int i = 0; i < row.length; i++) {
                width[i] = Math.max(width[i], row[i].length());
            }
        }
        StringBuilder text = new StringBuilder();
        for (String[] row : all) {
            for (int i = 0; i < row.length; i++) {
                text.append(String.format("%-" + width[i] + "s", row[i])).append(i + 1 < row.length ? "  " : "");
            }
            text.append('\n');
        }
        return text.toString().stripTrailing();
    }
}
