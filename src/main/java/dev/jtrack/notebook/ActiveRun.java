package dev.jtrack.notebook;

import dev.jtrack.tracking.Metric;
import dev.jtrack.tracking.MlflowException;
import dev.jtrack.tracking.Param;
import dev.jtrack.tracking.RunStatus;
import dev.jtrack.tracking.RunTag;
import java.awt.image.RenderedImage;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import tech.tablesaw.api.Table;

/**
 * A run being recorded: log params, metrics, tags and artifacts to it, start child runs, and end
 * it. Every method returns at once; records reach the store in the background, in the order they
 * were logged (see {@link TrackingClient}). Use it with try-with-resources:
 *
 * <pre>{@code
 * try (ActiveRun run = Tracking.startRun("train")) {
 *     run.logParams(Map.of("lr", 0.01, "epochs", 10));
 *     for (int epoch = 0; epoch < 10; epoch++) {
 *         run.logMetric("loss", loss(epoch), epoch);
 *     }
 *     run.logTable(predictions, "predictions.csv");
 * }   // ends the run FINISHED
 * }</pre>
 *
 * Bad input (an invalid key, a param changed to another value) fails at the call with an
 * {@link MlflowException}, before anything is queued. Thread-safe.
 */
public final class ActiveRun implements AutoCloseable {

    private final TrackingClient client;
    private final String key;
    private final String name;
    private final String experiment;
    private final ActiveRun parent;
    private final Map<String, String> params = new ConcurrentHashMap<>();
    private volatile RunStatus endStatus;

    ActiveRun(TrackingClient client, String key, String name, String experiment, ActiveRun parent) {
        this.client = client;
        this.key = key;
        this.name = name;
        this.experiment = experiment;
        this.parent = parent;
    }

    /** The client-side key of this run (the store's run id comes later: {@link #runId()}). */
    public String key() {
        return key;
    }

    /** The name given at start, or null when the store generates one. */
    public String name() {
        return name;
    }

    /** The experiment the run belongs to. */
    public String experiment() {
        return experiment;
    }

    /** The parent run, for a child run. */
    public Optional<ActiveRun> parent() {
        return Optional.ofNullable(parent);
    }

    /** The store's run id, once the run has been created there (empty before that). */
    public Optional<String> runId() {
        return client.recorder().runId(key);
    }

    /**
     * Waits at most {@code timeout} for the run to be created in the store and returns its id.
     *
     * @throws IllegalStateException if it was not created in time (store unreachable)
     */
    public String awaitRunId(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Optional<String> id = runId();
            if (id.isPresent()) {
                return id.get();
            }
            if (System.nanoTime() >= deadline) {
                throw new IllegalStateException("run " + (name != null ? "'" + name + "' " : "")
                        + "is not in the tracking store yet (" + client.trackingUri() + " unreachable?)");
            }
            client.recorder().flush(Duration.ofMillis(Math.min(100, Math.max(1, (deadline - System.nanoTime()) / 1_000_000))));
        }
    }

    /** The store's id of the run's experiment, once the run has been created there. */
    public Optional<String> experimentId() {
        return client.recorder().experimentId(key);
    }

    /** The run's artifact URI, once the run has been created in the store. */
    public Optional<String> artifactUri() {
        return client.recorder().artifactUri(key);
    }

    /** Whether the run has not ended yet. */
    public boolean isActive() {
        return endStatus == null;
    }

    /** The status it ended with, or RUNNING. */
    public RunStatus status() {
        RunStatus s = endStatus;
        return s == null ? RunStatus.RUNNING : s;
    }

    // ----- params -----

    /**
     * Logs a param ({@code String.valueOf(value)}). Params are immutable: logging the same key
     * again with the same value is fine, with another value an error.
     */
    public ActiveRun logParam(String key, Object value) {
        return logParams(java.util.Collections.singletonMap(key, String.valueOf(value)));
    }

    /** Logs several params. */
    public ActiveRun logParams(Map<String, ?> values) {
        List<Param> list = new ArrayList<>();
        values.forEach((k, v) -> list.add(new Param(k, String.valueOf(v))));
        list.forEach(dev.jtrack.tracking.validation.Validation::param);
        for (Param p : list) {
            String before = params.get(p.key());
            if (before != null && !before.equals(p.value())) {
                throw MlflowException.invalidParameter(
                        "Changing param values is not allowed. Param with key='%s' was already logged with value='%s'"
                                + " for run '%s'. Attempted logging new value '%s'.",
                        p.key(), before, name != null ? name : key, p.value());
            }
        }
        checkActive();
        list.forEach(p -> params.put(p.key(), p.value()));
        client.recorder().log(key, List.of(), list, List.of());
        return this;
    }

    // ----- metrics -----

    /** Logs a metric point at step 0, now. */
    public ActiveRun logMetric(String key, double value) {
        return logMetric(key, value, 0, System.currentTimeMillis());
    }

    /** Logs a metric point at {@code step}, now. */
    public ActiveRun logMetric(String key, double value, long step) {
        return logMetric(key, value, step, System.currentTimeMillis());
    }

    /** Logs a metric point at {@code step} with {@code timestamp} (ms since the epoch). */
    public ActiveRun logMetric(String key, double value, long step, long timestamp) {
        checkActive();
        List<Metric> point = List.of(new Metric(key, value, timestamp, step));
        client.recorder().log(this.key, point, List.of(), List.of());
        client.metricsLogged(this, point);
        return this;
    }

    /** Logs several metrics at step 0, now. */
    public ActiveRun logMetrics(Map<String, ? extends Number> values) {
        return logMetrics(values, 0);
    }

    /** Logs several metrics at {@code step}, now. */
    public ActiveRun logMetrics(Map<String, ? extends Number> values, long step) {
        checkActive();
        long now = System.currentTimeMillis();
        List<Metric> list = new ArrayList<>();
        values.forEach((k, v) -> list.add(new Metric(k, v.doubleValue(), now, step)));
        client.recorder().log(key, list, List.of(), List.of());
        client.metricsLogged(this, list);
        return this;
    }

    // ----- tags -----

    /** Sets a tag ({@code String.valueOf(value)}); a later value replaces an earlier one. */
    public ActiveRun setTag(String key, Object value) {
        return setTags(java.util.Collections.singletonMap(key, value));
    }

    /** Sets several tags. */
    public ActiveRun setTags(Map<String, ?> tags) {
        checkActive();
        client.recorder().log(key, List.of(), List.of(), toTags(tags));
        return this;
    }

    static List<RunTag> toTags(Map<String, ?> tags) {
        List<RunTag> list = new ArrayList<>();
        tags.forEach((k, v) -> list.add(new RunTag(k, String.valueOf(v))));
        return list;
    }

    // ----- artifacts -----

    /** Logs a file (or a directory, recursively) at the root of the run's artifacts. */
    public ActiveRun logArtifact(Path file) {
        return logArtifact(file, "");
    }

    /**
     * Logs a file under {@code artifactDir} (e.g. {@code "plots"}), keeping its name; a directory
     * is logged recursively as {@code artifactDir/<its name>/...}. The content is copied now, so
     * the file may change afterwards.
     */
    public ActiveRun logArtifact(Path file, String artifactDir) {
        checkActive();
        if (!Files.exists(file)) {
            throw new IllegalArgumentException("No such file or directory: " + file);
        }
        String dir = artifactDir == null ? "" : artifactDir;
        String base = join(dir, file.getFileName().toString());
        if (Files.isDirectory(file)) {
            try (Stream<Path> files = Files.walk(file)) {
                for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile).sorted()::iterator) {
                    String rel = file.relativize(f).toString().replace('\\', '/');
                    client.recorder().logArtifact(key, join(base, rel), f);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + file, e);
            }
        } else {
            client.recorder().logArtifact(key, base, file);
        }
        return this;
    }

    /** Logs {@code text} as a UTF-8 file at {@code artifactPath} (e.g. {@code "notes/summary.md"}). */
    public ActiveRun logText(String text, String artifactPath) {
        checkActive();
        client.recorder().logArtifact(key, artifactPath, out -> out.write(text.getBytes(StandardCharsets.UTF_8)));
        return this;
    }

    /** Logs {@code content} as a file at {@code artifactPath}; logging a path again replaces the file. */
    public ActiveRun logBytes(byte[] content, String artifactPath) {
        checkActive();
        byte[] copy = content.clone();
        client.recorder().logArtifact(key, artifactPath, out -> out.write(copy));
        return this;
    }

    /**
     * Logs an image at {@code artifactPath}, encoded by its extension ({@code .png}, {@code .jpg},
     * {@code .gif}, {@code .bmp}); PNG when there is none.
     */
    public ActiveRun logImage(RenderedImage image, String artifactPath) {
        checkActive();
        String lower = artifactPath.toLowerCase(Locale.ROOT);
        String format = lower.endsWith(".jpg") || lower.endsWith(".jpeg") ? "jpg"
                : lower.endsWith(".gif") ? "gif" : lower.endsWith(".bmp") ? "bmp" : "png";
        client.recorder().logArtifact(key, artifactPath, out -> {
            if (!ImageIO.write(image, format, out)) {
                throw new IOException("no image writer for format " + format);
            }
        });
        return this;
    }

    /** Logs a Tablesaw table as CSV (with a header row) at {@code artifactPath}. */
    public ActiveRun logTable(Table table, String artifactPath) {
        checkActive();
        client.recorder().logArtifact(key, artifactPath, out -> {
            Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
            table.write().csv(w);
            w.flush();
        });
        return this;
    }

    private static String join(String dir, String name) {
        String d = dir.replace('\\', '/');
        while (d.endsWith("/")) {
            d = d.substring(0, d.length() - 1);
        }
        return d.isEmpty() ? name : d + "/" + name;
    }

    // ----- child runs and end -----

    /** Starts a child run of this one (tagged {@code mlflow.parentRunId}). */
    public ActiveRun startChildRun(String name) {
        return startChildRun(name, Map.of());
    }

    /** Starts a child run with initial tags. */
    public ActiveRun startChildRun(String name, Map<String, ?> tags) {
        checkActive();
        return client.startRun(name, tags, this);
    }

    /** Ends the run FINISHED (idempotent). */
    public void end() {
        end(RunStatus.FINISHED);
    }

    /**
     * Ends the run with {@code status} (FINISHED, FAILED or KILLED), ending its active child runs
     * first with the same status. Ending an ended run does nothing.
     */
    public void end(RunStatus status) {
        if (!status.isTerminated()) {
            throw new IllegalArgumentException("A run ends FINISHED, FAILED or KILLED, not " + status);
        }
        for (ActiveRun child : client.childrenOf(this)) {
            child.end(status);
        }
        synchronized (this) {
            if (endStatus != null) {
                return;
            }
            endStatus = status;
        }
        client.recorder().endRun(key, status, System.currentTimeMillis());
        client.ended(this);
    }

    /** Ends the run FINISHED, as {@link #end()}. */
    @Override
    public void close() {
        end(RunStatus.FINISHED);
    }

    private void checkActive() {
        if (endStatus != null) {
            throw new IllegalStateException("run " + (name != null ? "'" + name + "'" : key) + " has ended ("
                    + endStatus + ")");
        }
    }

    @Override
    public String toString() {
        return "ActiveRun[" + (name != null ? name + ", " : "") + runId().orElse("not in the store yet") + ", "
                + status() + "]";
    }
}
