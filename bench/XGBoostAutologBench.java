import dev.jtrack.notebook.Autolog;
import dev.jtrack.notebook.Tracking;
import dev.jtrack.notebook.TrackingClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;

/**
 * Library autologging overhead on XGBoost4J: XGBoost.train, 100 iterations over 20,000 rows x 10
 * features with a train and a test watch (2 metric points per iteration), alternately without and
 * with autologging (embedded SQLite store in a temporary directory), handing the call's arguments
 * over as the kernel does. Prints the median training call without and with, the difference per
 * logged iteration (target <= 1 ms), autologging's own time on the caller per iteration, and the
 * time until the booster is in the store.
 *
 * Run: bench/xgboost-autolog.sh [rounds] (also run by bench/library-autolog.sh).
 */
public class XGBoostAutologBench {
    static final int ROWS = 20_000;
    static final int FEATURES = 10;
    static final int ITERATIONS = 100;
    static final List<Double> recordMs = new ArrayList<>();

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 7;
        Path dir = Files.createTempDirectory("jtrack-xgboost-autolog-bench");
        TrackingClient client = TrackingClient.builder().trackingUri(dir.resolve("store").toString())
                .journalDir(dir.resolve("journal")).experiment("bench").build();
        Tracking.useClient(client);
        DMatrix train = data(1), test = data(2);
        System.out.println("XGBoost4J XGBoost.train, " + ITERATIONS + " iterations x " + ROWS + " rows x " + FEATURES
                + " features, 2 watches, " + rounds + " rounds each (" + Runtime.getRuntime().availableProcessors() + " CPUs)");
        train(train, test, false);
        train(train, test, true);
        Autolog.await(Duration.ofSeconds(60));
        List<Double> off = new ArrayList<>(), on = new ArrayList<>(), onDone = new ArrayList<>();
        for (int i = 0; i < rounds; i++) {
            for (boolean autolog : i % 2 == 0 ? new boolean[] {false, true} : new boolean[] {true, false}) {
                if (!autolog) {
                    off.add(train(train, test, false));
                    continue;
                }
                long t0 = System.nanoTime();
                on.add(train(train, test, true));
                Autolog.await(Duration.ofSeconds(60));
                onDone.add((System.nanoTime() - t0) / 1e6);
            }
        }
        double mOff = median(off), mOn = median(on), mDone = median(onDone), mRecord = median(recordMs);
        System.out.printf("training call, autolog off:               %8.1f ms  (%.3f ms per iteration)%n", mOff, mOff / ITERATIONS);
        System.out.printf("training call, autolog on:                %8.1f ms  (%+.3f ms per logged iteration, target <= 1 ms)%n",
                mOn, (mOn - mOff) / ITERATIONS);
        System.out.printf("  autologging's own time on the caller:   %8.2f ms  (%.4f ms per iteration)%n", mRecord, mRecord / ITERATIONS);
        System.out.printf("  ... and the booster logged to the store: %7.1f ms  (%+.3f ms per iteration)%n", mDone, (mDone - mOff) / ITERATIONS);
        Autolog.finish(Duration.ofSeconds(60));
        client.close(Duration.ofSeconds(60));
    }

    static double train(DMatrix train, DMatrix test, boolean autolog) throws Exception {
        if (autolog) Autolog.enable(); else Autolog.disable();
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("objective", "binary:logistic");
        params.put("eta", 0.1);
        params.put("max_depth", 4);
        params.put("nthread", 1);
        params.put("eval_metric", "logloss");
        Map<String, DMatrix> watches = new LinkedHashMap<>();
        watches.put("train", train);
        watches.put("test", test);
        float[][] metrics = new float[2][ITERATIONS];
        long t0 = System.nanoTime();
        Booster booster = XGBoost.train(train, params, ITERATIONS, watches, metrics, null, null, 0);
        long t1 = System.nanoTime();
        Autolog.record(booster, train, params, ITERATIONS, watches, metrics, null, null, 0);
        long t2 = System.nanoTime();
        if (autolog) recordMs.add((t2 - t1) / 1e6);
        return (t2 - t0) / 1e6;
    }

    static DMatrix data(long seed) throws Exception {
        Random random = new Random(seed);
        float[] data = new float[ROWS * FEATURES];
        float[] labels = new float[ROWS];
        for (int r = 0; r < ROWS; r++) {
            double score = 0;
            for (int j = 0; j < FEATURES; j++) {
                float v = (float) random.nextGaussian();
                data[r * FEATURES + j] = v;
                score += (j % 2 == 0 ? 1 : -0.5) * v;
            }
            labels[r] = score + random.nextGaussian() > 0 ? 1 : 0;
        }
        DMatrix m = new DMatrix(data, ROWS, FEATURES, Float.NaN);
        m.setLabel(labels);
        return m;
    }

    static double median(List<Double> xs) {
        List<Double> s = new ArrayList<>(xs);
        s.sort(null);
        int n = s.size();
        return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
    }
}
