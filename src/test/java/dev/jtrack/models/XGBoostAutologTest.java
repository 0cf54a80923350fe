package dev.jtrack.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jtrack.notebook.ActiveRun;
import dev.jtrack.notebook.Autolog;
import dev.jtrack.notebook.Tracking;
import dev.jtrack.notebook.TrackingClient;
import dev.jtrack.tracking.Metric;
import dev.jtrack.tracking.Param;
import dev.jtrack.tracking.Run;
import dev.jtrack.tracking.ViewType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.Table;

/**
 * XGBoost4J autologging as a plain program uses it ({@code Autolog.record(result, arguments...)},
 * what the kernel passes for a cell's {@code XGBoost.train} call): params and rounds equal the
 * configuration, one metric point per iteration with XGBoost's own values, early stopping's best
 * iteration, the importance table, and the model that loads back and predicts the same.
 */
class XGBoostAutologTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final int ROWS = 200;

    @TempDir
    Path dir;

    private TrackingClient client;

    @BeforeEach
    void asAPlainProgram() {
        Autolog.usePlacement(null);
        client = TrackingClient.builder().trackingUri(dir.resolve("store").toString()).journalDir(dir.resolve("journal"))
                .experiment("autolog").build();
        Tracking.useClient(client);
    }

    @AfterEach
    void reset() {
        Autolog.disable();
        Autolog.configure("xgboost", new Autolog.Settings(true, true, 1));
        Autolog.finish(WAIT);
        client.close(WAIT);
    }

    /** Rows of two features; label 1 when x0 + noise > x1. */
    static float[] features(long seed) {
        Random random = new Random(seed);
        float[] data = new float[ROWS * 2];
        for (int i = 0; i < data.length; i++) data[i] = random.nextFloat();
        return data;
    }

    static DMatrix matrix(long seed) throws Exception {
        float[] data = features(seed);
        Random noise = new Random(seed + 1);
        float[] labels = new float[ROWS];
        for (int r = 0; r < ROWS; r++) labels[r] = data[2 * r] + 0.2f * (float) noise.nextGaussian() > data[2 * r + 1] ? 1 : 0;
        DMatrix m = new DMatrix(data, ROWS, 2, Float.NaN);
        m.setLabel(labels);
        return m;
    }

    private Run onlyRun() {
        assertTrue(Autolog.await(WAIT), "autologging finished");
        assertTrue(client.flush(WAIT), "records delivered");
        String experiment = client.store().getExperimentByName("autolog").experimentId();
        List<Run> runs = client.store().searchRuns(List.of(experiment), "", ViewType.ACTIVE_ONLY, 10, List.of(), null).items();
        assertEquals(1, runs.size(), runs.toString());
        return runs.get(0);
    }

    private List<Metric> history(Run run, String key) {
        return client.store().getMetricHistory(run.info().runId(), key, null, null).items();
    }

    @Test
    void paramsPerIterationMetricsImportanceAndTheModelAreLogged() throws Exception {
        Autolog.enable();
        DMatrix train = matrix(1);
        DMatrix test = matrix(2);
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("objective", "binary:logistic");
        params.put("eta", 0.3);
        params.put("max_depth", 3);
        params.put("eval_metric", "logloss");
        Map<String, DMatrix> watches = new LinkedHashMap<>();
        watches.put("train", train);
        watches.put("test", test);
        int rounds = 7;
        float[][] metrics = new float[2][rounds];
        Booster booster = Autolog.record(XGBoost.train(train, params, rounds, watches, metrics, null, null, 0),
                train, params, rounds, watches, metrics, null, null, 0);

        Run run = onlyRun();
        Map<String, String> logged = run.data().params().stream().collect(Collectors.toMap(Param::key, Param::value));
        assertEquals(Map.of("objective", "binary:logistic", "eta", "0.3", "max_depth", "3", "eval_metric", "logloss",
                "num_round", "7"), logged);
        for (int w = 0; w < 2; w++) {
            List<Metric> points = history(run, (w == 0 ? "train" : "test") + "-logloss");
            assertEquals(rounds, points.size(), "one point per iteration");
            for (int i = 0; i < rounds; i++) {
                assertEquals(i, points.get(i).step());
                assertEquals(metrics[w][i], points.get(i).value(), 1e-6, "XGBoost's own value");
            }
        }
        Path importance = Path.of(java.net.URI.create(run.info().artifactUri())).resolve("feature_importance_weight.csv");
        String csv = Files.readString(importance, StandardCharsets.UTF_8);
        assertTrue(csv.startsWith("feature,weight"), csv);
        assertTrue(csv.contains("f0," + booster.getFeatureScore((String) null).get("f0")), csv);

        LoadedModel loaded = Models.of(client).load("runs:/" + run.info().runId() + "/model");
        float[] x = features(3);
        double[] x0 = new double[ROWS];
        double[] x1 = new double[ROWS];
        for (int r = 0; r < ROWS; r++) {
            x0[r] = x[2 * r];
            x1[r] = x[2 * r + 1];
        }
        Table answer = loaded.predict(Table.create("x", DoubleColumn.create("f0", x0), DoubleColumn.create("f1", x1)));
        float[][] expected = booster.predict(new DMatrix(x, ROWS, 2, Float.NaN));
        double[] got = answer.doubleColumn("prediction").asDoubleArray();
        double[] want = new double[ROWS];
        for (int r = 0; r < ROWS; r++) want[r] = expected[r][0];
        assertArrayEquals(want, got, 1e-6, "the loaded model predicts as the trained booster");
    }

    @Test
    void earlyStoppingLogsTheBestIterationAndSettingsAreObeyed() throws Exception {
        Autolog.enable();
        Autolog.configure("xgboost", new Autolog.Settings(true, false, 3));
        DMatrix train = matrix(1);
        DMatrix test = matrix(2);
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("objective", "binary:logistic");
        params.put("eta", 1.0);
        params.put("max_depth", 6);
        params.put("eval_metric", "logloss");
        Map<String, DMatrix> watches = new LinkedHashMap<>();
        watches.put("train", train);
        watches.put("test", test);
        int rounds = 200;
        float[][] metrics = new float[2][rounds];
        Booster booster = Autolog.record(XGBoost.train(train, params, rounds, watches, metrics, null, null, 3),
                train, params, rounds, watches, metrics, null, null, 3);
        int trained = booster.getNumBoostedRound();
        assertTrue(trained < rounds, "stopped early: " + trained);

        Run run = onlyRun();
        Map<String, String> logged = run.data().params().stream().collect(Collectors.toMap(Param::key, Param::value));
        assertEquals("3", logged.get("early_stopping_rounds"));
        Map<String, Double> latest = run.data().metrics().stream().collect(Collectors.toMap(Metric::key, Metric::value));
        assertEquals(Double.parseDouble(booster.getAttr("best_iteration")), latest.get("best_iteration"));
        assertEquals(trained - 1, latest.get("stopped_iteration"));
        String key = latest.keySet().stream().filter(k -> k.startsWith("test-")).findFirst().orElseThrow();
        List<Metric> points = history(run, key);
        List<Long> steps = points.stream().map(Metric::step).toList();
        assertEquals(0L, steps.get(0));
        assertTrue(steps.stream().allMatch(s -> s % 3 == 0 || s == trained - 1), "every 3rd iteration and the last: " + steps);
        for (Metric p : points) assertEquals(metrics[1][(int) p.step()], p.value(), 1e-6);
        assertFalse(run.data().tags().stream().anyMatch(t -> t.key().equals("mlflow.log-model.history")), "--log-models false");
    }

    @Test
    void withoutAMetricsArrayTheFinalBoostersMetricsAreLoggedAtTheLastIteration() throws Exception {
        Autolog.enable();
        Autolog.configure("xgboost", new Autolog.Settings(true, false, 1));
        DMatrix train = matrix(1);
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("objective", "binary:logistic"); // no eval_metric: XGBoost picks logloss and names it
        Map<String, DMatrix> watches = new LinkedHashMap<>();
        watches.put("train", train);
        Booster booster = Autolog.record(XGBoost.train(train, params, 4, watches, null, null),
                train, params, 4, watches, null, null);
        String report = booster.evalSet(new DMatrix[] {train}, new String[] {"train"}, 3);
        Run run = onlyRun();
        List<Metric> points = history(run, "train-logloss");
        assertEquals(1, points.size(), report);
        assertEquals(3L, points.get(0).step());
        assertEquals(Double.parseDouble(report.substring(report.lastIndexOf(':') + 1)), points.get(0).value(), 1e-9);
        assertEquals("4", run.data().params().stream().filter(p -> p.key().equals("num_round")).findFirst().orElseThrow().value());
    }
}
