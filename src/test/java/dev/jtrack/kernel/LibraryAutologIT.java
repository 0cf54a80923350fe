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
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.classification.evaluation.LabelEvaluation;
import org.tribuo.classification.evaluation.LabelEvaluator;
import org.tribuo.impl.ArrayExample;
import org.tribuo.provenance.SimpleDataSourceProvenance;
import tech.tablesaw.api.Table;

/**
 * {@code notebooks/autolog-libraries.ipynb}, which trains and evaluates Tribuo models with no
 * logging code, executed on the installed kernel (each JDK of {@code JTRACK_TEST_JDKS}); then the
 * store: one child run of the session run per training, params equal to the trainer's
 * configuration, the evaluation's metrics equal to the values Tribuo printed in the notebook, the
 * model loads back and scores the test data exactly as the notebook's model did, and the
 * {@code %autolog tribuo} settings were obeyed.
 */
class LibraryAutologIT {
    @TempDir
    Path tmp;

    @TestFactory
    Stream<DynamicTest> tribuoTrainingInANotebookIsLoggedWithNoLoggingCode() throws Exception {
        KernelHarness.requireJupyter("jupyter_client", "nbconvert", "nbclient");
        List<DynamicTest> tests = new ArrayList<>();
        for (Path jdk : KernelHarness.jdks()) {
            tests.add(DynamicTest.dynamicTest("autolog-libraries on " + jdk, () -> check(jdk)));
        }
        return tests.stream();
    }

    private void check(Path jdk) throws Exception {
        Path root = tmp.resolve(jdk.getFileName().toString());
        KernelHarness kernel = KernelHarness.install(jdk, root, "jtrack-autolog", "--no-archive");
        kernel.executeNotebook(Path.of("notebooks/autolog-libraries.ipynb").toAbsolutePath(), "autolog-libraries", root.resolve("out"));
        List<String> printed = accuracies(root.resolve("out/autolog-libraries.ipynb"));
        assertEquals(2, printed.size(), "the notebook printed two test accuracies: " + printed);

        try (TrackingClient client = TrackingClient.builder().trackingUri(kernel.env().get("MLFLOW_TRACKING_URI"))
                .journalDir(root.resolve("journal-check")).build()) {
            String experiment = client.store().getExperimentByName("autolog-libraries").experimentId();
            List<Run> all = client.store().searchRuns(List.of(experiment), "", ViewType.ALL, 100, List.of(), null).items();
            Run session = all.stream().filter(r -> "true".equals(tags(r).get("jtrack.session"))).findFirst().orElseThrow();
            List<Run> trainings = all.stream().filter(r -> "tribuo".equals(tags(r).get("jtrack.autolog")))
                    .sorted(Comparator.comparing(r -> Integer.parseInt(params(r).get("trainer.epochs")))).toList();
            assertEquals(List.of("5", "10", "20"), trainings.stream().map(r -> params(r).get("trainer.epochs")).toList(),
                    "one run per training, none after %autolog tribuo off");
            for (Run r : trainings) {
                assertEquals(session.info().runId(), tags(r).get("mlflow.parentRunId"), "a child of the session run");
                assertEquals("FINISHED", r.info().status().name(), "ended with the session");
                assertEquals("org.tribuo.classification.sgd.linear.LinearSGDTrainer", params(r).get("trainer.class-name"));
                assertEquals("NOTEBOOK", tags(r).get("mlflow.source.type"));
                assertTrue(metrics(r).get("training_duration_s") > 0, "the call was timed");
                assertEquals("iris-train", r.inputs().get(0).dataset().name());
                assertTrue(r.inputs().get(0).dataset().profile().contains("\"num_rows\":100"), r.inputs().get(0).dataset().profile());
            }
            Run five = trainings.get(0), ten = trainings.get(1), twenty = trainings.get(2);
            assertEquals("0.5", params(ten).get("trainer.optimiser.initialLearningRate"));
            assertEquals("0.25", params(twenty).get("trainer.optimiser.initialLearningRate"));
            assertEquals("1", params(ten).get("trainer.seed"));
            assertFalse(tags(five).containsKey("mlflow.log-model.history"), "%autolog tribuo --log-models false");
            assertFalse(session.data().params().stream().anyMatch(p -> p.key().startsWith("trainer.")), "nothing in the session run");

            MutableDataset<Label> test = testData();
            Models models = Models.of(client);
            List<Run> evaluated = List.of(ten, twenty);
            for (int i = 0; i < evaluated.size(); i++) {
                Run r = evaluated.get(i);
                assertEquals(1, client.store().getMetricHistory(r.info().runId(), "iris-test_accuracy", null, null).items().size());
                double logged = metrics(r).get("iris-test_accuracy");
                assertEquals(Double.parseDouble(printed.get(i)), logged, 0.0, "the value Tribuo computed in the notebook");
                LoadedModel loaded = models.load("runs:/" + r.info().runId() + "/model");
                @SuppressWarnings("unchecked")
                Model<Label> model = loaded.object(Model.class);
                LabelEvaluation again = new LabelEvaluator().evaluate(model, test);
                assertEquals(logged, again.accuracy(), 0.0, "the logged model scores the test data as the notebook's did");
                assertEquals(again.macroAveragedF1(), metrics(r).get("iris-test_macro_f1"), 1e-12);
                assertEquals(params(r).get("trainer.epochs"),
                        String.valueOf(model.getProvenance().getTrainerProvenance().getConfiguredParameters().get("epochs")));
            }
        }
    }

    /** Bad {@code %autolog <library>} arguments get a clear error each and change no setting. */
    @org.junit.jupiter.api.Test
    void badLibrarySettingsGetClearErrorsAndChangeNothing() throws Exception {
        KernelHarness.requireJupyter("jupyter_client", "nbconvert", "nbclient");
        Path root = tmp.resolve("bad");
        KernelHarness kernel = KernelHarness.install(KernelHarness.jdks().get(0), root, "jtrack-autolog-bad", "--no-archive");
        String[] code = {
            "%autolog tribuo --log-every-n-steps zero",
            "%autolog tribuo --log-every-n-steps 0",
            "%autolog tribuo --log-models maybe",
            "%autolog tribuo --bogus",
            "%autolog tribuo --log-models",
            "%autolog nosuchlibrary off",
            "%autolog status",
        };
        ObjectMapper json = new ObjectMapper();
        var nb = json.createObjectNode().put("nbformat", 4).put("nbformat_minor", 5);
        nb.putObject("metadata");
        var cells = nb.putArray("cells");
        for (int i = 0; i < code.length; i++) {
            var cell = cells.addObject().put("cell_type", "code").put("id", "c" + i).put("source", code[i]);
            cell.putNull("execution_count");
            cell.putObject("metadata");
            cell.putArray("outputs");
        }
        Path input = java.nio.file.Files.createDirectories(root.resolve("work")).resolve("bad.ipynb");
        json.writeValue(input.toFile(), nb);
        KernelHarness.Result r = KernelHarness.run(List.of("/usr/bin/jupyter", "nbconvert", "--to", "notebook", "--execute",
                "--allow-errors", "--ExecutePreprocessor.kernel_name=" + kernel.kernelName, "--ExecutePreprocessor.timeout=120",
                "--output", "executed.ipynb", input.toString()), kernel.env(), root.resolve("work"), 600);
        assertEquals(0, r.exit(), "nbconvert failed:\n" + r.output());
        JsonNode executed = json.readTree(root.resolve("work/executed.ipynb").toFile());
        String[] expected = {
            "--log-every-n-steps takes a whole number, not 'zero'",
            "--log-every-n-steps must be at least 1, not 0",
            "--log-models takes true or false, not 'maybe'",
            "unknown option '--bogus'",
            "--log-models needs a value",
            "usage: %autolog on|off|status, or %autolog <library>",
        };
        for (int i = 0; i < expected.length; i++) {
            String text = executed.path("cells").get(i).path("outputs").toString();
            assertTrue(text.contains("\"error\"") && text.contains(expected[i]), "cell " + i + ": " + text);
        }
        String status = executed.path("cells").get(expected.length).path("outputs").toString();
        assertTrue(status.contains("autolog tribuo on (log models: true, every 1 step(s))"), status);
    }

    /** The notebook's split: every third row of iris.csv is test data. */
    private static MutableDataset<Label> testData() {
        Table iris = Table.read().csv("notebooks/data/iris.csv");
        String[] features = {"sepal_length", "sepal_width", "petal_length", "petal_width"};
        LabelFactory labels = new LabelFactory();
        MutableDataset<Label> test = new MutableDataset<>(new SimpleDataSourceProvenance("data/iris-test.csv", labels), labels);
        for (int r = 0; r < iris.rowCount(); r += 3) {
            double[] values = new double[features.length];
            for (int j = 0; j < features.length; j++) values[j] = iris.numberColumn(features[j]).getDouble(r);
            test.add(new ArrayExample<>(new Label(iris.stringColumn("species").get(r)), features, values));
        }
        return test;
    }

    private static List<String> accuracies(Path executed) throws Exception {
        JsonNode nb = new ObjectMapper().readTree(executed.toFile());
        List<String> out = new ArrayList<>();
        for (JsonNode cell : nb.path("cells")) {
            for (JsonNode output : cell.path("outputs")) {
                String text = output.path("data").path("text/plain").isArray()
                        ? String.join("", new ObjectMapper().convertValue(output.path("data").path("text/plain"), String[].class))
                        : output.path("data").path("text/plain").asText("");
                text = text.replace("\"", "");
                if (text.startsWith("test accuracy ")) out.add(text.substring("test accuracy ".length()).strip());
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
