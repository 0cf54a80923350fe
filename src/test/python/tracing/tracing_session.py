"""One tracing session of the real MLflow 3 client against the server at argv[1]; prints a JSON
summary with ids and times normalised, so the summaries of two servers can be compared.

Run in its own process per server: MLflow's tracing keeps process-wide state (the tracer, the
async export queue) bound to the first tracking URI it saw."""
import json
import sys
import time
import urllib.request

import mlflow
from mlflow import MlflowClient
from mlflow.entities import AssessmentSource, Feedback
from opentelemetry.proto.collector.trace.v1.trace_service_pb2 import ExportTraceServiceRequest

URI = sys.argv[1]
mlflow.set_tracking_uri(URI)
exp_id = mlflow.set_experiment("tracing-suite").experiment_id
client = MlflowClient()
out = {}


@mlflow.trace(span_type="CHAIN")
def pipeline(question):
    with mlflow.start_span("retrieve", span_type="RETRIEVER") as span:
        span.set_inputs({"query": question})
        span.set_outputs(["doc-1", "doc-2"])
        span.set_attribute("top_k", 2)
    return answer(question)


@mlflow.trace(name="answer", span_type="LLM")
def answer(question):
    return {"text": question.upper(), "tokens": 3}


@mlflow.trace(name="explode")
def explode():
    raise ValueError("boom")


def flush():
    mlflow.flush_trace_async_logging(terminate=False)


pipeline("what is jtrack?")
pipeline_id = mlflow.get_last_active_trace_id()
try:
    explode()
except ValueError:
    pass
error_id = mlflow.get_last_active_trace_id()
with mlflow.start_span("manual", span_type="TOOL") as span:
    span.set_inputs({"a": 1})
    span.set_outputs({"b": [1, 2.5, None, True]})
manual_id = mlflow.get_last_active_trace_id()
flush()


def ordered(trace_id):
    return {pipeline_id: "pipeline", error_id: "explode", manual_id: "manual"}.get(trace_id, trace_id)


def summary(trace):
    by_id = {s.span_id: s for s in trace.data.spans}
    spans = []
    for s in sorted(trace.data.spans, key=lambda s: (s.start_time_ns, s.name)):
        parent = by_id[s.parent_id].name if s.parent_id else None
        spans.append({
            "name": s.name, "parent": parent, "type": s.span_type, "status": s.status.status_code.value,
            "inputs": s.inputs, "outputs": s.outputs,
            "attributes": {k: v for k, v in s.attributes.items() if not k.startswith("mlflow.")},
            "events": [e.name for e in s.events],
            "ends_after_start": s.end_time_ns >= s.start_time_ns,
        })
    info = trace.info
    return {
        "state": info.state.value,
        "name": info.tags.get("mlflow.traceName"),
        "tags": sorted(k for k in info.tags if k != "mlflow.artifactLocation"),
        "artifact_location_suffix": info.tags.get("mlflow.artifactLocation", "").split("/traces/")[-1].replace(info.trace_id, "ID"),
        "metadata": {k: v for k, v in info.trace_metadata.items() if k not in ("mlflow.trace.sizeStats", "mlflow.trace.sizeBytes")},
        "request_preview": info.request_preview, "response_preview": info.response_preview,
        "duration_ok": info.execution_duration is not None and info.execution_duration >= 0,
        "spans": spans,
        "assessments": sorted((a.name, str(a.value), a.rationale, a.source.source_type, a.source.source_id)
                              for a in info.assessments),
    }


out["traces"] = {ordered(t): summary(mlflow.get_trace(t)) for t in (pipeline_id, error_id, manual_id)}

mlflow.set_trace_tag(manual_id, "color", "red")
mlflow.set_trace_tag(manual_id, "stage", "dev")
mlflow.delete_trace_tag(manual_id, "stage")
out["tags_after_edit"] = sorted(k for k in mlflow.get_trace(manual_id).info.tags if not k.startswith("mlflow."))


def names(**kw):
    traces = mlflow.search_traces(locations=[exp_id], return_type="list", **kw)
    return [ordered(t.info.trace_id) for t in traces]


filters = [
    None,
    "trace.status = 'OK'",
    "trace.status = 'ERROR'",
    "attributes.status != 'OK'",
    "tag.color = 'red'",
    "tags.color LIKE 're%'",
    "trace.name = 'pipeline'",
    "trace.timestamp_ms > 0",
    "trace.execution_time_ms >= 0",
    "span.name = 'retrieve'",
    "span.type = 'LLM'",
    "metadata.`mlflow.trace_schema.version` = '3'",
    "trace.status IN ('ERROR', 'IN_PROGRESS')",
]
out["search"] = {str(f): names(filter_string=f) for f in filters}
out["search_ordered"] = {o: names(order_by=[o]) for o in ["timestamp_ms ASC", "timestamp_ms DESC", "trace.name ASC"]}

pages, token = [], None
for _ in range(10):
    infos, token = client._tracing_client.store.search_traces(locations=[exp_id], max_results=1, page_token=token)
    pages.append([ordered(i.trace_id) for i in infos])
    if not token:
        break
out["pages"] = pages

fb = mlflow.log_feedback(trace_id=pipeline_id, name="helpful", value=True, rationale="clear",
                         source=AssessmentSource(source_type="HUMAN", source_id="reviewer"))
ex = mlflow.log_expectation(trace_id=pipeline_id, name="expected", value={"text": "WHAT IS JTRACK?"})
got = mlflow.get_assessment(pipeline_id, fb.assessment_id)
out["assessment_get"] = [got.name, got.value, got.rationale, got.trace_id == pipeline_id]
mlflow.update_assessment(pipeline_id, fb.assessment_id, Feedback(name="helpful", value=False))
mlflow.delete_assessment(pipeline_id, ex.assessment_id)
out["assessments_after_edit"] = summary(mlflow.get_trace(pipeline_id))["assessments"]


def err(call):
    try:
        call()
        return None
    except Exception as e:  # noqa: BLE001 - the error code is what is compared
        return getattr(e, "error_code", type(e).__name__)


out["errors"] = {
    "get_missing": err(lambda: client.get_trace("tr-00000000000000000000000000000000")),
    "bad_filter": err(lambda: mlflow.search_traces(locations=[exp_id], filter_string="trace.nope = 1", return_type="list")),
    "missing_assessment": err(lambda: mlflow.get_assessment(pipeline_id, "a-00000000000000000000000000000000")),
}


# Spans from an OpenTelemetry client that is not MLflow's: OTLP/HTTP protobuf and JSON.
def post(body, content_type):
    req = urllib.request.Request(URI + "/v1/traces", data=body, method="POST",
                                 headers={"Content-Type": content_type, "X-MLflow-Experiment-Id": exp_id})
    with urllib.request.urlopen(req, timeout=30) as r:
        return r.status


now = time.time_ns()
proto = ExportTraceServiceRequest()
span = proto.resource_spans.add().scope_spans.add().spans.add()
span.trace_id = bytes.fromhex("0af7651916cd43dd8448eb211c80319c")
span.span_id = bytes.fromhex("b7ad6b7169203331")
span.name = "otel-proto-root"
span.start_time_unix_nano = now
span.end_time_unix_nano = now + 5_000_000
span.status.code = 2
kv = span.attributes.add()
kv.key = "http.method"
kv.value.string_value = "GET"
json_body = {"resourceSpans": [{"resource": {"attributes": []}, "scopeSpans": [{"spans": [
    {"traceId": "5b8efff798038103d269b633813fc60c", "spanId": "eee19b7ec3c1b174", "name": "otel-json-root",
     "startTimeUnixNano": str(now), "endTimeUnixNano": str(now + 2_000_000), "kind": 2,
     "attributes": [{"key": "n", "value": {"intValue": "7"}}], "status": {"code": 1}},
    {"traceId": "5b8efff798038103d269b633813fc60c", "spanId": "eee19b7ec3c1b175", "parentSpanId": "eee19b7ec3c1b174",
     "name": "otel-json-child", "startTimeUnixNano": str(now + 1), "endTimeUnixNano": str(now + 1_000_000)}]}]}]}
out["otlp_status"] = [post(proto.SerializeToString(), "application/x-protobuf"),
                      post(json.dumps(json_body).encode(), "application/json")]
for tid in ("tr-0af7651916cd43dd8448eb211c80319c", "tr-5b8efff798038103d269b633813fc60c"):
    t = client.get_trace(tid)
    s = summary(t)
    out["otlp_" + tid] = {"state": s["state"], "spans": [(x["name"], x["parent"], x["status"], x["attributes"]) for x in s["spans"]]}

out["deleted_by_id"] = client.delete_traces(experiment_id=exp_id, trace_ids=[error_id])
out["deleted_by_time"] = client.delete_traces(experiment_id=exp_id, max_timestamp_millis=int(time.time() * 1000) + 60_000,
                                              max_traces=2)
out["left"] = len(mlflow.search_traces(locations=[exp_id], return_type="list"))
print("SUMMARY " + json.dumps(out, sort_keys=True, default=str))
