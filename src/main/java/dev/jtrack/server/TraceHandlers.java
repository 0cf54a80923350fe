package dev.jtrack.server;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jtrack.tracking.Page;
import dev.jtrack.tracking.trace.Assessment;
import dev.jtrack.tracking.trace.TraceInfo;
import dev.jtrack.tracking.trace.TraceQuery;
import dev.jtrack.tracking.trace.TraceStore;
import java.util.ArrayList;
import java.util.List;

/**
 * MLflow 3 tracing endpoints as the 3.x Python client calls them: {@code /api/3.0/mlflow/traces}
 * (start, get info, get with spans, batch get, search, assessments) and the tag and delete paths
 * under both 2.0 and 3.0. Spans arrive through OTLP ({@link OtlpHandler}).
 */
final class TraceHandlers {
    static final int SEARCH_DEFAULT_MAX_RESULTS = 100;
    private static final int DELETE_BATCH_MAX = 100;

    private final TraceStore store;

    TraceHandlers(TraceStore store) {
        this.store = store;
    }

    void register(ApiRoutes r) {
        r.post(ApiRoutes.v3("traces"), this::start);
        r.get(ApiRoutes.v3("traces/get"), this::getTrace);
        r.get(ApiRoutes.v3("traces/batchGet"), this::batchGet);
        r.get(ApiRoutes.v3("traces/search"), this::search);
        r.postRead(ApiRoutes.v3("traces/search"), this::search);
        r.get(ApiRoutes.v3("traces/{trace_id}"), this::getInfo);
        for (String prefix : new String[] {"", ApiRoutes.v3("")}) {
            r.patch(prefix + "traces/{trace_id}/tags", this::setTag);
            r.delete(prefix + "traces/{trace_id}/tags", this::deleteTag);
            r.post(prefix + "traces/delete-traces", this::deleteTraces);
        }
        r.getRaw("get-trace-artifact", this::traceArtifact);
        r.postRead(ApiRoutes.v3("traces/metrics"), new TraceMetrics(store)::query);
        for (String path : new String[] {"traces/calculate-filter-correlation", ApiRoutes.v3("traces/calculate-filter-correlation")}) {
            r.postRead(path, this::filterCorrelation);
        }
        for (String path : new String[] {"traces/link-to-run", ApiRoutes.v3("traces/link-to-run")}) {
            r.post(path, (in, out) -> store.linkTracesToRun(requiredStrings(in, "trace_ids"), in.requiredString("run_id")));
        }
        r.post(ApiRoutes.v3("traces/{trace_id}/assessments"), this::createAssessment);
        r.get(ApiRoutes.v3("traces/{trace_id}/assessments/{assessment_id}"), this::getAssessment);
        r.patch(ApiRoutes.v3("traces/{trace_id}/assessments/{assessment_id}"), this::updateAssessment);
        r.delete(ApiRoutes.v3("traces/{trace_id}/assessments/{assessment_id}"), this::deleteAssessment);
    }

    private void start(Params in, JsonOut out) throws Exception {
        Params trace = in.requiredObject("trace");
        TraceInfo stored = store.startTrace(TraceJson.parseInfo(trace.requiredObject("trace_info")));
        writeTrace(out, stored, null);
    }

    /** {@code GET get-trace-artifact?request_id=..}: the trace's spans as MLflow's {@code traces.json} download. */
    private void traceArtifact(io.javalin.http.Context ctx, java.util.Map<String, String> pathValues) throws Exception {
        String id = ctx.queryParam("request_id");
        if (id == null || id.isEmpty()) {
            throw ApiException.badRequest("Request must include the \"request_id\" query parameter.");
        }
        if (ctx.queryParam("path") != null && !ctx.queryParam("path").isEmpty()) {
            throw ApiException.invalidParameter("Trace attachments are not stored by this server.");
        }
        store.getTraceInfo(id); // RESOURCE_DOES_NOT_EXIST for an unknown trace
        byte[] body = TraceJson.MAPPER.writeValueAsBytes(dev.jtrack.tracking.trace.SpanDicts.traceData(store.getSpans(id)));
        ctx.header("Content-Disposition", "attachment; filename=traces.json");
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.contentType("application/octet-stream").result(body);
    }

    /** Counts of two filters over the experiments (within an optional base filter) and their NPMI. */
    private void filterCorrelation(Params in, JsonOut out) throws Exception {
        List<String> experiments = requiredStrings(in, "experiment_ids");
        String f1 = in.requiredString("filter_string1");
        String f2 = in.requiredString("filter_string2");
        String base = ExperimentHandlers.emptyToNull(in.string("base_filter"));
        String first = base == null ? f1 : base + " AND " + f1;
        String second = base == null ? f2 : base + " AND " + f2;
        long[] n = store.countTraces(experiments, java.util.Arrays.asList(base, first, second, first + " AND " + second));
        double[] npmi = TraceCorrelation.npmi(n[3], n[1], n[2], n[0]);
        JsonGenerator g = out.gen();
        g.writeNumberField("npmi", npmi[0]);
        g.writeNumberField("npmi_smoothed", npmi[1]);
        g.writeNumberField("filter1_count", n[1]);
        g.writeNumberField("filter2_count", n[2]);
        g.writeNumberField("joint_count", n[3]);
        g.writeNumberField("total_count", n[0]);
    }

    private static List<String> requiredStrings(Params in, String name) {
        if (!in.has(name)) {
            throw ApiException.invalidParameter("Missing value for required parameter '" + name + "'.");
        }
        return in.strings(name);
    }

    private void getInfo(Params in, JsonOut out) throws Exception {
        writeTrace(out, store.getTraceInfo(in.requiredString("trace_id")), null);
    }

    private void getTrace(Params in, JsonOut out) throws Exception {
        String id = in.requiredString("trace_id");
        writeTrace(out, store.getTraceInfo(id), store.getSpans(id));
    }

    private static void writeTrace(JsonOut out, TraceInfo info, List<dev.jtrack.tracking.trace.Span> spans) throws Exception {
        out.gen().writeFieldName("trace");
        TraceJson.trace(out.gen(), info, spans);
    }

    private void batchGet(Params in, JsonOut out) throws Exception {
        List<String> ids = in.strings("trace_ids");
        if (ids.isEmpty()) {
            throw ApiException.invalidParameter("Missing value for required parameter 'trace_ids'.");
        }
        if (ids.size() > TraceStore.SEARCH_MAX_RESULTS_THRESHOLD) {
            throw in.invalidValue("trace_ids", "at most " + TraceStore.SEARCH_MAX_RESULTS_THRESHOLD + " ids per request.");
        }
        JsonGenerator g = out.gen();
        g.writeArrayFieldStart("traces");
        for (String id : ids) {
            TraceInfo info;
            try {
                info = store.getTraceInfo(id);
            } catch (dev.jtrack.tracking.MlflowException e) {
                if (e.errorCode() == dev.jtrack.tracking.ErrorCode.RESOURCE_DOES_NOT_EXIST) continue;
                throw e;
            }
            TraceJson.trace(g, info, store.getSpans(id));
        }
        g.writeEndArray();
    }

    private void search(Params in, JsonOut out) throws Exception {
        List<String> experiments = new ArrayList<>();
        for (Params loc : in.objects("locations")) {
            Params exp = loc.object("mlflow_experiment");
            if (exp == null || exp.string("experiment_id") == null) {
                throw in.invalidValue("locations", "only MLflow experiment locations are supported.");
            }
            experiments.add(exp.string("experiment_id"));
        }
        experiments.addAll(in.strings("experiment_ids"));
        if (experiments.isEmpty()) {
            throw ApiException.invalidParameter("Missing value for required parameter 'locations'.");
        }
        long max = in.int64("max_results", SEARCH_DEFAULT_MAX_RESULTS);
        if (max < 1 || max > TraceStore.SEARCH_MAX_RESULTS_THRESHOLD) {
            throw in.invalidValue("max_results", "must be between 1 and " + TraceStore.SEARCH_MAX_RESULTS_THRESHOLD + ", got " + max + ".");
        }
        Page<TraceInfo> page = store.searchTraces(new TraceQuery(experiments, in.string("filter"), in.strings("order_by"),
                (int) max, ExperimentHandlers.emptyToNull(in.string("page_token"))));
        JsonGenerator g = out.gen();
        if (!page.items().isEmpty()) {
            g.writeArrayFieldStart("traces");
            for (TraceInfo t : page.items()) TraceJson.info(g, t);
            g.writeEndArray();
        }
        out.str("next_page_token", page.nextPageToken());
    }

    private void setTag(Params in, JsonOut out) {
        store.setTraceTag(traceId(in), in.requiredString("key"), in.requiredStringAllowEmpty("value"));
    }

    private void deleteTag(Params in, JsonOut out) {
        store.deleteTraceTag(traceId(in), in.requiredString("key"));
    }

    /** The path's trace id; the 2.0 paths call it request_id. */
    private static String traceId(Params in) {
        return in.requiredString("trace_id");
    }

    private void deleteTraces(Params in, JsonOut out) throws Exception {
        String experimentId = in.requiredString("experiment_id");
        List<String> ids = new ArrayList<>(in.strings("request_ids"));
        ids.addAll(in.strings("trace_ids"));
        Long maxTimestamp = in.int64("max_timestamp_millis");
        int deleted;
        if (!ids.isEmpty()) {
            if (maxTimestamp != null) {
                throw ApiException.invalidParameter("Only one of 'max_timestamp_millis' and 'request_ids' can be specified.");
            }
            if (ids.size() > DELETE_BATCH_MAX) {
                throw in.invalidValue("request_ids", "at most " + DELETE_BATCH_MAX + " ids per request.");
            }
            deleted = store.deleteTraces(experimentId, ids);
        } else if (maxTimestamp != null) {
            long maxTraces = in.int64("max_traces", Integer.MAX_VALUE);
            if (maxTraces < 1) {
                throw in.invalidValue("max_traces", "must be positive.");
            }
            deleted = store.deleteTracesBefore(experimentId, maxTimestamp, (int) Math.min(maxTraces, Integer.MAX_VALUE));
        } else {
            throw ApiException.invalidParameter("Either 'max_timestamp_millis' or 'request_ids' must be specified.");
        }
        out.num("traces_deleted", (long) deleted);
    }

    private void createAssessment(Params in, JsonOut out) throws Exception {
        String traceId = in.requiredString("trace_id");
        JsonNode a = in.json("assessment");
        if (a == null || !a.isObject()) {
            throw ApiException.invalidParameter("Missing value for required parameter 'assessment'.");
        }
        ObjectNode given = (ObjectNode) a.deepCopy();
        given.remove("assessment_id");
        writeAssessment(out, store.createAssessment(TraceJson.newAssessment(traceId, given)));
    }

    private void getAssessment(Params in, JsonOut out) throws Exception {
        writeAssessment(out, store.getAssessment(in.requiredString("trace_id"), in.requiredString("assessment_id")));
    }

    private void updateAssessment(Params in, JsonOut out) throws Exception {
        String traceId = in.requiredString("trace_id");
        String id = in.requiredString("assessment_id");
        JsonNode a = in.json("assessment");
        if (a == null || !a.isObject()) {
            throw ApiException.invalidParameter("Missing value for required parameter 'assessment'.");
        }
        JsonNode mask = in.json("update_mask");
        String paths = mask == null ? null : mask.isTextual() ? mask.textValue() : String.join(",", textList(mask.path("paths")));
        Assessment stored = store.getAssessment(traceId, id);
        writeAssessment(out, store.updateAssessment(TraceJson.updateAssessment(stored, (ObjectNode) a, paths)));
    }

    private static List<String> textList(JsonNode n) {
        List<String> out = new ArrayList<>();
        for (JsonNode x : n) out.add(x.asText());
        return out;
    }

    private void deleteAssessment(Params in, JsonOut out) {
        store.deleteAssessment(in.requiredString("trace_id"), in.requiredString("assessment_id"));
    }

    private static void writeAssessment(JsonOut out, Assessment a) throws Exception {
        out.gen().writeFieldName("assessment");
        out.gen().writeRawValue(a.json());
    }
}
