package dev.jtrack.models;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/** Writes a model package (files + {@code MLmodel} + input example) into a directory and loads one back. */
public final class ModelPackage {
    /** The input example's file name. */
    public static final String INPUT_EXAMPLE = "input_example.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private ModelPackage() {}

    /**
     * Saves {@code model} into the empty or missing directory {@code dir}. A loaded
     * {@link LibraryPredictor} is saved as its library object, with that object's flavor.
     *
     * @param inputExample a few input rows, stored as {@value #INPUT_EXAMPLE}; null for none
     * @param signature the signature; null to infer it from the input example (and the model's
     *     output for it), or none when there is no example
     */
    public static MLmodel save(Object modelOrPredictor, Path dir, String artifactPath, String runId, Table inputExample,
            ModelSignature signature, Map<String, Object> metadata) throws IOException {
        Object model = modelOrPredictor instanceof LibraryPredictor lp ? lp.libraryModel() : modelOrPredictor;
        Files.createDirectories(dir);
        Flavor flavor = Flavors.forModel(model);
        Map<String, Map<String, Object>> flavors = new LinkedHashMap<>();
        Map<String, Object> config = flavor.save(model, dir);
        flavors.put(flavor.name(), config);
        flavor.companionFlavors(config).forEach(flavors::putIfAbsent);
        Map<String, Object> exampleInfo = null;
        if (inputExample != null) {
            Files.writeString(dir.resolve(INPUT_EXAMPLE), dataframeSplit(inputExample));
            exampleInfo = new LinkedHashMap<>();
            exampleInfo.put("artifact_path", INPUT_EXAMPLE);
            exampleInfo.put("pandas_orient", "split");
            exampleInfo.put("type", "dataframe");
            Predictor p = signature == null ? flavor.predictor(model) : null;
            if (p != null) signature = ModelSignature.infer(inputExample, p.predict(inputExample));
        }
        Map<String, Object> md = new LinkedHashMap<>(flavor.metadata(model));
        if (metadata != null) md.putAll(metadata);
        MLmodel mlmodel = MLmodel.create(artifactPath, runId, flavors, signature, exampleInfo, md.isEmpty() ? null : md);
        mlmodel.write(dir);
        return mlmodel;
    }

    /** The table as pandas' {@code split} orientation: {@code {"columns": [...], "data": [[...], ...]}}. */
    static String dataframeSplit(Table t) {
        ObjectNode root = JSON.createObjectNode();
        ArrayNode cols = root.putArray("columns");
        t.columnNames().forEach(cols::add);
        ArrayNode data = root.putArray("data");
        for (int r = 0; r < t.rowCount(); r++) {
            ArrayNode row = data.addArray();
            for (Column<?> c : t.columns()) {
                row.addPOJO(c.isMissing(r) ? null : Scoring.jsonValue(c.get(r)));
            }
        }
        return root.toString();
    }

    /** Loads the package in {@code dir}. */
    public static LoadedModel load(Path dir, LoadOptions options) throws IOException {
        MLmodel m = MLmodel.read(dir);
        Flavor f = Flavors.loaderFor(m);
        return new LoadedModel(m, f.load(dir, m.flavors().get(f.name()), options), dir);
    }
}
