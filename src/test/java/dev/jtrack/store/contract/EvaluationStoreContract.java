package dev.jtrack.store.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jtrack.tracking.ErrorCode;
import dev.jtrack.tracking.Page;
import dev.jtrack.tracking.TrackingStore;
import dev.jtrack.tracking.evaluation.DatasetRecord;
import dev.jtrack.tracking.evaluation.EvaluationDataset;
import dev.jtrack.tracking.evaluation.EvaluationStore;
import dev.jtrack.tracking.evaluation.ScorerVersion;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link EvaluationStore} must do (MLflow 3 evaluation datasets and scorers). */
public abstract class EvaluationStoreContract extends StoreContract<EvaluationStoreContract.Stores> {

    /** A tracking store (for experiments) and its evaluation store. */
    public record Stores(TrackingStore tracking, EvaluationStore evaluation, AutoCloseable resources) implements AutoCloseable {
        @Override
        public void close() throws Exception {
            resources.close();
        }
    }

    private String exp1;
    private String exp2;

    @BeforeEach
    void experiments() {
        exp1 = store.tracking().createExperiment(unique("eval"), null, List.of());
        exp2 = store.tracking().createExperiment(unique("eval"), null, List.of());
    }

    private EvaluationStore eval() {
        return store.evaluation();
    }

    private static List<String> names(Page<EvaluationDataset> page) {
        return page.items().stream().map(EvaluationDataset::name).toList();
    }

    @Test
    void aDatasetIsCreatedReadAndDeleted() {
        EvaluationDataset d = eval().createDataset("qa", List.of(exp2, exp1), Map.of("env", "test", "mlflow.user", "ann"));
        assertTrue(d.datasetId().matches("d-[0-9a-f]{32}"), d.datasetId());
        assertEquals(List.of(exp1, exp2), d.experimentIds());
        assertEquals("ann", d.createdBy());
        assertEquals(d, eval().getDataset(d.datasetId()));
        eval().deleteDataset(d.datasetId());
        assertCode(ErrorCode.RESOURCE_DOES_NOT_EXIST, () -> eval().getDataset(d.datasetId()));
        assertCode(ErrorCode.RESOURCE_DOES_NOT_EXIST, () -> eval().createDataset("x", List.of("424242"), Map.of()));
    }

    @Test
    void searchFiltersByExperimentTagAndNameAndOrders() {
        eval().createDataset("s1", List.of(exp1), Map.of("team", "ml"));
        eval().createDataset("s2", List.of(exp1, exp2), Map.of("team", "data"));
        eval().createDataset("s3", List.of(exp2), Map.of("team", "ml"));
        assertEquals(List.of("s1", "s2"), names(eval().searchDatasets(List.of(exp1), null, 10, List.of("name ASC"), null)));
        assertEquals(List.of("s3", "s1"), names(eval().searchDatasets(List.of(exp1, exp2), "tags.team = 'ml'", 10,
                List.of("name DESC"), null)));
        assertEquals(List.of("s2"), names(eval().searchDatasets(List.of(exp1, exp2), "name LIKE '%2'", 10, List.of(), null)));
        Page<EvaluationDataset> first = eval().searchDatasets(List.of(exp1, exp2), null, 2, List.of("name ASC"), null);
        assertEquals(List.of("s1", "s2"), names(first));
        assertEquals(List.of("s3"), names(eval().searchDatasets(List.of(exp1, exp2), null, 2, List.of("name ASC"), first.nextPageToken())));
        assertCode(ErrorCode.INVALID_PARAMETER_VALUE, () -> eval().searchDatasets(List.of(), "bad.key = 'x'", 10, List.of(), null));
        assertCode(ErrorCode.INVALID_PARAMETER_VALUE, () -> eval().searchDatasets(List.of(), null, 10, List.of("tags.team"), null));
    }

    @Test
    void tagsAreSetMergedAndDeleted() {
        EvaluationDataset d = eval().createDataset("t", List.of(exp1), Map.of("initial", "value", "env", "dev"));
        eval().setDatasetTags(d.datasetId(), Map.of("env", "staging", "new", "x"));
        assertEquals(Map.of("initial", "value", "env", "staging", "new", "x"), eval().getDataset(d.datasetId()).tags());
        eval().deleteDatasetTag(d.datasetId(), "new");
        Map<String, String> nullDeletes = new HashMap<>();
        nullDeletes.put("initial", null);
        eval().setDatasetTags(d.datasetId(), nullDeletes);
        assertEquals(Map.of("env", "staging"), eval().getDataset(d.datasetId()).tags());
        assertCode(ErrorCode.RESOURCE_DOES_NOT_EXIST, () -> eval().setDatasetTags("d-nope", Map.of("a", "b")));
    }

    @Test
    void recordsWithTheSameInputsAreMergedWhateverTheKeyOrder() {
        EvaluationDataset d = eval().createDataset("r", List.of(exp1), Map.of());
        Map<String, Integer> first = eval().upsertRecords(d.datasetId(), List.of(
                new DatasetRecord("{\"q\": \"What is MLflow?\", \"lang\": \"en\"}", null, "{\"answer\": \"a platform\"}",
                        "{\"difficulty\": \"easy\"}", null),
                new DatasetRecord("{\"q\": \"What is Python?\"}", null, "{\"answer\": \"a language\"}", null, null)));
        assertEquals(Map.of("inserted", 2, "updated", 0), first);
        Map<String, Integer> second = eval().upsertRecords(d.datasetId(), List.of(
                new DatasetRecord("{\"lang\": \"en\", \"q\": \"What is MLflow?\"}", "\"out\"", "{\"answer\": \"open source\"}",
                        "{\"updated\": \"true\"}", null),
                new DatasetRecord("{\"q\": \"What is Docker?\"}", null, null, null, null)));
        assertEquals(Map.of("inserted", 1, "updated", 1), second);
        String records = eval().getRecords(d.datasetId(), 10, null).items().get(0);
        assertTrue(records.contains("\"answer\":\"open source\""), records);
        assertTrue(records.contains("\"difficulty\":\"easy\"") && records.contains("\"updated\":\"true\""), "tags merged: " + records);
        EvaluationDataset after = eval().getDataset(d.datasetId());
        assertEquals("{\"num_records\": 3}", after.profile());
        assertNotEquals(d.digest(), after.digest());
        Page<String> page = eval().getRecords(d.datasetId(), 2, null);
        assertTrue(page.nextPageToken() != null);
        assertCode(ErrorCode.RESOURCE_DOES_NOT_EXIST, () -> eval().upsertRecords("d-nope", List.of()));
        assertCode(ErrorCode.INVALID_PARAMETER_VALUE, () -> eval().upsertRecords(d.datasetId(),
                List.of(new DatasetRecord("[1]", null, null, null, null))));
    }

    @Test
    void experimentsAreAddedAndRemoved() {
        String exp3 = store.tracking().createExperiment(unique("eval"), null, List.of());
        EvaluationDataset d = eval().createDataset("e", List.of(exp1), Map.of());
        assertEquals(3, eval().addToExperiments(d.datasetId(), List.of(exp2, exp3, exp1)).experimentIds().size());
        assertEquals(List.of(exp1, exp3), eval().removeFromExperiments(d.datasetId(), List.of(exp2)).experimentIds());
    }

    @Test
    void scorersAreVersionedPerExperimentAndName() {
        ScorerVersion v1 = eval().registerScorer(exp1, "judge", "{\"v\": 1}");
        ScorerVersion v2 = eval().registerScorer(exp1, "judge", "{\"v\": 2}");
        eval().registerScorer(exp1, "other", "{}");
        eval().registerScorer(exp2, "judge", "{}");
        assertEquals(1, v1.version());
        assertEquals(2, v2.version());
        assertEquals(v1.scorerId(), v2.scorerId());
        assertEquals(List.of("judge:2", "other:1"), eval().listScorers(exp1).stream().map(s -> s.name() + ":" + s.version()).toList());
        assertEquals(List.of(1, 2), eval().listScorerVersions(exp1, "judge").stream().map(ScorerVersion::version).toList());
        assertEquals("{\"v\": 2}", eval().getScorer(exp1, "judge", null).serializedScorer());
        assertEquals("{\"v\": 1}", eval().getScorer(exp1, "judge", 1).serializedScorer());
        eval().deleteScorer(exp1, "judge", 1);
        assertEquals(List.of(2), eval().listScorerVersions(exp1, "judge").stream().map(ScorerVersion::version).toList());
        assertCode(ErrorCode.RESOURCE_DOES_NOT_EXIST, () -> eval().getScorer(exp1, "judge", 1));
        eval().deleteScorer(exp1, "judge", null);
        assertCode(ErrorCode.RESOURCE_DOES_NOT_EXIST, () -> eval().getScorer(exp1, "judge", null));
        assertEquals(1, eval().listScorers(exp1).size());
        assertCode(ErrorCode.RESOURCE_DOES_NOT_EXIST, () -> eval().registerScorer("424242", "j", "{}"));
        assertCode(ErrorCode.INVALID_PARAMETER_VALUE, () -> eval().registerScorer(exp1, " ", "{}"));
    }
}
