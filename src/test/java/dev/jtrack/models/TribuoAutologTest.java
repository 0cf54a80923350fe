package dev.jtrack.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jtrack.notebook.ActiveRun;
import dev.jtrack.notebook.Autolog;
import dev.jtrack.notebook.Tracking;
import dev.jtrack.notebook.TrackingClient;
import dev.jtrack.tracking.DatasetInput;
import dev.jtrack.tracking.Metric;
import dev.jtrack.tracking.Param;
import dev.jtrack.tracking.Run;
import dev.jtrack.tracking.RunTag;
import dev.jtrack.tracking.ViewType;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.classification.evaluation.LabelEvaluation;
import org.tribuo.classification.evaluation.LabelEvaluator;
import org.tribuo.classification.sgd.linear.LinearSGDTrainer;
import org.tribuo.classification.sgd.objectives.LogMulticlass;
import org.tribuo.math.optimisers.AdaGrad;
import org.tribuo.provenance.SimpleDataSourceProvenance;
import org.tribuo.regression.RegressionFactory;
import org.tribuo.regression.Regressor;
import org.tribuo.regression.evaluation.RegressionEvaluation;
import org.tribuo.regression.evaluation.RegressionEvaluator;
import tech.tablesaw.api.Table;

/**
 * Tribuo autologging as a plain program uses it ({@code Autolog.record}): params from the
 * trainer's provenance, the dataset input, the model that loads back and predicts the same, the
 * evaluation's metrics with Tribuo's own values, runs placed as documented, settings obeyed.
 */
class TribuoAutologTest {
    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    private TrackingClient client;

    private TrackingClient client() {
        client = TrackingClient.builder().trackingUri(dir.resolve("store").toString()).journalDir(dir.resolve("journal"))
                .experiment("autolog").build();
        Tracking.useClient(client);
        return client;
    }

    /**
     * Library autologging is per JVM: a kernel engine another test class started in this JVM has
     * made its session decide where runs go. These tests are a plain program's.
     */
    @BeforeEach
    void asAPlainProgram() {
        Autolog.usePlacement(null);
    }

    @AfterEach
    void reset() {
        Autolog.disable();
        Autolog.configure("tribuo", new Autolog.Settings(true, true, 1));
        Autolog.finish(WAIT);
        if (client != null) client.close(WAIT);
    }

    private static MutableDataset<Label> iris(String source) {
        Table iris = TribuoTestModels.iris();
        LabelFactory factory = new LabelFactory();
        MutableDataset<Label> data = new MutableDataset<>(
                new SimpleDataSourceProvenance(source, OffsetDateTime.parse("2026-01-01T00:00:00Z"), factory), factory);
        for (int r = 0; r < iris.rowCount(); r++) {
            data.add(TribuoTestModels.example(iris, r, TribuoTestModels.IRIS_FEATURES, new Label(iris.stringColumn("species").get(r))));
        }
        return data;
    }

    private static LinearSGDTrainer trainer(int epochs, double learningRate) {
        return new LinearSGDTrainer(new LogMulticlass(), new AdaGrad(learningRate, 0.1), epochs, 1L);
    }

    private Run stored(ActiveRun run) {
        assertTrue(Autolog.await(WAIT), "autologging finished");
        assertTrue(client.flush(WAIT), "records delivered");
        return client.store().getRun(run.awaitRunId(WAIT));
    }

    /** The experiment's runs matching {@code filter}, once everything autologged is in the store. */
    private List<Run> runs(String filter) {
        assertTrue(Autolog.await(WAIT), "autologging finished");
        assertTrue(client.flush(WAIT), "records delivered");
        String experiment;
        try {
            experiment = client.store().getExperimentByName("autolog").experimentId();
        } catch (RuntimeException e) {
            return List.of(); // nothing was ever logged
        }
        return client.store().searchRuns(List.of(experiment), filter, ViewType.ACTIVE_ONLY, 10, List.of(), null).items();
    }

    private static Map<String, String> params(Run run) {
        return run.data().params().stream().collect(Collectors.toMap(Param::key, Param::value));
    }

    private static Map<String, Double> metrics(Run run) {
        return run.data().metrics().stream().collect(Collectors.toMap(Metric::key, Metric::value));
    }

    private static Map<String, String> tags(Run run) {
        return run.data().tags().stream().collect(Collectors.toMap(RunTag::key, RunTag::value));
    }

    @Test
    void aProgramsTrainingAndEvaluationAreLoggedIntoARunOfTheirOwn() throws Exception {
        TrackingClient c = client();
        Autolog.enable();
        MutableDataset<Label> train = iris("data/iris.csv");
        Model<Label> model = Autolog.record(trainer(12, 0.5).train(train));
        LabelEvaluation eval = Autolog.record(new LabelEvaluator().evaluate(model, iris("data/iris-test.csv")));

        List<Run> all = runs("");
        assertEquals(1, all.size(), "one run: training and evaluation");
        Run run = all.get(0);
        Map<String, String> params = params(run);
        assertEquals("12", params.get("trainer.epochs"));
        assertEquals("1", params.get("trainer.seed"));
        assertEquals("0.5", params.get("trainer.optimiser.initialLearningRate"));
        assertEquals("0.1", params.get("trainer.optimiser.epsilon"));
        assertEquals("org.tribuo.classification.sgd.linear.LinearSGDTrainer", params.get("trainer.class-name"));
        assertFalse(params.containsKey("trainer.host-short-name"), "the machine is not configuration");
        assertEquals("tribuo", tags(run).get("jtrack.autolog"));
        assertEquals(model.getClass().getName(), tags(run).get("tribuo.model_class"));

        Map<String, Double> metrics = metrics(run);
        assertEquals(eval.accuracy(), metrics.get("iris-test_accuracy"), 1e-12);
        assertEquals(eval.macroAveragedF1(), metrics.get("iris-test_macro_f1"), 1e-12);
        assertEquals(eval.precision(new Label("setosa")), metrics.get("iris-test_precision_setosa"), 1e-12);
        assertEquals(eval.recall(new Label("virginica")), metrics.get("iris-test_recall_virginica"), 1e-12);
        assertFalse(metrics.containsKey("training_duration_s"), "Autolog.record cannot time the call (the kernel does)");

        Map<String, DatasetInput> inputs = run.inputs().stream().collect(Collectors.toMap(i -> i.tags().get(0).value(), i -> i));
        DatasetInput training = inputs.get("training");
        assertEquals("iris", training.dataset().name());
        assertTrue(training.dataset().profile().contains("\"num_rows\":150"), training.dataset().profile());
        assertTrue(training.dataset().profile().contains("\"num_features\":4"), training.dataset().profile());
        assertTrue(training.dataset().source().contains("data/iris.csv"), training.dataset().source());
        assertEquals(8, training.dataset().digest().length());
        assertEquals("iris-test", inputs.get("evaluation").dataset().name());

        LoadedModel loaded = Models.of(c).load("runs:/" + run.info().runId() + "/model");
        assertEquals(TribuoTestModels.IRIS_FEATURES.stream().sorted().toList(), loaded.mlmodel().signature().inputNames(),
                "the feature map, in Tribuo's order");
        Table iris = TribuoTestModels.iris();
        TribuoFlavorTest.assertSameAsTribuo(model, iris, loaded.predict(iris.selectColumns(TribuoTestModels.IRIS_FEATURES.toArray(String[]::new))));
    }

    @Test
    void insideAUsersRunTheFirstTrainingLogsThereAndLaterOnesInChildRuns() {
        TrackingClient c = client();
        Autolog.enable();
        Autolog.configure("tribuo", new Autolog.Settings(true, false, 1));
        try (ActiveRun mine = c.startRun("mine")) {
            mine.logParam("trainer.epochs", "5"); // logged by hand: the user's value stays, nothing twice
            trainer(5, 0.5).train(iris("a.csv"));
            Model<Label> first = Autolog.record(trainer(5, 0.5).train(iris("a.csv")));
            Model<Label> second = Autolog.record(trainer(7, 0.25).train(iris("a.csv")));
            Autolog.record(first); // the same model again: logged once
            mine.logMetric("by_hand", 1.0);
            Run stored = stored(mine);
            assertEquals("5", params(stored).get("trainer.epochs"));
            assertEquals("by_hand", stored.data().metrics().get(0).key(), "autologging left the user's run active");
            assertFalse(stored.data().tags().stream().anyMatch(t -> t.key().equals("mlflow.log-model.history")), "--log-models false");
            List<Run> runs = runs("tags.mlflow.parentRunId = '" + stored.info().runId() + "'");
            assertEquals(1, runs.size(), "one child run: the second training");
            assertEquals("7", params(runs.get(0)).get("trainer.epochs"));
            assertNotEquals(first, second);
        }
    }

    @Test
    void regressionEvaluationsLogRmseMaeAndR2() {
        TrackingClient c = client();
        Autolog.enable();
        Model<Regressor> model = Autolog.record(TribuoTestModels.housePrices());
        Table houses = TribuoTestModels.houses();
        RegressionFactory factory = new RegressionFactory();
        MutableDataset<Regressor> test = new MutableDataset<>(new SimpleDataSourceProvenance("houses-test.csv", factory), factory);
        for (int r = 0; r < houses.rowCount(); r++) {
            test.add(TribuoTestModels.example(houses, r, TribuoTestModels.HOUSE_FEATURES,
                    new Regressor("price_k", houses.numberColumn("price_k").getDouble(r))));
        }
        RegressionEvaluation eval = Autolog.record(new RegressionEvaluator().evaluate(model, test));
        Run run = runs("").get(0);
        Map<String, Double> metrics = metrics(run);
        assertEquals(eval.averageRMSE(), metrics.get("houses-test_rmse"), 1e-12);
        assertEquals(eval.averageMAE(), metrics.get("houses-test_mae"), 1e-12);
        assertEquals(eval.averageR2(), metrics.get("houses-test_r2"), 1e-12);
    }

    @Test
    void nothingIsLoggedWhenTribuoOrAutologgingIsOff() {
        TrackingClient c = client();
        Autolog.enable();
        Autolog.disable("tribuo");
        Autolog.record(trainer(3, 0.5).train(iris("a.csv")));
        Autolog.enable("tribuo");
        Autolog.disable();
        Autolog.record(trainer(3, 0.5).train(iris("a.csv")));
        assertTrue(runs("").isEmpty());
    }
}
