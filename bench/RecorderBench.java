import dev.jtrack.notebook.ActiveRun;
import dev.jtrack.notebook.TrackingClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;

/**
 * What a tracking call costs the caller, and how fast the background writer delivers.
 * Prints, for the embedded SQLite store and for an unreachable server: median / p99 / max latency
 * of ActiveRun.logMetric (the call returns once the record is in the local journal), and the time
 * until flush() saw N records delivered.
 */
public class RecorderBench {
    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 20000;
        Path dir = Files.createTempDirectory("jtrack-recorder-bench");
        run("embedded SQLite", dir.resolve("store").toString(), dir, n, true);
        run("server down (http://127.0.0.1:9)", "http://127.0.0.1:9", dir, n, false);
    }

    static void run(String label, String uri, Path dir, int n, boolean deliver) {
        long[] lat = new long[n];
        try (TrackingClient client = TrackingClient.builder().trackingUri(uri)
                .journalDir(dir.resolve("journal-" + label.hashCode())).reporter(m -> { }).build()) {
            ActiveRun run = client.startRun("bench");
            for (int i = 0; i < 2000; i++) { // warm-up
                run.logMetric("warm", i, i);
            }
            client.flush(Duration.ofSeconds(60));
            long t0 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                long s = System.nanoTime();
                run.logMetric("loss", 1.0 / (i + 1), i);
                lat[i] = System.nanoTime() - s;
            }
            long callsNs = System.nanoTime() - t0;
            Arrays.sort(lat);
            System.out.printf("%s: logMetric x%d  median %.1f us  p99 %.1f us  max %.1f ms  (%.0f calls/s)%n",
                    label, n, lat[n / 2] / 1e3, lat[(int) (n * 0.99)] / 1e3, lat[n - 1] / 1e6, n / (callsNs / 1e9));
            if (deliver) {
                boolean ok = client.flush(Duration.ofMinutes(5));
                long allNs = System.nanoTime() - t0;
                System.out.printf("%s: %d metrics delivered %s after %.0f ms (%.0f metrics/s end to end)%n",
                        label, n, ok ? "completely" : "NOT completely", allNs / 1e6, n / (allNs / 1e9));
            }
            client.close(Duration.ofMillis(deliver ? 10000 : 200));
        }
    }
}
