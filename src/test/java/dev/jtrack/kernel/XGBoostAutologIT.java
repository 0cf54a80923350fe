package dev.jtrack.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jtrack.models.LoadedModel;
import dev.jtrack.models.Models;
import dev.jtrack.notebook.TrackingClient;
import dev.jtrack.tracking.Metric;
import dev.jtrack.tracking.Param;
import dev.jtrack.tracking.Run;
import dev.jtrack.tracking.RunTag;
import dev.jtrack.tracking.ViewType;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.Table;

/**
 * {@code notebooks/autolog-xgboost.ipynb}, which trains XGBoost4J boosters with no logging code,
 * executed on the installed kernel (each JDK of {@code JTRACK_TEST_JDKS}); then the store: params
 * equal to the notebook's configuration, one metric point per iteration equal to the values
 * XGBoost wrote in the notebook, the model loads back and predicts as the notebook's booster did,
 * early stopping's best iteration, and the {@code %autolog xgboost} settings obeyed.
 */
class XGBoostAutologIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    @TestFactory
    Stream<DynamicTest> xgboostTrainingInANotebookIsLoggedWithNoLoggingCode() throws Exception {
        KernelHarness.requireJupyter("jupyter_client", "nbconvert", "nbclient");
        List<DynamicTest> tests = new ArrayList<>();
        for (Path jdk : KernelHarness.jdks()) {
            tests.add(DynamicTest.dynamicTest("autolog-xgboost on " + jdk, () -> check(jdk)));
        }
        return tests.stream();
    }

    private void check(Path jdk) throws Exception {
        Path root = tmp.resolve(jdk.getFileName().toString());
        KernelHarness kernel = KernelHarness.install(jdk, root, "jtrack-xgboost", "--no-archive");
        kernel.executeNotebook(Path.of("notebooks/autolog-xgboost.ipynb").toAbsolutePath(), "autolog-xgboost", root.resolve("out"));
        Map<String, String> printed = printed(root.resolve("out/autolog-xgboost.ipynb"));
        float[][] metrics = JSON.readValue(printed.get("metrics"), float[][].class);
        float[][] predictions = JSON.readValue(printed.get("predictions"), float[][].class);
        int stoppedRounds = Integer.parseInt(printed.get("rounds"));

        try (TrackingClient client = TrackingClient.builder().trackingUri(kernel.env().get("MLFLOW_TRACKING_URI"))
                .journalDir(root.resolve("journal-check")).build()) {
            String experiment = client.store().getExperimentByName("autolog-xgboost").experimentId();
            List<Run> all = client.store().searchRuns(List.of(experiment), "", ViewType.ALL, 100, List.of(), null).items();
            Run session = all.stream().filter(r -> "true".equals(tags(r).get("jtrack.session"))).findFirst().orElseThrow();
            List<Run> trainings = all.stream().filter(r -> "xgboost".equals(tags(r).get("jtrack.autolog")))
                    .sorted(java.util.Comparator.comparing(r -> r.info().startTime())).toList();
            assertEquals(2, trainings.size(), "one run per training, none after %autolog xgboost off");
            for (Run r : trainings) {
                assertEquals(session.info().runId(), tags(r).get("mlflow.parentRunId"), "a child of the session run");
                assertEquals("FINISHED", r.info().status().name(), "ended with the session");
                assertTrue(metrics(r).get("training_duration_s") > 0, "the call was timed");
            }
            Run first = trainings.get(0), second = trainings.get(1);
            assertEquals(Map.of("objective", "binary:logistic", "eta", "0.3", "max_depth", "2", "eval_metric", "logloss",
                    "num_round", "12"), params(first));
            assertEquals("1.0", params(second).get("eta"));
            assertEquals("100", params(second).get("num_round"));
            assertEquals("2", params(second).get("early_stopping_rounds"));

            String[] watches = {"train", "test"};
            for (int w = 0; w < watches.length; w++) {
                List<Metric> points = client.store().getMetricHistory(first.info().runId(), watches[w] + "-logloss", null, null).items()
                        .stream().sorted(java.util.Comparator.comparingLong(Metric::step)).toList();
                assertEquals(12, points.size(), "one point per iteration");
                for (int i = 0; i < 12; i++) {
                    assertEquals(i, points.get(i).step());
                    assertEquals(metrics[w][i], points.get(i).value(), 1e-6, "XGBoost's own value, iteration " + i);
                }
            }
            assertFalse(metrics(first).containsKey("best_iteration"), "no early stopping in the first training");
            assertEquals(stoppedRounds - 1, metrics(second).get("stopped_iteration"));
            assertTrue(metrics(second).get("best_iteration") <= stoppedRounds - 1);
            assertEquals(stoppedRounds, client.store().getMetricHistory(second.info().runId(), "test-logloss", null, null).items().size());
            assertFalse(tags(second).containsKey("mlflow.log-model.history"), "%autolog xgboost --log-models false");
            assertTrue(tags(first).containsKey("mlflow.log-model.history"), "the first booster was logged");

            LoadedModel loaded = Models.of(client).load("runs:/" + first.info().runId() + "/model");
            Table answer = loaded.predict(testFeatures());
            assertEquals(predictions.length, answer.rowCount());
            for (int r = 0; r < predictions.length; r++) {
                assertEquals(predictions[r][0], answer.doubleColumn("prediction").getDouble(r), 1e-6,
                        "the logged model predicts as the notebook's booster, row " + r);
            }
        }
    }

    /** The notebook's test rows (every third row of iris.csv), its four features in order. */
    private static Table testFeatures() {
        Table iris = Table.read().csv("notebooks/data/iris.csv");
        String[] features = {"sepal_length", "sepal_width", "petal_length", "petal_width"};
        Table test = Table.create("test");
        for (String f : features) {
            List<Double> values = new ArrayList<>();
            for (int r = 0; r < iris.rowCount(); r += 3) values.add(iris.numberColumn(f).getDouble(r));
            test.addColumns(DoubleColumn.create(f, values));
        }
        return test;
    }

    /** The notebook's printed results: {@code "<name> <value>"} outputs by name. */
    private static Map<String, String> printed(Path executed) throws Exception {
        Map<String, String> out = new HashMap<>();
        for (JsonNode cell : JSON.readTree(executed.toFile()).path("cells")) {
            for (JsonNode output : cell.path("outputs")) {
                JsonNode plain = output.path("data").path("text/plain");
                String text = plain.isArray() ? String.join("", JSON.convertValue(plain, String[].class)) : plain.asText("");
                text = text.replace("\"", "");
                int space = text.indexOf(' ');
                if (space > 0) out.put(text.substring(0, space), text.substring(space + 1).strip());
            }
        }
        return out;
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
}
