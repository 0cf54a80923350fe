package dev.jtrack.store.importer;

import dev.jtrack.http.RestConfig;
import dev.jtrack.registry.ModelVersion;
import dev.jtrack.registry.ModelVersionTag;
import dev.jtrack.registry.RegisteredModel;
import dev.jtrack.registry.RegisteredModelAlias;
import dev.jtrack.registry.RegisteredModelTag;
import dev.jtrack.store.ArtifactTargets;
import dev.jtrack.store.rest.RestRegistryStore;
import dev.jtrack.store.rest.RestTrackingStore;
import dev.jtrack.tracking.DatasetInput;
import dev.jtrack.tracking.Experiment;
import dev.jtrack.tracking.ExperimentTag;
import dev.jtrack.tracking.InputTag;
import dev.jtrack.tracking.Metric;
import dev.jtrack.tracking.MlflowException;
import dev.jtrack.tracking.Page;
import dev.jtrack.tracking.Param;
import dev.jtrack.tracking.Run;
import dev.jtrack.tracking.RunTag;
import dev.jtrack.tracking.ViewType;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

/**
 * A running MLflow server read over its REST API with jtrack's own REST client; artifacts come
 * through the server's artifact proxy. What the API does not expose is derived: dataset and input
 * ids (stable name-based UUIDs, so a second import finds the same rows), a run's deletion time
 * (absent). Logged models, traces and run-to-logged-model links are not read from a server.
 */
final class MlflowRestSource implements ImportSource {
    private static final int PAGE = 1000;
    private static final int MAX_PAGES = 100_000;

    private final String uri;
    private final RestConfig config;
    private final RestTrackingStore tracking;
    private final RestRegistryStore registry;
    private final Map<String, Run> runs = new LinkedHashMap<>();
    private List<Experiment> experiments;

    private MlflowRestSource(String uri, RestConfig config) {
        this.uri = uri;
        this.config = config;
        this.tracking = new RestTrackingStore(config);
        this.registry = new RestRegistryStore(config);
    }

    static ImportSource open(String uri, Map<String, String> env) {
        MlflowRestSource source = new MlflowRestSource(uri, RestConfig.fromEnvironment(uri, env));
        try {
            source.allExperiments();
        } catch (MlflowException e) {
            source.close();
            throw new ImportSourceException("Cannot read the MLflow server at " + uri + ": " + e.getMessage());
        }
        return source;
    }

    @Override
    public String description() {
        return "MLflow server " + uri;
    }

    private List<Experiment> allExperiments() {
        if (experiments == null) {
            experiments = pages(token -> tracking.searchExperiments(ViewType.ALL, PAGE, null, List.of(), token));
        }
        return experiments;
    }

    @Override
    public List<Unit> experiments() {
        List<Unit> out = new ArrayList<>();
        for (Experiment e : allExperiments()) {
            long id = Long.parseLong(e.experimentId());
            Unit unit = new Unit("experiment " + id);
            unit.add(Table.EXPERIMENTS, "experiment_id", id, "name", e.name(), "artifact_location", e.artifactLocation(),
                    "lifecycle_stage", e.lifecycleStage().wireName(), "creation_time", e.creationTime(),
                    "last_update_time", e.lastUpdateTime());
            for (ExperimentTag t : e.tags()) {
                unit.add(Table.EXPERIMENT_TAGS, "experiment_id", id, "key", t.key(), "value", t.value());
            }
            out.add(unit);
        }
        return out;
    }

    @Override
    public List<String> runIds() {
        if (runs.isEmpty()) {
            List<String> ids = allExperiments().stream().map(Experiment::experimentId).toList();
            for (int i = 0; i < ids.size(); i += 100) {
                List<String> chunk = ids.subList(i, Math.min(ids.size(), i + 100));
                for (Run r : pages(token -> tracking.searchRuns(chunk, null, ViewType.ALL, PAGE, List.of(), token))) {
                    runs.put(r.info().runId(), r);
                }
            }
        }
        return new ArrayList<>(runs.keySet());
    }

    @Override
    public Unit run(String runId) {
        Run r = runs.get(runId);
        long experimentId = Long.parseLong(r.info().experimentId());
        Unit unit = new Unit("run " + runId);
        unit.add(Table.RUNS, "run_uuid", runId, "experiment_id", experimentId, "name", r.info().runName(),
                "user_id", r.info().userId(), "status", r.info().status().name(), "start_time", r.info().startTime(),
                "end_time", r.info().endTime(), "artifact_uri", r.info().artifactUri(),
                "lifecycle_stage", r.info().lifecycleStage().wireName(), "deleted_time", null);
        for (Param p : r.data().params()) {
            unit.add(Table.PARAMS, "run_uuid", runId, "key", p.key(), "value", p.value());
        }
        for (RunTag t : r.data().tags()) {
            unit.add(Table.TAGS, "run_uuid", runId, "key", t.key(), "value", t.value());
        }
        for (Metric latest : r.data().metrics()) {
            for (Metric m : pages(token -> tracking.getMetricHistory(runId, latest.key(), 25_000, token))) {
                boolean nan = Double.isNaN(m.value());
                unit.add(Table.METRICS, "run_uuid", runId, "key", m.key(), "step", m.step(), "timestamp", m.timestamp(),
                        "value", nan ? 0.0 : m.value(), "is_nan", nan ? 1L : 0L);
            }
        }
        long position = 0;
        for (DatasetInput input : r.inputs()) {
            var d = input.dataset();
            String datasetId = stableId(experimentId + "/" + d.name() + "/" + d.digest());
            String inputId = stableId(runId + "/" + datasetId);
            unit.add(Table.DATASETS, "dataset_uuid", datasetId, "experiment_id", experimentId, "name", d.name(),
                    "digest", d.digest(), "dataset_source_type", d.sourceType(), "dataset_source", d.source(),
                    "dataset_schema", d.schema(), "dataset_profile", d.profile());
            unit.add(Table.INPUTS, "input_uuid", inputId, "run_uuid", runId, "dataset_uuid", datasetId, "position", position++);
            for (InputTag t : input.tags()) {
                unit.add(Table.INPUT_TAGS, "input_uuid", inputId, "key", t.key(), "value", t.value());
            }
        }
        return unit;
    }

    private static String stableId(String name) {
        return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString().replace("-", "");
    }

    @Override
    public List<String> loggedModelIds() {
        return List.of(); // jtrack's REST client does not search logged models yet
    }

    @Override
    public Unit loggedModel(String modelId) {
        throw new UnsupportedOperationException("logged models are not read from a server");
    }

    @Override
    public List<String> registeredModelNames() {
        return pages(token -> registry.searchRegisteredModels(null, PAGE, List.of(), token)).stream()
                .map(RegisteredModel::name).toList();
    }

    @Override
    public Unit registeredModel(String name) {
        RegisteredModel m = registry.getRegisteredModel(name);
        Unit unit = new Unit("registered model " + name);
        unit.add(Table.REGISTERED_MODELS, "name", name, "creation_time", m.creationTimestamp(),
                "last_updated_time", m.lastUpdatedTimestamp(), "description", m.description());
        for (RegisteredModelTag t : m.tags()) {
            unit.add(Table.REGISTERED_MODEL_TAGS, "name", name, "key", t.key(), "value", t.value());
        }
        String filter = "name = '" + name.replace("'", "\\'") + "'";
        List<ModelVersion> versions = new ArrayList<>(pages(token -> registry.searchModelVersions(filter, PAGE, List.of(), token)));
        versions.sort((a, b) -> Long.compare(Long.parseLong(a.version()), Long.parseLong(b.version())));
        for (ModelVersion v : versions) {
            long version = Long.parseLong(v.version());
            unit.add(Table.MODEL_VERSIONS, "name", name, "version", version, "creation_time", v.creationTimestamp(),
                    "last_updated_time", v.lastUpdatedTimestamp(), "description", v.description(), "user_id", v.userId(),
                    "current_stage", v.currentStage().wireName(), "source", v.source(), "run_id", v.runId(),
                    "run_link", v.runLink(), "status", v.status().name(), "status_message", v.statusMessage());
            for (ModelVersionTag t : v.tags()) {
                unit.add(Table.MODEL_VERSION_TAGS, "name", name, "version", version, "key", t.key(), "value", t.value());
            }
        }
        for (RegisteredModelAlias a : m.aliases()) {
            unit.add(Table.ALIASES, "name", name, "alias", a.alias(), "version", Long.parseLong(a.version()));
        }
        return unit;
    }

    @Override
    public List<String> traceIds() {
        return List.of();
    }

    @Override
    public Unit trace(String traceId) {
        throw new UnsupportedOperationException("traces are not read from a server");
    }

    @Override
    public ArtifactTargets artifacts() {
        return new ArtifactTargets(config);
    }

    @Override
    public void close() {
        tracking.close();
        registry.close();
    }

    /** Every item of a paged listing, following page tokens (bounded). */
    private static <T> List<T> pages(Function<String, Page<T>> fetch) {
        List<T> all = new ArrayList<>();
        String token = null;
        for (int i = 0; i < MAX_PAGES; i++) {
            Page<T> page = fetch.apply(token);
            all.addAll(page.items());
            token = page.nextPageToken();
            if (token == null || token.isEmpty()) {
                return all;
            }
        }
        throw new ImportSourceException("more than " + MAX_PAGES + " pages");
    }
}
