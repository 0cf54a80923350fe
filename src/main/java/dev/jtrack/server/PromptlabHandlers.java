package dev.jtrack.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import dev.jtrack.artifacts.ArtifactLocations;
import dev.jtrack.artifacts.ArtifactRepository;
import dev.jtrack.tracking.Param;
import dev.jtrack.tracking.Run;
import dev.jtrack.tracking.RunStatus;
import dev.jtrack.tracking.RunTag;
import dev.jtrack.tracking.TrackingStore;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code runs/create-promptlab-run}: records one prompt-engineering trial of MLflow's UI as a
 * finished run, as MLflow's server does: the model's parameters, {@code model_route} and
 * {@code prompt_template} as params; the tags {@code mlflow.runSourceType=PROMPT_ENGINEERING} and
 * {@code mlflow.loggedArtifacts}; the artifacts {@code eval_results_table.json} (prompt parameters,
 * prompt, output and output parameters as one table row) and a {@code model/} package (MLmodel with
 * MLflow's promptlab pyfunc loader, {@code parameters.yaml}, {@code requirements.txt}) recorded in
 * the run's logged-model history. A run whose artifacts cannot be written ends FAILED.
 */
final class PromptlabHandlers {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper YAML = new ObjectMapper(
            new YAMLFactory().disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER));
    private static final DateTimeFormatter CREATED = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS");
    static final String LOGGED_ARTIFACTS = "[{\"path\": \"eval_results_table.json\", \"type\": \"table\"}]";

    private final TrackingStore store;
    private final ArtifactLocations artifacts;

    PromptlabHandlers(TrackingStore store, ArtifactLocations artifacts) {
        this.store = store;
        this.artifacts = artifacts;
    }

    void register(ApiRoutes r) {
        r.post("runs/create-promptlab-run", this::create);
    }

    private static String required(Params in, String name) {
        String v = in.string(name);
        if (v == null || v.isEmpty()) {
            throw ApiException.invalidParameter("CreatePromptlabRun request must specify " + name + ".");
        }
        return v;
    }

    private static List<Param> params(Params in, String name) {
        List<Param> out = new ArrayList<>();
        for (Params p : in.objects(name)) {
            out.add(new Param(p.requiredString("key"), p.requiredStringAllowEmpty("value")));
        }
        return out;
    }

    private void create(Params in, JsonOut out) throws Exception {
        String experimentId = required(in, "experiment_id");
        String promptTemplate = required(in, "prompt_template");
        if (in.count("prompt_parameters") == 0) {
            throw ApiException.invalidParameter("CreatePromptlabRun request must specify prompt_parameters.");
        }
        List<Param> promptParameters = params(in, "prompt_parameters");
        String modelRoute = required(in, "model_route");
        List<Param> modelParameters = params(in, "model_parameters");
        String modelInput = required(in, "model_input");
        String modelOutput = in.string("model_output");
        List<Param> outputParameters = params(in, "model_output_parameters");
        String mlflowVersion = required(in, "mlflow_version");
        String userId = in.string("user_id");
        List<RunTag> tags = new ArrayList<>();
        for (Params t : in.objects("tags")) tags.add(new RunTag(t.requiredString("key"), t.requiredStringAllowEmpty("value")));
        long startTime = in.int64("start_time", System.currentTimeMillis());

        Run run = store.createRun(experimentId, userId == null ? "unknown" : userId, startTime, tags,
                ExperimentHandlers.emptyToNull(in.string("run_name")));
        String runId = run.info().runId();
        RunStatus end = RunStatus.FINISHED;
        try {
            List<Param> logged = new ArrayList<>(modelParameters);
            logged.add(new Param("model_route", modelRoute));
            logged.add(new Param("prompt_template", promptTemplate));
            store.logBatch(runId, List.of(), logged, List.of(
                    new RunTag("mlflow.loggedArtifacts", LOGGED_ARTIFACTS),
                    new RunTag("mlflow.runSourceType", "PROMPT_ENGINEERING")));
            String created = ZonedDateTime.now(ZoneOffset.UTC).format(CREATED);
            ObjectNode history = JSON.createObjectNode();
            history.put("run_id", runId).put("artifact_path", "model").put("utc_time_created", created);
            history.putObject("flavors");
            store.recordLoggedModel(runId, JSON.writeValueAsString(history));
            ArtifactRepository repo = artifacts.forUri(run.info().artifactUri());
            write(repo, "eval_results_table.json",
                    JSON.writeValueAsString(evalResults(promptParameters, modelInput, modelOutput, outputParameters)));
            writeModel(repo, runId, created, promptTemplate, promptParameters, modelParameters, modelRoute, mlflowVersion);
        } catch (RuntimeException | IOException e) {
            end = RunStatus.FAILED;
        }
        store.updateRun(runId, end, System.currentTimeMillis(), null);
        out.gen().writeFieldName("run");
        EntityJson.run(out.gen(), store.getRun(runId));
    }

    /** One row: the prompt parameters' values, the prompt, the output, then the output parameters. */
    static ObjectNode evalResults(List<Param> promptParameters, String modelInput, String modelOutput,
            List<Param> outputParameters) {
        ObjectNode table = JSON.createObjectNode();
        ArrayNode columns = table.putArray("columns");
        ArrayNode row = table.putArray("data").addArray();
        for (Param p : promptParameters) {
            columns.add(p.key());
            row.add(p.value());
        }
        columns.add("prompt").add("output");
        row.add(modelInput).add(modelOutput);
        for (Param p : outputParameters) {
            columns.add(p.key());
            row.add(p.value());
        }
        return table;
    }

    private static void writeModel(ArtifactRepository repo, String runId, String created, String promptTemplate,
            List<Param> promptParameters, List<Param> modelParameters, String modelRoute, String mlflowVersion)
            throws IOException {
        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put("prompt_template", promptTemplate);
        parameters.put("prompt_parameters", asMap(promptParameters));
        parameters.put("model_parameters", asMap(modelParameters));
        parameters.put("model_route", modelRoute);
        write(repo, "model/parameters.yaml", YAML.writeValueAsString(parameters));
        write(repo, "model/requirements.txt", "mlflow[gateway]==" + mlflowVersion);

        Map<String, Object> pyfunc = new LinkedHashMap<>();
        pyfunc.put("loader_module", "mlflow.prompt.promptlab_model");
        pyfunc.put("parameters_path", "parameters.yaml");
        Map<String, Object> mlmodel = new LinkedHashMap<>();
        mlmodel.put("artifact_path", "model");
        mlmodel.put("flavors", Map.of("python_function", pyfunc));
        mlmodel.put("run_id", runId);
        mlmodel.put("utc_time_created", created);
        write(repo, "model/MLmodel", YAML.writeValueAsString(mlmodel));
    }

    private static Map<String, String> asMap(List<Param> params) {
        Map<String, String> m = new LinkedHashMap<>();
        for (Param p : params) m.put(p.key(), p.value());
        return m;
    }

    private static void write(ArtifactRepository repo, String path, String text) throws IOException {
        repo.write(path, new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
    }
}
