"""Tracing figures of `jtrack server` beside a real `mlflow server` 3.x, measured in the same run
on the same machine: OTLP span ingest (spans per second, protobuf as MLflow's client sends it)
and trace search with a filter over 10,000 traces (median HTTP round trip). Every loop is bounded
in count and time. One client: a real mlflow server 3.17 on SQLite stopped answering OTLP
requests from four concurrent clients here (2 cores), so the figure is per single client. Run by bench/server.sh with the tools python; JTRACK_JAR names the jar."""
import json
import os
import statistics
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src" / "test" / "python"))
from servers import JtrackServer, MlflowServer  # noqa: E402
from opentelemetry.proto.collector.trace.v1.trace_service_pb2 import ExportTraceServiceRequest  # noqa: E402

SPANS_PER_REQUEST = 50
INGEST_SECONDS = float(os.environ.get("TRACE_BENCH_INGEST_SECONDS", "5"))
SEARCH_TRACES = 10_000
SEARCH_TARGET_MS = 50
FILL_SECONDS = float(os.environ.get("TRACE_BENCH_FILL_SECONDS", "120"))
FILL_BATCH = 200


def call(url, data=None, headers=None, method=None):
    req = urllib.request.Request(url, data=data, headers=headers or {}, method=method)
    with urllib.request.urlopen(req, timeout=300) as r:
        return r.read()


def experiment(base, name):
    body = json.dumps({"name": name}).encode()
    return json.loads(call(base + "/api/2.0/mlflow/experiments/create", body, {"Content-Type": "application/json"}))["experiment_id"]


def otlp_request(first_trace, traces, spans_per_trace, error_every=0, rare_every=0):
    req = ExportTraceServiceRequest()
    scope = req.resource_spans.add().scope_spans.add()
    now = time.time_ns()
    for t in range(first_trace, first_trace + traces):
        trace_id = t.to_bytes(16, "big")
        for s in range(spans_per_trace):
            span = scope.spans.add()
            span.trace_id = trace_id
            span.span_id = (s + 1).to_bytes(8, "big")
            if s:
                span.parent_span_id = (1).to_bytes(8, "big")
            span.name = "rare-tool" if (s and rare_every and t % rare_every == 0) else ("root" if s == 0 else "llm")
            span.start_time_unix_nano = now + t * 1000 + s
            span.end_time_unix_nano = now + t * 1000 + s + 500_000
            span.status.code = 2 if (s == 0 and error_every and t % error_every == 0) else 1
            kv = span.attributes.add()
            kv.key = "mlflow.spanInputs"
            kv.value.string_value = json.dumps({"question": f"q{t}"})
    return req.SerializeToString()


def post_spans(base, exp, body):
    call(base + "/v1/traces", body, {"Content-Type": "application/x-protobuf", "X-MLflow-Experiment-Id": exp})


def ingest_rate(base, threads=1):
    exp = experiment(base, "bench-ingest")
    counter = [0]
    lock = threading.Lock()
    deadline = time.monotonic() + INGEST_SECONDS

    def worker(k):
        n = 0
        while time.monotonic() < deadline and n < 100_000:
            post_spans(base, exp, otlp_request(10_000_000 * (k + 1) + n * 10, 10, SPANS_PER_REQUEST // 10))
            n += 1
            with lock:
                counter[0] += SPANS_PER_REQUEST

    post_spans(base, exp, otlp_request(1, 10, 5))  # warm-up
    start = time.monotonic()
    ts = [threading.Thread(target=worker, args=(k,)) for k in range(threads)]
    for t in ts:
        t.start()
    for t in ts:
        t.join(timeout=INGEST_SECONDS + 120)
    return counter[0] / (time.monotonic() - start)


def search_ms(base):
    exp = experiment(base, "bench-search")
    # Bounded in time: a server slower than FILL_SECONDS is searched over the traces it took.
    deadline = time.monotonic() + FILL_SECONDS
    filled = 0
    while filled < SEARCH_TRACES and time.monotonic() < deadline:
        post_spans(base, exp, otlp_request(filled + 1, FILL_BATCH, 2, error_every=50, rare_every=1000))
        filled += FILL_BATCH
    out = {"filled": filled}
    for flt in ["trace.status = 'ERROR'", "span.name = 'rare-tool'"]:
        body = json.dumps({"locations": [{"type": "MLFLOW_EXPERIMENT", "mlflow_experiment": {"experiment_id": exp}}],
                           "filter": flt, "max_results": 100}).encode()
        url = base + "/api/3.0/mlflow/traces/search"
        found = len(json.loads(call(url, body, {"Content-Type": "application/json"})).get("traces", []))
        times = []
        for _ in range(15):
            t0 = time.perf_counter()
            call(url, body, {"Content-Type": "application/json"})
            times.append((time.perf_counter() - t0) * 1000)
        out[flt] = (statistics.median(times), found)
    return out


def main():
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        for name, make in (("jtrack", lambda: JtrackServer(Path(tmp) / "jtrack")), ("mlflow", lambda: MlflowServer(Path(tmp) / "mlflow"))):
            with make() as server:
                results[name] = {"ingest": ingest_rate(server.url), "search": search_ms(server.url)}
                print(name, json.dumps(results[name]), flush=True)
    print()
    print("tracing figure                                          jtrack server    mlflow server 3.x   target")
    print(f"OTLP span ingest (protobuf, 1 client)                  {results['jtrack']['ingest']:>9,.0f}/s    {results['mlflow']['ingest']:>9,.0f}/s      higher than mlflow")
    missed = 0
    print(f"traces filled for the searches (at most {SEARCH_TRACES:,} in {FILL_SECONDS:.0f} s)   {results['jtrack']['search'].pop('filled'):>9,}      {results['mlflow']['search'].pop('filled'):>9,}")
    for flt, (ms, found) in results["jtrack"]["search"].items():
        mms, mfound = results["mlflow"]["search"][flt]
        ok = ms < SEARCH_TARGET_MS
        missed += 0 if ok else 1
        print(f"search 10,000 traces: {flt:<30} {ms:>8.1f} ms ({found})  {mms:>8.1f} ms ({mfound})     < {SEARCH_TARGET_MS} ms {'ok' if ok else 'MISSED'}")
    return missed


if __name__ == "__main__":
    sys.exit(main())
