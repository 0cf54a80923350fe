package dev.jtrack.cli;

import dev.jtrack.models.LoadOptions;
import dev.jtrack.models.LoadedModel;
import dev.jtrack.models.Models;
import dev.jtrack.models.ScoringServer;
import dev.jtrack.monitor.InferenceLog;
import dev.jtrack.monitor.MonitoringRuns;
import dev.jtrack.notebook.TrackingClient;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code jtrack models ...}: work with logged and registered models. */
@Command(name = "models", mixinStandardHelpOptions = true, description = "Serve and evaluate logged and registered models.",
        subcommands = {ModelsCommand.Serve.class, EvaluateCommand.class})
public final class ModelsCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /** {@code jtrack models serve}: MLflow's scoring server for one model. */
    @Command(name = "serve", mixinStandardHelpOptions = true,
            description = "Serve a model with MLflow's scoring protocol (POST /invocations, /ping, /health, /version).")
    public static final class Serve implements Callable<Integer> {
        @Option(names = {"-m", "--model-uri"}, required = true, paramLabel = "URI",
                description = "models:/name@alias, models:/name/3, runs:/<run_id>/<path>, an artifact URI or a directory.")
        String modelUri;

        @Mixin
        Serving serving;

        @Option(names = {"-p", "--port"}, defaultValue = "5001", description = "Port (default: ${DEFAULT-VALUE}; 0 picks a free one).")
        int port;

        @Option(names = "--max-body-bytes", defaultValue = "67108864",
                description = "Largest request body; larger ones get 413 (default: ${DEFAULT-VALUE}).")
        long maxBody;

        @Option(names = "--allow-class", paramLabel = "PATTERN",
                description = "Also allow deserializing these model classes (com.x.Model, com.x.*, com.x.**); repeatable.")
        List<String> allowed = List.of();

        @Option(names = "--tracking-uri", paramLabel = "URI",
                description = "Where runs:/ and models:/ URIs are looked up. Default: MLFLOW_TRACKING_URI, else jtrack.db here.")
        String trackingUri;

        @Option(names = "--log-predictions",
                description = "Keep an inference log: every request journaled before it is answered, delivered as gzip CSV "
                        + "artifacts of the model version's monitoring run (see 'jtrack monitor').")
        boolean logPredictions;

        @Option(names = "--sample", paramLabel = "RATE", defaultValue = "1.0",
                description = "With --log-predictions: the fraction of requests whose inputs and outputs are logged "
                        + "(every request's id, status and latency, and every error, are logged; default: ${DEFAULT-VALUE}).")
        double sampleRate;

        @Option(names = "--log-dir", paramLabel = "DIR",
                description = "With --log-predictions: the local journal (default: ~/.jtrack/inference/<model>).")
        Path logDir;

        @Option(names = "--log-flush-seconds", paramLabel = "S", defaultValue = "5",
                description = "With --log-predictions: how often the journal is rolled into a file and delivered (default: ${DEFAULT-VALUE}).")
        double flushSeconds;

        @Option(names = "--monitoring-experiment", paramLabel = "NAME", defaultValue = MonitoringRuns.DEFAULT_EXPERIMENT,
                description = "With --log-predictions: the experiment of the monitoring runs (default: ${DEFAULT-VALUE}).")
        String monitoringExperiment;

        @Override
        public Integer call() throws Exception {
            Serving.quietLogs("org.eclipse.jetty", "io.javalin");
            if (!logPredictions && (sampleRate != 1.0 || logDir != null)) {
                throw new UserError("--sample and --log-dir need --log-predictions", 2);
            }
            if (!(sampleRate > 0 && sampleRate <= 1)) throw new UserError("--sample must be in (0, 1], got " + sampleRate, 2);
            if (!(flushSeconds > 0)) throw new UserError("--log-flush-seconds must be positive", 2);
            LoadedModel model;
            Path journalDir = logPredictions ? (logDir != null ? logDir : defaultLogDir(modelUri)) : null;
            TrackingClient.Builder builder = TrackingClient.builder(); // MLFLOW_TRACKING_URI unless the option is given
            if (trackingUri != null) {
                builder.trackingUri(trackingUri);
            }
            if (journalDir != null) builder.journalDir(journalDir.resolve("recorder"));
            TrackingClient client = builder.build();
            InferenceLog log = null;
            try {
                model = Models.of(client).load(modelUri, LoadOptions.defaults().allow(allowed.toArray(String[]::new)));
                model.predictor(); // only a Predictor can be served
            } catch (RuntimeException e) {
                client.close();
                String m = e.getMessage() == null ? e.toString() : e.getMessage();
                throw new UserError(m.startsWith("Cannot load model") ? m : "cannot load model " + modelUri + ": " + m);
            }
            if (logPredictions) {
                try {
                    log = InferenceLog.open(client, modelUri, InferenceLog.Options.in(journalDir).sampleRate(sampleRate)
                            .flushInterval(Duration.ofMillis((long) (flushSeconds * 1000))).experiment(monitoringExperiment));
                } catch (IOException | RuntimeException e) {
                    client.close();
                    throw new UserError("cannot keep the inference log: " + e.getMessage());
                }
            } else {
                client.close();
            }
            ScoringServer server = new ScoringServer(model, maxBody);
            if (log != null) server.addListener(log);
            int bound = server.start(serving.host, port, serving.workers());
            InferenceLog logToClose = log;
            CountDownLatch stopped = Serving.onShutdown("jtrack-models-shutdown", () -> {
                server.close();
                if (logToClose != null) {
                    try {
                        logToClose.close();
                    } finally {
                        client.close(Duration.ofSeconds(30));
                    }
                }
            });
            System.out.println("Serving " + modelUri + " on http://" + serving.host + ":" + bound + " (POST /invocations)"
                    + (log == null ? "" : "; logging predictions to " + journalDir + " for " + log.modelUri()));
            System.out.flush();
            stopped.await();
            return 0;
        }

        private static Path defaultLogDir(String uri) {
            String safe = uri.replaceAll("[^A-Za-z0-9._@-]+", "_");
            return Path.of(System.getProperty("user.home"), ".jtrack", "inference", safe);
        }
    }
}
