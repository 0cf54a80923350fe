import dev.jtrack.notebook.Autolog;
import dev.jtrack.notebook.Tracking;
import dev.jtrack.notebook.TrackingClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.classification.sgd.linear.LinearSGDTrainer;
import org.tribuo.classification.sgd.objectives.LogMulticlass;
import org.tribuo.impl.ArrayExample;
import org.tribuo.math.optimisers.AdaGrad;
import org.tribuo.provenance.SimpleDataSourceProvenance;

/**
 * Library autologging overhead on Tribuo: a LinearSGDTrainer, 10 epochs over 100,000 rows x 10
 * features, trained alternately without and with autologging (embedded SQLite store in a temporary
 * directory). Prints the median training call without, with (what the caller waits for: params,
 * dataset, run placement), and with the background logging (the model written to the store) done,
 * against the target of +2%.
 *
 * Run: bench/autolog.sh (after the kernel round trips), or bench/library-autolog.sh alone.
 */
public class LibraryAutologBench {
    static final int ROWS = 100_000;
    static final int FEATURES = 10;
    static final int EPOCHS = 10;
    static final List<Double> recordMs = new ArrayList<>();
    /** Tribuo logs every 1000 SGD steps at INFO; held, as loggers are weakly referenced. */
    static final java.util.logging.Logger TRIBUO_LOG = java.util.logging.Logger.getLogger("org.tribuo");

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        TRIBUO_LOG.setLevel(java.util.logging.Level.WARNING);
        Path dir = Files.createTempDirectory("jtrack-library-autolog-bench");
        TrackingClient client = TrackingClient.builder().trackingUri(dir.resolve("store").toString())
                .journalDir(dir.resolve("journal")).experiment("bench").build();
        Tracking.useClient(client);
        MutableDataset<Label> data = data();
        System.out.println("Tribuo LinearSGDTrainer, " + EPOCHS + " epochs x " + ROWS + " rows x " + FEATURES + " features, "
                + rounds + " rounds each (" + Runtime.getRuntime().availableProcessors() + " CPUs)");
        train(data, false); // warm-up both paths
        train(data, true);
        Autolog.await(Duration.ofSeconds(60));
        List<Double> off = new ArrayList<>(), on = new ArrayList<>(), onDone = new ArrayList<>();
        for (int i = 0; i < rounds; i++) {
            // alternate which goes first: on 2 shared cores the first of a pair is often the slower one
            for (boolean autolog : i % 2 == 0 ? new boolean[] {false, true} : new boolean[] {true, false}) {
                if (!autolog) {
                    off.add(train(data, false));
                    continue;
                }
                long t0 = System.nanoTime();
                on.add(train(data, true));
                Autolog.await(Duration.ofSeconds(60));
                onDone.add((System.nanoTime() - t0) / 1e6);
            }
        }
        double mOff = median(off), mOn = median(on), mDone = median(onDone), mRecord = median(recordMs);
        System.out.printf("training call, autolog off:              %8.1f ms%n", mOff);
        System.out.printf("training call, autolog on:               %8.1f ms  (%+.2f%%, target <= +2%%)%n", mOn, 100 * (mOn - mOff) / mOff);
        System.out.printf("  autologging's own time on the caller:  %8.2f ms  (%.3f%% of the training call)%n", mRecord, 100 * mRecord / mOff);
        System.out.printf("  ... and the model logged to the store: %8.1f ms  (%+.2f%%)%n", mDone, 100 * (mDone - mOff) / mOff);
        Autolog.finish(Duration.ofSeconds(60));
        client.close(Duration.ofSeconds(60));
    }

    static double train(MutableDataset<Label> data, boolean autolog) {
        if (autolog) Autolog.enable(); else Autolog.disable();
        long t0 = System.nanoTime();
        Model<Label> model = new LinearSGDTrainer(new LogMulticlass(), new AdaGrad(0.1, 0.1), EPOCHS, 1L).train(data);
        long t1 = System.nanoTime();
        Autolog.record(model);
        long t2 = System.nanoTime();
        if (autolog) recordMs.add((t2 - t1) / 1e6);
        return (t2 - t0) / 1e6;
    }

    static MutableDataset<Label> data() {
        LabelFactory labels = new LabelFactory();
        MutableDataset<Label> data = new MutableDataset<>(new SimpleDataSourceProvenance("synthetic", labels), labels);
        Random random = new Random(1);
        String[] names = new String[FEATURES];
        for (int j = 0; j < FEATURES; j++) names[j] = "f" + j;
        for (int r = 0; r < ROWS; r++) {
            double[] v = new double[FEATURES];
            double score = 0;
            for (int j = 0; j < FEATURES; j++) {
                v[j] = random.nextGaussian();
                score += (j % 2 == 0 ? 1 : -0.5) * v[j];
            }
            data.add(new ArrayExample<>(new Label(score > 0 ? "yes" : "no"), names, v));
        }
        return data;
    }

    static double median(List<Double> xs) {
        List<Double> s = new ArrayList<>(xs);
        s.sort(null);
        int n = s.size();
        return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
    }
}
