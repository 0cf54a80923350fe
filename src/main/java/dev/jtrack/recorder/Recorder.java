package dev.jtrack.recorder;

import dev.jtrack.store.ArtifactTargets;
import dev.jtrack.recorder.Batcher.Unit;
import dev.jtrack.recorder.Journal.RunRef;
import dev.jtrack.recorder.Journal.Stored;
import dev.jtrack.tracking.Metric;
import dev.jtrack.tracking.Param;
import dev.jtrack.tracking.RunStatus;
import dev.jtrack.tracking.RunTag;
import dev.jtrack.tracking.TrackingStore;
import dev.jtrack.tracking.validation.Validation;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The asynchronous, journaled writer behind the tracking API. Every call appends the operation
 * to the session's {@link Journal} on local disk and returns; one background thread delivers the
 * journal, in order, to the {@link TrackingStore}: consecutive logs of a run as one log-batch
 * within MLflow's limits, artifacts uploaded one by one.
 *
 * <p>When the store cannot be reached, the thread retries with capped exponential backoff and the
 * journal keeps everything; a recorder started later for the same store (also in another process)
 * first delivers the journals of sessions whose process is gone, then ends their runs that never
 * ended as KILLED. Each entry is delivered once: the delivered position is synced after each
 * delivery, and a delivery that may already have happened is made idempotent (see
 * {@link Delivery}). Entries the store refuses as invalid are recorded in {@code failed.jsonl} of
 * the session and reported once; they never block what follows.
 *
 * <p>Memory stays bounded however long the store is away: pending entries live in the journal
 * file, the writer reads a bounded window of it.
 */
public final class Recorder implements AutoCloseable {

    /** How many entries the writer reads ahead at most. */
    private static final int WINDOW = 1100;
    /** How many journal bytes the writer reads ahead at most (a few entries may go over). */
    private static final long WINDOW_BYTES = 8L << 20;
    private static final long SYNC_INTERVAL_NANOS = 1_000_000_000L;
    /** Attempts for a unit the server keeps answering with an internal error before it is refused. */
    private static final int MAX_SERVER_ERROR_ATTEMPTS = 8;

    private final Journal journal;
    private final Path journalRoot;
    private final String storeId;
    private final Supplier<TrackingStore> storeOpener;
    private final ArtifactTargets artifacts;
    private final Consumer<String> reporter;
    private final Duration initialBackoff;
    private final Duration maxBackoff;
    private final long compactBytes;
    private final Thread writer;
    private final Object progress = new Object();
    private final Orphans orphans;
    private volatile boolean stopping;
    private volatile boolean halted;
    private boolean closed;
    private final CountDownLatch closeDone = new CountDownLatch(1);
    private volatile String lastError;
    private volatile boolean reportedUnreachable;
    private int reportedFailures;

    private Recorder(Builder b) throws IOException {
        this.journalRoot = b.journalRoot;
        this.storeId = b.storeId;
        this.storeOpener = b.storeOpener;
        this.artifacts = b.artifacts;
        this.reporter = b.reporter;
        this.initialBackoff = b.initialBackoff;
        this.maxBackoff = b.maxBackoff;
        this.compactBytes = b.compactBytes;
        this.orphans = new Orphans(reporter);
        Files.createDirectories(journalRoot);
        this.journal = Journal.create(journalRoot, storeId);
        this.writer = new Thread(this::runWriter, "jtrack-recorder-" + journal.info().session());
        writer.setDaemon(true);
        writer.start();
    }

    /**
     * A builder.
     *
     * @param storeId identifies the store (e.g. its URI with secrets removed): journals of dead
     *     sessions are only replayed into the store they were written for
     * @param storeOpener opens the store on the writer thread (a database may take a moment); it is
     *     called once and the caller closes what it returns
     */
    public static Builder builder(String storeId, Supplier<TrackingStore> storeOpener) {
        return new Builder(storeId, storeOpener);
    }

    /** Options of a {@link Recorder}. */
    public static final class Builder {
        private final String storeId;
        private final Supplier<TrackingStore> storeOpener;
        private Path journalRoot = defaultJournalRoot();
        private ArtifactTargets artifacts = new ArtifactTargets(null);
        private Consumer<String> reporter = System.err::println;
        private Duration initialBackoff = Duration.ofMillis(100);
        private Duration maxBackoff = Duration.ofSeconds(5);
        private long compactBytes = 64L << 20;

        private Builder(String storeId, Supplier<TrackingStore> storeOpener) {
            this.storeId = Objects.requireNonNull(storeId, "storeId");
            this.storeOpener = Objects.requireNonNull(storeOpener, "storeOpener");
        }

        /** Where session journals live (default {@link #defaultJournalRoot()}). */
        public Builder journalRoot(Path dir) {
            this.journalRoot = dir.toAbsolutePath().normalize();
            return this;
        }

        /** How artifact URIs are reached (default: local paths only). */
        public Builder artifacts(ArtifactTargets targets) {
            this.artifacts = targets;
            return this;
        }

        /** Where one-line problem reports go (default stderr). */
        public Builder reporter(Consumer<String> r) {
            this.reporter = r;
            return this;
        }

        /** Backoff between attempts while the store is unreachable. */
        public Builder backoff(Duration initial, Duration max) {
            this.initialBackoff = initial;
            this.maxBackoff = max;
            return this;
        }

        /** Empty the journal file once all of it is delivered and it is larger than this (default 64 MiB). */
        public Builder compactAfter(long bytes) {
            this.compactBytes = bytes;
            return this;
        }

        /** Creates the session journal and starts the writer thread. */
        public Recorder start() {
            try {
                return new Recorder(this);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create the tracking journal in " + journalRoot, e);
            }
        }
    }

    /** {@code $JTRACK_JOURNAL_DIR}, else {@code ~/.jtrack/journal}. */
    public static Path defaultJournalRoot() {
        String env = System.getenv("JTRACK_JOURNAL_DIR");
        if (env != null && !env.isBlank()) {
            return Path.of(env).toAbsolutePath().normalize();
        }
        return Path.of(System.getProperty("user.home"), ".jtrack", "journal");
    }

    /** This session's journal directory. */
    public Path journalDir() {
        return journal.dir();
    }

    /** A new client-side run key (32 hex digits). */
    public String newRunKey() {
        return UUID.randomUUID().toString().replace("-", "");
    }

    // ----- operations: each appends to the journal and returns -----

    /**
     * Queues the creation of a run.
     *
     * @param runKey from {@link #newRunKey()}
     * @param experiment the experiment's name (created when missing), or null for "Default"
     * @param runName the name, or null for one the store generates
     * @param parentKey the parent run's key, or null
     * @param tags initial tags
     * @param startTime ms since the epoch
     */
    public void createRun(String runKey, String experiment, String runName, String parentKey, List<RunTag> tags,
            long startTime) {
        Objects.requireNonNull(runKey, "runKey");
        if (experiment != null) {
            Validation.experimentName(experiment);
        }
        Validation.length("Run name", runName, Validation.MAX_RUN_NAME_LENGTH);
        tags.forEach(Validation::tag);
        append(JournalEntry.createRun(runKey, startTime, experiment, runName, parentKey, tags));
    }

    /**
     * Queues logging into a run that already exists in the store under {@code runKey} (as MLflow
     * does for {@code MLFLOW_RUN_ID}): the run is marked RUNNING and given {@code tags}; what is
     * logged for the key afterwards goes into it. A run id the store does not know is refused
     * like any bad record, with one line on the reporter.
     */
    public void resumeRun(String runKey, String runId, List<RunTag> tags) {
        Objects.requireNonNull(runKey, "runKey");
        if (runId == null || !runId.matches("[A-Za-z0-9_-]{1,256}")) {
            throw new IllegalArgumentException("Invalid run id '" + runId + "'");
        }
        tags.forEach(Validation::tag);
        append(JournalEntry.resumeRun(runKey, System.currentTimeMillis(), runId, tags));
    }

    /**
     * Queues metrics, params and tags for a run; validated now (a bad key fails here, clearly),
     * split into entries within MLflow's batch limits.
     */
    public void log(String runKey, List<Metric> metrics, List<Param> params, List<RunTag> tags) {
        metrics.forEach(Validation::metric);
        params.forEach(Validation::param);
        tags.forEach(Validation::tag);
        long now = System.currentTimeMillis();
        int np = params.size();
        int nt = tags.size();
        if (metrics.size() <= Validation.MAX_METRICS_PER_BATCH && np <= Validation.MAX_PARAMS_TAGS_PER_BATCH
                && nt <= Validation.MAX_PARAMS_TAGS_PER_BATCH
                && metrics.size() + np + nt <= Validation.MAX_ENTITIES_PER_BATCH) {
            if (!metrics.isEmpty() || np > 0 || nt > 0) {
                append(JournalEntry.log(runKey, now, metrics, params, tags));
            }
            return;
        }
        for (int i = 0; i < metrics.size(); i += Validation.MAX_METRICS_PER_BATCH) {
            append(JournalEntry.log(runKey, now,
                    metrics.subList(i, Math.min(metrics.size(), i + Validation.MAX_METRICS_PER_BATCH)), List.of(), List.of()));
        }
        for (int i = 0; i < params.size(); i += Validation.MAX_PARAMS_TAGS_PER_BATCH) {
            append(JournalEntry.log(runKey, now, List.of(),
                    params.subList(i, Math.min(params.size(), i + Validation.MAX_PARAMS_TAGS_PER_BATCH)), List.of()));
        }
        for (int i = 0; i < tags.size(); i += Validation.MAX_PARAMS_TAGS_PER_BATCH) {
            append(JournalEntry.log(runKey, now, List.of(), List.of(),
                    tags.subList(i, Math.min(tags.size(), i + Validation.MAX_PARAMS_TAGS_PER_BATCH))));
        }
    }

    /** Queues an upload of a copy of {@code file} (taken now) to {@code artifactPath} of the run. */
    public void logArtifact(String runKey, String artifactPath, Path file) {
        logArtifact(runKey, artifactPath, out -> Files.copy(file, out));
    }

    /** Something that writes an artifact's bytes. */
    @FunctionalInterface
    public interface ArtifactWriter {
        void writeTo(OutputStream out) throws IOException;
    }

    /** Queues an upload of the bytes {@code content} writes now, to {@code artifactPath} of the run. */
    public void logArtifact(String runKey, String artifactPath, ArtifactWriter content) {
        String path = dev.jtrack.artifacts.ArtifactPaths.normalize(artifactPath);
        if (path.isEmpty()) {
            throw new IllegalArgumentException("An artifact needs a file path, got '" + artifactPath + "'");
        }
        Path blob = journal.newBlob();
        Path tmp = blob.resolveSibling(blob.getFileName() + ".part");
        try {
            try (OutputStream out = Files.newOutputStream(tmp)) {
                content.writeTo(out);
            }
            Files.move(tmp, blob, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // nothing more to undo
            }
            throw new UncheckedIOException("cannot stage artifact " + path + ": " + e.getMessage(), e);
        }
        append(JournalEntry.artifact(runKey, System.currentTimeMillis(), blob.getFileName().toString(), path));
    }

    /** Queues the end of a run. */
    public void endRun(String runKey, RunStatus status, long endTime) {
        if (!status.isTerminated()) {
            throw new IllegalArgumentException("A run ends FINISHED, FAILED or KILLED, not " + status);
        }
        append(JournalEntry.endRun(runKey, endTime, status));
    }

    private void append(JournalEntry e) {
        if (halted) {
            throw new IllegalStateException("the recorder is closed");
        }
        journal.append(e);
        LockSupport.unpark(writer);
    }

    // ----- state -----

    /** The store's id of the run, once it has been created there. */
    public Optional<String> runId(String runKey) {
        RunRef r = journal.run(runKey);
        return r == null ? Optional.empty() : Optional.of(r.runId());
    }

    /** The store's id of the run's experiment, once the run has been created there. */
    public Optional<String> experimentId(String runKey) {
        RunRef r = journal.run(runKey);
        return r == null ? Optional.empty() : Optional.of(r.experimentId());
    }

    /** The run's artifact URI, once it has been created in the store. */
    public Optional<String> artifactUri(String runKey) {
        RunRef r = journal.run(runKey);
        return r == null ? Optional.empty() : Optional.of(r.artifactUri());
    }

    /** Entries of this session not yet delivered (or refused). */
    public long pending() {
        return journal.lastSeq() - journal.deliveredSeq();
    }

    /** Entries of this session the store refused (see {@code failed.jsonl} in {@link #journalDir()}). */
    public int failed() {
        return journal.failures();
    }

    /** The last delivery problem, or null when the last delivery went through. */
    public String lastError() {
        return lastError;
    }

    /**
     * Waits until everything appended so far (and every orphaned session found at start) is
     * delivered, at most {@code timeout}.
     *
     * @return true when all was delivered in time
     */
    public boolean flush(Duration timeout) {
        long target = journal.lastSeq();
        long deadline = System.nanoTime() + timeout.toNanos();
        LockSupport.unpark(writer);
        synchronized (progress) {
            while (!(orphans.settled() && journal.deliveredSeq() >= target)) {
                long left = deadline - System.nanoTime();
                if (left <= 0 || !writer.isAlive()) {
                    return false;
                }
                try {
                    progress.wait(Math.max(1, left / 1_000_000), 0);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
            return true;
        }
    }

    /** {@link #close(Duration)} with 10 seconds. */
    @Override
    public void close() {
        close(Duration.ofSeconds(10));
    }

    /**
     * Delivers what it can within {@code timeout}, then stops the writer. What was not delivered
     * stays in the journal for the next recorder on this store.
     *
     * @return true when everything was delivered
     */
    public boolean close(Duration timeout) {
        synchronized (this) {
            if (closed) {
                awaitClosed(timeout);
                return pending() == 0;
            }
            closed = true;
        }
        try {
            return closeOnce(timeout);
        } finally {
            closeDone.countDown();
        }
    }

    /** A second close returns once the first has finished (or {@code timeout} passed). */
    private void awaitClosed(Duration timeout) {
        try {
            closeDone.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private boolean closeOnce(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        // Keep a little of the budget for stopping the writer, so the whole call stays in bound.
        Duration reserve = timeout.dividedBy(5).compareTo(Duration.ofMillis(200)) < 0
                ? timeout.dividedBy(5) : Duration.ofMillis(200);
        boolean all = flush(timeout.minus(reserve));
        stopping = true;
        halted = true;
        LockSupport.unpark(writer);
        try {
            writer.join(Math.max(1, (deadline - System.nanoTime()) / 2_000_000));
            if (writer.isAlive()) {
                writer.interrupt();
                writer.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        journal.close();
        orphans.releaseAll(); // not finished: a later recorder takes them over
        if (!all) {
            reporter.accept("jtrack: " + pending() + " tracking records not delivered yet; they are kept in "
                    + journal.dir() + " and delivered by the next session on this store");
        }
        return all;
    }

    // ----- the writer thread -----

    private void runWriter() {
        TrackingStore store = null;
        Delivery delivery = null;
        long backoff = initialBackoff.toMillis();
        boolean maybeSent = false;
        Journal current = null;
        int serverErrors = 0;
        List<Stored> window = new ArrayList<>();
        long lastSync = 0;
        try {
            while (!Thread.currentThread().isInterrupted()) {
                if (store == null) {
                    try {
                        store = storeOpener.get();
                        delivery = new Delivery(store, artifacts);
                        orphans.adopt(journalRoot, journal.dir(), storeId);
                    } catch (RuntimeException e) {
                        unreachable("cannot open the tracking store: " + e.getMessage());
                        if (!pause(backoff)) {
                            break;
                        }
                        backoff = Math.min(maxBackoff.toMillis(), backoff * 2);
                        continue;
                    }
                }
                Orphans.Orphan orphan = orphans.next();
                Journal j = orphan != null ? orphan.journal() : journal;
                if (j != current) {
                    current = j;
                    window.clear();
                    maybeSent = orphan != null; // a dead process may have sent its last delivery
                }
                refill(j, window);
                List<Stored> pending = window;
                if (pending.isEmpty()) {
                    if (orphan != null) {
                        try {
                            orphans.finish(store, orphan);
                        } catch (RuntimeException e) {
                            unreachable(Failures.classify(e).getMessage());
                            if (!pause(backoff)) {
                                break;
                            }
                            backoff = Math.min(maxBackoff.toMillis(), backoff * 2);
                            continue;
                        }
                        signalProgress();
                        continue;
                    }
                    if (journal.compactIfDone(compactBytes)) {
                        window.clear();
                    }
                    signalProgress();
                    if (stopping) {
                        break;
                    }
                    LockSupport.parkNanos(this, 200_000_000L);
                    continue;
                }
                if (System.nanoTime() - lastSync > SYNC_INTERVAL_NANOS) {
                    // Durability against an OS crash, at most once a second: a sync per delivery
                    // would stall callers appending to the same file on some file systems.
                    j.sync();
                    lastSync = System.nanoTime();
                }
                Unit unit = Batcher.next(pending);
                List<Delivery.Failure> failures;
                try {
                    failures = delivery.deliver(j, unit, maybeSent);
                } catch (Unreachable u) {
                    maybeSent = true;
                    if (u.serverError() && ++serverErrors >= MAX_SERVER_ERROR_ATTEMPTS) {
                        failures = unit.entries().stream()
                                .map(s -> new Delivery.Failure(s.entry(), u.getMessage())).toList();
                    } else {
                        unreachable(u.getMessage());
                        if (!pause(backoff)) {
                            break;
                        }
                        backoff = Math.min(maxBackoff.toMillis(), backoff * 2);
                        continue;
                    }
                }
                for (Delivery.Failure f : failures) {
                    j.recordFailure(f.entry(), f.error());
                    reportFailure(j, f);
                }
                j.markDone(unit.last().entry().seq(), unit.last().endOffset());
                window.subList(0, unit.entries().size()).clear();
                deleteBlobs(j, unit, failures);
                if (reportedUnreachable) {
                    reporter.accept("jtrack: tracking store reachable again; delivering journaled records");
                    reportedUnreachable = false;
                }
                lastError = null;
                maybeSent = false;
                serverErrors = 0;
                backoff = initialBackoff.toMillis();
                signalProgress();
            }
        } catch (IOException | RuntimeException e) {
            if (halted) {
                return; // closed under the writer's feet at the end of close(timeout)
            }
            reporter.accept("jtrack: the tracking journal failed, recording stopped (" + journal.dir() + "): " + e);
        } finally {
            if (delivery != null) {
                delivery.close();
            }
            orphans.giveUp();
            signalProgress();
        }
    }

    /**
     * Tops up the read-ahead window from the journal once it is half used, so the writer reads
     * each entry about once however the deliveries are cut.
     */
    private static void refill(Journal j, List<Stored> window) throws IOException {
        if (window.size() > WINDOW / 2) {
            return;
        }
        long from = window.isEmpty() ? j.deliveredOffset() : window.get(window.size() - 1).endOffset();
        window.addAll(j.read(from, WINDOW - window.size(), WINDOW_BYTES));
    }

    private void deleteBlobs(Journal j, Unit unit, List<Delivery.Failure> failures) {
        for (Stored s : unit.entries()) {
            JournalEntry e = s.entry();
            if (e.kind() == JournalEntry.Kind.ARTIFACT && failures.stream().noneMatch(f -> f.entry().seq() == e.seq())) {
                try {
                    Files.deleteIfExists(j.blob(e.blob()));
                } catch (IOException ignored) {
                    // removed with the session directory later
                }
            }
        }
    }

    private void unreachable(String message) {
        lastError = message;
        if (!reportedUnreachable) {
            reportedUnreachable = true;
            reporter.accept("jtrack: tracking store unreachable (" + message + "); records are kept in "
                    + journal.dir() + " and delivered when it is back");
        }
    }

    private void reportFailure(Journal j, Delivery.Failure f) {
        lastError = f.error();
        reportedFailures++;
        if (reportedFailures <= 10) {
            reporter.accept("jtrack: the tracking store refused a " + f.entry().kind() + " record (" + f.error()
                    + "); kept in " + j.dir().resolve("failed.jsonl"));
        } else if (reportedFailures == 11) {
            reporter.accept("jtrack: further refused records are only written to failed.jsonl");
        }
    }

    /** Sleeps for a backoff delay; false when the recorder is closing and should stop retrying. */
    private boolean pause(long ms) {
        long jitter = ms <= 1 ? 0 : java.util.concurrent.ThreadLocalRandom.current().nextLong(ms / 5 + 1);
        long until = System.nanoTime() + (ms + jitter) * 1_000_000L;
        while (System.nanoTime() < until) {
            if (halted && stopping && Thread.currentThread().isInterrupted()) {
                return false;
            }
            LockSupport.parkNanos(this, until - System.nanoTime());
            if (Thread.currentThread().isInterrupted()) {
                return false;
            }
        }
        return true;
    }

    private void signalProgress() {
        synchronized (progress) {
            progress.notifyAll();
        }
    }


}
