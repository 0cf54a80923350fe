"""End to end: the iris model served by the jtrack jar with `--log-predictions`, fed 2,000 requests
drawn from its training data and then 2,000 with `sepal_width` shifted, the server killed with
SIGKILL in the middle of the shifted stream and started again on the same log directory.
`jtrack monitor` must flag exactly `sepal_width` in the later windows and nothing in the earlier
ones; every acknowledged request must be in the inference log (read back with MLflow's client);
the drift statistics must equal scipy's (`ks_2samp`) and numpy's (PSI) on the logged data, and
the accuracy from `--labels` the one computed from the answers."""
import csv
import gzip
import http.client
import json
import os
import random
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import numpy as np
import pytest
from scipy import stats

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from servers import QUIET_ENV, ROOT, free_port, jar, java, wait_http  # noqa: E402

FEATURES = ["sepal_length", "sepal_width", "petal_length", "petal_width"]
SHIFT = 1.5
MODEL = "iris-monitored"


def iris_rows():
    with open(ROOT / "notebooks" / "data" / "iris.csv") as f:
        return [row for row in csv.DictReader(f)]


class Served:
    """`jtrack models serve --log-predictions` as a child process (its own process group)."""

    def __init__(self, workdir, tracking_uri, log_dir, port):
        self.log = open(workdir / f"serve-{port}-{time.monotonic_ns()}.log", "w")
        self.port = port
        self.proc = subprocess.Popen(
            [java(), "-jar", str(jar()), "models", "serve", "-m", f"models:/{MODEL}@champion", "--port", str(port),
             "--log-predictions", "--log-dir", str(log_dir), "--log-flush-seconds", "1", "--tracking-uri", tracking_uri],
            stdout=self.log, stderr=subprocess.STDOUT, cwd=workdir, env={**os.environ, **QUIET_ENV},
            start_new_session=True)
        wait_http(f"http://127.0.0.1:{port}/ping", timeout=90, proc=self.proc, log=Path(self.log.name))

    def kill9(self):
        os.killpg(self.proc.pid, signal.SIGKILL)
        self.proc.wait(timeout=30)

    def stop(self):
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout=60)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(timeout=30)
        self.log.close()


def post(conn, request_id, body, content_type="application/json"):
    conn.request("POST", "/invocations", body=body, headers={"Content-Type": content_type, "X-Request-Id": request_id})
    r = conn.getresponse()
    return r.status, r.getheader("X-Request-Id"), r.read()


@pytest.fixture(scope="module")
def monitored(jtrack_server, tmp_path_factory):
    work = tmp_path_factory.mktemp("monitor")
    env = {**os.environ, **QUIET_ENV}
    train = subprocess.run([java(), "-cp", str(jar()), str(Path(__file__).with_name("TrainIris.java")), jtrack_server.url,
                            str(ROOT / "notebooks" / "data" / "iris.csv"), MODEL, str(work / "train-journal")],
                           capture_output=True, text=True, timeout=180, env=env, cwd=work)
    assert train.returncode == 0, train.stdout + train.stderr
    rows = iris_rows()
    rng = random.Random(15)
    plan = []  # (request id, features, species)
    for i in range(4000):
        r = rng.choice(rows)
        x = [float(r[f]) for f in FEATURES]
        if i >= 2000:
            x[1] = round(x[1] + SHIFT, 1)
        plan.append((f"req-{i:05d}", x, r["species"]))
    acked = {}  # request id -> (features, prediction)
    log_dir = work / "inference-log"
    server = Served(work, jtrack_server.url, log_dir, free_port())
    try:
        conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
        for i in range(10):  # refused requests: logged as errors, not as data
            status, echoed, _ = post(conn, f"bad-{i}", b'{"instances": [[1.0]]}')
            assert status == 400 and echoed == f"bad-{i}"
        status, echoed, _ = post(conn, "", json.dumps({"instances": [plan[0][1]]}))
        assert status == 200 and len(echoed) == 36, echoed  # a generated UUID when the client gives none
        acked[echoed] = (plan[0][1], None)
        for rid, x, _ in plan[:3000]:
            status, echoed, body = post(conn, rid, json.dumps({"instances": [x]}))
            assert status == 200 and echoed == rid, body
            acked[rid] = (x, json.loads(body)["predictions"][0])
        conn.close()
        # the rest of the stream from two clients at once; SIGKILL while they send
        sent = iter(plan[3000:])
        lock = threading.Lock()
        failed = []

        def sender():
            c = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
            for _ in range(1000):
                with lock:
                    item = next(sent, None)
                if item is None:
                    return
                try:
                    status, _, body = post(c, item[0], json.dumps({"instances": [item[1]]}))
                except OSError:
                    with lock:
                        failed.append(item)
                    return
                if status == 200:
                    with lock:
                        acked[item[0]] = (item[1], json.loads(body)["predictions"][0])

        threads = [threading.Thread(target=sender) for _ in range(2)]
        for t in threads:
            t.start()
        deadline = time.monotonic() + 60
        while len(acked) < 3001 + 300 and time.monotonic() < deadline:
            time.sleep(0.005)
        server.kill9()
        for t in threads:
            t.join(timeout=60)
        killed_at = len(acked)
        assert 3001 + 300 <= killed_at < 4001, killed_at
        server.stop()
        # the same log directory again: the killed process's journal is delivered by this one
        server = Served(work, jtrack_server.url, log_dir, free_port())
        conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
        for rid, x, _ in plan[3000:]:
            if rid in acked:
                continue
            status, echoed, body = post(conn, rid, json.dumps({"instances": [x]}))
            assert status == 200, body
            acked[rid] = (x, json.loads(body)["predictions"][0])
        conn.close()
    finally:
        server.stop()  # SIGTERM: the log delivers what is left before the process ends
    labels = work / "labels.csv"
    with open(labels, "w") as f:
        f.write("request_id,row,label\n")
        for rid, _, species in plan:
            f.write(f"{rid},0,{species}\n")
    return {"work": work, "acked": acked, "plan": plan, "labels": labels, "killed_at": killed_at}


def monitor(server, work, *args):
    out = work / f"monitor-{time.monotonic_ns()}.json"
    proc = subprocess.run([java(), "-jar", str(jar()), "monitor", "-m", f"models:/{MODEL}@champion", "--tracking-uri",
                           server.url, "--json", str(out), *args], capture_output=True, text=True, timeout=180,
                          env={**os.environ, **QUIET_ENV}, cwd=work)
    return proc, (json.loads(out.read_text()) if out.exists() else None)


def logged_rows(server, tmp_path):
    import mlflow
    client = mlflow.MlflowClient(tracking_uri=server.url)
    exp = client.get_experiment_by_name("jtrack-monitoring")
    runs = client.search_runs([exp.experiment_id], f"tags.`jtrack.monitoring.model_uri` = 'models:/{MODEL}/1'")
    assert len(runs) == 1, [r.info.run_id for r in runs]
    rows = []
    files = client.list_artifacts(runs[0].info.run_id, "inference")
    assert files, "no inference files"
    for f in files:
        local = client.download_artifacts(runs[0].info.run_id, f.path, str(tmp_path))
        with gzip.open(local, "rt", newline="") as fh:
            rows.extend(csv.DictReader(fh))
    return runs[0], rows


def test_every_acknowledged_request_is_logged(monitored, jtrack_server, tmp_path):
    _, rows = logged_rows(jtrack_server, tmp_path)
    data = {r["request_id"]: r for r in rows if r["row"] == "0"}
    missing = [rid for rid in monitored["acked"] if rid not in data]
    assert not missing, f"{len(missing)} acknowledged requests are not in the log, e.g. {missing[:5]}"
    for rid, (x, prediction) in monitored["acked"].items():
        got = data[rid]
        assert [float(got["input." + f]) for f in FEATURES] == pytest.approx(x), rid
        if prediction is not None:
            assert got["output.prediction"] == prediction, rid
    errors = [r for r in rows if r["request_id"].startswith("bad-")]
    assert len(errors) == 10
    assert all(r["status"] == "400" and r["row"] == "-1" and r["error"] and r["input.sepal_width"] == "" for r in errors)


def test_monitor_flags_exactly_the_shifted_feature_in_the_later_windows(monitored, jtrack_server):
    proc, report = monitor(jtrack_server, monitored["work"], "--window", "500", "--alert", "psi > 0.2",
                           "--labels", str(monitored["labels"]))
    assert proc.returncode == 4, proc.stdout + proc.stderr  # the last window alerts
    windows = report["windows"]
    assert len(windows) >= 8, len(windows)
    for w in windows[:4]:
        assert w["alerting_features"] == [], (w["index"], w["alerts"])
    for w in windows[4:8]:
        assert w["alerting_features"] == ["sepal_width"], (w["index"], w["alerts"])
    assert windows[0]["metrics"]["error_rate"] == pytest.approx(10 / 500)
    assert all(w["metrics"]["error_rate"] == 0 for w in windows[1:])
    # real accuracy per window from the labels, against the answers the clients got
    answers = {rid: p for rid, (_, p) in monitored["acked"].items()}
    species = {rid: s for rid, _, s in monitored["plan"]}
    first = [rid for rid, _, _ in monitored["plan"][:490]]  # window 0: 10 errors, the generated-id request, 489 of these
    assert windows[0]["metrics"]["labeled_count"] == 489
    expected = sum(answers[r] == species[r] for r in first[:489]) / 489
    assert windows[0]["metrics"]["accuracy"] == pytest.approx(expected, abs=1e-12)


def test_drift_statistics_equal_scipy_and_numpy(monitored, jtrack_server, tmp_path):
    proc, report = monitor(jtrack_server, monitored["work"], "--window", "100000", "--no-log")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    metrics = report["windows"][0]["metrics"]
    _, rows = logged_rows(jtrack_server, tmp_path)
    seen, window = set(), {f: [] for f in FEATURES}
    for r in rows:
        key = (r["request_id"], r["row"], r["time"])
        if r["row"] == "-1" or key in seen:
            continue
        seen.add(key)
        for f in FEATURES:
            window[f].append(float(r["input." + f]))
    reference = {f: np.array([float(r[f]) for r in iris_rows()]) for f in FEATURES}
    for f in FEATURES:
        ref, win = reference[f], np.array(window[f])
        assert metrics[f + ".ks"] == pytest.approx(stats.ks_2samp(ref, win).statistic, abs=1e-12), f
        edges = np.unique(np.quantile(ref, np.linspace(0.1, 0.9, 9)))
        r = np.bincount(np.searchsorted(edges, ref, side="left"), minlength=len(edges) + 1) / len(ref)
        w = np.bincount(np.searchsorted(edges, win, side="left"), minlength=len(edges) + 1) / len(win)
        r, w = np.maximum(r, 1e-4), np.maximum(w, 1e-4)
        assert metrics[f + ".psi"] == pytest.approx(float(np.sum((w - r) * np.log(w / r))), rel=1e-9), f
        assert metrics[f + ".missing_rate"] == 0
