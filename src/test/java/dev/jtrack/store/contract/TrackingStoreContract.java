package dev.jtrack.store.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jtrack.tracking.Dataset;
import dev.jtrack.tracking.DatasetInput;
import dev.jtrack.tracking.DatasetSummary;
import dev.jtrack.tracking.ErrorCode;
import dev.jtrack.tracking.Experiment;
import dev.jtrack.tracking.ExperimentTag;
import dev.jtrack.tracking.InputTag;
import dev.jtrack.tracking.LifecycleStage;
import dev.jtrack.tracking.Metric;
import dev.jtrack.tracking.MetricWithRunId;
import dev.jtrack.tracking.Page;
import dev.jtrack.tracking.Param;
import dev.jtrack.tracking.Run;
import dev.jtrack.tracking.RunInfo;
import dev.jtrack.tracking.RunStatus;
import dev.jtrack.tracking.RunTag;
import dev.jtrack.tracking.TrackingStore;
import dev.jtrack.tracking.ViewType;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link TrackingStore} must show. Subclasses provide a fresh, empty store per
 * test through {@link #openStore()} (SQLite, PostgreSQL, REST over our server, ...).
 */
public abstract class TrackingStoreContract extends StoreContract<TrackingStore> {

    /** Opens a new, empty store (its Default experiment "0" exists). */
    @Override
    protected abstract TrackingStore openStore() throws Exception;

    // ---------- helpers ----------

    protected String newExperiment() {
        return store.createExperiment(unique("exp"), null, List.of());
    }

    protected Run newRun(String experimentId) {
        return store.createRun(experimentId, "alice", 1000L, List.of(), null);
    }

    private static Map<String, Metric> latest(Run r) {
        return r.data().metrics().stream().collect(Collectors.toMap(Metric::key, Function.identity()));
    }

    private static Map<String, String> params(Run r) {
        return r.data().params().stream().collect(Collectors.toMap(Param::key, Param::value));
    }

    private static Map<String, String> tags(Run r) {
        return r.data().tags().stream().collect(Collectors.toMap(RunTag::key, RunTag::value));
    }

    // ---------- experiments ----------

    @Test
    void defaultExperimentExists() {
        Experiment e = store.getExperiment("0");
        assertEquals("Default", e.name());
        assertEquals(LifecycleStage.ACTIVE, e.lifecycleStage());
        assertNotNull(e.artifactLocation());
        assertEquals("0", store.getExperimentByName("Default").experimentId());
    }

    @Test
    void createAndGetExperiment() {
        String name = unique("exp");
        String id = store.createExperiment(name, null, List.of(new ExperimentTag("team", "ml")));
        Experiment e = store.getExperiment(id);
        assertEquals(name, e.name());
        assertEquals(List.of(new ExperimentTag("team", "ml")), e.tags());
        assertTrue(e.artifactLocation().endsWith("/" + id), e.artifactLocation());
        assertTrue(e.creationTime() > 0);
        assertEquals(id, store.getExperimentByName(name).experimentId());
    }

    @Test
    void explicitArtifactLocationIsKept() {
        String id = store.createExperiment(unique("exp"), "s3://bucket/path", List.of());
        assertEquals("s3://bucket/path", store.getExperiment(id).artifactLocation());
    }

    @Test
    void duplicateExperimentNameIsRefused() {
        String name = unique("exp");
        store.createExperiment(name, null, List.of());
        assertCode(ErrorCode.RESOURCE_ALREADY_EXISTS, () -> store.createExperiment(name, null, List.of()));
    }

    @Test
    void badExperimentNamesAreRefused() {
        assertCode(ErrorCode.INVALID_PARAMETER_VALUE, () -> store.createExperiment("", null, List.of()));
        assertCode(ErrorCode.INVALID_PARAMETER_VALUE, () -> store.createExperiment(null, null, List.of()));
        assertCode(ErrorCode.INVALID_PARAMETER_VALUE, () -> store.createExperiment("x".repeat(501), null, List.of()));
        assertCode(ErrorCode.INVALID_PARAMETER_VALUE, () -> store.createExperiment("nul\u0000name", null, List.of()));
        String ok = "y".repeat(500);
        assertEquals(ok, store.getExperiment(store.createExperiment(ok, null, List.of())).name());
    }

    @Test
    void missingExperimentIsNotFound() {
        assertCode(ErrorCode.RESOURCE_DOES_NOT_EXIST, () -> store.getExperiment("987654321"));
        assertCode(ErrorCode.RESOURCE_DOES_NOT_EXIST, () -> store.getExperimentByName(unique("nope")));
        assertCode(ErrorCode.INVALID_PARAMETER_VALUE, () -> store.getExperiment("bad id!"));
    }

    @Test
    void deleteRestoreExperimentAlsoDeletesAndRestoresItsRuns() {
        String id = newExperiment();
        Run run = newRun(id);
        store.deleteExperiment(id);
        assertEquals(LifecycleStage.DELETED, store.getExperiment(id).lifecycleStage());
        assertEquals(LifecycleStage.DELETED, store.getRun(run.info().runId()).info().lifecycleStage());
        assertCode(ErrorCode.INVALID_STATE, () -> newRun(id));
        assertCode(ErrorCode.INVALID_STATE, () -> store.deleteExperiment(id));
        store.restoreExperiment(id);
        assertEquals(LifecycleStage.ACTIVE, store.getExperiment(id).lifecycleStage());
        assertEquals(LifecycleStage.ACTIVE, store.getRun(run.info().runId()).info().lifecycleStage());
        assertCode(ErrorCode.INVALID_STATE, () -> store.restoreExperiment(id));
    }

    @Test
    void defaultExperimentCannotBeDeleted() {
        assertCode(ErrorCode.INVALID_PARAMETER_VALUE, () -> store.deleteExperiment("0"));
    }

    @Test
    void renameExperiment() {
        String id = newExperiment();
        String other = newExperiment();
        String name = unique("renamed");
        store.renameExperiment(id, name);
        assertEquals(name, store.getExperiment(id).name());
        assertCode(ErrorCode.RESOURCE_ALREADY_EXISTS, () -> store.renameExperiment(other, name));
        assertCode(ErrorCode.INVALID_PARAMETER_VALUE, () -> store.renameExperiment(id, ""));
    }

    @Test
    void setExperimentTagReplaces() {
        String id = newExperiment();
        store.setExperimentTag(id, new ExperimentTag("k", "v1"));
        store.setExperimentTag(id, new ExperimentTag("k", "v2"));
        assertEquals(List.of(new ExperimentTag("k", "v2")), store.getExperiment(id).tags());
        assertCode(ErrorCode.INVALID_PARAMETER_VALUE, () -> store.setExperimentTag(id, new ExperimentTag("../x", "v")));
    }

    @Test
    void deleteExperimentTagRemovesOnlyThatTag() {
        String id = newExperiment();
        store.setExperimentTag(id, new ExperimentTag("gone", "v"));
        store.setExperimentTag(id, new ExperimentTag("kept", "v"));
        store.deleteExperimentTag(id, "gone");
        assertEquals(List.of(new ExperimentTag("kept", "v")), store.getExperiment(id).tags());
        assertCode(ErrorCode.RESOURCE_DOES_NOT_EXIST, () -> store.deleteExperimentTag(id, "gone"));
        store.deleteExperiment(id);
        assertCode(ErrorCode.INVALID_STATE, () -> store.deleteExperimentTag(id, "kept"));
    }

    @Test
    void searchExperimentsFiltersOrdersAndPages() {
        String prefix = unique("srch");
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add(store.createExperiment(prefix + "-" + i, null, List.of(new ExperimentTag("i", Integer.toString(i)))));
        }
        Page<Experiment> all = store.searchExperiments(ViewType.ACTIVE_ONLY, 100, "name LIKE '" + prefix + "%'",
                List.of("name DESC"), null);
        assertEquals(List.of(prefix + "-4", prefix + "-3", prefix + "-2", prefix + "-1", prefix + "-0"),
                all.items().stream().map(Experiment::name).toList());
        assertNull(all.nextPageToken());
        Page<Experiment> tagged = store.searchExperiments(ViewType.ACTIVE_ONLY, 100,
                "name LIKE '" + prefix + "%' AND tags.i = '3'", null, null);
        assertEquals(List.of(ids.get(3)), tagged.items().stream().map(Experiment::experimentId).toList());

        List<String> paged = new ArrayList<>();
        String token = null;
        int pages = 0;
        do {
            Page<Experiment> p = store.searchExperiments(ViewType.ACTIVE_ONLY, 2, "name LIKE '" + prefix + "%'",
                    List.of("name ASC"), token);
            p.items().forEach(e -> paged.add(e.name()));
            token = p.nextPageToken();
            pages++;
        } while (token != null && pages < 10);
        assertEquals(3, pages);
        assertEquals(List.of(prefix + "-0", prefix + "-1", prefix + "-2", prefix + "-3", prefix + "-4"), paged);

        store.deleteExperiment(ids.get(0));
        assertEquals(4, store.searchExperiments(ViewType.ACTIVE_ONLY, 100, "name LIKE '" + prefix + "%'", null, null).items().size());
        assertEquals(1, store.searchExperiments(ViewType.DELETED_ONLY, 100, "name LIKE '" + prefix + "%'", null, null).items().size());
        assertEquals(5, store.searchExperiments(ViewType.ALL, 100, "name LIKE '" + prefix + "%'", null, null).items().size());
        assertEquals(5, store.searchExperiments(ViewType.ALL, 100, "name ILIKE '" + prefix.toUpperCase() + "%'", null, null).items().size());
        assertEquals(0, store.searchExperiments(ViewType.ALL, 100, "name LIKE '" + prefix.toUpperCase() + "%'", null, null).items().size());
    }

    @Test
    void searchExperimentsRejectsBadInput() {
        assertCode(ErrorCode.INVALID_PARAMETER_VALUE, () -> store.searchExperiments(ViewType.ALL, 0, null, null, null));
        assertCode(ErrorCode.INVALID_PARAMETER_VALUE, () -> store.searchExperiments(ViewType.ALL, 50001, null, null, null));
        assertCode(ErrorCode.INVALID_PARAMETER_VALUE, () -> store.searchExperiments(ViewType.ALL, 10, "name = ", null, null));
        assertCode(ErrorCode.INVALID_PARAMETER_VALUE, () -> store.searchExperiments(ViewType.ALL, 10, "metrics.a > 1", null, null));
        assertCode(ErrorCode.INVALID_PARAMETER_VALUE, () -> store.searchExperiments(ViewType.ALL, 10, null, List.of("bogus"), null));
        assertCode(ErrorCode.INVALID_PARAMETER_VALUE, () -> store.searchExperiments(ViewType.ALL, 10, null, null, "not-a-token"));
    }

    // ---------- runs ----------

    @Test
    void createAndGetRun() {
        String exp = newExperiment();
        Run r = store.createRun(exp, "bob", 1234L, List.of(new RunTag("mlflow.source.type", "NOTEBOOK")), "my-run");
        RunInfo info = r.info();
        assertTrue(info.runId().matches("[0-9a-f]{32}"), info.runId());
        assertEquals(exp, info.experimentId());
        assertEquals("my-run", info.runName());
        assertEquals("bob", info.userId());
        assertEquals(RunStatus.RUNNING, info.status());
        assertEquals(1234L, info.startTime());
        assertNull(info.endTime());
        assertEquals(LifecycleStage.ACTIVE, info.lifecycleStage());
        assertTrue(info.artifactUri().endsWith("/" + info.runId() + "/artifacts"), info.artifactUri());
        Run got = store.getRun(info.runId());
        assertEquals(info, got.info());
        assertEquals("my-run", tags(got).get("mlflow.runName"));
        assertEquals("NOTEBOOK", tags(got).get("mlflow.source.type"));
    }

    @Test
    void runNameComesFromTagOrIsGenerated() {
        String exp = newExperiment();
        Run fromTag = store.createRun(exp, null, null, List.of(new RunTag("mlflow.runName", "tagged")), null);
        assertEquals("tagged", fromTag.info().runName());
        Run generated = store.createRun(exp, null, null, List.of(), null);
        assertNotNull(generated.info().runName());
        assertFalse(generated.info().runName().isEmpty());
        assertEquals(generated.info().runName(), tags(store.getRun(generated.info().runId())).get("mlflow.runName"));
        assertNotNull(generated.info().startTime());
        assertCode(ErrorCode.INVALID_PARAMETER_VALUE,
                () -> store.createRun(exp, null, null, List.of(new RunTag("mlflow.runName", "a")), "b"));
    }

    @Test
    void missingRunIsNotFound() {
        assertCode(ErrorCode.RESOURCE_DOES_NOT_EXIST, () -> store.getRun("0123456789abcdef0123456789abcdef"));
        assertCode(ErrorCode.INVALID_PARAMETER_VALUE, () -> store.getRun("../etc/passwd"));
        assertCode(ErrorCode.RESOURCE_DOES_NOT_EXIST, () -> store.createRun("987654321", null, null, List.of(), null));
    }

    @Test
    void updateRun() {
        Run r = newRun(newExperiment());
        String id = r.info().runId();
        RunInfo u = store.updateRun(id, RunStatus.FINISHED, 5000L, "renamed");
        assertEquals(RunStatus.FINISHED, u.status());
        assertEquals(5000L, u.endTime());
        assertEquals("renamed", u.runName());
        assertEquals("renamed", tags(store.getRun(id)).get("mlflow.runName"));
        RunInfo same = store.updateRun(id, null, null, null);
        assertEquals(u, same);
        store.setTag(id, new RunTag("mlflow.runName", "via-tag"));
        assertEquals("via-tag", store.getRun(id).info().runName());
    }

    @Test
    void deletedRunRefusesWritesAndRestores() {
        Run r = newRun(newExperiment());
        String id = r.info().runId();
        store.deleteRun(id);
        assertEquals(LifecycleStage.DELETED, store.getRun(id).info().lifecycleStage());
        assertCode(ErrorCode.INVALID_STATE, () -> store.logMetric(id, new Metric("m", 1, 1, 0)));
        assertCode(ErrorCode.INVALID_STATE, () -> store.logParam(id, new Param("p", "v")));
        assertCode(ErrorCode.INVALID_STATE, () -> store.setTag(id, new RunTag("t", "v")));
        assertCode(ErrorCode.INVALID_STATE, () -> store.updateRun(id, RunStatus.FAILED, null, null));
        store.restoreRun(id);
        assertEquals(LifecycleStage.ACTIVE, store.getRun(id).info().lifecycleStage());
        store.logMetric(id, new Metric("m", 1, 1, 0));
        assertCode(ErrorCode.RESOURCE_DOES_NOT_EXIST, () -> store.deleteRun("0123456789abcdef0123456789abcdef"));
    }

    // ---------- metrics, params, tags ----------

    @Test
    void metricsKeepSpecialValuesAndLongStepsExactly() {
        String id = newRun(newExperiment()).info().runId();
        double[] values = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.MAX_VALUE, Double.MIN_VALUE,
            -0.0, 0.1, 1e-300, -123456.789};
        long[] steps = {Long.MIN_VALUE, -1, 0, 1, (1L << 53) + 1, Long.MAX_VALUE - 1, Long.MAX_VALUE, 7, 8};
        List<Metric> ms = new ArrayList<>();
        for (int i = 0; i < values.length; i++) {
            ms.add(new Metric("special", values[i], Long.MAX_VALUE - i, steps[i]));
        }
        store.logBatch(id, ms, List.of(), List.of());
        List<Metric> hist = store.getMetricHistory(id, "special", null, null).items();
        assertEquals(values.length, hist.size());
        Set<String> expected = new HashSet<>();
        for (Metric m : ms) {
            expected.add(Double.doubleToRawLongBits(m.value()) + "@" + m.step() + "@" + m.timestamp());
        }
        Set<String> actual = new HashSet<>();
        for (Metric m : hist) {
            actual.add(Double.doubleToRawLongBits(m.value()) + "@" + m.step() + "@" + m.timestamp());
        }
        assertEquals(expected, actual);
        List<Long> histSteps = hist.stream().map(Metric::step).toList();
        List<Long> sorted = new ArrayList<>(histSteps);
        sorted.sort(Comparator.naturalOrder());
        assertEquals(sorted, histSteps);
        Metric last = latest(store.getRun(id)).get("special");
        assertEquals(Long.MAX_VALUE, last.step());
        assertEquals(0.1, last.value());
    }

    @Test
    void latestMetricIsGreatestStepThenTimestamp() {
        String id = newRun(newExperiment()).info().runId();
        store.logMetric(id, new Metric("loss", 5.0, 100, 10));
        store.logMetric(id, new Metric("loss", 3.0, 50, 20));
        store.logMetric(id, new Metric("loss", 4.0, 200, 15));
        assertEquals(3.0, latest(store.getRun(id)).get("loss").value());
        store.logMetric(id, new Metric("loss", 1.0, 60, 20));
        assertEquals(1.0, latest(store.getRun(id)).get("loss").value());
        store.logMetric(id, new Metric("nanny", Double.NaN, 1, 1));
        assertTrue(Double.isNaN(latest(store.getRun(id)).get("nanny").value()));
        assertEquals(4, store.getMetricHistory(id, "loss", null, null).items().size());
    }

    @Test
    void duplicatePointsAreStoredOnce() {
        String id = newRun(newExperiment()).info().runId();
        Metric m = new Metric("acc", 0.5, 10, 1);
        store.logMetric(id, m);
        store.logMetric(id, m);
        store.logBatch(id, List.of(m, m), List.of(), List.of());
        assertEquals(List.of(m), store.getMetricHistory(id, "acc", null, null).items());
    }

    @Test
    void metricHistoryPages() {
        String id = newRun(newExperiment()).info().runId();
        List<Metric> ms = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            ms.add(new Metric("m", i * 1.5, 1000 + i, i));
        }
        store.logBatch(id, ms, List.of(), List.of());
        List<Metric> got = new ArrayList<>();
        String token = null;
        int pages = 0;
        do {
            Page<Metric> p = store.getMetricHistory(id, "m", 10, token);
            got.addAll(p.items());
            token = p.nextPageToken();
            pages++;
        } while (token != null && pages < 10);
        assertEquals(3, pages);
        assertEquals(ms, got);
        assertEquals(List.of(), store.getMetricHistory(id, "absent", null, null).items());
        assertCode(ErrorCode.RESOURCE_DOES_NOT_EXIST,
                () -> store.getMetricHistory("0123456789abcdef0123456789abcdef", "m", null, null));
        assertCode(ErrorCode.INVALID_PARAMETER_VALUE, () -> store.getMetricHistory(id, "m", 0, null));
    }

    @Test
    void metricHistoryBulkIntervalSamplesEvenly() {
        String exp = newExperiment();
        String a = newRun(exp).info().runId();
        String b = newRun(exp).info().runId();
        List<Metric> ms = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            ms.add(new Metric("m", i, 1000 + i, i));
        }
        store.logBatch(a, ms, List.of(), List.of());
        store.logBatch(b, ms.subList(0, 5), List.of(), List.of());
        List<MetricWithRunId> got = store.getMetricHistoryBulkInterval(List.of(a, b), "m", null, null, 10);
        List<Long> stepsA = got.stream().filter(x -> x.runId().equals(a)).map(x -> x.metric().step()).toList();
        // as MLflow: every (100 / 10)th step of the union 0..99, its last step, plus b's last step 4
        assertEquals(List.of(0L, 4L, 10L, 20L, 30L, 40L, 50L, 60L, 70L, 80L, 90L, 99L), stepsA);
        assertEquals(0L, stepsA.get(0));
        assertEquals(99L, stepsA.get(stepsA.size() - 1));
        // b's steps 0..4 are sampled only where the shared sample hits them, plus its first and last
        List<Long> stepsB = got.stream().filter(x -> x.runId().equals(b)).map(x -> x.metric().step()).toList();
        assertEquals(List.of(0L, 4L), stepsB);
        assertEquals(5, store.getMetricHistoryBulkInterval(List.of(b), "m", null, null, 10).size());
        List<MetricWithRunId> ranged = store.getMetricHistoryBulkInterval(List.of(a), "m", 10L, 19L, 100);
        assertEquals(10, ranged.size());
        assertEquals(10L, ranged.get(0).metric().step());
        // MLflow's choice for 10 steps thinned to 5: 0, 2, 4, 6, 8 and the last, 9; a run's first
        // and last steps count only inside the range
        String c = newRun(exp).info().runId();
        store.logBatch(c, ms.subList(0, 10), List.of(), List.of());
        assertEquals(List.of(0L, 2L, 4L, 6L, 8L, 9L), store.getMetricHistoryBulkInterval(List.of(c), "m", null, null, 5)
                .stream().map(x -> x.metric().step()).toList());
        assertEquals(List.of(3L, 4L, 5L, 6L, 7L), store.getMetricHistoryBulkInterval(List.of(c), "m", 3L, 7L, 5)
                .stream().map(x -> x.metric().step()).toList());
        assertCode(ErrorCode.INVALID_PARAMETER_VALUE, () -> store.getMetricHistoryBulkInterval(List.of(), "m", null, null, 10));
        assertCode(ErrorCode.INVALID_PARAMETER_VALUE, () -> store.getMetricHistoryBulkInterval(List.of(a), "m", 5L, 1L, 10));
        assertCode(ErrorCode.INVALID_PARAMETER_VALUE, () -> store.getMetricHistoryBulkInterval(List.of(a), "m", 5L, null, 10));
        assertCode(ErrorCode.INVALID_PARAMETER_VALUE, () -> store.getMetricHistoryBulkInterval(List.of(a), "m", null, null, 2501));
    }

    @Test
    void paramsAreImmutable() {
        String id = newRun(newExperiment()).info().runId();
        store.logParam(id, new Param("lr", "0.1"));
        store.logParam(id, new Param("lr", "0.1"));
        assertCode(ErrorCode.INVALID_PARAMETER_VALUE, () -> store.logParam(id, new Param("lr", "0.2")));
        assertCode(ErrorCode.INVALID_PARAMETER_VALUE,
                () -> store.logBatch(id, List.of(), List.of(new Param("x", "1"), new Param("x", "2")), List.of()));
        // a failing batch stores nothing
        assertCode(ErrorCode.INVALID_PARAMETER_VALUE, () -> store.logBatch(id,
                List.of(new Metric("never", 1, 1, 1)), List.of(new Param("new", "v"), new Param("lr", "0.3")), List.of()));
        Run r = store.getRun(id);
        assertEquals(Map.of("lr", "0.1"), params(r));
        assertFalse(latest(r).containsKey("never"));
    }

    @Test
    void valuesAreStoredExactly() {
        String id = newRun(newExperiment()).info().runId();
        String longParam = "p".repeat(6000);
        String longTag = "t".repeat(5000);
        String unicode = "naïve – 日本語 – 🚀 – \t\n\"'\\";
        store.logBatch(id, List.of(), List.of(new Param("long", longParam), new Param("uni", unicode), new Param("empty", "")),
                List.of(new RunTag("long", longTag), new RunTag("uni", unicode)));
        Run r = store.getRun(id);
        assertEquals(longParam, params(r).get("long"));
        assertEquals(unicode, params(r).get("uni"));
        assertEquals("", params(r).get("empty"));
        assertEquals(longTag, tags(r).get("long"));
        assertEquals(unicode, tags(r).get("uni"));
    }

    @Test
    void invalidKeysAndValuesAreRefused() {
        String id = newRun(newExperiment()).info().runId();
        for (String bad : new String[] {"", "../x", "/abs", "a//b", ".", "a/../b", "semi;colon", "k".repeat(251), "tab\tkey"}) {
            assertCode(ErrorCode.INVALID_PARAMETER_VALUE, () -> store.logMetric(id, new Metric(bad, 1, 1, 1)));
            assertCode(ErrorCode.INVALID_PARAMETER_VALUE, () -> store.logParam(id, new Param(bad, "v")));
            assertCode(ErrorCode.INVALID_PARAMETER_VALUE, () -> store.setTag(id, new RunTag(bad, "v")));
        }
        for (String good : new String[] {"a", "a/b", "a.b-c d:e", "k".repeat(250), "ünï"}) {
            store.logMetric(id, new Metric(good, 1, 1, 1));
        }
        assertCode(ErrorCode.INVALID_PARAMETER_VALUE, () -> store.logParam(id, new Param("big", "v".repeat(6001))));
        assertCode(ErrorCode.INVALID_PARAMETER_VALUE, () -> store.setTag(id, new RunTag("big", "v".repeat(5001))));
        assertCode(ErrorCode.INVALID_PARAMETER_VALUE, () -> store.logParam(id, new Param("nul", "a\u0000b")));
        assertCode(ErrorCode.INVALID_PARAMETER_VALUE, () -> store.setTag(id, new RunTag("sur", "a\ud800b")));
        assertCode(ErrorCode.INVALID_PARAMETER_VALUE, () -> store.logParam(id, new Param("nullvalue", null)));
        assertFalse(params(store.getRun(id)).containsKey("big"));
    }

    @Test
    void batchLimits() {
        String id = newRun(newExperiment()).info().runId();
        List<Metric> m1000 = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            m1000.add(new Metric("m" + (i % 10), i, i, i));
        }
        store.logBatch(id, m1000, List.of(), List.of());
        assertEquals(100, store.getMetricHistory(id, "m3", null, null).items().size());
        List<Metric> m1001 = new ArrayList<>(m1000);
        m1001.add(new Metric("x", 1, 1, 1));
        assertCode(ErrorCode.INVALID_PARAMETER_VALUE, () -> store.logBatch(id, m1001, List.of(), List.of()));
        List<Param> p101 = new ArrayList<>();
        List<RunTag> t101 = new ArrayList<>();
        for (int i = 0; i < 101; i++) {
            p101.add(new Param("p" + i, "v"));
            t101.add(new RunTag("t" + i, "v"));
        }
        assertCode(ErrorCode.INVALID_PARAMETER_VALUE, () -> store.logBatch(id, List.of(), p101, List.of()));
        assertCode(ErrorCode.INVALID_PARAMETER_VALUE, () -> store.logBatch(id, List.of(), List.of(), t101));
        store.logBatch(id, List.of(), p101.subList(0, 100), t101.subList(0, 100));
        assertCode(ErrorCode.INVALID_PARAMETER_VALUE,
                () -> store.logBatch(id, m1000.subList(0, 950), p101.subList(0, 51), List.of()));
        assertEquals(100, store.getRun(id).data().params().size());
    }

    @Test
    void deleteTag() {
        String id = newRun(newExperiment()).info().runId();
        store.setTag(id, new RunTag("t", "v"));
        store.setTag(id, new RunTag("t", "v2"));
        assertEquals("v2", tags(store.getRun(id)).get("t"));
        store.deleteTag(id, "t");
        assertFalse(tags(store.getRun(id)).containsKey("t"));
        assertCode(ErrorCode.RESOURCE_DOES_NOT_EXIST, () -> store.deleteTag(id, "t"));
    }

    @Test
    void logInputsStoresDatasetsOnce() {
        String id = newRun(newExperiment()).info().runId();
        Dataset ds = new Dataset("iris", "abc123", "local", "{\"uri\": \"/data/iris.csv\"}", "{\"cols\": []}", null);
        DatasetInput in = new DatasetInput(List.of(new InputTag("mlflow.data.context", "training")), ds);
        store.logInputs(id, List.of(in));
        store.logInputs(id, List.of(in));
        List<DatasetInput> got = store.getRun(id).inputs();
        assertEquals(List.of(in), got);
        assertCode(ErrorCode.INVALID_PARAMETER_VALUE, () -> store.logInputs(id,
                List.of(new DatasetInput(List.of(), new Dataset("n", "d".repeat(37), "local", "s", null, null)))));
    }

    @Test
    void searchDatasetsSummarisesEachDatasetAndContextOnce() {
        String exp = newExperiment();
        String other = newExperiment();
        String a = newRun(exp).info().runId();
        String b = newRun(exp).info().runId();
        Dataset iris = new Dataset("iris", "d1", "local", "{}", null, null);
        store.logInputs(a, List.of(new DatasetInput(List.of(new InputTag("mlflow.data.context", "training")), iris)));
        store.logInputs(b, List.of(new DatasetInput(List.of(new InputTag("mlflow.data.context", "training")), iris),
                new DatasetInput(List.of(), new Dataset("wine", "d2", "local", "{}", null, null))));
        store.logInputs(newRun(other).info().runId(),
                List.of(new DatasetInput(List.of(), new Dataset("elsewhere", "d3", "local", "{}", null, null))));
        assertEquals(List.of(new DatasetSummary(exp, "iris", "d1", "training"), new DatasetSummary(exp, "wine", "d2", null)),
                store.searchDatasets(List.of(exp)));
        assertEquals(3, store.searchDatasets(List.of(exp, other, "999999", "not-an-id")).size());
    }

    @Test
    void recordLoggedModelAppendsToHistoryTag() {
        String id = newRun(newExperiment()).info().runId();
        store.recordLoggedModel(id, "{\"artifact_path\": \"model\", \"flavors\": {}, \"run_id\": \"" + id
                + "\", \"utc_time_created\": \"2026-01-01 00:00:00.000000\"}");
        store.recordLoggedModel(id, "{\"artifact_path\": \"model2\", \"flavors\": {\"java\": {}}, \"run_id\": \"" + id
                + "\", \"utc_time_created\": \"2026-01-01 00:00:01.000000\"}");
        String tag = tags(store.getRun(id)).get(TrackingStore.LOG_MODEL_HISTORY_TAG);
        assertTrue(tag.startsWith("[") && tag.contains("\"model\"") && tag.contains("\"model2\""), tag);
        assertCode(ErrorCode.INVALID_PARAMETER_VALUE, () -> store.recordLoggedModel(id, "not json"));
        assertCode(ErrorCode.INVALID_PARAMETER_VALUE, () -> store.recordLoggedModel(id, "{\"artifact_path\": \"m\"}"));
    }

    @Test
    void concurrentWritersLoseNothing() throws Exception {
        String exp = newExperiment();
        String shared = newRun(exp).info().runId();
        int threads = 8;
        int per = 300;
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
        try {
            List<java.util.concurrent.Future<?>> fs = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                fs.add(pool.submit(() -> {
                    for (int i = 0; i < per; i++) {
                        store.logMetric(shared, new Metric("m" + thread, i, 1000 + i, i));
                        if (i % 50 == 0) {
                            store.logParam(shared, new Param("p" + thread + "_" + i, "v"));
                        }
                    }
                    return null;
                }));
            }
            for (var f : fs) {
                f.get(120, java.util.concurrent.TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        for (int t = 0; t < threads; t++) {
            assertEquals(per, store.getMetricHistory(shared, "m" + t, null, null).items().size());
        }
        Run r = store.getRun(shared);
        assertEquals(threads, r.data().metrics().size());
        assertEquals(threads * (per / 50), r.data().params().size());
    }

    // ---------- search runs ----------

    /** Five runs with metrics, params and tags for search tests; returns their ids in creation order. */
    private List<String> searchFixture(String exp) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            Run r = store.createRun(exp, i % 2 == 0 ? "alice" : "bob", 1000L + i, List.of(), "run-" + i);
            String id = r.info().runId();
            ids.add(id);
            List<Metric> ms = new ArrayList<>();
            ms.add(new Metric("acc", 0.5 + i * 0.1, 1, 0));
            if (i != 4) {
                ms.add(new Metric("loss", 10 - i, 1, 0));
            }
            store.logBatch(id, ms, List.of(new Param("model", i < 3 ? "cnn" : "MLP"), new Param("lr", "0.0" + i)),
                    List.of(new RunTag("team", i == 0 ? "Red" : "blue")));
        }
        store.updateRun(ids.get(1), RunStatus.FINISHED, 9000L, null);
        return ids;
    }

    private List<String> search(String exp, String filter, List<String> order) {
        return store.searchRuns(List.of(exp), filter, ViewType.ACTIVE_ONLY, 1000, order, null).items().stream()
                .map(r -> r.info().runId()).toList();
    }

    @Test
    void searchRunsByMetricsParamsTagsAndAttributes() {
        String exp = newExperiment();
        List<String> ids = searchFixture(exp);
        assertEquals(List.of(ids.get(4), ids.get(3)), search(exp, "metrics.acc > 0.75", List.of("metrics.acc DESC")));
        assertEquals(List.of(ids.get(4)), search(exp, "metrics.acc >= 0.9", null));
        assertEquals(List.of(ids.get(0)), search(exp, "metrics.loss = 10", null));
        assertEquals(3, search(exp, "metrics.loss != 10", null).size());
        assertEquals(List.of(ids.get(2), ids.get(1), ids.get(0)), search(exp, "params.model = 'cnn'", null));
        assertEquals(List.of(ids.get(4), ids.get(3)), search(exp, "params.model LIKE 'M%'", null));
        assertEquals(List.of(), search(exp, "params.model LIKE 'm%'", null));
        assertEquals(List.of(ids.get(4), ids.get(3)), search(exp, "params.model ILIKE 'm%'", null));
        assertEquals(List.of(ids.get(0)), search(exp, "tags.team = 'Red'", null));
        assertEquals(List.of(ids.get(0)), search(exp, "tags.`team` ILIKE 'red'", null));
        assertEquals(List.of(ids.get(1)), search(exp, "attributes.status = 'FINISHED'", null));
        assertEquals(List.of(ids.get(1)), search(exp, "status = \"FINISHED\"", null));
        assertEquals(List.of(ids.get(4), ids.get(2), ids.get(0)), search(exp, "attributes.user_id = 'alice'", null));
        assertEquals(List.of(ids.get(2)), search(exp, "attributes.run_name = 'run-2'", null));
        assertEquals(List.of(ids.get(4), ids.get(3)), search(exp, "attributes.start_time >= 1003", null));
        assertEquals(List.of(ids.get(3), ids.get(1)),
                search(exp, "attributes.run_id IN ('" + ids.get(1) + "', '" + ids.get(3) + "')", null));
        assertEquals(3, search(exp, "attributes.run_id NOT IN ('" + ids.get(1) + "', '" + ids.get(3) + "')", null).size());
        assertEquals(List.of(ids.get(3)), search(exp, "metrics.acc > 0.6 and params.model = 'MLP' AND metrics.loss < 8", null));
        assertEquals(List.of(), search(exp, "params.absent = 'x'", null));
    }

    @Test
    void searchRunsOrdersWithMissingValuesLast() {
        String exp = newExperiment();
        List<String> ids = searchFixture(exp);
        assertEquals(List.of(ids.get(3), ids.get(2), ids.get(1), ids.get(0), ids.get(4)), search(exp, null, List.of("metrics.loss ASC")));
        assertEquals(List.of(ids.get(0), ids.get(1), ids.get(2), ids.get(3), ids.get(4)), search(exp, null, List.of("metrics.loss DESC")));
        assertEquals(List.of(ids.get(4), ids.get(3), ids.get(2), ids.get(1), ids.get(0)), search(exp, null, null));
        assertEquals(List.of(ids.get(0), ids.get(1), ids.get(2), ids.get(3), ids.get(4)), search(exp, null, List.of("start_time ASC")));
        // binary order: upper case before lower case
        assertEquals(List.of(ids.get(4), ids.get(3), ids.get(2), ids.get(1), ids.get(0)),
                search(exp, null, List.of("params.model ASC", "attributes.start_time DESC")));
        assertEquals(List.of(ids.get(2), ids.get(1), ids.get(0), ids.get(4), ids.get(3)),
                search(exp, null, List.of("params.model DESC", "attributes.start_time DESC")));
        assertEquals(List.of(ids.get(1), ids.get(4), ids.get(3), ids.get(2), ids.get(0)),
                search(exp, null, List.of("attributes.end_time DESC")));
        assertEquals(ids.get(0), search(exp, null, List.of("tags.team DESC")).get(4));
        // paging across runs with and without the order key, and a NaN (after numbers, before missing)
        String nan = store.createRun(exp, null, 999L, List.of(), "nan").info().runId();
        store.logMetric(nan, new Metric("loss", Double.NaN, 1, 0));
        for (String dir : new String[] {"ASC", "DESC"}) {
            List<String> paged = new ArrayList<>();
            String token = null;
            int pages = 0;
            do {
                Page<Run> p = store.searchRuns(List.of(exp), null, ViewType.ACTIVE_ONLY, 2, List.of("metrics.loss " + dir), token);
                p.items().forEach(r -> paged.add(r.info().runId()));
                token = p.nextPageToken();
                pages++;
            } while (token != null && pages < 10);
            List<String> expected = dir.equals("ASC")
                    ? List.of(ids.get(3), ids.get(2), ids.get(1), ids.get(0), nan, ids.get(4))
                    : List.of(ids.get(0), ids.get(1), ids.get(2), ids.get(3), nan, ids.get(4));
            assertEquals(expected, paged, dir);
            assertEquals(expected, search(exp, null, List.of("metrics.loss " + dir)), dir);
        }
        assertEquals(List.of(ids.get(1), ids.get(2)), search(exp, "metrics.acc > 0.55 AND metrics.acc < 0.75",
                List.of("metrics.loss DESC")));
        assertEquals(List.of(ids.get(3), ids.get(4)), search(exp, "params.model = 'MLP'", List.of("metrics.loss DESC")));
    }

    @Test
    void searchRunsPagesAndViewTypes() {
        String exp = newExperiment();
        List<String> ids = searchFixture(exp);
        List<String> seen = new ArrayList<>();
        String token = null;
        int pages = 0;
        do {
            Page<Run> p = store.searchRuns(List.of(exp), null, ViewType.ACTIVE_ONLY, 2, List.of("start_time ASC"), token);
            p.items().forEach(r -> seen.add(r.info().runId()));
            token = p.nextPageToken();
            pages++;
        } while (token != null && pages < 10);
        assertEquals(ids, seen);
        assertEquals(3, pages);
        store.deleteRun(ids.get(0));
        assertEquals(4, store.searchRuns(List.of(exp), null, ViewType.ACTIVE_ONLY, 100, null, null).items().size());
        assertEquals(List.of(ids.get(0)), store.searchRuns(List.of(exp), null, ViewType.DELETED_ONLY, 100, null, null).items().stream()
                .map(r -> r.info().runId()).toList());
        assertEquals(5, store.searchRuns(List.of(exp), null, ViewType.ALL, 100, null, null).items().size());
        String other = newExperiment();
        newRun(other);
        assertEquals(5, store.searchRuns(List.of(exp, other), null, ViewType.ACTIVE_ONLY, 100, null, null).items().size());
        Run full = store.searchRuns(List.of(exp), "attributes.run_name = 'run-3'", ViewType.ACTIVE_ONLY, 10, null, null).items().get(0);
        assertEquals(Map.of("model", "MLP", "lr", "0.03"), params(full));
        assertEquals(2, full.data().metrics().size());
        assertEquals("blue", tags(full).get("team"));
    }

    @Test
    void searchRunsByDatasets() {
        String exp = newExperiment();
        String a = newRun(exp).info().runId();
        String b = newRun(exp).info().runId();
        store.logInputs(a, List.of(new DatasetInput(List.of(new InputTag("mlflow.data.context", "training")),
                new Dataset("iris", "d1", "local", "{}", null, null))));
        store.logInputs(b, List.of(new DatasetInput(List.of(new InputTag("mlflow.data.context", "eval")),
                new Dataset("wine", "d2", "local", "{}", null, null))));
        assertEquals(List.of(a), search(exp, "datasets.name = 'iris'", null));
        assertEquals(List.of(b), search(exp, "datasets.context = 'eval'", null));
        assertEquals(2, search(exp, "datasets.digest IN ('d1', 'd2')", null).size());
    }

    @Test
    void searchRunsRejectsBadInput() {
        String exp = newExperiment();
        for (String bad : new String[] {
            "metrics.acc > 'x'", "params.p > 1", "metrics.acc", "foo.bar = 1", "attributes.nope = 'x'",
            "metrics.a > 1 OR metrics.b > 1", "params.p = 'unterminated", "metrics.a >> 1", "run_id IN 'x'",
            "attributes.status IN ('a')", "metrics.a = 1 AND", "(metrics.a = 1)", "tags.t = 1"}) {
            assertCode(ErrorCode.INVALID_PARAMETER_VALUE,
                    () -> store.searchRuns(List.of(exp), bad, ViewType.ACTIVE_ONLY, 10, null, null));
        }
        assertCode(ErrorCode.INVALID_PARAMETER_VALUE,
                () -> store.searchRuns(List.of(exp), null, ViewType.ACTIVE_ONLY, 50001, null, null));
        assertCode(ErrorCode.INVALID_PARAMETER_VALUE,
                () -> store.searchRuns(List.of(exp), null, ViewType.ACTIVE_ONLY, 10, List.of("metrics.a SIDEWAYS"), null));
        assertCode(ErrorCode.INVALID_PARAMETER_VALUE,
                () -> store.searchRuns(List.of(exp), null, ViewType.ACTIVE_ONLY, 10, null, "%%%"));
        assertEquals(List.of(), store.searchRuns(List.of(), null, ViewType.ACTIVE_ONLY, 10, null, null).items());
    }

    @Test
    void searchValuesAreNeverSql() {
        String exp = newExperiment();
        String id = newRun(exp).info().runId();
        store.logParam(id, new Param("p", "it's"));
        assertEquals(List.of(id), search(exp, "params.p = 'it''s'", null));
        assertEquals(List.of(), search(exp, "params.p = ''' OR 1=1 --'", null));
        assertEquals(1, store.searchRuns(List.of(exp), null, ViewType.ALL, 10, null, null).items().size());
    }
}
