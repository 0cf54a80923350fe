package dev.jtrack.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jtrack.maven.MavenResolver;
import dev.jtrack.notebook.ActiveRun;
import dev.jtrack.notebook.TrackingClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tribuo.Model;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.regression.RegressionFactory;
import org.tribuo.regression.Regressor;
import tech.tablesaw.api.Table;

/** The tribuo flavor: saved with provenance and dependencies, loaded as a predictor, also in a JVM without Tribuo. */
class TribuoFlavorTest {
    @TempDir
    Path dir;

    private TrackingClient client() {
        return TrackingClient.builder().trackingUri(dir.resolve("store").toString()).journalDir(dir.resolve("journal"))
                .experiment("tribuo").build();
    }

    @Test
    void classifierRoundTripMatchesTribuosOwnPredictions() throws Exception {
        Model<Label> model = TribuoTestModels.irisClassifier();
        Table iris = TribuoTestModels.iris();
        Table features = iris.selectColumns(TribuoTestModels.IRIS_FEATURES.toArray(String[]::new));
        try (TrackingClient client = client(); ActiveRun run = client.startRun("train")) {
            Models models = Models.of(client);
            LoggedModel logged = models.logModel(run, model, "iris-tribuo", features.first(3));
            MLmodel m = logged.mlmodel();
            Map<String, Object> config = m.flavors().get("tribuo");
            assertEquals(List.of("tribuo"), List.copyOf(m.flavors().keySet()));
            assertEquals("model.tribuo", config.get("data"));
            assertEquals("org.tribuo.classification.sgd.linear.LinearSGDModel", config.get("model_class"));
            List<String> deps = JavaDependencies.listed(config);
            assertTrue(deps.contains("org.tribuo:tribuo-classification-sgd:4.3.2"), deps.toString());
            assertTrue(deps.contains("org.tribuo:tribuo-core:4.3.2"), deps.toString());
            assertEquals("4.3.2", m.metadata().get("tribuo_version"));
            String provenance = m.metadata().get("tribuo_provenance").toString();
            assertTrue(provenance.contains("LinearSGDTrainer") && provenance.contains("epochs"), provenance);
            assertEquals(List.of("sepal_length", "sepal_width", "petal_length", "petal_width"), m.signature().inputNames());
            assertEquals("label", m.signature().outputs().get(0).name());

            LoadedModel loaded = models.load(logged.modelUri());
            assertNull(loaded.dir(), "the temporary download is gone");
            Table out = loaded.predict(features);
            assertEquals(List.of("label", "score_setosa", "score_versicolor", "score_virginica"), out.columnNames());
            assertSameAsTribuo(model, iris, out);
            double accuracy = out.stringColumn("label").isEqualTo(iris.stringColumn("species")).size() / (double) iris.rowCount();
            assertTrue(accuracy > 0.9, "accuracy " + accuracy);

            assertEquals(model.getProvenance(), loaded.object(Model.class).getProvenance(), "the Tribuo model itself");
            LoggedModel again = models.logModel(run, loaded.predictor(), "again");
            assertEquals(List.of("tribuo"), List.copyOf(again.mlmodel().flavors().keySet()), "a loaded model keeps its flavor");
        }
    }

    static void assertSameAsTribuo(Model<Label> model, Table iris, Table out) {
        List<Prediction<Label>> expected = TribuoTestModels.predict(model, iris, TribuoTestModels.IRIS_FEATURES,
                LabelFactory.UNKNOWN_LABEL);
        for (int r = 0; r < iris.rowCount(); r++) {
            Prediction<Label> p = expected.get(r);
            assertEquals(p.getOutput().getLabel(), out.stringColumn("label").get(r), "row " + r);
            for (Map.Entry<String, Label> s : p.getOutputScores().entrySet()) {
                assertEquals(s.getValue().getScore(), out.doubleColumn("score_" + s.getKey()).get(r), 1e-5, "row " + r);
            }
        }
    }

    @Test
    void regressionAnswersOneValuePerRow() throws Exception {
        Model<Regressor> model = TribuoTestModels.housePrices();
        Table houses = TribuoTestModels.houses();
        MLmodel saved = ModelPackage.save(model, dir.resolve("pkg"), "houses", null, houses.first(2), null, null);
        assertEquals("price_k", saved.signature().outputs().get(0).name());
        Table out = ModelPackage.load(dir.resolve("pkg"), LoadOptions.defaults()).predict(houses);
        assertEquals(List.of("price_k"), out.columnNames());
        List<Prediction<Regressor>> expected = TribuoTestModels.predict(model, houses, TribuoTestModels.HOUSE_FEATURES,
                RegressionFactory.UNKNOWN_REGRESSOR);
        for (int r = 0; r < houses.rowCount(); r++) {
            assertEquals(expected.get(r).getOutput().getValues()[0], out.doubleColumn("price_k").get(r), 1e-9);
        }
    }

    @Test
    void loadsInAJvmWithoutTribuoByResolvingJavaDependencies() throws Exception {
        Model<Label> model = TribuoTestModels.irisClassifier();
        Table iris = TribuoTestModels.iris();
        ModelPackage.save(model, dir.resolve("pkg"), "iris", null, null, null, null);
        ClassLoader noTribuo = TribuoTestModels.hiding("org.tribuo.", "com.oracle.labs.", "com.google.protobuf.");
        assertThrows(ClassNotFoundException.class, () -> Class.forName("org.tribuo.Model", false, noTribuo));

        LoadedModel loaded = ModelPackage.load(dir.resolve("pkg"), LoadOptions.defaults().withClassLoader(noTribuo));
        Predictor p = loaded.predictor();
        ClassLoader flavorLoader = p.getClass().getClassLoader();
        assertTrue(flavorLoader.getName().startsWith("jtrack-flavor:"), flavorLoader.getName());
        ClassLoader deps = flavorLoader.getParent();
        assertInstanceOf(LibraryBinding.DependencyLoader.class, deps);
        assertNotSame(Model.class, Class.forName("org.tribuo.Model", false, deps), "Tribuo comes from the resolved jars");
        assertSameAsTribuo(model, iris, p.predict(iris));
        assertEquals(LibraryPredictor.class, p.getClass().getInterfaces()[0], "the flavor implements jtrack's own interface");

        // a model whose classes jtrack's loader cannot see (as a notebook's) is saved through its own loader
        Object foreign = ((LibraryPredictor) p).libraryModel();
        assertTrue(!(foreign instanceof Model<?>) && foreign.getClass().getClassLoader() == deps, "a Tribuo model of another loader");
        assertEquals("tribuo", Flavors.forModel(foreign).name());
        MLmodel again = ModelPackage.save(foreign, dir.resolve("again"), "again", null, iris.first(2), null, null);
        assertTrue(JavaDependencies.listed(again.flavors().get("tribuo")).contains("org.tribuo:tribuo-classification-sgd:4.3.2"));
        assertEquals("label", again.signature().outputs().get(0).name());
        assertSameAsTribuo(model, iris, ModelPackage.load(dir.resolve("again"), LoadOptions.defaults()).predict(iris));
    }

    @Test
    void unresolvableOrMissingDependenciesAreClearErrors() throws Exception {
        ModelPackage.save(TribuoTestModels.irisClassifier(), dir.resolve("pkg"), "iris", null, null, null, null);
        ClassLoader noTribuo = TribuoTestModels.hiding("org.tribuo.", "com.oracle.labs.");
        Path emptyRepo = Files.createDirectories(dir.resolve("empty-repo"));
        LibraryBinding offline = new LibraryBinding("Tribuo", "org.tribuo.Model",
                "dev.jtrack.models.tribuo.TribuoFlavorImpl", () -> {
                    MavenResolver r = new MavenResolver();
                    r.addRepository("central", emptyRepo.toUri().toString());
                    return r;
                });
        IOException e = assertThrows(IOException.class,
                () -> offline.forLoading(noTribuo, List.of("org.tribuo:tribuo-does-not-exist:9.9.9")));
        assertTrue(e.getMessage().contains("Cannot resolve the model's java_dependencies [org.tribuo:tribuo-does-not-exist:9.9.9]"),
                e.getMessage());

        Path mlmodel = dir.resolve("pkg/MLmodel");
        Files.writeString(mlmodel, Files.readString(mlmodel).replaceAll("(?s)java_dependencies:.*?\\n(?=  \\S|\\S)", ""));
        assertTrue(!Files.readString(mlmodel).contains("java_dependencies"), Files.readString(mlmodel));
        IOException none = assertThrows(IOException.class,
                () -> ModelPackage.load(dir.resolve("pkg"), LoadOptions.defaults().withClassLoader(noTribuo)));
        assertTrue(none.getMessage().contains("needs Tribuo") && none.getMessage().contains("no java_dependencies"),
                none.getMessage());
    }

    @Test
    void loadingLeavesNoTemporaryDirectory() throws Exception {
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        try (TrackingClient client = client(); ActiveRun run = client.startRun("train")) {
            Models models = Models.of(client);
            LoggedModel logged = models.logModel(run, TribuoTestModels.irisClassifier(), "m");
            List<Path> before = loadedDirs(tmp);
            models.load(logged.modelUri());
            assertThrows(UncheckedIOException.class, () -> models.load("runs:/" + logged.runId() + "/nothing"));
            assertEquals(before, loadedDirs(tmp));
        }
    }

    private static List<Path> loadedDirs(Path tmp) throws IOException {
        try (Stream<Path> s = Files.list(tmp)) {
            return s.filter(p -> p.getFileName().toString().startsWith("jtrack-loaded-model-")).sorted().toList();
        }
    }
}
