package dev.jtrack.tracking.search;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * What one kind of search understands: the key prefixes, the attributes with their types, and
 * which attributes may be ordered by. One instance per searchable entity, as in MLflow's
 * {@code SearchUtils}, {@code SearchExperimentsUtils}, {@code SearchModelUtils} and
 * {@code SearchModelVersionUtils}.
 */
public final class SearchGrammar {

    /**
     * An attribute of the searched entity.
     *
     * @param name the canonical name
     * @param numeric whether it compares as a number
     * @param allowsIn whether IN / NOT IN are allowed
     * @param filterable whether it may appear in a filter (some only in order_by)
     */
    public record Attribute(String name, boolean numeric, boolean allowsIn, boolean filterable) {}

    private final String entity;
    private final Map<String, KeyType> prefixes;
    private final Map<String, Attribute> attributes;
    private final Set<String> datasetKeys;
    private final Set<String> spanKeys;
    private final boolean traceOperators;

    private SearchGrammar(String entity, Map<String, KeyType> prefixes, Map<String, Attribute> attributes, Set<String> datasetKeys) {
        this(entity, prefixes, attributes, datasetKeys, Set.of(), false);
    }

    private SearchGrammar(String entity, Map<String, KeyType> prefixes, Map<String, Attribute> attributes,
            Set<String> datasetKeys, Set<String> spanKeys, boolean traceOperators) {
        this.entity = entity;
        this.traceOperators = traceOperators;
        this.prefixes = prefixes;
        this.attributes = attributes;
        this.datasetKeys = datasetKeys;
        this.spanKeys = spanKeys;
    }

    /** The grammar of {@code runs/search}. */
    public static final SearchGrammar RUNS;
    /** The grammar of {@code experiments/search}. */
    public static final SearchGrammar EXPERIMENTS;
    /** The grammar of {@code registered-models/search}. */
    public static final SearchGrammar REGISTERED_MODELS;
    /** The grammar of {@code model-versions/search}. */
    public static final SearchGrammar MODEL_VERSIONS;
    /** The grammar of {@code logged-models/search} (MLflow 3). */
    public static final SearchGrammar LOGGED_MODELS;
    /**
     * The grammar of trace search ({@code traces/search}), as MLflow's {@code SearchTraceUtils}:
     * {@code trace.status}, {@code trace.timestamp_ms}, {@code trace.execution_time_ms},
     * {@code trace.name} (the {@code mlflow.traceName} tag), {@code trace.run_id} (the
     * {@code mlflow.sourceRun} metadata), {@code tag.k}, {@code metadata.k}, {@code span.name},
     * {@code span.type}, {@code span.status}.
     */
    public static final SearchGrammar TRACES;

    /** MLflow 3 evaluation datasets: attributes and {@code tags.<key>}. */
    public static final SearchGrammar EVALUATION_DATASETS;

    static {
        Map<String, KeyType> runPrefixes = new LinkedHashMap<>();
        for (String p : new String[] {"metrics", "metric"}) runPrefixes.put(p, KeyType.METRIC);
        for (String p : new String[] {"params", "param", "parameters", "parameter"}) runPrefixes.put(p, KeyType.PARAM);
        for (String p : new String[] {"tags", "tag"}) runPrefixes.put(p, KeyType.TAG);
        for (String p : new String[] {"attributes", "attribute", "attr", "run"}) runPrefixes.put(p, KeyType.ATTRIBUTE);
        for (String p : new String[] {"datasets", "dataset"}) runPrefixes.put(p, KeyType.DATASET);
        Map<String, Attribute> runAttrs = new LinkedHashMap<>();
        put(runAttrs, new Attribute("run_id", false, true, true));
        put(runAttrs, new Attribute("run_name", false, false, true));
        put(runAttrs, new Attribute("status", false, false, true));
        put(runAttrs, new Attribute("user_id", false, false, true));
        put(runAttrs, new Attribute("artifact_uri", false, false, true));
        put(runAttrs, new Attribute("start_time", true, false, true));
        put(runAttrs, new Attribute("end_time", true, false, true));
        put(runAttrs, new Attribute("experiment_id", false, false, false));
        runAttrs.put("created", runAttrs.get("start_time"));
        runAttrs.put("Created", runAttrs.get("start_time"));
        runAttrs.put("run_uuid", runAttrs.get("run_id"));
        RUNS = new SearchGrammar("runs", runPrefixes, runAttrs, Set.of("name", "digest", "context"));

        Map<String, KeyType> expPrefixes = new LinkedHashMap<>();
        for (String p : new String[] {"tags", "tag"}) expPrefixes.put(p, KeyType.TAG);
        for (String p : new String[] {"attributes", "attribute", "attr"}) expPrefixes.put(p, KeyType.ATTRIBUTE);
        Map<String, Attribute> expAttrs = new LinkedHashMap<>();
        put(expAttrs, new Attribute("name", false, false, true));
        put(expAttrs, new Attribute("creation_time", true, false, true));
        put(expAttrs, new Attribute("last_update_time", true, false, true));
        put(expAttrs, new Attribute("experiment_id", true, false, false));
        EXPERIMENTS = new SearchGrammar("experiments", expPrefixes, expAttrs, Set.of());

        Map<String, KeyType> modelPrefixes = new LinkedHashMap<>();
        for (String p : new String[] {"tags", "tag"}) modelPrefixes.put(p, KeyType.TAG);
        for (String p : new String[] {"attributes", "attribute", "attr"}) modelPrefixes.put(p, KeyType.ATTRIBUTE);
        Map<String, Attribute> modelAttrs = new LinkedHashMap<>();
        put(modelAttrs, new Attribute("name", false, false, true));
        put(modelAttrs, new Attribute("creation_timestamp", true, false, false));
        put(modelAttrs, new Attribute("last_updated_timestamp", true, false, false));
        modelAttrs.put("timestamp", modelAttrs.get("last_updated_timestamp"));
        REGISTERED_MODELS = new SearchGrammar("registered models", modelPrefixes, modelAttrs, Set.of());

        Map<String, Attribute> mvAttrs = new LinkedHashMap<>();
        put(mvAttrs, new Attribute("name", false, false, true));
        put(mvAttrs, new Attribute("run_id", false, true, true));
        put(mvAttrs, new Attribute("source_path", false, false, true));
        put(mvAttrs, new Attribute("version_number", true, false, true));
        put(mvAttrs, new Attribute("creation_timestamp", true, false, false));
        put(mvAttrs, new Attribute("last_updated_timestamp", true, false, false));
        put(mvAttrs, new Attribute("current_stage", false, false, false));
        mvAttrs.put("timestamp", mvAttrs.get("last_updated_timestamp"));
        mvAttrs.put("version", mvAttrs.get("version_number"));
        MODEL_VERSIONS = new SearchGrammar("model versions", modelPrefixes, mvAttrs, Set.of());

        Map<String, KeyType> lmPrefixes = new LinkedHashMap<>();
        for (String p : new String[] {"metrics", "metric"}) lmPrefixes.put(p, KeyType.METRIC);
        for (String p : new String[] {"params", "param"}) lmPrefixes.put(p, KeyType.PARAM);
        for (String p : new String[] {"tags", "tag"}) lmPrefixes.put(p, KeyType.TAG);
        for (String p : new String[] {"attributes", "attribute", "attr"}) lmPrefixes.put(p, KeyType.ATTRIBUTE);
        Map<String, Attribute> lmAttrs = new LinkedHashMap<>();
        put(lmAttrs, new Attribute("name", false, true, true));
        put(lmAttrs, new Attribute("model_id", false, true, true));
        put(lmAttrs, new Attribute("model_type", false, true, true));
        put(lmAttrs, new Attribute("status", false, true, true));
        put(lmAttrs, new Attribute("source_run_id", false, true, true));
        put(lmAttrs, new Attribute("creation_timestamp", true, false, true));
        put(lmAttrs, new Attribute("last_updated_timestamp", true, false, true));
        lmAttrs.put("creation_time", lmAttrs.get("creation_timestamp"));
        lmAttrs.put("creation_timestamp_ms", lmAttrs.get("creation_timestamp"));
        lmAttrs.put("last_updated_timestamp_ms", lmAttrs.get("last_updated_timestamp"));
        LOGGED_MODELS = new SearchGrammar("logged models", lmPrefixes, lmAttrs, Set.of());
        Map<String, KeyType> tracePrefixes = new LinkedHashMap<>();
        for (String p : new String[] {"tags", "tag"}) tracePrefixes.put(p, KeyType.TAG);
        for (String p : new String[] {"metadata", "request_metadata"}) tracePrefixes.put(p, KeyType.METADATA);
        tracePrefixes.put("span", KeyType.SPAN);
        tracePrefixes.put("feedback", KeyType.FEEDBACK);
        tracePrefixes.put("expectation", KeyType.EXPECTATION);
        for (String p : new String[] {"trace", "attributes", "attribute"}) tracePrefixes.put(p, KeyType.ATTRIBUTE);
        Map<String, Attribute> traceAttrs = new LinkedHashMap<>();
        put(traceAttrs, new Attribute("request_id", false, true, true));
        put(traceAttrs, new Attribute("timestamp_ms", true, false, true));
        put(traceAttrs, new Attribute("execution_time_ms", true, false, true));
        put(traceAttrs, new Attribute("end_time_ms", true, false, true));
        put(traceAttrs, new Attribute("status", false, true, true));
        put(traceAttrs, new Attribute("client_request_id", false, true, true));
        put(traceAttrs, new Attribute("name", false, true, true));
        put(traceAttrs, new Attribute("run_id", false, true, true));
        put(traceAttrs, new Attribute("text", false, false, true));
        put(traceAttrs, new Attribute("experiment_id", false, false, false));
        traceAttrs.put("timestamp", traceAttrs.get("timestamp_ms"));
        traceAttrs.put("execution_time", traceAttrs.get("execution_time_ms"));
        traceAttrs.put("end_time", traceAttrs.get("end_time_ms"));
        traceAttrs.put("trace_id", traceAttrs.get("request_id"));
        traceAttrs.put("state", traceAttrs.get("status"));
        TRACES = new SearchGrammar("traces", tracePrefixes, traceAttrs, Set.of(), Set.of("name", "type", "status"), true);

        Map<String, KeyType> dsPrefixes = new LinkedHashMap<>();
        for (String p : new String[] {"tags", "tag"}) dsPrefixes.put(p, KeyType.TAG);
        for (String p : new String[] {"attributes", "attribute", "attr"}) dsPrefixes.put(p, KeyType.ATTRIBUTE);
        Map<String, Attribute> dsAttrs = new LinkedHashMap<>();
        put(dsAttrs, new Attribute("name", false, true, true));
        put(dsAttrs, new Attribute("dataset_id", false, true, true));
        put(dsAttrs, new Attribute("digest", false, true, true));
        put(dsAttrs, new Attribute("created_by", false, true, true));
        put(dsAttrs, new Attribute("last_updated_by", false, true, true));
        put(dsAttrs, new Attribute("created_time", true, false, true));
        put(dsAttrs, new Attribute("last_update_time", true, false, true));
        EVALUATION_DATASETS = new SearchGrammar("evaluation datasets", dsPrefixes, dsAttrs, Set.of());
    }

    private static void put(Map<String, Attribute> m, Attribute a) {
        m.put(a.name(), a);
    }

    /** The entity name used in error messages. */
    public String entity() {
        return entity;
    }

    /** The key type for a prefix (any case), or null if the prefix is unknown. */
    public KeyType prefix(String prefix) {
        return prefixes.get(prefix.toLowerCase(java.util.Locale.ROOT));
    }

    /** The valid prefixes, for error messages. */
    public Set<String> prefixes() {
        return prefixes.keySet();
    }

    /** The attribute of this name, or null. */
    public Attribute attribute(String name) {
        Attribute a = attributes.get(name);
        return a != null ? a : attributes.get(name.toLowerCase(java.util.Locale.ROOT));
    }

    /** The canonical attribute names, for error messages. */
    public Set<String> attributeNames() {
        return new java.util.TreeSet<>(attributes.values().stream().map(Attribute::name).toList());
    }

    /** Whether RLIKE and IS [NOT] NULL are understood (MLflow's trace search has them, the others not). */
    public boolean traceOperators() {
        return traceOperators;
    }

    /** Whether {@code key} is a span key of this grammar (traces: name, type, status). */
    public boolean isSpanKey(String key) {
        return spanKeys.contains(key);
    }

    /** Whether {@code key} is a dataset key (name, digest, context). */
    public boolean isDatasetKey(String key) {
        return datasetKeys.contains(key);
    }
}
