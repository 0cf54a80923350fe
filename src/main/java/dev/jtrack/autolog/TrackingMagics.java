package dev.jtrack.autolog;

import dev.jtrack.kernel.magics.MagicArgs;
import dev.jtrack.autolog.params.ParamCapture;
import dev.jtrack.kernel.extension.KernelSession;
import dev.jtrack.kernel.magics.MagicContext;
import dev.jtrack.notebook.ActiveRun;
import dev.jtrack.notebook.Autolog;
import dev.jtrack.notebook.TrackingClient;
import dev.jtrack.store.StoreUri;
import dev.jtrack.tracking.RunStatus;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The tracking magics: {@code %%params}, {@code %tracking_uri}, {@code %experiment},
 * {@code %autolog}, {@code %start_run}, {@code %end_run}, {@code %%track}, {@code %log_param},
 * {@code %log_metric}, {@code %set_tag}, {@code %log_artifact}, {@code %run_info},
 * {@code %papermill_parameters}.
 */
final class TrackingMagics {
    private final AutologSession session;

    private TrackingMagics(AutologSession session) {
        this.session = session;
    }

    /** Registers every tracking magic with {@code kernel}. */
    static void register(KernelSession kernel, AutologSession session) {
        TrackingMagics m = new TrackingMagics(session);
        kernel.registerCellMagic("params", m::params);
        kernel.registerCellMagic("track", m::track);
        kernel.registerLineMagic("tracking_uri", (args, ctx) -> m.trackingUri(args));
        kernel.registerLineMagic("experiment", (args, ctx) -> m.experiment(args));
        kernel.registerLineMagic("autolog", (args, ctx) -> m.autolog(args));
        kernel.registerLineMagic("start_run", (args, ctx) -> m.startRun(args));
        kernel.registerLineMagic("end_run", (args, ctx) -> m.endRun(args));
        kernel.registerLineMagic("log_param", (args, ctx) -> m.logParam(args));
        kernel.registerLineMagic("log_metric", (args, ctx) -> m.logMetric(args));
        kernel.registerLineMagic("set_tag", (args, ctx) -> m.setTag(args));
        kernel.registerLineMagic("log_artifact", m::logArtifact);
        kernel.registerLineMagic("run_info", (args, ctx) -> m.runInfo());
        kernel.registerLineMagic("papermill_parameters", new PapermillMagic(session)::run);
    }

    /** {@code %%params}: runs the cell and logs its top-level primitive/boxed/String/enum variables as params. */
    Object params(String args, String body, MagicContext context) throws Exception {
        List<String> names = ParamCapture.topLevelVariables(body);
        context.evaluate(body);
        if (names.isEmpty()) {
            System.out.println("%%params: the cell declares no variables; nothing logged");
            return null;
        }
        Object values = context.evaluate(ParamCapture.valuesExpression(names));
        if (!(values instanceof Object[] array)) {
            throw new IllegalStateException("%%params could not read the values of " + names);
        }
        Map<String, String> params = ParamCapture.params(names, array);
        if (params.isEmpty()) {
            System.out.println("%%params: no variable holds a primitive, boxed, String or enum value; nothing logged");
            return null;
        }
        ActiveRun run = session.currentRun();
        StringJoiner logged = new StringJoiner(", ", "params logged: ", "");
        List<String> unchanged = new java.util.ArrayList<>();
        for (Map.Entry<String, String> p : params.entrySet()) {
            try {
                run.logParam(p.getKey(), p.getValue());
                logged.add(p.getKey() + "=" + p.getValue());
            } catch (dev.jtrack.tracking.MlflowException e) {
                if (!e.getMessage().startsWith("Changing param values is not allowed")) {
                    throw e;
                }
                // Re-running a %%params cell with new values is normal in a notebook: the cell
                // still runs; the run keeps its first value (MLflow params never change).
                unchanged.add(p.getKey() + "=" + p.getValue());
            }
        }
        System.out.println(logged);
        if (!unchanged.isEmpty()) {
            System.err.println("%%params: params keep the value first logged in this run, not logged: "
                    + String.join(", ", unchanged) + " (start a new run with %start_run to log new values)");
        }
        return null;
    }

    /** {@code %%track [name]}: the cell runs as its own child run. */
    Object track(String args, String body, MagicContext context) throws Exception {
        List<String> parts = MagicArgs.split(args);
        String name = parts.isEmpty() ? null : String.join(" ", parts);
        session.startTrackedCell(name);
        return context.evaluate(body);
    }

    Object trackingUri(String args) {
        List<String> parts = MagicArgs.split(args);
        if (parts.isEmpty()) {
            return "tracking URI: " + session.trackingUriDisplay();
        }
        if (parts.size() > 1) {
            throw new IllegalArgumentException("usage: %tracking_uri [uri]");
        }
        session.setTrackingUri(parts.get(0));
        return "tracking to " + StoreUri.resolve(parts.get(0), session.source().workingDir()).display()
                + " (runs in the previous store ended FINISHED; the session continues in a new run)";
    }

    Object experiment(String args) {
        List<String> parts = MagicArgs.split(args);
        if (parts.isEmpty()) {
            return "experiment: " + session.experiment();
        }
        String name = String.join(" ", parts);
        boolean restarted = session.setExperiment(name);
        return "experiment: " + name + (restarted ? " (the session continues in a new run there)" : "");
    }

    private static final String AUTOLOG_USAGE = "usage: %autolog on|off|status, or %autolog <library> [on|off]"
            + " [--log-models true|false] [--log-every-n-steps N]";

    Object autolog(String args) {
        String mode = args.strip().toLowerCase(Locale.ROOT);
        List<String> words = MagicArgs.split(args);
        if (!words.isEmpty() && Autolog.libraries().contains(words.get(0).toLowerCase(Locale.ROOT))) {
            return libraryAutolog(words);
        }
        switch (mode) {
            case "on" -> session.setAutolog(true);
            case "off" -> session.setAutolog(false);
            case "", "status" -> { }
            default -> throw new IllegalArgumentException(AUTOLOG_USAGE + " (libraries: " + Autolog.libraries() + ")");
        }
        if (mode.equals("on") || mode.equals("off")) {
            return "autolog " + mode;
        }
        ActiveRun run = session.sessionRun();
        SessionRecording rec = session.recording();
        return "autolog " + (session.autolog() ? "on" : "off")
                + "\ntracking URI: " + session.trackingUriDisplay()
                + "\nexperiment: " + session.experiment()
                + "\nsession run: " + (run == null ? "none yet" : AutologSession.describe(run))
                + (rec == null ? "" : "\ncells recorded: " + rec.cellsRecorded())
                + librariesStatus()
                + (session.lastProblem() == null ? "" : "\nlast problem: " + session.lastProblem());
    }

    /** {@code %autolog tribuo off}, {@code %autolog tribuo --log-models false --log-every-n-steps 5}. */
    private Object libraryAutolog(List<String> words) {
        String library = words.get(0).toLowerCase(Locale.ROOT);
        Autolog.Settings s = Autolog.settings(library);
        boolean enabled = s.enabled();
        boolean logModels = s.logModels();
        int every = s.logEveryNSteps();
        for (int i = 1; i < words.size(); i++) {
            String w = words.get(i);
            switch (w.toLowerCase(Locale.ROOT)) {
                case "on" -> enabled = true;
                case "off" -> enabled = false;
                case "--log-models" -> logModels = bool(w, value(words, ++i));
                case "--log-every-n-steps" -> {
                    String v = value(words, ++i);
                    try {
                        every = Integer.parseInt(v);
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException("--log-every-n-steps takes a whole number, not '" + v + "'");
                    }
                }
                default -> throw new IllegalArgumentException("unknown option '" + w + "'; " + AUTOLOG_USAGE);
            }
        }
        Autolog.configure(library, new Autolog.Settings(enabled, logModels, every));
        return describe(library);
    }

    private static String value(List<String> words, int i) {
        if (i >= words.size()) throw new IllegalArgumentException(words.get(i - 1) + " needs a value; " + AUTOLOG_USAGE);
        return words.get(i);
    }

    private static boolean bool(String option, String v) {
        return switch (v.toLowerCase(Locale.ROOT)) {
            case "true", "on", "yes" -> true;
            case "false", "off", "no" -> false;
            default -> throw new IllegalArgumentException(option + " takes true or false, not '" + v + "'");
        };
    }

    private static String describe(String library) {
        Autolog.Settings s = Autolog.settings(library);
        return "autolog " + library + " " + (s.enabled() && Autolog.isEnabled() ? "on" : "off")
                + " (log models: " + s.logModels() + ", every " + s.logEveryNSteps() + " step(s))";
    }

    private static String librariesStatus() {
        StringBuilder out = new StringBuilder();
        for (String library : Autolog.libraries()) out.append("\n").append(describe(library));
        return out.toString();
    }

    Object startRun(String args) {
        List<String> parts = MagicArgs.split(args);
        boolean nested = parts.remove("--nested");
        for (String p : parts) {
            if (p.startsWith("--")) {
                throw new IllegalArgumentException("unknown option " + p + "; usage: %start_run [name] [--nested]");
            }
        }
        String name = parts.isEmpty() ? null : String.join(" ", parts);
        ActiveRun run = session.startExplicitRun(name, nested);
        return "started run " + (name == null ? "" : "'" + name + "' ")
                + (nested ? "(child of the current run) " : "") + "in experiment " + run.experiment();
    }

    Object endRun(String args) {
        List<String> parts = MagicArgs.split(args);
        if (parts.size() > 1) {
            throw new IllegalArgumentException("usage: %end_run [FINISHED|FAILED|KILLED]");
        }
        RunStatus status = parts.isEmpty() ? RunStatus.FINISHED : RunStatus.parse(parts.get(0).toUpperCase(Locale.ROOT));
        if (!status.isTerminated()) {
            throw new IllegalArgumentException("a run ends FINISHED, FAILED or KILLED, not " + status);
        }
        ActiveRun run = session.endExplicitRun(status);
        return "ended run " + AutologSession.describe(run) + " " + status;
    }

    Object logParam(String args) {
        String[] kv = MagicArgs.keyAndRest(args);
        if (kv[0].isEmpty() || kv[1].isEmpty()) {
            throw new IllegalArgumentException("usage: %log_param key value");
        }
        session.currentRun().logParam(kv[0], kv[1]);
        return null;
    }

    Object logMetric(String args) {
        List<String> parts = MagicArgs.split(args);
        if (parts.size() < 2 || parts.size() > 3) {
            throw new IllegalArgumentException("usage: %log_metric key value [step]");
        }
        double value;
        long step;
        try {
            value = Double.parseDouble(parts.get(1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("%log_metric: '" + parts.get(1) + "' is not a number");
        }
        try {
            step = parts.size() == 3 ? Long.parseLong(parts.get(2)) : 0;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("%log_metric: step '" + parts.get(2) + "' is not an integer");
        }
        session.currentRun().logMetric(parts.get(0), value, step);
        return null;
    }

    Object setTag(String args) {
        String[] kv = MagicArgs.keyAndRest(args);
        if (kv[0].isEmpty()) {
            throw new IllegalArgumentException("usage: %set_tag key value");
        }
        session.currentRun().setTag(kv[0], kv[1]);
        return null;
    }

    Object logArtifact(String args, MagicContext context) {
        List<String> parts = MagicArgs.split(args);
        if (parts.isEmpty() || parts.size() > 2) {
            throw new IllegalArgumentException("usage: %log_artifact path [artifact_dir]");
        }
        Path file = context.workingDirectory().resolve(parts.get(0)).normalize();
        session.currentRun().logArtifact(file, parts.size() == 2 ? parts.get(1) : "");
        return null;
    }

    Object runInfo() {
        ActiveRun run = session.currentRun();
        TrackingClient client = session.client();
        StringBuilder out = new StringBuilder();
        String runId = run.runId().orElse(null);
        if (runId == null) {
            try {
                runId = run.awaitRunId(Duration.ofSeconds(2));
            } catch (IllegalStateException e) {
                runId = null;
            }
        }
        out.append("run: ").append(run.name() == null ? "" : run.name() + " ")
                .append(runId == null ? "(not in the store yet: " + client.pendingRecords() + " records pending)" : runId)
                .append(" [").append(run.status()).append("]\n");
        String experimentId = run.experimentId().orElse(runId == null ? null : experimentId(client, runId));
        out.append("experiment: ").append(run.experiment())
                .append(experimentId == null ? "" : " (id " + experimentId + ")").append('\n');
        out.append("tracking URI: ").append(client.trackingUri()).append('\n');
        run.artifactUri().ifPresent(uri -> out.append("artifacts: ").append(uri).append('\n'));
        if (client.storeKind().isServer() && runId != null && experimentId != null) {
            out.append("run page: ").append(TrackingUiUrl.runPage(client.trackingUri(), System.getenv(), experimentId, runId))
                    .append('\n');
        }
        return out.toString().stripTrailing();
    }

    private static String experimentId(TrackingClient client, String runId) {
        CompletableFuture<String> id = CompletableFuture.supplyAsync(() -> client.store().getRun(runId).info().experimentId());
        try {
            return id.get(3, TimeUnit.SECONDS);
        } catch (Exception e) {
            return null;
        }
    }
}
