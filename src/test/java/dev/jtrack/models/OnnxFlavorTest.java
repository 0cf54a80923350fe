package dev.jtrack.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jtrack.notebook.ActiveRun;
import dev.jtrack.notebook.TrackingClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tribuo.Model;
import org.tribuo.ONNXExportable;
import org.tribuo.classification.Label;
import tech.tablesaw.api.Table;

/** The onnx flavor: a Tribuo model exported to ONNX, logged, loaded and scored by ONNX Runtime like Tribuo scores it. */
class OnnxFlavorTest {
    @TempDir
    Path dir;

    /** The Iris classifier exported to ONNX, with its feature and label order. */
    static OnnxModel irisOnnx(Model<Label> model) {
        byte[] bytes = ((ONNXExportable) model).exportONNXModel("dev.jtrack.test", 1).toByteArray();
        List<String> features = new ArrayList<>();
        for (int id = 0; id < model.getFeatureIDMap().size(); id++) features.add(model.getFeatureIDMap().get(id).getName());
        List<String> labels = new ArrayList<>();
        for (int id = 0; id < model.getOutputIDInfo().size(); id++) labels.add(model.getOutputIDInfo().getOutput(id).getLabel());
        return OnnxModel.of(bytes).withInputColumns(features.toArray(String[]::new)).withLabels(labels.toArray(String[]::new));
    }

    @Test
    void exportedTribuoModelScoresLikeTribuo() throws Exception {
        Model<Label> model = TribuoTestModels.irisClassifier();
        Table iris = TribuoTestModels.iris();
        OnnxModel onnx = irisOnnx(model);
        Path file = dir.resolve("iris.onnx");
        Files.write(file, onnx.bytes());
        OnnxModel fromFile = OnnxModel.of(file).withInputColumns(onnx.inputColumns().toArray(String[]::new))
                .withLabels(onnx.labels().toArray(String[]::new));
        try (TrackingClient client = TrackingClient.builder().trackingUri(dir.resolve("store").toString())
                .journalDir(dir.resolve("journal")).experiment("onnx").build();
                ActiveRun run = client.startRun("export")) {
            Models models = Models.of(client);
            Table example = iris.selectColumns(TribuoTestModels.IRIS_FEATURES.toArray(String[]::new)).first(2);
            LoggedModel logged = models.logModel(run, fromFile, "iris-onnx", example);
            Map<String, Object> config = logged.mlmodel().flavors().get("onnx");
            assertEquals("model.onnx", config.get("data"));
            assertEquals(onnx.labels(), config.get("labels"));
            assertEquals(List.of("com.microsoft.onnxruntime:onnxruntime:1.20.0"), JavaDependencies.listed(config));
            assertEquals(TribuoTestModels.IRIS_FEATURES, logged.mlmodel().signature().inputNames(), "inferred with ONNX Runtime");

            LoadedModel loaded = models.load(logged.modelUri());
            Table out = loaded.predict(iris);
            assertEquals("label", out.columnNames().get(0));
            TribuoFlavorTest.assertSameAsTribuo(model, iris, out);
            assertArrayEquals(onnx.bytes(), loaded.object(OnnxModel.class).bytes());
            Path copy = models.download(logged.modelUri(), dir.resolve("copy"));
            assertArrayEquals(onnx.bytes(), Files.readAllBytes(copy.resolve("model.onnx")));
        }
    }

    @Test
    void withoutColumnMappingUsesNumericColumnsAndNamesOutputs() throws Exception {
        Model<Label> model = TribuoTestModels.irisClassifier();
        OnnxModel plain = OnnxModel.of(((ONNXExportable) model).exportONNXModel("dev.jtrack.test", 1).toByteArray());
        ModelPackage.save(plain, dir.resolve("pkg"), "m", null, null, null, null);
        Predictor p = ModelPackage.load(dir.resolve("pkg"), LoadOptions.defaults()).predictor();
        Table in = Table.create("in");
        for (int id = 0; id < 4; id++) {
            String f = model.getFeatureIDMap().get(id).getName();
            in.addColumns(TribuoTestModels.iris().numberColumn(f).copy());
        }
        Table out = p.predict(in.first(3));
        assertEquals(3, out.columnCount(), out.columnNames().toString());
        assertTrue(out.columnNames().get(0).endsWith("_0"), out.columnNames().toString());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> p.predict(in.selectColumns(in.columnNames().get(0))));
        assertTrue(e.getMessage().contains("takes 4 values per row"), e.getMessage());
    }

    @Test
    void loadsOnnxRuntimeFromJavaDependenciesWhenTheLoaderLacksIt() throws Exception {
        Model<Label> model = TribuoTestModels.irisClassifier();
        Table iris = TribuoTestModels.iris();
        ModelPackage.save(irisOnnx(model), dir.resolve("pkg"), "m", null, null, null, null);
        ClassLoader noOrt = TribuoTestModels.hiding("ai.onnxruntime.");
        LoadedModel loaded = ModelPackage.load(dir.resolve("pkg"), LoadOptions.defaults().withClassLoader(noOrt));
        assertInstanceOf(LibraryBinding.DependencyLoader.class, loaded.model().getClass().getClassLoader().getParent());
        TribuoFlavorTest.assertSameAsTribuo(model, iris, loaded.predict(iris));
    }

    @Test
    void badModelsAreClearErrors() {
        assertThrows(IllegalArgumentException.class, () -> OnnxModel.of(new byte[0]));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ModelPackage.save(OnnxModel.of(new byte[] {1, 2, 3}), dir.resolve("bad"), "m", null,
                        TribuoTestModels.iris().first(1), null, null));
        assertTrue(e.getMessage().contains("ONNX Runtime cannot load"), e.getMessage());
    }
}
