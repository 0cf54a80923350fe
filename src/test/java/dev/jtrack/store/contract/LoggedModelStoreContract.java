package dev.jtrack.store.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jtrack.tracking.ErrorCode;
import dev.jtrack.tracking.LifecycleStage;
import dev.jtrack.tracking.LoggedModel;
import dev.jtrack.tracking.LoggedModelOutput;
import dev.jtrack.tracking.LoggedModelSearch;
import dev.jtrack.tracking.LoggedModelStatus;
import dev.jtrack.tracking.LoggedModelStore;
import dev.jtrack.tracking.Metric;
import dev.jtrack.tracking.ModelMetric;
import dev.jtrack.tracking.Page;
import dev.jtrack.tracking.TrackingStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link LoggedModelStore} must show (MLflow 3 logged models), on the store
 * a {@link TrackingStore} keeps beside its runs.
 */
public abstract class LoggedModelStoreContract extends StoreContract<TrackingStore> {

    private LoggedModelStore models() {
        return store.loggedModels();
    }

    private String experiment() {
        return store.createExperiment(unique("exp"), null, List.of());
    }

    private static LoggedModelSearch search(String experimentId, String filter, List<LoggedModelSearch.Order> order) {
        return new LoggedModelSearch(List.of(experimentId), filter, List.of(), 100, order, null);
    }

    private List<String> names(String experimentId, String filter) {
        return models().searchLoggedModels(search(experimentId, filter, List.of())).items().stream().map(LoggedModel::name).toList();
    }

    @Test
    void createGetFinalizeDelete() {
        String exp = experiment();
        String runId = store.createRun(exp, "alice", 1000L, List.of(), null).info().runId();
        LoggedModel m = models().createLoggedModel(exp, "clf", "sklearn", runId, Map.of("alpha", "0.5"), Map.of("k", "v"));
        assertTrue(m.modelId().matches("m-[0-9a-f]{32}"), m.modelId());
        assertEquals(LoggedModelStatus.PENDING, m.status());
        assertEquals(store.getExperiment(exp).artifactLocation() + "/models/" + m.modelId() + "/artifacts", m.artifactLocation());
        assertEquals(Map.of("alpha", "0.5"), m.params());
        assertEquals(Map.of("k", "v"), m.tags());
        assertEquals(runId, m.sourceRunId());
        assertEquals("sklearn", m.modelType());

        assertEquals(LoggedModelStatus.READY, models().finalizeLoggedModel(m.modelId(), LoggedModelStatus.READY).status());
        assertEquals(LoggedModelStatus.READY, models().getLoggedModel(m.modelId(), false).status());

        models().deleteLoggedModel(m.modelId());
        assertCode(ErrorCode.RESOURCE_DOES_NOT_EXIST, () -> models().getLoggedModel(m.modelId(), false));
        assertEquals(LifecycleStage.DELETED, models().getLoggedModel(m.modelId(), true).lifecycleStage());
        assertEquals(List.of(), names(exp, null));
    }

    @Test
    void generatedNameAndBadInput() {
        String exp = experiment();
        LoggedModel m = models().createLoggedModel(exp, null, null, null, Map.of(), Map.of());
        assertTrue(!m.name().isEmpty());
        assertNull(m.sourceRunId());
        assertCode(ErrorCode.INVALID_PARAMETER_VALUE, () -> models().createLoggedModel(exp, "a/b", null, null, Map.of(), Map.of()));
        assertCode(ErrorCode.RESOURCE_DOES_NOT_EXIST, () -> models().createLoggedModel("98765", "x", null, null, Map.of(), Map.of()));
        assertCode(ErrorCode.RESOURCE_DOES_NOT_EXIST, () -> models().getLoggedModel("m-missing", false));
        assertCode(ErrorCode.RESOURCE_DOES_NOT_EXIST, () -> models().deleteLoggedModelTag(m.modelId(), "nope"));
        assertCode(ErrorCode.INVALID_PARAMETER_VALUE, () -> models().searchLoggedModels(search(exp, "metrics.x > 'a'", List.of())));
        assertCode(ErrorCode.INVALID_PARAMETER_VALUE, () -> models().searchLoggedModels(
                search(exp, null, List.of(new LoggedModelSearch.Order("params.x", true, null, null)))));
        // nothing was half-written
        assertEquals(List.of(m.name()), names(exp, null));
    }

    @Test
    void tagsAndParams() {
        String exp = experiment();
        LoggedModel m = models().createLoggedModel(exp, "m", null, null, Map.of("a", "1"), Map.of());
        models().setLoggedModelTags(m.modelId(), Map.of("t1", "x", "t2", "y"));
        models().setLoggedModelTags(m.modelId(), Map.of("t1", "z"));
        models().deleteLoggedModelTag(m.modelId(), "t2");
        models().logLoggedModelParams(m.modelId(), Map.of("b", "2"));
        LoggedModel got = models().getLoggedModel(m.modelId(), false);
        assertEquals(Map.of("t1", "z"), got.tags());
        assertEquals(Map.of("a", "1", "b", "2"), got.params());
    }

    @Test
    void metricsRunOutputsAndInputs() {
        String exp = experiment();
        String runId = store.createRun(exp, "alice", 1000L, List.of(), null).info().runId();
        LoggedModel m = models().createLoggedModel(exp, "m", null, runId, Map.of(), Map.of());
        ModelMetric acc = new ModelMetric(m.modelId(), runId, new Metric("acc", 0.9, 5L, 1L), "train", "abc");
        models().logModelMetrics(List.of(acc, acc, new ModelMetric(m.modelId(), runId, new Metric("nan", Double.NaN, 5L, 0L), null, null)));
        List<ModelMetric> got = models().getLoggedModel(m.modelId(), false).metrics();
        assertEquals(2, got.size());
        assertEquals(acc, got.get(0));
        assertTrue(Double.isNaN(got.get(1).metric().value()));

        models().logOutputs(runId, List.of(new LoggedModelOutput(m.modelId(), 3)));
        models().logModelInputs(runId, List.of(m.modelId()));
        assertEquals(Map.of(runId, List.of(new LoggedModelOutput(m.modelId(), 3))), models().outputsOf(List.of(runId)));
        assertEquals(Map.of(runId, List.of(m.modelId())), models().modelInputsOf(List.of(runId)));
        store.deleteRun(runId);
        assertCode(ErrorCode.INVALID_STATE, () -> models().logOutputs(runId, List.of(new LoggedModelOutput(m.modelId(), 0))));
    }

    @Test
    void searchFiltersOrdersAndPages() {
        String exp = experiment();
        String runId = store.createRun(exp, "alice", 1000L, List.of(), null).info().runId();
        List<LoggedModel> made = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            LoggedModel m = models().createLoggedModel(exp, "model" + i, i % 2 == 0 ? "even" : "odd", null,
                    Map.of("i", Integer.toString(i)), Map.of("parity", i % 2 == 0 ? "even" : "odd"));
            models().logModelMetrics(List.of(new ModelMetric(m.modelId(), runId, new Metric("acc", i / 10.0, 1L, 0L),
                    i < 2 ? "train" : "test", "d" + (i < 2 ? 1 : 2))));
            made.add(m);
        }
        models().finalizeLoggedModel(made.get(3).modelId(), LoggedModelStatus.READY);
        assertEquals(List.of("model3", "model4"), sorted(names(exp, "metrics.acc >= 0.3")));
        assertEquals(List.of("model1"), names(exp, "params.i = '1'"));
        assertEquals(List.of("model0", "model2", "model4"), sorted(names(exp, "tags.parity = 'even'")));
        assertEquals(List.of("model2", "model4"), sorted(names(exp, "tags.parity != 'odd' AND metrics.acc > 0.1")));
        assertEquals(List.of("model3"), names(exp, "status = 'READY'"));
        assertEquals(List.of("model3"), names(exp, "name = 'model3' AND attributes.model_type = 'odd'"));
        assertEquals(List.of("model1", "model3"), sorted(names(exp, "name LIKE 'model%' AND model_type IN ('odd')")));
        assertEquals(List.of(), names(exp, "params.missing != 'x'"));

        List<String> byAcc = models().searchLoggedModels(search(exp, null,
                List.of(new LoggedModelSearch.Order("metrics.acc", false, null, null)))).items().stream().map(LoggedModel::name).toList();
        assertEquals(List.of("model4", "model3", "model2", "model1", "model0"), byAcc);
        List<String> trainFirst = models().searchLoggedModels(search(exp, null,
                List.of(new LoggedModelSearch.Order("metrics.acc", true, "test", null)))).items().stream().map(LoggedModel::name).toList();
        assertEquals(List.of("model2", "model3", "model4"), trainFirst.subList(0, 3), "models without a test metric sort last");
        List<String> onTrain = models().searchLoggedModels(new LoggedModelSearch(List.of(exp), null,
                List.of(new LoggedModelSearch.DatasetFilter("train", null)), 100, List.of(), null)).items().stream()
                .map(LoggedModel::name).toList();
        assertEquals(List.of("model0", "model1"), sorted(onTrain));

        List<String> paged = new ArrayList<>();
        String token = null;
        for (int i = 0; i < 10; i++) {
            Page<LoggedModel> p = models().searchLoggedModels(new LoggedModelSearch(List.of(exp), null, List.of(), 2,
                    List.of(new LoggedModelSearch.Order("name", true, null, null)), token));
            p.items().forEach(m -> paged.add(m.name()));
            token = p.nextPageToken();
            if (token == null) break;
        }
        assertEquals(List.of("model0", "model1", "model2", "model3", "model4"), paged);
    }

    @Test
    void oneHundredAndedClausesNeedNoJoinPerClause() {
        String exp = experiment();
        Map<String, String> params = new java.util.HashMap<>();
        StringBuilder filter = new StringBuilder();
        for (int i = 0; i < 100; i++) {
            params.put("p" + i, "v" + i);
            if (i > 0) filter.append(" AND ");
            filter.append("params.p").append(i).append(" = 'v").append(i).append("'");
        }
        models().createLoggedModel(exp, "wide", null, null, params, Map.of());
        models().createLoggedModel(exp, "narrow", null, null, Map.of("p0", "v0"), Map.of());
        assertEquals(List.of("wide"), names(exp, filter.toString()));
    }

    private static List<String> sorted(List<String> l) {
        return l.stream().sorted().toList();
    }
}
