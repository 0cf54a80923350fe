"""Logged models (MLflow 3) over HTTP: create rate and search latency over N logged models, for
`jtrack server` and a real `mlflow server` of the tools environment, side by side in one run.
Usage: $JTRACK_TEST_TOOLS_PYTHON bench/logged_models.py [N=10000] [threads=4]
Prints one line per figure and server. Both servers run on SQLite on loopback."""
import http.client
import json
import os
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src" / "test" / "python"))
from servers import JtrackServer, MlflowServer  # noqa: E402

N = int(sys.argv[1]) if len(sys.argv) > 1 else 10000
THREADS = int(sys.argv[2]) if len(sys.argv) > 2 else 4
SEARCH_REPEATS = 20
API = "/api/2.0/mlflow/"


class Client:
    """One keep-alive HTTP connection."""

    def __init__(self, url):
        host, port = url.removeprefix("http://").split(":")
        self.conn = http.client.HTTPConnection(host, int(port), timeout=120)

    def call(self, method, path, body):
        self.conn.request(method, API + path, json.dumps(body), {"Content-Type": "application/json"})
        r = self.conn.getresponse()
        data = r.read()
        if r.status != 200:
            raise RuntimeError(f"{method} {path}: {r.status} {data[:300]!r}")
        return json.loads(data or b"{}")


def create_models(url, exp, n, offset=0):
    """Creates n models from THREADS connections; returns models per second."""
    def work(k):
        c = Client(url)
        for i in range(offset + k, offset + n, THREADS):
            c.call("POST", "logged-models", {"experiment_id": exp, "name": f"m{i}",
                                              "params": [{"key": "alpha", "value": str(i % 10)}],
                                              "tags": [{"key": "group", "value": f"g{i % 100}"}]})
    threads = [threading.Thread(target=work, args=(k,)) for k in range(THREADS)]
    start = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=3600)
    return n / (time.perf_counter() - start)


def search_ms(url, exp):
    """Median ms of a filtered, ordered first page (100 models) over all N models."""
    c = Client(url)
    body = {"experiment_ids": [exp], "filter": "params.alpha = '3' AND tags.group LIKE 'g%3'",
            "order_by": [{"field_name": "name", "ascending": True}], "max_results": 100}
    found = c.call("POST", "logged-models/search", body)
    assert len(found.get("models", [])) == min(100, N // 10), len(found.get("models", []))
    times = []
    for _ in range(SEARCH_REPEATS):
        start = time.perf_counter()
        c.call("POST", "logged-models/search", body)
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def measure(name, server):
    c = Client(server.url)
    exp = c.call("POST", "experiments/create", {"name": "bench-logged-models"})["experiment_id"]
    rate = create_models(server.url, exp, N)
    print(f"logged-model create ({THREADS} connections)   {name:7s} {rate:9.0f} models/s", flush=True)
    ms = search_ms(server.url, exp)
    print(f"logged-model search over {N} (filter+order) {name:7s} {ms:9.1f} ms median", flush=True)


def main():
    os.environ.setdefault("MLFLOW_DISABLE_TELEMETRY", "true")
    os.environ.setdefault("DO_NOT_TRACK", "true")
    with tempfile.TemporaryDirectory() as tmp:
        with JtrackServer(Path(tmp) / "jtrack") as jtrack:
            measure("jtrack", jtrack)
        with MlflowServer(Path(tmp) / "mlflow") as mlflow:
            measure("mlflow", mlflow)


if __name__ == "__main__":
    main()
