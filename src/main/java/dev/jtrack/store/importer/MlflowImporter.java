package dev.jtrack.store.importer;

import dev.jtrack.artifacts.ArtifactRepository;
import dev.jtrack.artifacts.FileInfo;
import dev.jtrack.store.ArtifactTargets;
import dev.jtrack.store.StoreUri;
import dev.jtrack.store.sql.SqlStores;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code jtrack import}: copies an MLflow store (its SQLite or PostgreSQL database, or a running
 * MLflow server over REST) into a jtrack database, keeping experiment, run, logged-model and
 * trace ids, so {@code runs:/} and {@code models:/} URIs keep working. Artifacts are copied into
 * the destination's artifact root ({@code <root>/<experiment id>/<run id>/artifacts}, as MLflow
 * lays them out) and locations rewritten to point there.
 *
 * <p>Each entity is written in one transaction and then its artifacts are copied (files missing
 * in the destination or of another size), so an interrupted import finishes when run again, and
 * a second run writes nothing. A destination row with the same id but other content is reported
 * as a collision and left as it is.
 */
public final class MlflowImporter {
    private final ImportSource source;
    private final JtrackDestination destination;
    private final String artifactRoot;
    private final PrintStream progress;
    private final ImportSummary summary = new ImportSummary();
    private final ArtifactTargets destinationArtifacts = new ArtifactTargets(null);
    private final Map<Long, String> experimentLocations = new HashMap<>();
    private final Set<Long> collidedExperiments = new HashSet<>();
    /** Source artifact location prefix to destination location, for model version sources. */
    private final Map<String, String> movedLocations = new LinkedHashMap<>();

    private MlflowImporter(ImportSource source, JtrackDestination destination, String artifactRoot, PrintStream progress) {
        this.source = source;
        this.destination = destination;
        this.artifactRoot = artifactRoot;
        this.progress = progress;
    }

    /**
     * Imports the MLflow store at {@code from} into the jtrack database at {@code to}.
     *
     * @param from {@code sqlite:///...}, {@code postgresql://...} or {@code http(s)://...}
     * @param to a SQLite or PostgreSQL jtrack store (created and migrated when new)
     * @param env the environment MLflow's HTTP settings are read from (for a server source)
     * @param progress where one line per imported experiment and a final summary go
     * @return the summary: per kind of entity, how many the source has and how many the destination holds
     * @throws ImportSourceException when the source cannot be opened or read, or {@code to} is not a database
     */
    public static ImportSummary importStore(String from, StoreUri to, Map<String, String> env, PrintStream progress) {
        if (to.isServer()) {
            throw new ImportSourceException("The import destination must be a jtrack database (sqlite:///... or"
                    + " postgresql://...) so that ids are kept; " + to.httpUri() + " is a tracking server");
        }
        try (ImportSource source = ImportSources.open(from, env);
                SqlStores stores = SqlStores.open(to, null)) {
            MlflowImporter importer = new MlflowImporter(source, new JtrackDestination(stores.database()),
                    to.defaultArtifactRoot(), progress);
            importer.run();
            return importer.summary;
        }
    }

    private void run() {
        progress.println("Importing from " + source.description());
        for (Unit experiment : source.experiments()) {
            long id = ((Number) experiment.head().get("experiment_id")).longValue();
            experiment.head().values().put("artifact_location", appendPath(artifactRoot, Long.toString(id)));
            JtrackDestination.Result result = write(experiment);
            if (result.collided()) {
                collidedExperiments.add(id);
            }
        }
        List<String> modelIds = source.loggedModelIds();
        for (String modelId : modelIds) {
            Unit model = source.loggedModel(modelId);
            Long experimentId = experimentOf(model);
            if (experimentId == null) {
                continue;
            }
            String to = appendPath(experimentLocation(experimentId), "models/" + modelId + "/artifacts");
            moveArtifacts(model, "artifact_location", to);
            write(model);
        }
        List<String> runIds = source.runIds();
        int done = 0;
        for (String runId : runIds) {
            Unit run = source.run(runId);
            Long experimentId = experimentOf(run);
            if (experimentId != null) {
                String to = appendPath(experimentLocation(experimentId), runId + "/artifacts");
                moveArtifacts(run, "artifact_uri", to);
                addLatestMetrics(run);
                write(run);
            }
            if (++done % 100 == 0) {
                progress.println("  runs: " + done + " of " + runIds.size());
            }
        }
        for (String name : source.registeredModelNames()) {
            Unit model = source.registeredModel(name);
            for (Unit.Row row : model.rows) {
                if (row.table() == Table.MODEL_VERSIONS && row.get("source") instanceof String s) {
                    row.values().put("source", relocated(s));
                }
            }
            write(model);
        }
        for (String traceId : source.traceIds()) {
            Unit trace = source.trace(traceId);
            Long experimentId = experimentOf(trace);
            if (experimentId == null) {
                continue;
            }
            for (Unit.Row row : trace.rows) {
                if (row.table() == Table.TRACE_TAGS && "mlflow.artifactLocation".equals(row.get("key"))) {
                    String to = appendPath(experimentLocation(experimentId), "traces/" + traceId + "/artifacts");
                    trace.artifacts.add(new Unit.Artifacts((String) row.get("value"), to));
                    row.values().put("value", to);
                }
            }
            write(trace);
        }
        destination.advanceSequences();
    }

    /** The unit's experiment, or null (and the unit counted as skipped) when that experiment collided. */
    private Long experimentOf(Unit unit) {
        long id = ((Number) unit.head().get("experiment_id")).longValue();
        if (collidedExperiments.contains(id)) {
            summary.skipped(unit);
            return null;
        }
        return id;
    }

    private String experimentLocation(long id) {
        return experimentLocations.computeIfAbsent(id, k -> {
            String location = destination.experimentLocation(k);
            return location != null ? location : appendPath(artifactRoot, Long.toString(k));
        });
    }

    private void moveArtifacts(Unit unit, String column, String to) {
        Object from = unit.head().get(column);
        if (from instanceof String s && !s.isBlank()) {
            unit.artifacts.add(new Unit.Artifacts(s, to));
            movedLocations.put(s, to);
        }
        unit.head().values().put(column, to);
    }

    /** A model version's source moved with its run's or logged model's artifacts; other sources unchanged. */
    String relocated(String versionSource) {
        for (Map.Entry<String, String> moved : movedLocations.entrySet()) {
            String from = moved.getKey();
            if (versionSource.equals(from)) {
                return moved.getValue();
            }
            if (versionSource.startsWith(from.endsWith("/") ? from : from + "/")) {
                return appendPath(moved.getValue(), versionSource.substring(from.length()).replaceFirst("^/", ""));
            }
        }
        return versionSource;
    }

    private JtrackDestination.Result write(Unit unit) {
        JtrackDestination.Result result = destination.write(unit);
        summary.add(unit, result);
        if (result.collided()) {
            progress.println("  collision, not imported: " + result.collision());
            return result;
        }
        for (Unit.Artifacts artifacts : unit.artifacts) {
            copyArtifacts(unit, artifacts);
        }
        return result;
    }

    private void copyArtifacts(Unit unit, Unit.Artifacts artifacts) {
        ArtifactRepository from;
        ArtifactRepository to;
        try {
            from = source.artifacts().forUri(artifacts.from());
            to = destinationArtifacts.forUri(artifacts.to());
        } catch (RuntimeException e) {
            summary.unreachable(unit.description + ": " + e.getMessage());
            return;
        }
        try {
            copyTree(from, to, "", 0);
        } catch (IOException | RuntimeException e) {
            summary.unreachable(unit.description + ": artifacts at " + artifacts.from() + ": " + e.getMessage());
        }
    }

    private static final int MAX_DEPTH = 64;

    private void copyTree(ArtifactRepository from, ArtifactRepository to, String dir, int depth) throws IOException {
        if (depth > MAX_DEPTH) {
            throw new IOException("artifact folders nested deeper than " + MAX_DEPTH + " levels");
        }
        Map<String, Long> present = new HashMap<>();
        for (FileInfo f : to.list(dir)) {
            present.put(f.path(), f.fileSize());
        }
        for (FileInfo f : from.list(dir)) {
            if (f.isDir()) {
                copyTree(from, to, f.path(), depth + 1);
                continue;
            }
            Long size = present.get(f.path());
            if (size != null && (f.fileSize() < 0 || size == f.fileSize())) {
                summary.artifact(false);
                continue;
            }
            try (InputStream in = from.open(f.path())) {
                to.write(f.path(), in);
            }
            summary.artifact(true);
        }
    }

    /** The latest point of each metric, as jtrack keeps it for search: greatest step, timestamp, value (NaN greatest). */
    static void addLatestMetrics(Unit run) {
        Map<String, Map<String, Object>> latest = new LinkedHashMap<>();
        for (Unit.Row row : run.rows) {
            if (row.table() != Table.METRICS) {
                continue;
            }
            Map<String, Object> best = latest.get((String) row.get("key"));
            if (best == null || isLater(row.values(), best)) {
                latest.put((String) row.get("key"), row.values());
            }
        }
        List<Map<String, Object>> rows = new ArrayList<>(latest.values());
        for (Map<String, Object> m : rows) {
            run.add(Table.LATEST_METRICS, "run_uuid", m.get("run_uuid"), "key", m.get("key"), "value", m.get("value"),
                    "timestamp", m.get("timestamp"), "step", m.get("step"), "is_nan", m.get("is_nan"));
        }
    }

    private static boolean isLater(Map<String, Object> a, Map<String, Object> b) {
        int step = Long.compare((Long) a.get("step"), (Long) b.get("step"));
        if (step != 0) {
            return step > 0;
        }
        int time = Long.compare((Long) a.get("timestamp"), (Long) b.get("timestamp"));
        if (time != 0) {
            return time > 0;
        }
        boolean aNan = ((Long) a.get("is_nan")) == 1L;
        boolean bNan = ((Long) b.get("is_nan")) == 1L;
        if (aNan != bNan) {
            return aNan;
        }
        return Double.compare((Double) a.get("value"), (Double) b.get("value")) > 0;
    }

    static String appendPath(String root, String segment) {
        return root.endsWith("/") ? root + segment : root + "/" + segment;
    }
}
