package dev.jtrack.models;

import dev.jtrack.util.FileTrees;
import dev.jtrack.artifacts.ArtifactRepository;
import dev.jtrack.notebook.TrackingClient;
import dev.jtrack.store.rest.RestLoggedModels;
import dev.jtrack.tracking.Metric;
import dev.jtrack.tracking.Param;
import dev.jtrack.tracking.Run;
import dev.jtrack.tracking.RunTag;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import tech.tablesaw.api.Table;

/**
 * Logs a model as an MLflow 3 logged model, in the order MLflow 3's Python client does: create it
 * (PENDING, with the run's params and source tags), record it as the run's output, give it the run's
 * step-0 metrics, upload the package under the model's {@code artifact_uri}, finalize READY (FAILED
 * when anything on the way fails).
 */
final class MlflowLoggedModels {
    /** MLflow 3 refuses these in a logged model's name. */
    private static final String BAD_NAME_CHARS = "[/:.%\"']";
    private static final long OUTPUT_STEP = 0;

    private MlflowLoggedModels() {}

    static LoggedModel log(TrackingClient client, RestLoggedModels api, String runId, Object model, String path,
            Table inputExample, ModelSignature signature, Map<String, Object> metadata) {
        Run run = client.store().getRun(runId);
        String name = modelName(path);
        RestLoggedModels.Info info = api.create(run.info().experimentId(), name, runId, params(run), sourceTags(run));
        Path tmp = null;
        try {
            api.logOutput(runId, info.modelId(), OUTPUT_STEP);
            api.linkMetrics(runId, info.modelId(), stepMetrics(client, run));
            tmp = Files.createTempDirectory("jtrack-model-");
            Path dir = tmp.resolve(name);
            MLmodel saved = ModelPackage.save(model, dir, info.artifactUri(), runId, inputExample, signature, metadata);
            MLmodel mlmodel = new MLmodel(saved.artifactPath(), runId, saved.utcTimeCreated(), info.modelId(),
                    saved.flavors(), saved.signature(), saved.savedInputExampleInfo(), saved.metadata());
            mlmodel.write(dir);
            upload(dir, client.artifactRepository(info.artifactUri()));
            api.finalize(info.modelId(), RestLoggedModels.READY);
            return new LoggedModel(runId, name, mlmodel, info.modelId());
        } catch (IOException | RuntimeException e) {
            markFailed(api, info, e);
            if (e instanceof IOException io) throw new UncheckedIOException("Cannot log the model: " + io.getMessage(), io);
            throw (RuntimeException) e;
        } finally {
            FileTrees.deleteQuietly(tmp);
        }
    }

    /** The last segment of the artifact path, without the characters MLflow 3 refuses in names. */
    static String modelName(String path) {
        String leaf = path.substring(path.lastIndexOf('/') + 1).replaceAll(BAD_NAME_CHARS, "_");
        return leaf.isEmpty() ? "model" : leaf;
    }

    private static Map<String, String> params(Run run) {
        Map<String, String> params = new LinkedHashMap<>();
        for (Param p : run.data().params()) params.put(p.key(), p.value());
        return params;
    }

    /** The run's user and source tags, as MLflow's context gives a new logged model. */
    private static Map<String, String> sourceTags(Run run) {
        Map<String, String> tags = new LinkedHashMap<>();
        for (RunTag t : run.data().tags()) {
            if (t.key().equals("mlflow.user") || t.key().startsWith("mlflow.source.")) tags.put(t.key(), t.value());
        }
        return tags;
    }

    /** The points at the output's step of each of the run's metrics: the model's metrics. */
    private static List<Metric> stepMetrics(TrackingClient client, Run run) {
        List<Metric> points = new ArrayList<>();
        for (String key : run.data().metrics().stream().map(Metric::key).distinct().toList()) {
            for (Metric m : client.store().getMetricHistory(run.info().runId(), key, null, null).items()) {
                if (m.step() == OUTPUT_STEP) points.add(m);
            }
        }
        return points;
    }

    private static void upload(Path dir, ArtifactRepository repository) throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.walk(dir)) {
            files = s.filter(Files::isRegularFile).sorted().toList();
        }
        for (Path f : files) {
            repository.write(dir.relativize(f).toString().replace('\\', '/'), f);
        }
    }

    private static void markFailed(RestLoggedModels api, RestLoggedModels.Info info, Exception cause) {
        try {
            api.finalize(info.modelId(), RestLoggedModels.FAILED);
        } catch (RuntimeException e) {
            cause.addSuppressed(e);
        }
    }
}
