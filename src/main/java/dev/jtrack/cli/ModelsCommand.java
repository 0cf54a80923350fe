package dev.jtrack.cli;

import dev.jtrack.models.LoadOptions;
import dev.jtrack.models.LoadedModel;
import dev.jtrack.models.Models;
import dev.jtrack.models.ScoringServer;
import dev.jtrack.notebook.TrackingClient;
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

        @Override
        public Integer call() throws Exception {
            Serving.quietLogs("org.eclipse.jetty", "io.javalin");
            LoadedModel model;
            TrackingClient.Builder builder = TrackingClient.builder(); // MLFLOW_TRACKING_URI unless the option is given
            if (trackingUri != null) {
                builder.trackingUri(trackingUri);
            }
            try (TrackingClient client = builder.build()) {
                model = Models.of(client).load(modelUri, LoadOptions.defaults().allow(allowed.toArray(String[]::new)));
                model.predictor(); // only a Predictor can be served
            } catch (RuntimeException e) {
                String m = e.getMessage() == null ? e.toString() : e.getMessage();
                throw new UserError(m.startsWith("Cannot load model") ? m : "cannot load model " + modelUri + ": " + m);
            }
            ScoringServer server = new ScoringServer(model, maxBody);
            int bound = server.start(serving.host, port, serving.workers());
            CountDownLatch stopped = Serving.onShutdown("jtrack-models-shutdown", server::close);
            System.out.println("Serving " + modelUri + " on http://" + serving.host + ":" + bound + " (POST /invocations)");
            System.out.flush();
            stopped.await();
            return 0;
        }
    }
}
