package dev.jtrack.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/** MLmodel writing and reading, signature inference, the java_function flavor and its allow-list. */
class ModelPackageTest {

    @TempDir
    Path dir;

    static LinearClassifier classifier() {
        return new LinearClassifier(List.of("x", "y"), List.of("left", "right"),
                new double[][] {{-1, 0}, {1, 0}}, new double[] {0, 0});
    }

    static Table example() {
        return Table.create("ex", DoubleColumn.create("x", -2.0, 3.0), DoubleColumn.create("y", 1.0, 1.0));
    }

    /** A predictor class outside jtrack's model package, so not allowed by default. */
    static final class Doubler implements Predictor {
        @Override
        public Table predict(Table input) {
            return Table.create("o", ((DoubleColumn) input.column(0)).multiply(2).setName("y"));
        }
    }

    @Test
    void savesMlmodelAsMlflowWritesItAndLoadsItBack() throws IOException {
        Path pkg = dir.resolve("model");
        MLmodel m = ModelPackage.save(classifier(), pkg, "model", "abc123", example(), null, Map.of("team", "ml"));
        String yaml = Files.readString(pkg.resolve("MLmodel"));
        assertTrue(yaml.startsWith("artifact_path: \"model\"\n"), yaml);
        assertTrue(yaml.contains("flavors:\n  java_function:\n"), yaml);
        assertTrue(yaml.contains("predictor_class: \"dev.jtrack.models.LinearClassifier\""), yaml);
        assertTrue(yaml.contains("run_id: \"abc123\""), yaml);
        assertTrue(yaml.contains("model_uuid: \"" + m.modelUuid() + "\""), yaml);
        assertTrue(yaml.matches("(?s).*utc_time_created: \"\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{6}\".*"), yaml);
        assertTrue(yaml.contains("signature:\n  inputs: \"[{\\\"type\\\": \\\"double\\\", \\\"name\\\": \\\"x\\\", \\\"required\\\": true}, "), yaml);
        assertTrue(yaml.contains("saved_input_example_info:\n  artifact_path: \"input_example.json\"\n"), yaml);
        assertEquals("{\"columns\":[\"x\",\"y\"],\"data\":[[-2.0,1.0],[3.0,1.0]]}",
                Files.readString(pkg.resolve("input_example.json")));

        MLmodel read = MLmodel.read(pkg);
        assertEquals(m, read);
        assertEquals(List.of(ColSpec.of("x", "double"), ColSpec.of("y", "double")), read.signature().inputs());
        assertEquals(List.of(ColSpec.of("prediction", "string")), read.signature().outputs());

        LoadedModel loaded = ModelPackage.load(pkg, LoadOptions.defaults());
        assertEquals(List.of("left", "right"), loaded.predict(example()).stringColumn("prediction").asList());
        assertEquals("right", loaded.predictor().predict(new double[][] {{5, 0}}, "x", "y").getString(0, 0));
    }

    @Test
    void logModelJsonLeavesOutSignatureAndExample() throws IOException {
        MLmodel m = ModelPackage.save(classifier(), dir.resolve("m"), "model", "r1", example(), null, null);
        String json = m.toLogModelJson();
        assertTrue(json.contains("\"run_id\":\"r1\"") && json.contains("\"artifact_path\":\"model\""), json);
        assertTrue(!json.contains("signature") && !json.contains("saved_input_example_info"), json);
        assertNull(m.metadata());
    }

    @Test
    void signatureInferredFromTableTypes() {
        Table t = Table.create("t", IntColumn.create("i", 1), StringColumn.create("s", "a"), DoubleColumn.create("d", 1.5));
        ModelSignature s = ModelSignature.infer(t, null);
        assertEquals(List.of(ColSpec.of("i", "integer"), ColSpec.of("s", "string"), ColSpec.of("d", "double")), s.inputs());
        assertEquals(List.of(), s.outputs());
        assertThrows(IllegalArgumentException.class, () -> ColSpec.of("x", "tensor"));
    }

    @Test
    void explicitSignatureIsKept() throws IOException {
        ModelSignature sig = new ModelSignature(List.of(ColSpec.of("x", "float"), new ColSpec("y", "long", false)), null);
        ModelPackage.save(classifier(), dir.resolve("m"), "m", null, example(), sig, null);
        assertEquals(sig, MLmodel.read(dir.resolve("m")).signature());
    }

    @Test
    void classesOutsideTheAllowListAreRefused() throws IOException {
        Path pkg = dir.resolve("d");
        ModelPackage.save(new Doubler(), pkg, "d", null, null, null, null);
        IOException e = assertThrows(IOException.class, () -> ModelPackage.load(pkg, LoadOptions.defaults()));
        assertTrue(e.getMessage().contains("dev.jtrack.models.ModelPackageTest$Doubler"), e.getMessage());
        assertTrue(e.getMessage().contains("not allowed"), e.getMessage());
        Predictor p = ModelPackage.load(pkg, LoadOptions.defaults().allow("dev.jtrack.models.ModelPackageTest$Doubler")).predictor();
        assertEquals(4.0, p.predict(new double[][] {{2}}, "x").doubleColumn(0).get(0));
    }

    /** A plain serializable object that is not a Predictor. */
    static final class Weights implements java.io.Serializable {
        double[] values = {1, 2};
    }

    @Test
    void plainSerializableObjectsUseTheAllowList() throws IOException {
        Path pkg = dir.resolve("map");
        java.util.HashMap<String, Object> weights = new java.util.HashMap<>(Map.of("w", new double[] {0.5, 1.5}, "name", "m"));
        ModelPackage.save(weights, pkg, "map", null, null, null, null);
        MLmodel m = MLmodel.read(pkg);
        assertEquals(List.of("java_serialized"), List.copyOf(m.flavors().keySet()));
        assertEquals("java.util.HashMap", m.flavors().get("java_serialized").get("object_class"));
        LoadedModel loaded = ModelPackage.load(pkg, LoadOptions.defaults());
        assertEquals(1.5, ((double[]) loaded.object(Map.class).get("w"))[1]);
        assertTrue(assertThrows(IllegalStateException.class, loaded::predictor).getMessage().contains("not a Predictor"));

        Path custom = dir.resolve("custom");
        ModelPackage.save(new Weights(), custom, "custom", null, null, null, null);
        IOException e = assertThrows(IOException.class, () -> ModelPackage.load(custom, LoadOptions.defaults()));
        assertTrue(e.getMessage().contains("ModelPackageTest$Weights of the model is not allowed"), e.getMessage());
        assertEquals(2.0, ModelPackage.load(custom, LoadOptions.defaults().allow("dev.jtrack.models.*"))
                .object(Weights.class).values[1]);
    }

    @Test
    void brokenPackagesGiveClearErrors() throws IOException {
        assertThrows(IOException.class, () -> MLmodel.read(dir));
        Files.writeString(dir.resolve("MLmodel"), "artifact_path: x\n");
        assertTrue(assertThrows(IOException.class, () -> MLmodel.read(dir)).getMessage().contains("no flavors"));
        Files.writeString(dir.resolve("MLmodel"), "flavors:\n  python_function: {loader_module: x}\n");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ModelPackage.load(dir, LoadOptions.defaults()))
                .getMessage().contains("python_function"));
        assertThrows(IllegalArgumentException.class, () -> Flavors.forModel(new Object()));
    }
}
