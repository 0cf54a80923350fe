package dev.jtrack.models;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The {@code MLmodel} file of a model package, with the fields MLflow writes: {@code artifact_path},
 * {@code run_id}, {@code utc_time_created}, {@code model_uuid}, {@code flavors},
 * {@code signature}, {@code saved_input_example_info} and {@code metadata}.
 *
 * @param artifactPath where the package lives in its run's artifacts, or null
 * @param runId the run that logged it, or null
 * @param utcTimeCreated {@code yyyy-MM-dd HH:mm:ss.SSSSSS} in UTC, as MLflow writes it
 * @param modelUuid a random id (32 hex digits)
 * @param flavors flavor name to its configuration
 * @param signature the signature, or null
 * @param savedInputExampleInfo where the input example is ({@code artifact_path}, {@code type},
 *     {@code pandas_orient}), or null
 * @param metadata free-form metadata, or null
 */
public record MLmodel(
        String artifactPath,
        String runId,
        String utcTimeCreated,
        String modelUuid,
        Map<String, Map<String, Object>> flavors,
        ModelSignature signature,
        Map<String, Object> savedInputExampleInfo,
        Map<String, Object> metadata) {

    /** The file name of the model description inside a package. */
    public static final String FILE_NAME = "MLmodel";

    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS").withZone(ZoneOffset.UTC);
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            // strings stay quoted: PyYAML would read an unquoted utc_time_created as a timestamp
            .disable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .disable(YAMLGenerator.Feature.SPLIT_LINES));
    private static final ObjectMapper JSON = new ObjectMapper();

    public MLmodel {
        if (flavors == null || flavors.isEmpty()) {
            throw new IllegalArgumentException("A model needs at least one flavor");
        }
        Map<String, Map<String, Object>> copy = new LinkedHashMap<>();
        flavors.forEach((k, v) -> copy.put(k, new LinkedHashMap<>(v)));
        flavors = java.util.Collections.unmodifiableMap(copy);
    }

    /** A new description created now with a fresh uuid. */
    public static MLmodel create(String artifactPath, String runId, Map<String, Map<String, Object>> flavors,
            ModelSignature signature, Map<String, Object> inputExampleInfo, Map<String, Object> metadata) {
        return new MLmodel(artifactPath, runId, TIME.format(Instant.now()),
                UUID.randomUUID().toString().replace("-", ""), flavors, signature, inputExampleInfo, metadata);
    }

    /** The fields in MLflow's order, omitting the ones that are null. */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        putIfNotNull(m, "artifact_path", artifactPath);
        m.put("flavors", flavors);
        putIfNotNull(m, "metadata", metadata);
        putIfNotNull(m, "model_uuid", modelUuid);
        putIfNotNull(m, "run_id", runId);
        putIfNotNull(m, "saved_input_example_info", savedInputExampleInfo);
        if (signature != null) m.put("signature", signature.toMap());
        putIfNotNull(m, "utc_time_created", utcTimeCreated);
        return m;
    }

    /** The YAML text of the {@code MLmodel} file. */
    public String toYaml() {
        try {
            return YAML.writeValueAsString(toMap());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The JSON that {@code runs/log-model} records in the {@code mlflow.log-model.history} tag:
     * the description without signature and input example, as MLflow's {@code get_tags_dict}.
     */
    public String toLogModelJson() {
        Map<String, Object> m = toMap();
        m.remove("signature");
        m.remove("saved_input_example_info");
        try {
            return JSON.writeValueAsString(m);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Writes {@code MLmodel} into {@code dir}. */
    public void write(Path dir) throws IOException {
        Files.writeString(dir.resolve(FILE_NAME), toYaml());
    }

    /** Reads the {@code MLmodel} file of the package in {@code dir}. */
    public static MLmodel read(Path dir) throws IOException {
        Path file = dir.resolve(FILE_NAME);
        if (!Files.isRegularFile(file)) {
            throw new IOException("No " + FILE_NAME + " file in " + dir + ": not a model package");
        }
        return parse(Files.readString(file));
    }

    /** Parses the YAML text of an {@code MLmodel} file. */
    @SuppressWarnings("unchecked")
    public static MLmodel parse(String yaml) throws IOException {
        Object root = YAML.readValue(yaml, Object.class);
        if (!(root instanceof Map<?, ?> m)) {
            throw new IOException("MLmodel is not a YAML mapping");
        }
        Object flavors = m.get("flavors");
        if (!(flavors instanceof Map<?, ?> f) || f.isEmpty()) {
            throw new IOException("MLmodel has no flavors");
        }
        Map<String, Map<String, Object>> fl = new LinkedHashMap<>();
        f.forEach((k, v) -> fl.put(String.valueOf(k), v instanceof Map<?, ?> vm ? (Map<String, Object>) vm : Map.of()));
        ModelSignature sig;
        try {
            sig = m.get("signature") instanceof Map<?, ?> s ? ModelSignature.fromMap(s) : null;
        } catch (IllegalArgumentException e) {
            throw new IOException(e.getMessage(), e);
        }
        return new MLmodel(str(m.get("artifact_path")), str(m.get("run_id")), str(m.get("utc_time_created")),
                str(m.get("model_uuid")), fl, sig,
                m.get("saved_input_example_info") instanceof Map<?, ?> e ? (Map<String, Object>) e : null,
                m.get("metadata") instanceof Map<?, ?> md ? (Map<String, Object>) md : null);
    }

    private static String str(Object o) {
        return o == null ? null : o.toString();
    }

    private static void putIfNotNull(Map<String, Object> m, String k, Object v) {
        if (v != null) m.put(k, v);
    }
}
