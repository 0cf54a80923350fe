package dev.jtrack.tracking.validation;

import dev.jtrack.tracking.DatasetInput;
import dev.jtrack.tracking.ExperimentTag;
import dev.jtrack.tracking.InputTag;
import dev.jtrack.tracking.Metric;
import dev.jtrack.tracking.MlflowException;
import dev.jtrack.tracking.Param;
import dev.jtrack.tracking.RunTag;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * MLflow's input rules ({@code mlflow/utils/validation.py}), applied by every store before it
 * writes anything. Each rule fails with {@code INVALID_PARAMETER_VALUE} and a message naming the
 * offending value, so a bad request loses nothing and says why.
 *
 * <p>On top of MLflow's rules we refuse text that no backend can store exactly: NUL characters
 * (PostgreSQL rejects them) and unpaired UTF-16 surrogates (they cannot be encoded as UTF-8).
 */
public final class Validation {

    /** Longest metric, param or tag key. */
    public static final int MAX_ENTITY_KEY_LENGTH = 250;
    /** Longest param value. */
    public static final int MAX_PARAM_VAL_LENGTH = 6000;
    /** Longest tag value. */
    public static final int MAX_TAG_VAL_LENGTH = 5000;
    /** Longest experiment name. */
    public static final int MAX_EXPERIMENT_NAME_LENGTH = 500;
    /** Most metrics in one batch. */
    public static final int MAX_METRICS_PER_BATCH = 1000;
    /** Most params, and most tags, in one batch. */
    public static final int MAX_PARAMS_TAGS_PER_BATCH = 100;
    /** Most entities (metrics + params + tags) in one batch. */
    public static final int MAX_ENTITIES_PER_BATCH = 1000;
    /** Longest dataset name. */
    public static final int MAX_DATASET_NAME_SIZE = 500;
    /** Longest dataset digest. */
    public static final int MAX_DATASET_DIGEST_SIZE = 36;
    /** Longest dataset schema. */
    public static final int MAX_DATASET_SCHEMA_SIZE = 1048575;
    /** Longest dataset source. */
    public static final int MAX_DATASET_SOURCE_SIZE = 65535;
    /** Longest dataset profile. */
    public static final int MAX_DATASET_PROFILE_SIZE = 16777215;
    /** Longest input tag key. */
    public static final int MAX_INPUT_TAG_KEY_SIZE = 255;
    /** Longest input tag value. */
    public static final int MAX_INPUT_TAG_VALUE_SIZE = 500;
    /** Longest registered model name / alias. */
    public static final int MAX_MODEL_NAME_LENGTH = 500;
    /** Longest alias. */
    public static final int MAX_ALIAS_LENGTH = 255;
    /** Longest run name (MLflow's runs.name column). */
    public static final int MAX_RUN_NAME_LENGTH = 250;
    /** Longest free text (descriptions, sources, artifact locations) we store. */
    public static final int MAX_TEXT_LENGTH = 1_000_000;

    private static final Pattern VALID_KEY = Pattern.compile("^[/\\w.\\- :]*$", Pattern.UNICODE_CHARACTER_CLASS);
    private static final Pattern RUN_ID = Pattern.compile("^[a-zA-Z0-9][\\w\\-]{0,255}$");
    private static final Pattern EXPERIMENT_ID = Pattern.compile("^[a-zA-Z0-9][\\w\\-]{0,63}$");
    private static final Pattern ALIAS = Pattern.compile("^[\\w\\-]*$");
    private static final Pattern VERSION_LIKE_ALIAS = Pattern.compile("^[vV]\\d+$");

    private Validation() {}

    /** A metric, param or tag key: MLflow's character set, no path tricks, at most 250 chars. */
    public static void key(String kind, String key) {
        if (key == null) {
            throw MlflowException.invalidParameter("Missing value for required parameter '%s key'", kind);
        }
        if (!isValidKeyChars(key)) {
            throw MlflowException.invalidParameter(
                    "Invalid %s name: '%s'. Names may only contain alphanumerics, underscores (_), dashes (-),"
                            + " periods (.), spaces ( ), colon(:) and slashes (/).",
                    kind, key);
        }
        if (!isPathUnique(key)) {
            throw MlflowException.invalidParameter(
                    "Invalid %s name: '%s'. Names cannot resolve to the current directory ('.'), start with '/',"
                            + " or contain '..' or '//' path segments.",
                    kind, key);
        }
        length(kind + " key", key, MAX_ENTITY_KEY_LENGTH);
    }

    /** MLflow's {@code ^[/\w.\- :]*$} with Python's Unicode {@code \w}, without a regex (hot path). */
    static boolean isValidKeyChars(String key) {
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '/' || c == '.'
                    || c == '-' || c == ' ' || c == ':') {
                continue;
            }
            if (c < 128) {
                return false;
            }
            return VALID_KEY.matcher(key).matches();
        }
        return true;
    }

    private static boolean isPathUnique(String key) {
        if (key.indexOf('/') < 0 && !key.equals(".") && !key.equals("..")) {
            return !key.isEmpty();
        }
        if (key.isEmpty()) {
            return false;
        }
        if (key.startsWith("/") || key.equals(".") || key.contains("//") || key.endsWith("/")) {
            return false;
        }
        for (String seg : key.split("/", -1)) {
            if (seg.equals(".") || seg.equals("..")) {
                return false;
            }
        }
        return true;
    }

    /** Refuses {@code value} longer than {@code max} or not storable exactly. */
    public static void length(String what, String value, int max) {
        if (value == null) {
            return;
        }
        if (value.length() > max) {
            throw MlflowException.invalidParameter(
                    "%s '%s' had length %d, which exceeded length limit of %d",
                    what, abbreviate(value), value.length(), max);
        }
        storable(what, value);
    }

    /** Refuses text that cannot be stored exactly (NUL, unpaired surrogates). */
    public static void storable(String what, String value) {
        if (value == null) {
            return;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == 0) {
                throw MlflowException.invalidParameter("%s contains a NUL character, which cannot be stored", what);
            }
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
                    i++;
                    continue;
                }
                throw MlflowException.invalidParameter("%s contains an unpaired UTF-16 surrogate", what);
            }
            if (Character.isLowSurrogate(c)) {
                throw MlflowException.invalidParameter("%s contains an unpaired UTF-16 surrogate", what);
            }
        }
    }

    /** A required, non-empty value. */
    public static String required(String what, String value) {
        if (value == null || value.isEmpty()) {
            throw MlflowException.invalidParameter("Missing value for required parameter '%s'", what);
        }
        return value;
    }

    /** A run id in MLflow's format. */
    public static void runId(String runId) {
        if (runId == null || runId.isEmpty()) {
            throw MlflowException.invalidParameter("Missing value for required parameter 'run_id'");
        }
        if (!RUN_ID.matcher(runId).matches()) {
            throw MlflowException.invalidParameter("Invalid run ID: '%s'", abbreviate(runId));
        }
    }

    /** An experiment id in MLflow's format. */
    public static void experimentId(String experimentId) {
        if (experimentId == null || experimentId.isEmpty()) {
            throw MlflowException.invalidParameter("Missing value for required parameter 'experiment_id'");
        }
        if (!EXPERIMENT_ID.matcher(experimentId).matches()) {
            throw MlflowException.invalidParameter("Invalid experiment ID: '%s'", abbreviate(experimentId));
        }
    }

    /** An experiment name: non-empty, at most 500 characters. */
    public static void experimentName(String name) {
        if (name == null || name.isEmpty()) {
            throw MlflowException.invalidParameter("Invalid experiment name: '%s'. Names must be non-empty.", name);
        }
        length("Experiment name", name, MAX_EXPERIMENT_NAME_LENGTH);
    }

    /** An experiment tag. */
    public static void experimentTag(ExperimentTag tag) {
        if (tag == null) {
            throw MlflowException.invalidParameter("Missing value for required parameter 'tag'");
        }
        key("tag", tag.key());
        tagValue(tag.key(), tag.value());
    }

    /** A metric point: valid key (value, timestamp and step are exact by type). */
    public static void metric(Metric m) {
        if (m == null) {
            throw MlflowException.invalidParameter("Missing value for required parameter 'metric'");
        }
        key("metric", m.key());
    }

    /** A param: valid key, value present and at most 6000 characters. */
    public static void param(Param p) {
        if (p == null) {
            throw MlflowException.invalidParameter("Missing value for required parameter 'param'");
        }
        key("param", p.key());
        if (p.value() == null) {
            throw MlflowException.invalidParameter("Missing value for required parameter 'value' of param '%s'", p.key());
        }
        length("Param value", p.value(), MAX_PARAM_VAL_LENGTH);
    }

    /** A run tag: valid key, value present and at most 5000 characters. */
    public static void tag(RunTag t) {
        if (t == null) {
            throw MlflowException.invalidParameter("Missing value for required parameter 'tag'");
        }
        key("tag", t.key());
        tagValue(t.key(), t.value());
    }

    private static void tagValue(String key, String value) {
        if (value == null) {
            throw MlflowException.invalidParameter("Missing value for required parameter 'value' of tag '%s'", key);
        }
        length("Tag value", value, MAX_TAG_VAL_LENGTH);
    }

    /**
     * A log-batch request: MLflow's count limits, every entity valid, and no param key twice with
     * different values.
     */
    public static void batch(List<Metric> metrics, List<Param> params, List<RunTag> tags) {
        int nm = metrics == null ? 0 : metrics.size();
        int np = params == null ? 0 : params.size();
        int nt = tags == null ? 0 : tags.size();
        if (nm > MAX_METRICS_PER_BATCH) {
            throw MlflowException.invalidParameter(
                    "A batch logging request can contain at most %d metrics. Got %d metrics.", MAX_METRICS_PER_BATCH, nm);
        }
        if (np > MAX_PARAMS_TAGS_PER_BATCH) {
            throw MlflowException.invalidParameter(
                    "A batch logging request can contain at most %d params. Got %d params.", MAX_PARAMS_TAGS_PER_BATCH, np);
        }
        if (nt > MAX_PARAMS_TAGS_PER_BATCH) {
            throw MlflowException.invalidParameter(
                    "A batch logging request can contain at most %d tags. Got %d tags.", MAX_PARAMS_TAGS_PER_BATCH, nt);
        }
        if (nm + np + nt > MAX_ENTITIES_PER_BATCH) {
            throw MlflowException.invalidParameter(
                    "A batch logging request can contain at most %d metrics, params, and tags in total. Got %d.",
                    MAX_ENTITIES_PER_BATCH, nm + np + nt);
        }
        if (metrics != null) {
            metrics.forEach(Validation::metric);
        }
        if (params != null) {
            Map<String, String> seen = new HashMap<>();
            for (Param p : params) {
                param(p);
                String prev = seen.putIfAbsent(p.key(), p.value());
                if (prev != null && !prev.equals(p.value())) {
                    throw MlflowException.invalidParameter(
                            "Duplicate parameter keys have been submitted: '%s' with different values.", p.key());
                }
            }
        }
        if (tags != null) {
            tags.forEach(Validation::tag);
        }
    }

    /** Dataset inputs: sizes as MLflow limits them. */
    public static void inputs(List<DatasetInput> inputs) {
        if (inputs == null) {
            return;
        }
        for (DatasetInput in : inputs) {
            if (in == null || in.dataset() == null) {
                throw MlflowException.invalidParameter("Missing value for required parameter 'dataset'");
            }
            var d = in.dataset();
            length("Dataset name", required("dataset.name", d.name()), MAX_DATASET_NAME_SIZE);
            length("Dataset digest", required("dataset.digest", d.digest()), MAX_DATASET_DIGEST_SIZE);
            length("Dataset source type", required("dataset.source_type", d.sourceType()), MAX_DATASET_NAME_SIZE);
            length("Dataset source", required("dataset.source", d.source()), MAX_DATASET_SOURCE_SIZE);
            length("Dataset schema", d.schema(), MAX_DATASET_SCHEMA_SIZE);
            length("Dataset profile", d.profile(), MAX_DATASET_PROFILE_SIZE);
            for (InputTag t : in.tags()) {
                if (t == null) {
                    throw MlflowException.invalidParameter("Missing value for required parameter 'tag'");
                }
                length("Input tag key", required("input tag key", t.key()), MAX_INPUT_TAG_KEY_SIZE);
                length("Input tag value", required("input tag value", t.value()), MAX_INPUT_TAG_VALUE_SIZE);
            }
        }
    }

    /** A registered model name: non-empty, at most 500 characters, storable. */
    public static void modelName(String name) {
        if (name == null || name.isEmpty()) {
            throw MlflowException.invalidParameter("Registered model name cannot be empty.");
        }
        length("Registered model name", name, MAX_MODEL_NAME_LENGTH);
    }

    /** An alias: word characters and dashes, not {@code latest}, not version-like ({@code v3}). */
    public static void alias(String alias) {
        if (alias == null || alias.isEmpty()) {
            throw MlflowException.invalidParameter("Registered model alias name cannot be empty.");
        }
        if (alias.length() > MAX_ALIAS_LENGTH || !ALIAS.matcher(alias).matches()) {
            throw MlflowException.invalidParameter(
                    "Invalid alias name: '%s'. Aliases may only contain alphanumerics, underscores (_) and dashes (-),"
                            + " and be at most %d characters.", abbreviate(alias), MAX_ALIAS_LENGTH);
        }
        if (alias.equalsIgnoreCase("latest")) {
            throw MlflowException.invalidParameter("'%s' alias name (case insensitive) is reserved.", alias);
        }
        if (VERSION_LIKE_ALIAS.matcher(alias).matches()) {
            throw MlflowException.invalidParameter(
                    "Version alias name '%s' is reserved; aliases cannot look like model versions.", alias);
        }
    }

    /** A model version number: a positive decimal integer; returns it. */
    public static long modelVersion(String version) {
        if (version == null || version.isEmpty()) {
            throw MlflowException.invalidParameter("Missing value for required parameter 'version'");
        }
        long v;
        try {
            v = Long.parseLong(version);
        } catch (NumberFormatException e) {
            // MLflow's wording
            throw MlflowException.invalidParameter("Parameter 'version' must be an integer, got '%s'.", abbreviate(version));
        }
        if (v < 1) {
            throw MlflowException.invalidParameter("Parameter 'version' must be a positive integer, got '%s'.", version);
        }
        return v;
    }

    /** A registry tag key (model or version): the same key rules as run tags. */
    public static void registryTag(String key, String value) {
        key("tag", key);
        tagValue(key, value);
    }

    /** Shortens a value for an error message. */
    public static String abbreviate(String s) {
        if (s == null) {
            return "null";
        }
        return s.length() <= 120 ? s : s.substring(0, 117) + "...";
    }
}
