"""Logged models (MLflow 3) over HTTP: create rate and search latency over N logged models, for
`jtrack server` and a real `mlflow server` of the tools environment, side by side in one run.
Usage: $JTRACK_TEST_TOOLS_PYTHON bench/logged_models.py [N=10000] [threads=4]
Prints one line per figure and server. Both servers run on SQLite on loopback.

The create rate is measured over the first models, for at most CREATE_SECONDS. jtrack then creates
the rest over HTTP too; MLflow (a few models per second here) would need about an hour, so its
remaining models are copies of the rows it wrote itself, inserted into its own database (same
columns, new ids and names): its search then runs over N models of its own schema."""
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
CREATE_SECONDS = float(os.environ.get("LOGGED_MODELS_CREATE_SECONDS", "60"))
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


def create_models(url, exp, n, seconds):
    """Creates up to n models (model i: alpha = i % 10, group = g<i % 100>) from THREADS connections,
    stopping after `seconds`; returns (models created, models per second)."""
    deadline = time.perf_counter() + seconds
    created = [0] * THREADS

    def work(k):
        c = Client(url)
        for i in range(k, n, THREADS):
            if time.perf_counter() > deadline:
                return
            c.call("POST", "logged-models", {"experiment_id": exp, "name": f"m{i}",
                                              "params": [{"key": "alpha", "value": str(i % 10)}],
                                              "tags": [{"key": "group", "value": f"g{i % 100}"}]})
            created[k] += 1
    threads = [threading.Thread(target=work, args=(k,)) for k in range(THREADS)]
    start = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=seconds + 120)
    return sum(created), sum(created) / (time.perf_counter() - start)


def copy_mlflow_models(db_file, n):
    """Makes MLflow's database hold n logged models: copies of model m0 (its row, params and tags,
    with a new id, name and the same alpha/group pattern as create_models)."""
    import sqlite3
    import uuid
    con = sqlite3.connect(db_file, timeout=60)
    con.row_factory = sqlite3.Row
    have = con.execute("SELECT COUNT(*) FROM logged_models").fetchone()[0]
    template = con.execute("SELECT * FROM logged_models WHERE name = 'm0'").fetchone()
    params = con.execute("SELECT * FROM logged_model_params WHERE model_id = ?", (template["model_id"],)).fetchall()
    tags = con.execute("SELECT * FROM logged_model_tags WHERE model_id = ?", (template["model_id"],)).fetchall()
    names = {r[0] for r in con.execute("SELECT name FROM logged_models")}

    def insert(table, row, **changes):
        values = dict(row)
        values.update(changes)
        cols = ", ".join(values)
        con.execute(f"INSERT INTO {table} ({cols}) VALUES ({', '.join('?' * len(values))})", list(values.values()))

    i = 0
    with con:
        while have < n:
            i += 1
            if f"m{i}" in names:
                continue
            model_id = "m-" + uuid.uuid4().hex
            location = template["artifact_location"].replace(template["model_id"], model_id)
            insert("logged_models", template, model_id=model_id, name=f"m{i}", artifact_location=location)
            for p in params:
                insert("logged_model_params", p, model_id=model_id, param_value=str(i % 10))
            for t in tags:
                insert("logged_model_tags", t, model_id=model_id, tag_value=f"g{i % 100}")
            have += 1
    con.close()


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


def measure(server, seconds, fill):
    """Create rate over what `seconds` allow (fill makes up the rest), then search over N models."""
    c = Client(server.url)
    exp = c.call("POST", "experiments/create", {"name": "bench-logged-models"})["experiment_id"]
    created, rate = create_models(server.url, exp, N, seconds)
    if created < N and fill:
        fill(exp, created)
    return {"create": rate, "created": created, "search": search_ms(server.url, exp)}


def main():
    os.environ.setdefault("MLFLOW_DISABLE_TELEMETRY", "true")
    os.environ.setdefault("DO_NOT_TRACK", "true")
    os.environ.setdefault("MLFLOW_SERVER_ENABLE_JOB_EXECUTION", "false")
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        with JtrackServer(Path(tmp) / "jtrack") as jtrack:
            results["jtrack"] = measure(jtrack, 900, None)
            if results["jtrack"]["created"] < N:
                raise SystemExit(f"jtrack created only {results['jtrack']['created']} models in 900 s")
            print("jtrack", results["jtrack"], flush=True)
        with MlflowServer(Path(tmp) / "mlflow") as mlflow:
            results["mlflow"] = measure(mlflow, CREATE_SECONDS, lambda exp, created: copy_mlflow_models(Path(tmp) / "mlflow" / "mlflow.db", N))
            print("mlflow", results["mlflow"], flush=True)
    print()
    print("logged-model figure                                   jtrack server    mlflow server 3.x")
    print(f"create ({THREADS} connections)                              {results['jtrack']['create']:>9,.0f}/s    {results['mlflow']['create']:>9,.0f}/s"
          f"   (mlflow: {results['mlflow']['created']:,} created over HTTP, the rest copied in its database)")
    print(f"search over {N:,} (filter + order, first 100)         {results['jtrack']['search']:>9.1f} ms   {results['mlflow']['search']:>9.1f} ms")


if __name__ == "__main__":
    main()
