package dev.jtrack.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jtrack.models.evaluation.Comparison;
import dev.jtrack.models.evaluation.EvalOptions;
import dev.jtrack.models.evaluation.Evaluation;
import dev.jtrack.models.evaluation.Evaluator;
import dev.jtrack.models.evaluation.Promotion;
import dev.jtrack.models.evaluation.Task;
import dev.jtrack.notebook.ActiveRun;
import dev.jtrack.notebook.TrackingClient;
import dev.jtrack.registry.ModelVersion;
import dev.jtrack.tracking.Metric;
import dev.jtrack.tracking.Run;
import dev.jtrack.tracking.RunTag;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tribuo.Model;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.regression.RegressionFactory;
import org.tribuo.regression.Regressor;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.Table;

/** Evaluation of real Tribuo models logged to and registered in an embedded store. */
class ModelEvaluationTest {
    @TempDir
    Path dir;

    private TrackingClient client() {
        return TrackingClient.builder().trackingUri(dir.resolve("store").toString()).journalDir(dir.resolve("journal"))
                .experiment("evaluation").build();
    }

    private static String register(Models models, TrackingClient client, Object model, String name) {
        try (ActiveRun run = client.startRun("train " + name)) {
            LoggedModel logged = models.logModel(run, model, "model");
            ModelVersion v = models.registerModel(logged.modelUri(), name);
            return "models:/" + name + "/" + v.version();
        }
    }

    @Test
    void classifierMetricsAreLoggedWithTheDatasetPlotsAndPredictions() throws Exception {
        Model<Label> model = TribuoTestModels.irisClassifier();
        Table iris = TribuoTestModels.iris();
        List<Prediction<Label>> own = TribuoTestModels.predict(model, iris, TribuoTestModels.IRIS_FEATURES,
                LabelFactory.UNKNOWN_LABEL);
        long correct = 0;
        for (int r = 0; r < iris.rowCount(); r++) {
            if (own.get(r).getOutput().getLabel().equals(iris.stringColumn("species").get(r))) correct++;
        }
        try (TrackingClient client = client()) {
            Models models = Models.of(client);
            String uri = register(models, client, model, "iris");
            Evaluation e = Evaluator.of(client).evaluate(uri, iris, EvalOptions.target("species"));
            assertEquals(Task.CLASSIFICATION, e.task());
            assertEquals(correct / 150.0, e.metric("accuracy_score"), 1e-12);
            assertTrue(e.metrics().containsKey("log_loss"), e.metrics().keySet().toString());
            assertTrue(e.metrics().containsKey("roc_auc_macro"));
            assertEquals(3, e.classification().labels().size());
            assertTrue(e.charts().keySet().containsAll(List.of("confusion_matrix.png", "roc_curve_plot.png",
                    "precision_recall_curve_plot.png")), e.charts().keySet().toString());

            Run run = client.store().getRun(e.runId());
            Map<String, Double> logged = run.data().metrics().stream().collect(Collectors.toMap(Metric::key, Metric::value));
            assertEquals(e.metrics(), logged);
            Map<String, String> tags = run.data().tags().stream().collect(Collectors.toMap(RunTag::key, RunTag::value));
            assertEquals(uri, tags.get(Evaluator.MODEL_URI_TAG));
            assertEquals("classification", tags.get(Evaluator.TASK_TAG));
            assertEquals(1, run.inputs().size());
            assertEquals(e.datasetDigest(), run.inputs().get(0).dataset().digest());
            assertEquals("evaluation", run.inputs().get(0).tags().get(0).value());
            var files = client.artifactRepository(run.info().artifactUri()).list("").stream()
                    .map(f -> f.path()).collect(Collectors.toSet());
            assertTrue(files.containsAll(List.of("predictions.csv", "metrics.json", "confusion_matrix.png")), files.toString());
            assertEquals(150, e.predictions().rowCount());
            assertTrue(e.predictions().containsColumn("predicted_label"));
        }
    }

    @Test
    void regressionOfTheHousePrices() {
        Model<Regressor> model = TribuoTestModels.housePrices();
        Table houses = TribuoTestModels.houses();
        List<Prediction<Regressor>> own = TribuoTestModels.predict(model, houses, TribuoTestModels.HOUSE_FEATURES,
                RegressionFactory.UNKNOWN_REGRESSOR);
        double absolute = 0;
        for (int r = 0; r < houses.rowCount(); r++) {
            absolute += Math.abs(houses.numberColumn("price_k").getDouble(r) - own.get(r).getOutput().getValues()[0]);
        }
        try (TrackingClient client = client()) {
            String uri = register(Models.of(client), client, model, "houses");
            Table data = houses.selectColumns(
                    java.util.stream.Stream.concat(TribuoTestModels.HOUSE_FEATURES.stream(), java.util.stream.Stream.of("price_k"))
                            .toArray(String[]::new));
            Evaluation e = Evaluator.of(client).evaluate(uri, data, EvalOptions.target("price_k"));
            assertEquals(Task.REGRESSION, e.task());
            assertEquals(absolute / houses.rowCount(), e.metric("mean_absolute_error"), 1e-9);
            assertTrue(e.charts().containsKey("residuals_plot.png"));
            assertTrue(e.charts().containsKey("predicted_vs_actual_plot.png"));
        }
    }

    @Test
    void nanInAFeatureIsRefusedBeforeAnythingIsLogged() {
        Table iris = TribuoTestModels.iris();
        DoubleColumn petal = (DoubleColumn) iris.numberColumn("petal_width");
        petal.set(7, Double.NaN);
        try (TrackingClient client = client()) {
            String uri = register(Models.of(client), client, TribuoTestModels.irisClassifier(), "iris");
            var e = assertThrows(IllegalArgumentException.class,
                    () -> Evaluator.of(client).evaluate(uri, iris, EvalOptions.target("species")));
            assertTrue(e.getMessage().contains("'petal_width'") && e.getMessage().contains("row 7"), e.getMessage());
        }
    }

    @Test
    void challengerIsPromotedOnlyWhenTheConditionHolds() {
        Table iris = TribuoTestModels.iris();
        // a weak challenger: one class' weights only -> always the same label
        LinearClassifier constant = new LinearClassifier(TribuoTestModels.IRIS_FEATURES, List.of("setosa"),
                new double[][] {{0, 0, 0, 0}}, new double[] {0});
        try (TrackingClient client = client()) {
            Models models = Models.of(client);
            String good = register(models, client, TribuoTestModels.irisClassifier(), "iris");
            String weak = register(models, client, constant, "iris");
            models.setAlias("iris", "champion", "1");
            Evaluator evaluator = Evaluator.of(client);

            Comparison side = evaluator.compare(List.of(good, weak), iris, EvalOptions.target("species"));
            Table t = side.table();
            int row = t.stringColumn("metric").indexOf("accuracy_score");
            assertEquals(good, t.stringColumn("best").get(row));
            assertTrue(side.render().contains("*"));

            Promotion refused = evaluator.promoteIf(weak, "champion", "accuracy_score > champion.accuracy_score + 0.01", iris,
                    EvalOptions.target("species"));
            assertFalse(refused.promoted());
            assertEquals("1", client.registry().getModelVersionByAlias("iris", "champion").version());
            Run run = client.store().getRun(refused.challenger().runId());
            Map<String, String> tags = new HashMap<>();
            run.data().tags().forEach(tag -> tags.put(tag.key(), tag.value()));
            assertEquals("refused", tags.get(Promotion.DECISION_TAG));
            Map<String, Double> metrics = new HashMap<>();
            run.data().metrics().forEach(m -> metrics.put(m.key(), m.value()));
            assertEquals(refused.champion().metric("accuracy_score"), metrics.get("champion.accuracy_score"));
            assertEquals(1.0 / 3, metrics.get("accuracy_score"), 1e-12); // 50 setosa of 150

            Promotion promoted = evaluator.promoteIf(weak, "champion", "accuracy_score > 0.3", iris,
                    EvalOptions.target("species"));
            assertTrue(promoted.promoted());
            assertEquals("2", client.registry().getModelVersionByAlias("iris", "champion").version());

            var bad = assertThrows(IllegalArgumentException.class, () -> evaluator.promoteIf(good, "champion",
                    "accuracy_score >> 1", iris, EvalOptions.target("species")));
            assertTrue(bad.getMessage().contains("character"), bad.getMessage());
        }
    }
}
