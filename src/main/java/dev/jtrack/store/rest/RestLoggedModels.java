package dev.jtrack.store.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jtrack.tracking.ErrorCode;
import dev.jtrack.tracking.Metric;
import dev.jtrack.tracking.MlflowException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * The client side of MLflow 3's logged models ({@code /api/2.0/mlflow/logged-models}, {@code runs/outputs}),
 * as the MLflow 3 Python client calls them when it logs a model: create (PENDING), link it to its
 * source run as an output, tag the run's step metrics with the model id, upload the files under the
 * model's {@code artifact_uri}, finalize (READY).
 *
 * <p>Client-side only and deliberately small: jtrack's server-side logged-model domain lives in
 * {@code tracking/}; this class and its {@link Info} record can be folded into it later.
 */
public final class RestLoggedModels {
    /** The status MLflow gives a logged model whose files are complete. */
    public static final String READY = "LOGGED_MODEL_READY";
    /** The status of a logged model whose upload failed. */
    public static final String FAILED = "LOGGED_MODEL_FAILED";

    private final MlflowHttp http;

    RestLoggedModels(MlflowHttp http) {
        this.http = http;
    }

    /**
     * What the server says about one logged model.
     *
     * @param modelId {@code m-<32 hex>}
     * @param experimentId its experiment
     * @param name its name
     * @param artifactUri where its files go ({@code mlflow-artifacts:/<exp>/models/<id>/artifacts} on MLflow 3)
     * @param status {@code LOGGED_MODEL_PENDING}, {@code LOGGED_MODEL_READY} or {@code LOGGED_MODEL_FAILED}
     * @param sourceRunId the run that logged it, or null
     */
    public record Info(String modelId, String experimentId, String name, String artifactUri, String status,
            String sourceRunId) {
        /** {@code models:/<model_id>}. */
        public String modelUri() {
            return "models:/" + modelId;
        }
    }

    /**
     * Whether the server serves logged models: a search in {@code experimentId} succeeds. A server
     * without them (MLflow 2, older jtrack) answers 404 {@code ENDPOINT_NOT_FOUND} (or 405/501);
     * anything else, e.g. the server being down, is thrown, so the caller can ask again later.
     */
    boolean probe(String experimentId) {
        ObjectNode body = MlflowHttp.object().put("max_results", 1);
        body.putArray("experiment_ids").add(experimentId);
        try {
            http.post("logged-models/search", body);
            return true;
        } catch (MlflowException e) {
            if (e.errorCode() == ErrorCode.ENDPOINT_NOT_FOUND || e.errorCode() == ErrorCode.NOT_IMPLEMENTED
                    || e.errorCode() == ErrorCode.BAD_REQUEST) {
                return false;
            }
            throw e;
        }
    }

    /** Creates a PENDING logged model in {@code experimentId}. */
    public Info create(String experimentId, String name, String sourceRunId, Map<String, String> params,
            Map<String, String> tags) {
        ObjectNode body = MlflowHttp.object().put("experiment_id", experimentId).put("name", name);
        TrackingJson.putIfNotNull(body, "source_run_id", sourceRunId);
        body.set("params", keyValues(params));
        body.set("tags", keyValues(tags));
        return info(http.post("logged-models", body).path("model"));
    }

    /** The logged model {@code modelId}. */
    public Info get(String modelId) {
        return info(http.get("logged-models/" + encode(modelId), MlflowHttp.object()).path("model"));
    }

    /** Sets the status ({@link #READY} or {@link #FAILED}). */
    public Info finalize(String modelId, String status) {
        ObjectNode body = MlflowHttp.object().put("model_id", modelId).put("status", status);
        return info(http.patch("logged-models/" + encode(modelId), body).path("model"));
    }

    /** Records the model as an output of {@code runId} at {@code step}, so the run lists it. */
    public void logOutput(String runId, String modelId, long step) {
        ObjectNode body = MlflowHttp.object().put("run_id", runId);
        body.putArray("models").addObject().put("model_id", modelId).put("step", step);
        http.post("runs/outputs", body);
    }

    /** Logs {@code metrics} to {@code runId} again with {@code model_id}, which makes them the model's metrics. */
    public void linkMetrics(String runId, String modelId, List<Metric> metrics) {
        for (int from = 0; from < metrics.size(); from += 1000) {
            ArrayNode batch = MlflowHttp.object().arrayNode();
            for (Metric m : metrics.subList(from, Math.min(metrics.size(), from + 1000))) {
                batch.add(TrackingJson.metric(m).put("model_id", modelId));
            }
            ObjectNode body = MlflowHttp.object().put("run_id", runId);
            body.set("metrics", batch);
            http.post("runs/log-batch", body);
        }
    }

    private static ArrayNode keyValues(Map<String, String> values) {
        ArrayNode a = MlflowHttp.object().arrayNode();
        if (values != null) values.forEach((k, v) -> a.addObject().put("key", k).put("value", v));
        return a;
    }

    private static Info info(JsonNode model) {
        JsonNode i = model.path("info");
        if (!i.hasNonNull("model_id")) {
            throw new MlflowException(ErrorCode.INTERNAL_ERROR, "the server answered without a logged model: " + model);
        }
        return new Info(i.path("model_id").asText(), i.path("experiment_id").asText(null), i.path("name").asText(null),
                i.path("artifact_uri").asText(null), i.path("status").asText(null),
                i.hasNonNull("source_run_id") && !i.path("source_run_id").asText().isEmpty()
                        ? i.path("source_run_id").asText() : null);
    }

    private static String encode(String id) {
        return URLEncoder.encode(id, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
