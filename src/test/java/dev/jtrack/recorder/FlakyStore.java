package dev.jtrack.recorder;

import dev.jtrack.tracking.DatasetInput;
import dev.jtrack.tracking.ErrorCode;
import dev.jtrack.tracking.Experiment;
import dev.jtrack.tracking.ExperimentTag;
import dev.jtrack.tracking.Metric;
import dev.jtrack.tracking.MetricWithRunId;
import dev.jtrack.tracking.MlflowException;
import dev.jtrack.tracking.Page;
import dev.jtrack.tracking.Param;
import dev.jtrack.tracking.Run;
import dev.jtrack.tracking.RunInfo;
import dev.jtrack.tracking.RunStatus;
import dev.jtrack.tracking.RunTag;
import dev.jtrack.tracking.TrackingStore;
import dev.jtrack.tracking.ViewType;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * A real store with faults injected in front of it, as a network would: {@link #down} makes
 * every call fail as unreachable; {@link #loseAnswers} applies the next writes and then fails
 * them (the answer was lost); {@link #hangAfterWrite} applies the next write and then blocks
 * (a process stuck or killed between sending and marking). Records the log-batch sizes it saw.
 */
final class FlakyStore implements TrackingStore {

    /** One log-batch call as the store received it. */
    record Batch(String runId, int metrics, int params, int tags) {}

    private final TrackingStore real;
    volatile boolean down;
    /** getRun fails as unreachable (the last step of taking over a dead session). */
    volatile boolean getRunDown;
    final AtomicInteger loseAnswers = new AtomicInteger();
    volatile CountDownLatch hangAfterWrite;
    final CountDownLatch hung = new CountDownLatch(1);
    final List<Batch> batches = new CopyOnWriteArrayList<>();
    final AtomicInteger writes = new AtomicInteger();

    FlakyStore(TrackingStore real) {
        this.real = real;
    }

    private void check() {
        if (down) {
            throw new MlflowException(ErrorCode.TEMPORARILY_UNAVAILABLE, "injected: store down");
        }
    }

    private <T> T write(Supplier<T> call) {
        check();
        T result = call.get();
        writes.incrementAndGet();
        CountDownLatch hang = hangAfterWrite;
        if (hang != null) {
            hangAfterWrite = null;
            hung.countDown();
            try {
                hang.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            throw new MlflowException(ErrorCode.TEMPORARILY_UNAVAILABLE, "injected: hung after write");
        }
        if (loseAnswers.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            throw new MlflowException(ErrorCode.TEMPORARILY_UNAVAILABLE, "injected: answer lost");
        }
        return result;
    }

    private void write(Runnable call) {
        write(() -> {
            call.run();
            return null;
        });
    }

    @Override
    public String createExperiment(String name, String artifactLocation, List<ExperimentTag> tags) {
        return write(() -> real.createExperiment(name, artifactLocation, tags));
    }

    @Override
    public Experiment getExperiment(String experimentId) {
        check();
        return real.getExperiment(experimentId);
    }

    @Override
    public Experiment getExperimentByName(String name) {
        check();
        return real.getExperimentByName(name);
    }

    @Override
    public Page<Experiment> searchExperiments(ViewType v, int max, String filter, List<String> orderBy, String token) {
        check();
        return real.searchExperiments(v, max, filter, orderBy, token);
    }

    @Override
    public void deleteExperiment(String experimentId) {
        write(() -> real.deleteExperiment(experimentId));
    }

    @Override
    public void restoreExperiment(String experimentId) {
        write(() -> real.restoreExperiment(experimentId));
    }

    @Override
    public void renameExperiment(String experimentId, String newName) {
        write(() -> real.renameExperiment(experimentId, newName));
    }

    @Override
    public void setExperimentTag(String experimentId, ExperimentTag tag) {
        write(() -> real.setExperimentTag(experimentId, tag));
    }

    @Override
    public java.util.List<dev.jtrack.tracking.DatasetSummary> searchDatasets(java.util.List<String> experimentIds) {
        return real.searchDatasets(experimentIds);
    }

    @Override
    public void deleteExperimentTag(String experimentId, String key) {
        write(() -> real.deleteExperimentTag(experimentId, key));
    }

    @Override
    public Run createRun(String experimentId, String userId, Long startTime, List<RunTag> tags, String runName) {
        return write(() -> real.createRun(experimentId, userId, startTime, tags, runName));
    }

    @Override
    public Run getRun(String runId) {
        check();
        if (getRunDown) {
            throw new MlflowException(ErrorCode.TEMPORARILY_UNAVAILABLE, "injected: getRun down");
        }
        return real.getRun(runId);
    }

    @Override
    public RunInfo updateRun(String runId, RunStatus status, Long endTime, String runName) {
        return write(() -> real.updateRun(runId, status, endTime, runName));
    }

    @Override
    public void deleteRun(String runId) {
        write(() -> real.deleteRun(runId));
    }

    @Override
    public void restoreRun(String runId) {
        write(() -> real.restoreRun(runId));
    }

    @Override
    public void logBatch(String runId, List<Metric> metrics, List<Param> params, List<RunTag> tags) {
        write(() -> {
            real.logBatch(runId, metrics, params, tags);
            batches.add(new Batch(runId, metrics.size(), params.size(), tags.size()));
        });
    }

    @Override
    public void deleteTag(String runId, String key) {
        write(() -> real.deleteTag(runId, key));
    }

    @Override
    public Page<Metric> getMetricHistory(String runId, String metricKey, Integer maxResults, String pageToken) {
        check();
        return real.getMetricHistory(runId, metricKey, maxResults, pageToken);
    }

    @Override
    public List<MetricWithRunId> getMetricHistoryBulkInterval(
            List<String> runIds, String metricKey, Long startStep, Long endStep, int maxResults) {
        check();
        return real.getMetricHistoryBulkInterval(runIds, metricKey, startStep, endStep, maxResults);
    }

    @Override
    public void logInputs(String runId, List<DatasetInput> inputs) {
        write(() -> real.logInputs(runId, inputs));
    }

    @Override
    public Page<Run> searchRuns(List<String> experimentIds, String filter, ViewType viewType, int maxResults,
            List<String> orderBy, String pageToken) {
        check();
        return real.searchRuns(experimentIds, filter, viewType, maxResults, orderBy, pageToken);
    }

    @Override
    public void recordLoggedModel(String runId, String modelJson) {
        write(() -> real.recordLoggedModel(runId, modelJson));
    }

    @Override
    public void close() {
        // the test owns the real store
    }
}
