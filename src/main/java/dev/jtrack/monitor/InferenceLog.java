package dev.jtrack.monitor;

import dev.jtrack.models.PredictionEvent;
import dev.jtrack.models.PredictionListener;
import dev.jtrack.notebook.ActiveRun;
import dev.jtrack.notebook.TrackingClient;
import dev.jtrack.tracking.Run;
import dev.jtrack.tracking.RunStatus;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The inference log of a served model version ({@code jtrack models serve --log-predictions}): a
 * {@link PredictionListener} that appends every answered request to a local
 * {@linkplain InferenceJournal journal} before its answer is sent, and a background deliverer that
 * rolls the journal into gzip CSV files ({@link InferenceFiles}) logged as artifacts under
 * {@value InferenceFiles#ARTIFACT_DIR}/ of the model version's monitoring run (found by its tag,
 * created when missing; see {@link MonitoringRuns}). A journal left behind by a killed process is
 * delivered by the next log opened on the same directory.
 */
public final class InferenceLog implements PredictionListener, AutoCloseable {
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS").withZone(ZoneOffset.UTC);
    private static final int MAX_RECORDS_PER_FILE = 50_000;

    /**
     * How the log is kept.
     *
     * @param logDir the local journal's directory
     * @param sampleRate the fraction of scored requests whose data is logged (0..1]; every request's
     *     outcome (id, status, latency) and every error is logged regardless
     * @param flushInterval how often the journal is rolled into a file and delivered
     * @param experiment the monitoring experiment
     */
    public record Options(Path logDir, double sampleRate, Duration flushInterval, String experiment) {
        public Options {
            if (!(sampleRate > 0 && sampleRate <= 1)) throw new IllegalArgumentException("the sample rate must be in (0, 1], got " + sampleRate);
            if (flushInterval.isNegative() || flushInterval.isZero()) throw new IllegalArgumentException("the flush interval must be positive");
        }

        /** All requests, delivered every 5 seconds, to {@value MonitoringRuns#DEFAULT_EXPERIMENT}. */
        public static Options in(Path logDir) {
            return new Options(logDir, 1.0, Duration.ofSeconds(5), MonitoringRuns.DEFAULT_EXPERIMENT);
        }

        public Options sampleRate(double rate) {
            return new Options(logDir, rate, flushInterval, experiment);
        }

        public Options flushInterval(Duration every) {
            return new Options(logDir, sampleRate, every, experiment);
        }

        public Options experiment(String name) {
            return new Options(logDir, sampleRate, flushInterval, name);
        }
    }

    private final InferenceJournal journal;
    private final ActiveRun run;
    private final Options options;
    private final String modelUri;
    private final Thread deliverer;
    private final Object deliveryLock = new Object();
    private final AtomicLong logged = new AtomicLong();
    private volatile boolean closing;
    private volatile String problem;

    private InferenceLog(InferenceJournal journal, ActiveRun run, Options options, String modelUri) {
        this.journal = journal;
        this.run = run;
        this.options = options;
        this.modelUri = modelUri;
        this.deliverer = new Thread(this::deliverLoop, "jtrack-inference-log");
        this.deliverer.setDaemon(true);
    }

    /**
     * Opens the log of the model at {@code modelUri} (resolved to its version) and starts the
     * deliverer; records of an earlier process left in the journal are delivered first. Give it a
     * client of its own: the monitoring run becomes that client's active run until {@link #close}.
     *
     * @throws IOException when the journal cannot be opened (or another process holds it)
     */
    public static InferenceLog open(TrackingClient client, String modelUri, Options options) throws IOException {
        String canonical = MonitoringRuns.canonical(client, modelUri);
        InferenceJournal journal = InferenceJournal.open(options.logDir());
        try {
            Map<String, String> tags = new LinkedHashMap<>();
            tags.put(MonitoringRuns.MODEL_TAG, canonical);
            if (canonical.startsWith("models:/")) {
                String[] nv = canonical.substring("models:/".length()).split("/");
                tags.put(MonitoringRuns.NAME_TAG, nv[0]);
                tags.put(MonitoringRuns.VERSION_TAG, nv[1]);
            }
            tags.put(MonitoringRuns.SAMPLE_TAG, Double.toString(options.sampleRate()));
            List<Run> existing = MonitoringRuns.find(client, options.experiment(), canonical);
            ActiveRun run;
            if (existing.isEmpty()) {
                String previous = client.experiment();
                client.setExperiment(options.experiment()); // a run takes the client's experiment when it starts
                try {
                    run = client.startTopLevelRun("monitor " + canonical, tags);
                } finally {
                    client.setExperiment(previous);
                }
            } else {
                run = client.resumeRun(existing.get(0).info().runId(), tags);
            }
            InferenceLog log = new InferenceLog(journal, run, options, canonical);
            log.deliverer.start();
            return log;
        } catch (RuntimeException e) {
            journal.close();
            throw e;
        }
    }

    /** The canonical URI of the logged model version. */
    public String modelUri() {
        return modelUri;
    }

    /** The monitoring run (its id once the store has created it). */
    public ActiveRun run() {
        return run;
    }

    /** Requests appended to the journal since this log opened. */
    public long logged() {
        return logged.get();
    }

    /** The last delivery failure, if any (deliveries are retried). */
    public String deliveryProblem() {
        return problem;
    }

    @Override
    public void onPrediction(PredictionEvent event) {
        boolean withData = options.sampleRate() >= 1 || ThreadLocalRandom.current().nextDouble() < options.sampleRate();
        journal.append(InferenceRecords.encode(event, withData));
        logged.incrementAndGet();
    }

    private void deliverLoop() {
        long waitMs = options.flushInterval().toMillis();
        while (!closing) {
            try {
                deliver();
                problem = null;
            } catch (IOException | RuntimeException e) {
                problem = e.toString();
            }
            synchronized (deliveryLock) {
                if (closing) break;
                try {
                    deliveryLock.wait(waitMs);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /** Rolls everything appended so far into files and hands them to the run's recorder. */
    public void deliver() throws IOException {
        synchronized (journal) {
            for (int round = 0; round < 10_000 && journal.pending() > 0; round++) {
                List<InferenceJournal.Line> lines = journal.undelivered(MAX_RECORDS_PER_FILE);
                if (lines.isEmpty()) return;
                journal.sync();
                List<InferenceRow> rows = new ArrayList<>();
                for (InferenceJournal.Line l : lines) {
                    try {
                        rows.addAll(InferenceRecords.decode(l.json()));
                    } catch (IOException unreadable) {
                        // a record that is not JSON cannot be delivered; it must not block the rest
                    }
                }
                long start = journal.deliveredOffset();
                long first = rows.isEmpty() ? System.currentTimeMillis() : rows.get(0).timeMillis();
                Path outgoing = Files.createDirectories(journal.dir().resolve("outgoing"));
                Path file = outgoing.resolve("part-" + STAMP.format(Instant.ofEpochMilli(first)) + "-" + start + ".csv.gz");
                try (OutputStream out = Files.newOutputStream(file)) {
                    InferenceFiles.write(rows, out);
                }
                run.logArtifact(file, InferenceFiles.ARTIFACT_DIR); // copied into the recorder's journal now
                Files.delete(file);
                journal.markDelivered(lines.get(lines.size() - 1).endOffset());
            }
        }
    }

    /** Delivers what is left, ends the monitoring run's current stretch and releases the journal. */
    @Override
    public void close() {
        closing = true;
        synchronized (deliveryLock) {
            deliveryLock.notifyAll();
        }
        try {
            deliverer.join(Duration.ofSeconds(30).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            deliver();
            run.end(RunStatus.FINISHED);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            try {
                journal.close();
            } catch (IOException ignored) {
                // the records are in the file; a later log delivers them
            }
        }
    }
}
