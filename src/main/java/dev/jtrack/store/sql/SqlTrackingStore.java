package dev.jtrack.store.sql;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.jtrack.tracking.DatasetInput;
import dev.jtrack.tracking.DatasetSummary;
import dev.jtrack.tracking.Experiment;
import dev.jtrack.tracking.ExperimentTag;
import dev.jtrack.tracking.LifecycleStage;
import dev.jtrack.tracking.Metric;
import dev.jtrack.tracking.MetricWithRunId;
import dev.jtrack.tracking.MlflowException;
import dev.jtrack.tracking.Page;
import dev.jtrack.tracking.Param;
import dev.jtrack.tracking.Run;
import dev.jtrack.tracking.RunData;
import dev.jtrack.tracking.RunInfo;
import dev.jtrack.tracking.RunStatus;
import dev.jtrack.tracking.RunTag;
import dev.jtrack.tracking.TrackingStore;
import dev.jtrack.tracking.ViewType;
import dev.jtrack.tracking.search.Comparison;
import dev.jtrack.tracking.search.FilterParser;
import dev.jtrack.tracking.search.OrderBy;
import dev.jtrack.tracking.search.OrderByParser;
import dev.jtrack.tracking.search.PageToken;
import dev.jtrack.tracking.search.SearchGrammar;
import dev.jtrack.tracking.validation.Validation;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.function.LongSupplier;

/**
 * The {@link TrackingStore} on SQLite or PostgreSQL. Validation happens before any write; each
 * call is one transaction, so a failing call changes nothing.
 */
public final class SqlTrackingStore implements TrackingStore {

    static final String RUN_NAME_TAG = "mlflow.runName";

    /** Built on first use: an ObjectMapper costs ~100 ms to create, which server start-up should not pay. */
    private static final class Json {
        static final ObjectMapper MAPPER = new ObjectMapper();
    }

    private final Database db;
    private final boolean ownsDatabase;
    private final String defaultArtifactRoot;
    private final LongSupplier clock;
    private final ExperimentDao experiments;
    private final RunDao runs = new RunDao();
    private final RunDataDao data = new RunDataDao();
    private final MetricHistoryDao history = new MetricHistoryDao();
    private final DatasetDao datasets = new DatasetDao();
    private final SqlLoggedModelStore loggedModels;
    private final SqlEvaluationStore evaluation;

    /**
     * A store over {@code db}: migrates the schema and creates the "Default" experiment (id 0) if
     * missing.
     *
     * @param db the database
     * @param defaultArtifactRoot the root under which experiments without an explicit artifact
     *     location get {@code <root>/<experiment id>}
     * @param ownsDatabase whether {@link #close()} closes {@code db}
     */
    public SqlTrackingStore(Database db, String defaultArtifactRoot, boolean ownsDatabase) {
        this.db = Objects.requireNonNull(db, "db");
        this.defaultArtifactRoot = Objects.requireNonNull(defaultArtifactRoot, "defaultArtifactRoot");
        this.ownsDatabase = ownsDatabase;
        this.clock = System::currentTimeMillis;
        this.experiments = new ExperimentDao(db.dialect());
        this.loggedModels = new SqlLoggedModelStore(db, clock);
        this.evaluation = new SqlEvaluationStore(db);
        Migrations.migrate(db);
        db.write(c -> {
            experiments.ensureDefault(c, clock.getAsLong(), defaultArtifactRoot);
            return null;
        });
    }

    /** The artifact root for experiments created without an artifact location. */
    public String defaultArtifactRoot() {
        return defaultArtifactRoot;
    }

    /** The database this store uses. */
    public Database database() {
        return db;
    }

    // ----- experiments -----

    @Override
    public String createExperiment(String name, String artifactLocation, List<ExperimentTag> tags) {
        Validation.experimentName(name);
        Validation.length("Artifact location", artifactLocation, Validation.MAX_TEXT_LENGTH);
        List<ExperimentTag> t = tags == null ? List.of() : tags;
        t.forEach(Validation::experimentTag);
        String location = resolveIfLocal(artifactLocation);
        return db.write(c -> experiments.create(c, name, location, t, clock.getAsLong(), defaultArtifactRoot));
    }

    /**
     * A relative local path (no URI scheme) against this process's working directory, as MLflow's
     * SQL store resolves an experiment's {@code artifact_location}; anything else unchanged.
     */
    static String resolveIfLocal(String artifactLocation) {
        if (artifactLocation == null || artifactLocation.isEmpty()
                || artifactLocation.matches("^[A-Za-z][A-Za-z0-9+.-]*:.*")) {
            return artifactLocation;
        }
        java.nio.file.Path p;
        try {
            p = java.nio.file.Path.of(artifactLocation);
        } catch (java.nio.file.InvalidPathException e) {
            throw MlflowException.invalidParameter("Invalid artifact location '%s': %s", artifactLocation, e.getReason());
        }
        return p.isAbsolute() ? artifactLocation : java.nio.file.Path.of("").toAbsolutePath().resolve(p).toString();
    }

    @Override
    public Experiment getExperiment(String experimentId) {
        Validation.experimentId(experimentId);
        long id = ExperimentDao.parseId(experimentId);
        return db.read(c -> experiments.get(c, id));
    }

    @Override
    public Experiment getExperimentByName(String name) {
        Validation.required("experiment_name", name);
        return db.read(c -> experiments.getByName(c, name));
    }

    @Override
    public Page<Experiment> searchExperiments(ViewType viewType, int maxResults, String filter, List<String> orderBy, String pageToken) {
        PageToken.checkMaxResults(maxResults, SEARCH_MAX_RESULTS_THRESHOLD);
        ViewType vt = viewType == null ? ViewType.ACTIVE_ONLY : viewType;
        return db.read(c -> experiments.search(c, vt, maxResults, filter, orderBy, pageToken));
    }

    @Override
    public void deleteExperiment(String experimentId) {
        Validation.experimentId(experimentId);
        long id = ExperimentDao.parseId(experimentId);
        if (id == 0) {
            throw MlflowException.invalidParameter("Cannot delete the default experiment '0'. This is an internally reserved experiment.");
        }
        db.write(c -> {
            experiments.getActive(c, id);
            long now = clock.getAsLong();
            experiments.setStage(c, id, LifecycleStage.DELETED, now);
            runs.deleteAllOfExperiment(c, id, now);
            return null;
        });
    }

    @Override
    public void restoreExperiment(String experimentId) {
        Validation.experimentId(experimentId);
        long id = ExperimentDao.parseId(experimentId);
        db.write(c -> {
            Experiment e = experiments.get(c, id);
            if (e.lifecycleStage() != LifecycleStage.DELETED) {
                throw MlflowException.invalidState(
                        "Cannot restore an experiment that is not deleted. Experiment %s is %s.", experimentId,
                        e.lifecycleStage().wireName());
            }
            experiments.setStage(c, id, LifecycleStage.ACTIVE, clock.getAsLong());
            runs.restoreDeletedWithExperiment(c, id, e.lastUpdateTime());
            return null;
        });
    }

    @Override
    public void renameExperiment(String experimentId, String newName) {
        Validation.experimentId(experimentId);
        Validation.experimentName(newName);
        long id = ExperimentDao.parseId(experimentId);
        db.write(c -> {
            experiments.getActive(c, id);
            experiments.rename(c, id, newName, clock.getAsLong());
            return null;
        });
    }

    @Override
    public void setExperimentTag(String experimentId, ExperimentTag tag) {
        Validation.experimentId(experimentId);
        Validation.experimentTag(tag);
        long id = ExperimentDao.parseId(experimentId);
        db.write(c -> {
            experiments.getActive(c, id);
            experiments.setTag(c, id, tag);
            return null;
        });
    }

    @Override
    public void deleteExperimentTag(String experimentId, String key) {
        Validation.experimentId(experimentId);
        Validation.required("key", key);
        long id = ExperimentDao.parseId(experimentId);
        db.write(c -> {
            experiments.getActive(c, id);
            if (!experiments.deleteTag(c, id, key)) {
                throw MlflowException.notFound("No tag with name: %s in experiment with id %s", key, experimentId);
            }
            return null;
        });
    }

    // ----- runs -----

    @Override
    public Run createRun(String experimentId, String userId, Long startTime, List<RunTag> tags, String runName) {
        Validation.experimentId(experimentId);
        long expId = ExperimentDao.parseId(experimentId);
        List<RunTag> given = tags == null ? List.of() : tags;
        if (given.size() > Validation.MAX_PARAMS_TAGS_PER_BATCH) {
            throw MlflowException.invalidParameter("A run can be created with at most %d tags, got %d",
                    Validation.MAX_PARAMS_TAGS_PER_BATCH, given.size());
        }
        given.forEach(Validation::tag);
        Validation.length("User id", userId, Validation.MAX_ENTITY_KEY_LENGTH);
        Validation.length("Run name", runName, Validation.MAX_RUN_NAME_LENGTH);
        String tagName = null;
        for (RunTag t : given) {
            if (t.key().equals(RUN_NAME_TAG)) {
                tagName = t.value();
            }
        }
        if (runName != null && !runName.isEmpty() && tagName != null && !tagName.equals(runName)) {
            throw MlflowException.invalidParameter(
                    "Both 'run_name' argument and 'mlflow.runName' tag are specified, but with different values"
                            + " (run_name='%s', mlflow.runName='%s').", runName, tagName);
        }
        String name = runName != null && !runName.isEmpty() ? runName : tagName != null && !tagName.isEmpty() ? tagName : RunNames.next();
        Validation.length("Run name", name, Validation.MAX_RUN_NAME_LENGTH);
        Map<String, RunTag> allTags = new LinkedHashMap<>();
        for (RunTag t : given) {
            allTags.put(t.key(), t);
        }
        allTags.put(RUN_NAME_TAG, new RunTag(RUN_NAME_TAG, name));
        String runId = UUID.randomUUID().toString().replace("-", "");
        return db.write(c -> {
            Experiment e = experiments.getActive(c, expId);
            long start = startTime != null ? startTime : clock.getAsLong();
            String artifactUri = ExperimentDao.appendPath(e.artifactLocation(), runId + "/artifacts");
            RunInfo info = new RunInfo(runId, e.experimentId(), name, userId, RunStatus.RUNNING, start, null, artifactUri,
                    LifecycleStage.ACTIVE);
            runs.insert(c, info);
            List<RunTag> tagList = new ArrayList<>(allTags.values());
            data.upsertTags(c, runId, tagList);
            return new Run(info, new RunData(List.of(), List.of(), tagList), List.of());
        });
    }

    @Override
    public Run getRun(String runId) {
        Validation.runId(runId);
        return db.read(c -> {
            RunInfo info = runs.get(c, runId);
            return assemble(c, List.of(info)).get(0);
        });
    }

    private List<Run> assemble(Connection c, List<RunInfo> infos) throws SQLException {
        if (infos.isEmpty()) {
            return List.of();
        }
        List<String> ids = infos.stream().map(RunInfo::runId).toList();
        var metrics = data.latestMetrics(c, ids);
        var params = data.params(c, ids);
        var tags = data.tags(c, ids);
        var inputs = datasets.inputs(c, ids);
        List<Run> out = new ArrayList<>(infos.size());
        for (RunInfo i : infos) {
            out.add(new Run(i,
                    new RunData(metrics.getOrDefault(i.runId(), List.of()), params.getOrDefault(i.runId(), List.of()),
                            tags.getOrDefault(i.runId(), List.of())),
                    inputs.getOrDefault(i.runId(), List.of())));
        }
        return out;
    }

    @Override
    public RunInfo updateRun(String runId, RunStatus status, Long endTime, String runName) {
        Validation.runId(runId);
        Validation.length("Run name", runName, Validation.MAX_RUN_NAME_LENGTH);
        return db.write(c -> {
            runs.getActive(c, runId);
            String name = runName == null || runName.isEmpty() ? null : runName;
            runs.update(c, runId, status, endTime, name);
            if (name != null) {
                data.upsertTags(c, runId, List.of(new RunTag(RUN_NAME_TAG, name)));
            }
            return runs.get(c, runId);
        });
    }

    @Override
    public void deleteRun(String runId) {
        Validation.runId(runId);
        db.write(c -> {
            runs.get(c, runId);
            runs.setStage(c, runId, LifecycleStage.DELETED, clock.getAsLong());
            return null;
        });
    }

    @Override
    public void restoreRun(String runId) {
        Validation.runId(runId);
        db.write(c -> {
            runs.get(c, runId);
            runs.setStage(c, runId, LifecycleStage.ACTIVE, null);
            return null;
        });
    }

    @Override
    public void logBatch(String runId, List<Metric> metrics, List<Param> params, List<RunTag> tags) {
        Validation.runId(runId);
        List<Metric> m = metrics == null ? List.of() : metrics;
        List<Param> p = params == null ? List.of() : params;
        List<RunTag> t = tags == null ? List.of() : tags;
        Validation.batch(m, p, t);
        String newName = null;
        for (RunTag tag : t) {
            if (tag.key().equals(RUN_NAME_TAG)) {
                Validation.length("Run name", tag.value(), Validation.MAX_RUN_NAME_LENGTH);
                newName = tag.value();
            }
        }
        String name = newName;
        db.write(c -> {
            runs.activeExperimentId(c, runId);
            data.insertParams(c, runId, p);
            data.insertMetrics(c, runId, m);
            data.upsertTags(c, runId, t);
            if (name != null) {
                runs.setName(c, runId, name);
            }
            return null;
        });
    }

    @Override
    public void deleteTag(String runId, String key) {
        Validation.runId(runId);
        Validation.required("key", key);
        db.write(c -> {
            runs.getActive(c, runId);
            if (!data.deleteTag(c, runId, key)) {
                throw MlflowException.notFound("No tag with name: %s in run with id %s", key, runId);
            }
            return null;
        });
    }

    @Override
    public Page<Metric> getMetricHistory(String runId, String metricKey, Integer maxResults, String pageToken) {
        Validation.runId(runId);
        Validation.required("metric_key", metricKey);
        if (maxResults != null) {
            PageToken.checkMaxResults(maxResults, GET_METRIC_HISTORY_MAX_RESULTS);
        }
        long offset = PageToken.decode(pageToken);
        return db.read(c -> {
            runs.get(c, runId);
            if (maxResults == null) {
                return new Page<>(history.history(c, runId, metricKey, offset, Integer.MAX_VALUE), null);
            }
            List<Metric> got = history.history(c, runId, metricKey, offset, maxResults + 1);
            if (got.size() > maxResults) {
                return new Page<>(got.subList(0, maxResults), PageToken.encode(offset + maxResults));
            }
            return new Page<>(got, null);
        });
    }

    @Override
    public List<MetricWithRunId> getMetricHistoryBulkInterval(List<String> runIds, String metricKey, Long startStep, Long endStep,
            int maxResults) {
        if (runIds == null || runIds.isEmpty()) {
            throw MlflowException.invalidParameter("GetMetricHistoryBulkInterval request must specify at least one run_id.");
        }
        if (runIds.size() > BULK_INTERVAL_MAX_RUNS) {
            throw MlflowException.invalidParameter(
                    "GetMetricHistoryBulkInterval request cannot specify more than %d run_ids. Received %d run_ids.",
                    BULK_INTERVAL_MAX_RUNS, runIds.size());
        }
        runIds.forEach(Validation::runId);
        Validation.required("metric_key", metricKey);
        PageToken.checkMaxResults(maxResults, BULK_INTERVAL_MAX_RESULTS);
        if ((startStep == null) != (endStep == null)) {
            throw MlflowException.invalidParameter("If either start step or end step are specified, both must be specified.");
        }
        if (startStep != null && startStep > endStep) {
            throw MlflowException.invalidParameter(
                    "end_step must be greater than start_step. Found start_step=%d and end_step=%d.", startStep, endStep);
        }
        List<String> distinct = new ArrayList<>(new java.util.LinkedHashSet<>(runIds));
        return db.read(c -> {
            for (String id : distinct) {
                runs.get(c, id);
            }
            return history.bulkInterval(c, distinct, metricKey, startStep, endStep, maxResults);
        });
    }

    @Override
    public void logInputs(String runId, List<DatasetInput> inputs) {
        Validation.runId(runId);
        Validation.inputs(inputs);
        if (inputs == null || inputs.isEmpty()) {
            db.read(c -> runs.get(c, runId));
            return;
        }
        db.write(c -> {
            String exp = runs.activeExperimentId(c, runId);
            datasets.logInputs(c, runId, Long.parseLong(exp), inputs);
            return null;
        });
    }

    @Override
    public List<DatasetSummary> searchDatasets(List<String> experimentIds) {
        List<Long> ids = new ArrayList<>();
        for (String e : experimentIds == null ? List.<String>of() : experimentIds) {
            try {
                ids.add(Long.parseLong(e));
            } catch (NumberFormatException nfe) {
                // an id that cannot exist here matches nothing
            }
        }
        if (ids.isEmpty()) {
            return List.of();
        }
        return db.read(c -> datasets.summaries(c, ids, SEARCH_DATASETS_MAX_RESULTS));
    }

    @Override
    public Page<Run> searchRuns(List<String> experimentIds, String filter, ViewType viewType, int maxResults, List<String> orderBy,
            String pageToken) {
        PageToken.checkMaxResults(maxResults, SEARCH_MAX_RESULTS_THRESHOLD);
        List<Long> ids = new ArrayList<>();
        // As MLflow: no experiment ids is not an error, it just matches no runs.
        for (String e : experimentIds == null ? List.<String>of() : experimentIds) {
            Validation.experimentId(e);
            try {
                ids.add(Long.parseLong(e));
            } catch (NumberFormatException nfe) {
                // an id that cannot exist here matches no runs
            }
        }
        List<Comparison> terms = FilterParser.parse(filter, SearchGrammar.RUNS);
        List<OrderBy> order = OrderByParser.parse(orderBy, SearchGrammar.RUNS);
        long offset = PageToken.decode(pageToken);
        if (ids.isEmpty()) {
            return new Page<>(List.of(), null);
        }
        ViewType vt = viewType == null ? ViewType.ACTIVE_ONLY : viewType;
        int limit = maxResults + 1;
        Dialect d = db.dialect();
        return db.read(c -> {
            List<RunInfo> infos;
            if (!RunSearchQuery.needsSplit(terms, order)) {
                infos = runInfos(c, RunSearchQuery.build(d, ids, terms, vt, order, RunSearchQuery.Phase.ALL, limit, offset, false));
            } else {
                // Runs having the first order key come first, in index order; the rest only if the page is not full.
                infos = new ArrayList<>(runInfos(c,
                        RunSearchQuery.build(d, ids, terms, vt, order, RunSearchQuery.Phase.PRESENT, limit, offset, false)));
                if (infos.size() < limit) {
                    long present = !infos.isEmpty() || offset == 0
                            ? offset + infos.size()
                            : count(c, RunSearchQuery.build(d, ids, terms, vt, order, RunSearchQuery.Phase.PRESENT, 0, 0, true));
                    long absentOffset = Math.max(0, offset - present);
                    infos.addAll(runInfos(c, RunSearchQuery.build(d, ids, terms, vt, order, RunSearchQuery.Phase.ABSENT,
                            limit - infos.size(), absentOffset, false)));
                }
            }
            String next = null;
            if (infos.size() > maxResults) {
                infos = infos.subList(0, maxResults);
                next = PageToken.encode(offset + maxResults);
            }
            return new Page<>(assemble(c, infos), next);
        });
    }

    private static List<RunInfo> runInfos(Connection c, Sql.Builder q) throws SQLException {
        List<RunInfo> infos = new ArrayList<>();
        try (PreparedStatement ps = q.prepare(c); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                infos.add(RunDao.read(rs));
            }
        }
        return infos;
    }

    private static long count(Connection c, Sql.Builder q) throws SQLException {
        try (PreparedStatement ps = q.prepare(c); ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Override
    public void recordLoggedModel(String runId, String modelJson) {
        Validation.runId(runId);
        Validation.required("model_json", modelJson);
        JsonNode model;
        try {
            model = Json.MAPPER.readTree(modelJson);
        } catch (Exception e) {
            throw MlflowException.invalidParameter("Malformed model info: %s", e.getMessage());
        }
        if (model == null || !model.isObject()) {
            throw MlflowException.invalidParameter("Model info must be a JSON object");
        }
        List<String> missing = new ArrayList<>();
        for (String field : new String[] {"artifact_path", "flavors", "run_id", "utc_time_created"}) {
            if (!model.has(field)) {
                missing.add(field);
            }
        }
        if (!missing.isEmpty()) {
            throw MlflowException.invalidParameter("Model json is missing mandatory fields: %s", missing);
        }
        db.write(c -> {
            runs.getActive(c, runId);
            String current = data.tag(c, runId, LOG_MODEL_HISTORY_TAG);
            ArrayNode list;
            try {
                JsonNode n = current == null ? null : Json.MAPPER.readTree(current);
                list = n != null && n.isArray() ? (ArrayNode) n : Json.MAPPER.createArrayNode();
            } catch (Exception e) {
                list = Json.MAPPER.createArrayNode();
            }
            list.add(model);
            String value = list.toString();
            // This system tag grows with every logged model, so it gets the free-text limit, not the tag limit.
            if (value.length() > Validation.MAX_TEXT_LENGTH) {
                throw MlflowException.invalidParameter(
                        "The model history of run %s would exceed %d characters", runId, Validation.MAX_TEXT_LENGTH);
            }
            Validation.storable("Model info", value);
            data.upsertTags(c, runId, List.of(new RunTag(LOG_MODEL_HISTORY_TAG, value)));
            return null;
        });
    }

    /** The MLflow 3 logged models in this store's database. */
    @Override
    public SqlLoggedModelStore loggedModels() {
        return loggedModels;
    }

    @Override
    public SqlEvaluationStore evaluation() {
        return evaluation;
    }

    @Override
    public void close() {
        if (ownsDatabase) {
            db.close();
        }
    }
}
