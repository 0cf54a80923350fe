package dev.jtrack.store.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jtrack.tracking.ErrorCode;
import dev.jtrack.tracking.Page;
import dev.jtrack.tracking.TrackingStore;
import dev.jtrack.tracking.trace.Assessment;
import dev.jtrack.tracking.trace.Span;
import dev.jtrack.tracking.trace.TraceInfo;
import dev.jtrack.tracking.trace.TraceQuery;
import dev.jtrack.tracking.trace.TraceState;
import dev.jtrack.tracking.trace.TraceStore;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The {@link TraceStore} contract, run on each SQL backend: how trace infos, spans (in either
 * arrival order), searches, tags, deletions and assessments behave.
 */
public abstract class TraceStoreContract extends StoreContract<TraceStoreContract.Stores> {

    /** A tracking store (for experiments) and the trace store on the same database. */
    public record Stores(TrackingStore tracking, TraceStore traces, AutoCloseable resources) implements AutoCloseable {
        @Override
        public void close() throws Exception {
            resources.close();
        }
    }

    protected String exp;

    @BeforeEach
    void experiment() {
        exp = store.tracking().createExperiment(unique("traces"), null, List.of());
    }

    protected static String traceId(int n) {
        return String.format("tr-%032x", n);
    }

    protected static TraceInfo info(String id, String experimentId, long time, TraceState state, Map<String, String> tags) {
        return new TraceInfo(id, experimentId, time, 25L, state, null, "{\"q\": 1}", "\"a\"",
                Map.of("mlflow.user", "ann", "mlflow.trace_schema.version", "3"), tags, List.of());
    }

    protected static Span span(String traceId, String id, String parent, String name, String type, String status,
            long startMs, Long endMs) {
        return new Span(traceId, id, parent, name, type, status, startMs * 1_000_000, endMs == null ? null : endMs * 1_000_000,
                "{\"name\":\"" + name + "\",\"span_id\":\"" + id + "\"}");
    }

    private List<String> ids(Page<TraceInfo> page) {
        return page.items().stream().map(TraceInfo::traceId).toList();
    }

    private Page<TraceInfo> search(String filter, List<String> orderBy, int max, String token) {
        return store.traces().searchTraces(new TraceQuery(List.of(exp), filter, orderBy, max, token));
    }

    @Test
    void startTraceStoresTheInfoWithTheServersTagsAndMetadata() {
        TraceInfo stored = store.traces().startTrace(info(traceId(1), exp, 1000, TraceState.OK, Map.of("mlflow.traceName", "t")));
        assertEquals(traceId(1), stored.traceId());
        assertEquals(exp, stored.experimentId());
        assertEquals(1000, stored.requestTime());
        assertEquals(25L, stored.executionDuration());
        assertEquals(TraceState.OK, stored.state());
        assertEquals("{\"q\": 1}", stored.requestPreview());
        assertEquals("t", stored.tags().get("mlflow.traceName"));
        assertTrue(stored.tags().get(TraceInfo.ARTIFACT_LOCATION_TAG).endsWith("/traces/" + traceId(1) + "/artifacts"));
        assertNull(stored.tags().get(TraceInfo.SPANS_LOCATION_TAG), "no spans were logged");
        assertEquals("true", stored.metadata().get("mlflow.trace.infoFinalized"));
        assertEquals("ann", stored.metadata().get("mlflow.user"));
        assertEquals(stored, store.traces().getTraceInfo(traceId(1)));
    }

    @Test
    void spansFirstThenTheInfoEndInOneTrace() {
        String id = traceId(2);
        store.traces().logSpans(exp, List.of(span(id, "00000000000000b2", "00000000000000a1", "child", "TOOL", "OK", 1001, 1002L)));
        TraceInfo running = store.traces().getTraceInfo(id);
        assertEquals(TraceState.IN_PROGRESS, running.state());
        assertEquals("TRACKING_STORE", running.tags().get(TraceInfo.SPANS_LOCATION_TAG));

        store.traces().logSpans(exp, List.of(span(id, "00000000000000a1", null, "root", "CHAIN", "ERROR", 1000, 1010L)));
        TraceInfo ended = store.traces().getTraceInfo(id);
        assertEquals(TraceState.ERROR, ended.state());
        assertEquals(1000, ended.requestTime());
        assertEquals(10L, ended.executionDuration());
        assertEquals("root", ended.tags().get(TraceInfo.TRACE_NAME_TAG));

        TraceInfo finalInfo = store.traces().startTrace(info(id, exp, 1000, TraceState.ERROR, Map.of("mlflow.traceName", "root")));
        assertEquals("TRACKING_STORE", finalInfo.tags().get(TraceInfo.SPANS_LOCATION_TAG));
        assertEquals(25L, finalInfo.executionDuration(), "the client's info wins over what spans implied");
        List<Span> spans = store.traces().getSpans(id);
        assertEquals(List.of("root", "child"), spans.stream().map(Span::name).toList());
        assertEquals("CHAIN", spans.get(0).spanType());
        assertTrue(spans.get(0).isRoot());
        assertEquals("00000000000000a1", spans.get(1).parentSpanId());
    }

    @Test
    void aSpanLoggedAgainReplacesTheFirst() {
        String id = traceId(3);
        store.traces().logSpans(exp, List.of(span(id, "00000000000000a1", null, "root", null, "UNSET", 1000, null)));
        assertEquals(TraceState.IN_PROGRESS, store.traces().getTraceInfo(id).state());
        store.traces().logSpans(exp, List.of(span(id, "00000000000000a1", null, "root", null, "OK", 1000, 1005L)));
        List<Span> spans = store.traces().getSpans(id);
        assertEquals(1, spans.size());
        assertEquals(1_005_000_000L, spans.get(0).endTimeNanos());
        assertEquals(TraceState.OK, store.traces().getTraceInfo(id).state());
    }

    @Test
    void searchFiltersOrdersAndPages() {
        for (int i = 1; i <= 5; i++) {
            String id = traceId(100 + i);
            Map<String, String> tags = new LinkedHashMap<>();
            tags.put("mlflow.traceName", i % 2 == 0 ? "even" : "odd");
            if (i == 3) tags.put("color", "red");
            store.traces().logSpans(exp, List.of(span(id, "00000000000000a1", null, "root" + i, "CHAIN", "OK", 1000L * i, 1000L * i + i),
                    span(id, "00000000000000a2", "00000000000000a1", i == 4 ? "retrieve" : "llm", i == 4 ? "RETRIEVER" : "LLM", "OK",
                            1000L * i, 1000L * i + 1)));
            store.traces().startTrace(info(id, exp, 1000L * i, i == 5 ? TraceState.ERROR : TraceState.OK, tags));
        }
        assertEquals(List.of(traceId(105), traceId(104), traceId(103), traceId(102), traceId(101)), ids(search(null, List.of(), 10, null)));
        assertEquals(List.of(traceId(105)), ids(search("trace.status = 'ERROR'", List.of(), 10, null)));
        assertEquals(List.of(traceId(104), traceId(103), traceId(102), traceId(101)), ids(search("attributes.status != 'ERROR'", List.of(), 10, null)));
        assertEquals(List.of(traceId(103)), ids(search("tag.color = 'red'", List.of(), 10, null)));
        assertEquals(List.of(traceId(103)), ids(search("tags.color LIKE 'r%'", List.of(), 10, null)));
        assertEquals(List.of(traceId(104), traceId(102)), ids(search("trace.name = 'even'", List.of(), 10, null)));
        assertEquals(List.of(traceId(104)), ids(search("span.name = 'retrieve'", List.of(), 10, null)));
        assertEquals(List.of(traceId(104)), ids(search("span.type = 'RETRIEVER' AND trace.status = 'OK'", List.of(), 10, null)));
        assertEquals(List.of(traceId(102), traceId(101)), ids(search("trace.timestamp_ms < 2500", List.of(), 10, null)));
        assertEquals(5, ids(search("metadata.`mlflow.user` = 'ann'", List.of(), 10, null)).size());
        assertEquals(List.of(traceId(105)), ids(search("trace.status IN ('ERROR', 'IN_PROGRESS')", List.of(), 10, null)));
        assertEquals(List.of(traceId(101), traceId(102), traceId(103), traceId(104), traceId(105)),
                ids(search(null, List.of("timestamp_ms ASC"), 10, null)));
        assertEquals(List.of(traceId(104), traceId(102), traceId(105), traceId(103), traceId(101)),
                ids(search(null, List.of("trace.name ASC"), 10, null)));

        List<String> paged = new ArrayList<>();
        String token = null;
        for (int page = 0; page < 10; page++) {
            Page<TraceInfo> p = search(null, List.of(), 2, token);
            paged.addAll(ids(p));
            token = p.nextPageToken();
            if (token == null) break;
        }
        assertEquals(ids(search(null, List.of(), 10, null)), paged);

        TraceInfo first = search("tag.color = 'red'", List.of(), 10, null).items().get(0);
        assertEquals("red", first.tags().get("color"));
        assertEquals("ann", first.metadata().get("mlflow.user"));
        assertCode(ErrorCode.INVALID_PARAMETER_VALUE, () -> search("trace.nope = 1", List.of(), 10, null));
        assertCode(ErrorCode.INVALID_PARAMETER_VALUE, () -> search("span.name > 'x'", List.of(), 10, null));
        assertCode(ErrorCode.INVALID_PARAMETER_VALUE, () -> search(null, List.of(), 10, "not-a-token"));
    }

    @Test
    void tagsAreSetAndDeleted() {
        store.traces().startTrace(info(traceId(4), exp, 1000, TraceState.OK, Map.of()));
        store.traces().setTraceTag(traceId(4), "k", "v1");
        store.traces().setTraceTag(traceId(4), "k", "v2");
        assertEquals("v2", store.traces().getTraceInfo(traceId(4)).tags().get("k"));
        store.traces().deleteTraceTag(traceId(4), "k");
        assertNull(store.traces().getTraceInfo(traceId(4)).tags().get("k"));
        assertCode(ErrorCode.RESOURCE_DOES_NOT_EXIST, () -> store.traces().deleteTraceTag(traceId(4), "k"));
        assertCode(ErrorCode.RESOURCE_DOES_NOT_EXIST, () -> store.traces().setTraceTag(traceId(999), "k", "v"));
        assertCode(ErrorCode.INVALID_PARAMETER_VALUE, () -> store.traces().setTraceTag(traceId(4), "", "v"));
    }

    @Test
    void tracesAreDeletedByIdOrByAge() {
        for (int i = 1; i <= 4; i++) {
            store.traces().logSpans(exp, List.of(span(traceId(i), "00000000000000a1", null, "r", null, "OK", 1000L * i, 1000L * i + 1)));
        }
        Assessment a = new Assessment("a-1", traceId(1), "q", 1, 1, "{}");
        store.traces().createAssessment(a);
        assertEquals(1, store.traces().deleteTraces(exp, List.of(traceId(1), traceId(999))));
        assertCode(ErrorCode.RESOURCE_DOES_NOT_EXIST, () -> store.traces().getTraceInfo(traceId(1)));
        assertCode(ErrorCode.RESOURCE_DOES_NOT_EXIST, () -> store.traces().getSpans(traceId(1)));
        assertCode(ErrorCode.RESOURCE_DOES_NOT_EXIST, () -> store.traces().getAssessment(traceId(1), "a-1"));
        assertEquals(1, store.traces().deleteTracesBefore(exp, 3500, 1), "oldest first, at most max_traces");
        assertCode(ErrorCode.RESOURCE_DOES_NOT_EXIST, () -> store.traces().getTraceInfo(traceId(2)));
        assertEquals(1, store.traces().deleteTracesBefore(exp, 3500, 10));
        assertEquals(List.of(traceId(4)), ids(search(null, List.of(), 10, null)));
        String other = store.tracking().createExperiment(unique("other"), null, List.of());
        assertEquals(0, store.traces().deleteTraces(other, List.of(traceId(4))), "only the named experiment's traces");
    }

    @Test
    void presenceRegexAndAssessmentFiltersSelectTraces() {
        store.traces().startTrace(info(traceId(41), exp, 1000, TraceState.OK, Map.of("env", "prod", "mlflow.traceName", "alpha")));
        store.traces().startTrace(info(traceId(42), exp, 2000, TraceState.ERROR, Map.of("env", "preprod", "mlflow.traceName", "beta")));
        store.traces().startTrace(info(traceId(43), exp, 3000, TraceState.OK, Map.of("mlflow.traceName", "gamma")));
        store.traces().createAssessment(new Assessment("a-41", traceId(41), "helpful", 1, 1,
                "{\"assessment_id\":\"a-41\",\"feedback\":{\"value\":true}}"));
        store.traces().createAssessment(new Assessment("a-42", traceId(42), "helpful", 1, 1,
                "{\"assessment_id\":\"a-42\",\"feedback\":{\"value\":\"yes\"}}"));
        store.traces().createAssessment(new Assessment("s-41", traceId(41), "score", 1, 1,
                "{\"assessment_id\":\"s-41\",\"feedback\":{\"value\":0.9}}"));
        store.traces().createAssessment(new Assessment("s-43", traceId(43), "score", 1, 1,
                "{\"assessment_id\":\"s-43\",\"feedback\":{\"value\":0.2},\"valid\":false}"));
        store.traces().createAssessment(new Assessment("e-43", traceId(43), "answer", 1, 1,
                "{\"assessment_id\":\"e-43\",\"expectation\":{\"value\":42}}"));
        assertEquals(List.of(traceId(43)), ids(search("tag.env IS NULL", List.of(), 10, null)));
        assertEquals(List.of(traceId(42), traceId(41)), ids(search("tag.env IS NOT NULL", List.of(), 10, null)));
        assertEquals(List.of(traceId(42)), ids(search("tag.env RLIKE '^pre' AND trace.status RLIKE 'ERR'", List.of(), 10, null)));
        assertEquals(List.of(traceId(41)), ids(search("trace.name RLIKE 'ph'", List.of(), 10, null)));
        assertEquals(List.of(traceId(41)), ids(search("feedback.helpful = 'true'", List.of(), 10, null)));
        assertEquals(List.of(traceId(42)), ids(search("feedback.helpful = 'yes'", List.of(), 10, null)));
        assertEquals(List.of(traceId(41)), ids(search("feedback.helpful != 'yes'", List.of(), 10, null)));
        assertEquals(List.of(traceId(42)), ids(search("feedback.helpful LIKE '%es%'", List.of(), 10, null)));
        assertEquals(List.of(traceId(41)), ids(search("feedback.score > 0.5", List.of(), 10, null)));
        assertEquals(List.of(), ids(search("feedback.score < 0.5", List.of(), 10, null)), "an invalid (overridden) feedback never counts");
        assertEquals(List.of(traceId(43), traceId(42)), ids(search("feedback.score IS NULL", List.of(), 10, null)));
        assertEquals(List.of(traceId(43)), ids(search("expectation.answer = '42'", List.of(), 10, null)));
        assertEquals(List.of(traceId(43)), ids(search("expectation.answer IS NOT NULL", List.of(), 10, null)));
        assertEquals(List.of(), ids(search("feedback.answer IS NOT NULL", List.of(), 10, null)), "an expectation is no feedback");
        assertCode(ErrorCode.INVALID_PARAMETER_VALUE, () -> search("tag.env RLIKE '('", List.of(), 10, null));
    }

    @Test
    void assessmentsAreCreatedReadUpdatedAndDeleted() {
        store.traces().startTrace(info(traceId(5), exp, 1000, TraceState.OK, Map.of()));
        Assessment a = new Assessment("a-1", traceId(5), "quality", 10, 10, "{\"assessment_id\":\"a-1\",\"feedback\":{\"value\":1}}");
        store.traces().createAssessment(a);
        assertEquals(a, store.traces().getAssessment(traceId(5), "a-1"));
        assertEquals(List.of(a), store.traces().getTraceInfo(traceId(5)).assessments());
        Assessment changed = new Assessment("a-1", traceId(5), "quality", 10, 20, "{\"assessment_id\":\"a-1\",\"feedback\":{\"value\":2}}");
        store.traces().updateAssessment(changed);
        assertEquals(changed, store.traces().getAssessment(traceId(5), "a-1"));
        store.traces().deleteAssessment(traceId(5), "a-1");
        assertCode(ErrorCode.RESOURCE_DOES_NOT_EXIST, () -> store.traces().getAssessment(traceId(5), "a-1"));
        assertCode(ErrorCode.RESOURCE_DOES_NOT_EXIST, () -> store.traces().deleteAssessment(traceId(5), "a-1"));
        assertCode(ErrorCode.RESOURCE_DOES_NOT_EXIST, () -> store.traces().createAssessment(
                new Assessment("a-2", traceId(999), "q", 1, 1, "{}")));
    }

    @Test
    void tracesNeedAnActiveExperiment() {
        assertCode(ErrorCode.RESOURCE_DOES_NOT_EXIST, () -> store.traces().startTrace(info(traceId(6), "987654", 1, TraceState.OK, Map.of())));
        assertCode(ErrorCode.RESOURCE_DOES_NOT_EXIST, () -> store.traces().logSpans("987654",
                List.of(span(traceId(6), "00000000000000a1", null, "r", null, "OK", 1, 2L))));
        store.tracking().deleteExperiment(exp);
        assertCode(ErrorCode.INVALID_PARAMETER_VALUE, () -> store.traces().startTrace(info(traceId(6), exp, 1, TraceState.OK, Map.of())));
        assertNotNull(exp);
    }

    @Test
    void tracesLinkedToARunAreFoundByItsRunIdBesideTheTracesMadeInIt() {
        String run = store.tracking().createRun(exp, "ann", 1L, List.of(), "r").info().runId();
        Map<String, String> meta = new LinkedHashMap<>(info(traceId(1), exp, 1, TraceState.OK, Map.of()).metadata());
        meta.put(TraceInfo.SOURCE_RUN_METADATA, run);
        store.traces().startTrace(new TraceInfo(traceId(1), exp, 1000, 5L, TraceState.OK, null, null, null, meta, Map.of(), List.of()));
        store.traces().startTrace(info(traceId(2), exp, 1001, TraceState.OK, Map.of()));
        store.traces().startTrace(info(traceId(3), exp, 1002, TraceState.OK, Map.of()));
        store.traces().linkTracesToRun(List.of(traceId(2)), run);
        store.traces().linkTracesToRun(List.of(traceId(2)), run); // twice: still one link
        assertEquals(List.of(traceId(2), traceId(1)), ids(search("attribute.run_id = '" + run + "'", List.of(), 10, null)));
        assertCode(ErrorCode.RESOURCE_DOES_NOT_EXIST, () -> store.traces().linkTracesToRun(List.of(traceId(3)), "nope"));
        assertCode(ErrorCode.RESOURCE_DOES_NOT_EXIST, () -> store.traces().linkTracesToRun(List.of(traceId(99)), run));
        List<String> tooMany = new ArrayList<>();
        for (int i = 0; i < 101; i++) tooMany.add(traceId(i));
        assertCode(ErrorCode.INVALID_PARAMETER_VALUE, () -> store.traces().linkTracesToRun(tooMany, run));
    }

    @Test
    void fullTextSearchMatchesSpanNamesAndAttributeValuesNotTheJsonStructure() {
        store.traces().logSpans(exp, List.of(new Span(traceId(1), "00000000000000a1", null, "alpha", null, "OK", 1_000_000_000L,
                2_000_000_000L, "{\"name\":\"alpha\",\"attributes\":[{\"key\":\"q\",\"value\":{\"string_value\":\"I like it\"}}]}")));
        store.traces().logSpans(exp, List.of(new Span(traceId(2), "00000000000000a1", null, "beta", null, "OK", 1_000_000_000L,
                2_000_000_000L, "{\"name\":\"beta\",\"attributes\":[{\"key\":\"q\",\"value\":{\"int_value\":\"7\"}}]}")));
        assertEquals(List.of(traceId(1)), ids(search("trace.text LIKE '%I like it%'", List.of(), 10, null)));
        assertEquals(List.of(), ids(search("trace.text LIKE '%string_value%'", List.of(), 10, null)), "OTLP's field names are not text");
        assertEquals(2, ids(search("trace.text LIKE '%\"q\"%'", List.of(), 10, null)).size());
    }

    @Test
    void countsAndSummariesFollowTheFilters() {
        store.traces().startTrace(info(traceId(1), exp, 1000, TraceState.OK, Map.of("env", "prod", "mlflow.traceName", "a")));
        store.traces().startTrace(info(traceId(2), exp, 1001, TraceState.ERROR, Map.of("env", "prod", "mlflow.traceName", "b")));
        store.traces().startTrace(info(traceId(3), exp, 1002, TraceState.OK, Map.of("env", "dev")));
        long[] n = store.traces().countTraces(List.of(exp), java.util.Arrays.asList(null, "tags.env = 'prod'",
                "trace.status = 'OK'", "tags.env = 'prod' AND trace.status = 'OK'"));
        assertEquals(List.of(3L, 2L, 2L, 1L), java.util.Arrays.stream(n).boxed().toList());
        assertCode(ErrorCode.INVALID_PARAMETER_VALUE, () -> store.traces().countTraces(List.of(exp), List.of("invalid.filter = 'x'")));
        var summaries = store.traces().summarizeTraces(List.of(exp), List.of("tags.env = 'prod'"));
        assertEquals(2, summaries.size());
        assertEquals(java.util.Set.of("a", "b"), summaries.stream().map(s -> s.name()).collect(java.util.stream.Collectors.toSet()));
        assertEquals(25L, summaries.get(0).executionDuration());
    }

    @Test
    void anOverridingAssessmentInvalidatesTheOriginalUntilItIsDeleted() {
        store.traces().startTrace(info(traceId(1), exp, 1000, TraceState.OK, Map.of()));
        store.traces().createAssessment(new Assessment("a-1", traceId(1), "q", 1, 1, "{\"assessment_id\":\"a-1\",\"valid\":true}"));
        store.traces().createAssessment(new Assessment("a-2", traceId(1), "q", 2, 2,
                "{\"assessment_id\":\"a-2\",\"overrides\":\"a-1\",\"valid\":true}"));
        assertTrue(store.traces().getAssessment(traceId(1), "a-1").json().contains("\"valid\":false"));
        store.traces().deleteAssessment(traceId(1), "a-2");
        assertTrue(store.traces().getAssessment(traceId(1), "a-1").json().contains("\"valid\":true"));
    }
}
