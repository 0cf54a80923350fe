package dev.jtrack.models;

import dev.jtrack.models.evaluation.Comparison;
import dev.jtrack.models.evaluation.EvalOptions;
import dev.jtrack.models.evaluation.Evaluation;
import dev.jtrack.models.evaluation.Evaluator;
import dev.jtrack.models.evaluation.Promotion;
import dev.jtrack.util.FileTrees;
import dev.jtrack.notebook.ActiveRun;
import dev.jtrack.notebook.Tracking;
import dev.jtrack.notebook.TrackingClient;
import dev.jtrack.registry.ModelVersion;
import dev.jtrack.registry.RegisteredModel;
import dev.jtrack.registry.RegisteredModelAlias;
import dev.jtrack.registry.RegistryStore;
import dev.jtrack.registry.Stage;
import dev.jtrack.store.rest.RestLoggedModels;
import dev.jtrack.store.rest.RestRegistryStore;
import dev.jtrack.store.rest.RestTrackingStore;
import dev.jtrack.tracking.ErrorCode;
import dev.jtrack.tracking.MlflowException;
import dev.jtrack.tracking.Page;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * Log models to runs, register them, give them aliases and load them back, through one tracking
 * client (embedded store, {@code jtrack server} or an MLflow server).
 *
 * <pre>{@code
 * Models models = Models.get();                       // the notebook's client
 * LoggedModel m = models.logModel(Tracking.run(), predictor, "model", trainingRows.first(5));
 * ModelVersion v = models.registerModel(m.modelUri(), "iris");
 * models.setAlias("iris", "champion", v.version());
 * Predictor p = models.load("models:/iris@champion").predictor();
 * }</pre>
 */
public final class Models {
    /** How long logging waits for the run and the model files to reach the store. */
    public static final Duration STORE_WAIT = Duration.ofSeconds(60);

    private final TrackingClient client;

    private Models(TrackingClient client) {
        this.client = client;
    }

    /** Models of {@code client}'s store. */
    public static Models of(TrackingClient client) {
        return new Models(client);
    }

    /** Models of the process-wide client ({@link Tracking#client()}). */
    public static Models get() {
        return new Models(Tracking.client());
    }

    // ----- logging -----

    /** Logs {@code model} under {@code artifactPath} of {@code run}, without input example or signature. */
    public LoggedModel logModel(ActiveRun run, Object model, String artifactPath) {
        return logModel(run, model, artifactPath, null, null, null);
    }

    /** Logs {@code model} with an input example; the signature is inferred from it. */
    public LoggedModel logModel(ActiveRun run, Object model, String artifactPath, Table inputExample) {
        return logModel(run, model, artifactPath, inputExample, null, null);
    }

    /**
     * Packages {@code model} (see {@link Flavors}) and logs it as artifacts of {@code run} under
     * {@code artifactPath}, recording it in the run's {@code mlflow.log-model.history} tag. Waits
     * until the run and the files are in the store, so the model can be registered and loaded
     * right after. {@code run} must be a run of this object's client.
     *
     * @param inputExample a few input rows, or null
     * @param signature the signature, or null to infer it from the example
     * @param metadata extra {@code metadata} for {@code MLmodel}, or null
     */
    public LoggedModel logModel(ActiveRun run, Object model, String artifactPath, Table inputExample,
            ModelSignature signature, Map<String, Object> metadata) {
        String path = normalize(artifactPath);
        String runId = run.awaitRunId(STORE_WAIT);
        Optional<RestLoggedModels> loggedModels = loggedModelsOf(runId);
        if (loggedModels.isPresent()) {
            return MlflowLoggedModels.log(client, loggedModels.get(), runId, model, path, inputExample, signature, metadata);
        }
        Path tmp = null;
        try {
            tmp = Files.createTempDirectory("jtrack-model-");
            String leaf = path.substring(path.lastIndexOf('/') + 1);
            Path dir = tmp.resolve(leaf);
            MLmodel mlmodel = ModelPackage.save(model, dir, path, runId, inputExample, signature, metadata);
            run.logArtifact(dir, path.contains("/") ? path.substring(0, path.lastIndexOf('/')) : "");
            if (!client.flush(STORE_WAIT)) {
                throw new IllegalStateException("The model files did not reach " + client.trackingUri() + " within "
                        + STORE_WAIT.toSeconds() + " s" + client.deliveryProblem().map(p -> ": " + p).orElse(""));
            }
            client.store().recordLoggedModel(runId, mlmodel.toLogModelJson());
            return new LoggedModel(runId, path, mlmodel);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot package the model: " + e.getMessage(), e);
        } finally {
            FileTrees.deleteQuietly(tmp);
        }
    }

    /**
     * MLflow 3's logged models when the store is a REST server that serves them (asked once per
     * store), else empty: the model then goes into the run's artifacts as with MLflow 2.
     */
    private Optional<RestLoggedModels> loggedModelsOf(String runId) {
        if (!(client.store() instanceof RestTrackingStore rest)) return Optional.empty();
        if (!client.flush(STORE_WAIT)) {
            throw new IllegalStateException("The run's records did not reach " + client.trackingUri() + " within "
                    + STORE_WAIT.toSeconds() + " s" + client.deliveryProblem().map(p -> ": " + p).orElse(""));
        }
        return rest.loggedModels(rest.getRun(runId).info().experimentId());
    }

    private static String normalize(String artifactPath) {
        String p = artifactPath == null || artifactPath.isBlank() ? "model" : artifactPath.strip().replace('\\', '/');
        while (p.startsWith("/")) p = p.substring(1);
        while (p.endsWith("/")) p = p.substring(0, p.length() - 1);
        for (String seg : p.split("/")) {
            if (seg.isEmpty() || seg.equals(".") || seg.equals("..")) {
                throw new IllegalArgumentException("Invalid model artifact path '" + artifactPath + "'");
            }
        }
        return p;
    }

    // ----- registry -----

    /** The registry of this client's store. */
    public RegistryStore registry() {
        return client.registry();
    }

    /**
     * Registers the model at {@code modelUri} as the next version of {@code name}, creating the
     * registered model when it does not exist. A {@code runs:/} URI is stored as the run's
     * artifact location (as MLflow does), with the run id.
     */
    public ModelVersion registerModel(String modelUri, String name) {
        RegistryStore reg = registry();
        try {
            reg.createRegisteredModel(name, List.of(), null);
        } catch (MlflowException e) {
            if (e.errorCode() != ErrorCode.RESOURCE_ALREADY_EXISTS) throw e;
        }
        String source = modelUri;
        String runId = null;
        String loggedModelId = ModelLocation.loggedModelId(modelUri);
        if (loggedModelId != null) {
            runId = ModelLocation.resolve(client, modelUri).runId();
        } else if (modelUri.startsWith("runs:")) {
            ModelLocation loc = ModelLocation.resolve(client, modelUri);
            runId = loc.runId();
            String root = loc.repository().rootUri();
            while (root.endsWith("/") && !root.endsWith(":/")) root = root.substring(0, root.length() - 1);
            source = root + (loc.path().isEmpty() ? "" : "/" + loc.path());
        } else if (modelUri.startsWith("models:")) {
            ModelVersion v = ModelLocation.version(reg, modelUri);
            source = v.source();
            runId = v.runId();
            loggedModelId = ModelLocation.loggedModelId(source);
        }
        if (loggedModelId != null && reg instanceof RestRegistryStore rest) {
            return rest.createModelVersionFromLoggedModel(name, loggedModelId, runId);
        }
        return reg.createModelVersion(name, source, runId, List.of(), null, null);
    }

    /** Points {@code alias} (e.g. {@code champion}) of model {@code name} at {@code version}. */
    public void setAlias(String name, String alias, String version) {
        registry().setRegisteredModelAlias(name, alias, version);
    }

    /** Removes an alias. */
    public void deleteAlias(String name, String alias) {
        registry().deleteRegisteredModelAlias(name, alias);
    }

    /** Moves a version to a stage ({@code Staging}, {@code Production}, {@code Archived}, {@code None}). */
    public ModelVersion transitionStage(String name, String version, String stage, boolean archiveExisting) {
        return registry().transitionModelVersionStage(name, version, Stage.parse(stage).wireName(), archiveExisting);
    }

    /** Sets the description of a registered model. */
    public RegisteredModel describe(String name, String description) {
        return registry().updateRegisteredModel(name, description);
    }

    /** Sets a tag on a model version. */
    public void setVersionTag(String name, String version, String key, String value) {
        registry().setModelVersionTag(name, version, new dev.jtrack.registry.ModelVersionTag(key, value));
    }

    /**
     * Registered models and their versions as a table (name, version, stage, aliases, run_id,
     * source, created), newest version first within each model.
     *
     * @param filter a registered-model filter such as {@code name LIKE 'iris%'}, or null
     */
    public Table list(String filter) {
        RegistryStore reg = registry();
        StringColumn name = StringColumn.create("name");
        StringColumn version = StringColumn.create("version");
        StringColumn stage = StringColumn.create("stage");
        StringColumn aliases = StringColumn.create("aliases");
        StringColumn runId = StringColumn.create("run_id");
        StringColumn source = StringColumn.create("source");
        StringColumn created = StringColumn.create("created");
        List<RegisteredModel> models = new ArrayList<>();
        String token = null;
        for (int page = 0; page < 100; page++) {
            Page<RegisteredModel> p = reg.searchRegisteredModels(filter == null || filter.isBlank() ? null : filter,
                    RegistryStore.SEARCH_REGISTERED_MODEL_MAX_RESULTS_THRESHOLD, List.of("name ASC"), token);
            models.addAll(p.items());
            token = p.nextPageToken();
            if (token == null || token.isEmpty()) break;
        }
        for (RegisteredModel m : models) {
            String quoted = "'" + m.name().replace("'", "\\'") + "'";
            List<ModelVersion> versions = new ArrayList<>(reg.searchModelVersions("name = " + quoted,
                    RegistryStore.SEARCH_MODEL_VERSION_MAX_RESULTS_DEFAULT, null, null).items());
            versions.sort(Comparator.comparingLong((ModelVersion v) -> Long.parseLong(v.version())).reversed());
            if (versions.isEmpty()) {
                name.append(m.name()); version.append(""); stage.append(""); runId.append(""); source.append("");
                aliases.append(""); created.append(Instant.ofEpochMilli(m.creationTimestamp()).toString());
            }
            for (ModelVersion v : versions) {
                List<String> as = new ArrayList<>();
                for (RegisteredModelAlias a : m.aliases()) {
                    if (a.version().equals(v.version())) as.add("@" + a.alias());
                }
                if (as.isEmpty()) v.aliases().forEach(a -> as.add("@" + a));
                name.append(m.name());
                version.append(v.version());
                stage.append(v.currentStage() == null ? "" : v.currentStage().wireName());
                aliases.append(String.join(" ", as.stream().distinct().toList()));
                runId.append(v.runId() == null ? "" : v.runId());
                source.append(v.source() == null ? "" : v.source());
                created.append(Instant.ofEpochMilli(v.creationTimestamp()).toString());
            }
        }
        return Table.create("registered models", name, version, stage, aliases, runId, source, created);
    }

    // ----- evaluation -----

    /**
     * Evaluates the model at {@code modelUri} on {@code data} (with its true values in
     * {@code options.target()}) and logs metrics, plots, per-row predictions and the dataset to an
     * evaluation run of the notebook's client; see {@link Evaluator#evaluate}.
     *
     * <pre>{@code
     * Evaluation e = Models.evaluate("models:/iris@champion", test, EvalOptions.target("species"));
     * e.metric("f1_score_macro");
     * }</pre>
     */
    public static Evaluation evaluate(String modelUri, Table data, EvalOptions options) {
        return Evaluator.of(Tracking.client()).evaluate(modelUri, data, options);
    }

    /** Evaluates several models on the same data, side by side; see {@link Evaluator#compare}. */
    public static Comparison compare(List<String> modelUris, Table data, EvalOptions options) {
        return Evaluator.of(Tracking.client()).compare(modelUris, data, options);
    }

    /**
     * Moves {@code alias} to the challenger only when {@code condition} holds, e.g.
     * {@code promoteIf("models:/iris/4", "champion", "f1_score_macro > champion.f1_score_macro + 0.01", test,
     * EvalOptions.target("species"))}; see {@link Evaluator#promoteIf}.
     */
    public static Promotion promoteIf(String challengerUri, String alias, String condition, Table data,
            EvalOptions options) {
        return Evaluator.of(Tracking.client()).promoteIf(challengerUri, alias, condition, data, options);
    }

    // ----- loading -----

    /** Loads the model at {@code modelUri} with {@link LoadOptions#defaults()}. */
    public LoadedModel load(String modelUri) {
        return load(modelUri, LoadOptions.defaults());
    }

    /**
     * Downloads the model at {@code modelUri} ({@code runs:/}, {@code models:/}, an artifact URI or
     * a local directory) into a temporary directory, loads it and deletes the directory (flavors
     * read their files while loading; see {@link Flavor#load}).
     */
    public LoadedModel load(String modelUri, LoadOptions options) {
        try {
            Path dir = Files.createTempDirectory("jtrack-loaded-model-");
            try {
                ModelLocation.resolve(client, modelUri).download(dir);
                LoadedModel loaded = ModelPackage.load(dir, options);
                return new LoadedModel(loaded.mlmodel(), loaded.model(), null);
            } finally {
                FileTrees.deleteQuietly(dir);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot load model " + modelUri + ": " + e.getMessage(), e);
        }
    }

    /** Copies the files of the model at {@code modelUri} into {@code dest}. */
    public Path download(String modelUri, Path dest) {
        try {
            ModelLocation.resolve(client, modelUri).download(dest);
            return dest;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot download model " + modelUri + ": " + e.getMessage(), e);
        }
    }

    // ----- reference profiles -----

    /**
     * Profiles {@code training} (the data the model learned from, without or with its target) and
     * stores the profile as {@value ReferenceProfile#FILE_NAME} beside the MLmodel of the model at
     * {@code modelUri}; monitoring measures drift against it.
     */
    public ReferenceProfile logReference(String modelUri, Table training) {
        ReferenceProfile profile = ReferenceProfile.of(training);
        ModelLocation at = ModelLocation.resolve(client, modelUri);
        String path = at.path().isEmpty() ? ReferenceProfile.FILE_NAME : at.path() + "/" + ReferenceProfile.FILE_NAME;
        try {
            at.repository().write(path, new java.io.ByteArrayInputStream(profile.toJson().getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot store the reference profile of " + modelUri + ": " + e.getMessage(), e);
        }
        return profile;
    }

    /** The reference profile stored with the model at {@code modelUri}, if it has one. */
    public java.util.Optional<ReferenceProfile> reference(String modelUri) {
        ModelLocation at = ModelLocation.resolve(client, modelUri);
        String path = at.path().isEmpty() ? ReferenceProfile.FILE_NAME : at.path() + "/" + ReferenceProfile.FILE_NAME;
        try {
            if (at.repository().list(at.path()).stream().noneMatch(f -> f.path().endsWith(ReferenceProfile.FILE_NAME))) {
                return java.util.Optional.empty();
            }
            try (java.io.InputStream in = at.repository().open(path)) {
                return java.util.Optional.of(ReferenceProfile.fromJson(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the reference profile of " + modelUri + ": " + e.getMessage(), e);
        }
    }
}
