"""`jtrack import` against stores written by the real MLflow: 3.x (the tools environment's, this
interpreter) and 2.17 ($JTRACK_TEST_MLFLOW2_PYTHON). Each store is imported by the built jar, then
read back by MLflow's client through a `jtrack server` on the copy, and must equal the source as
MLflow reads it. Also: a second import changes nothing, a killed import finishes when run again,
a source id held by different content is reported and left alone, bad sources exit 2.
"""
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from servers import QUIET_ENV, JtrackServer, jar, java  # noqa: E402

HERE = Path(__file__).resolve().parent
STORE_SCRIPT = str(HERE / "mlflow_store.py")


def mlflow2_python():
    python = os.environ.get("JTRACK_TEST_MLFLOW2_PYTHON")
    if not python or not Path(python).is_file():
        pytest.fail("JTRACK_TEST_MLFLOW2_PYTHON (mlflow==2.17.2) is not set: . .ci/python-envs.sh; ensure_python_envs")
    return python


def python_of(version):
    return sys.executable if version == "3" else mlflow2_python()


def store_script(python, *args, cwd=None, timeout=600):
    done = subprocess.run([python, STORE_SCRIPT, *args], capture_output=True, text=True, timeout=timeout,
                          env={**os.environ, **QUIET_ENV}, cwd=cwd)
    assert done.returncode == 0, done.stderr[-4000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def jtrack_import(*args, cwd=None, env=None, timeout=600):
    return subprocess.run([java(), "-jar", str(jar()), "import", *args], capture_output=True, text=True,
                          timeout=timeout, cwd=cwd, env={**os.environ, **QUIET_ENV, **(env or {})})


def dump_jtrack(workdir, db):
    with JtrackServer(workdir, backend=f"sqlite:///{db}") as server:
        return store_script(sys.executable, "dump", server.url), server.url


def summary_rows(stdout):
    rows = {}
    for line in stdout.splitlines():
        parts = line.rsplit(None, 3)
        if len(parts) == 4 and all(p.isdigit() for p in parts[1:]):
            rows[parts[0].strip()] = tuple(int(p) for p in parts[1:])
    return rows


def table_contents(db):
    with sqlite3.connect(db) as c:
        return "\n".join(c.iterdump())


@pytest.fixture(scope="module", params=["3", "2"], ids=["mlflow3", "mlflow2"])
def source(request, tmp_path_factory):
    version = request.param
    python = python_of(version)
    work = tmp_path_factory.mktemp(f"mlflow{version}")
    uri = f"sqlite:///{work / 'mlflow.db'}"
    written = store_script(python, "write", uri, cwd=str(work))
    snapshot = store_script(python, "dump", uri, cwd=str(work))
    return {"version": version, "uri": uri, "work": work, "written": written, "snapshot": snapshot}


@pytest.fixture(scope="module")
def imported(source, tmp_path_factory):
    dest = tmp_path_factory.mktemp("dest")
    db = dest / "jtrack.db"
    done = jtrack_import("--from", source["uri"], "--to", f"sqlite:///{db}", cwd=str(dest))
    assert done.returncode == 0, done.stdout + done.stderr
    return {"db": db, "dest": dest, "first": done}


def test_import_copies_everything_mlflow_reads_back_equal(source, imported, tmp_path):
    rows = summary_rows(imported["first"].stdout)
    for kind in ("experiments", "runs", "params", "run tags", "metric points", "registered models", "model versions",
                 "aliases", "artifact files", "dataset inputs"):
        src, dst, _ = rows[kind]
        assert src == dst and src > 0, (kind, imported["first"].stdout)
    if source["version"] == "3":
        assert rows["logged models"][:2] == (1, 1) and rows["traces"][:2] == (1, 1), imported["first"].stdout
    copy, url = dump_jtrack(tmp_path / "server", imported["db"])
    assert copy == source["snapshot"]
    assert source["written"]["run_ids"][0] in copy["runs"]


def test_ids_keep_runs_and_models_uris_working(source, imported, tmp_path):
    import mlflow
    run_id = source["written"]["run_ids"][0]
    with JtrackServer(tmp_path / "server", backend=f"sqlite:///{imported['db']}") as server:
        mlflow.set_tracking_uri(server.url)
        try:
            by_run = Path(mlflow.artifacts.download_artifacts(f"runs:/{run_id}/model", dst_path=str(tmp_path / "r")))
            assert (by_run / "MLmodel").read_text() == "flavors: {}\n"
            by_alias = Path(mlflow.artifacts.download_artifacts("models:/import-model@champion", dst_path=str(tmp_path / "a")))
            assert (by_alias / "data" / "weights.bin").stat().st_size == 256 * 40
            if source["version"] == "3":
                model_id = source["written"]["model_id"]
                logged = Path(mlflow.artifacts.download_artifacts(f"models:/{model_id}", dst_path=str(tmp_path / "m")))
                assert (logged / "MLmodel").is_file()
                assert mlflow.get_trace(source["written"]["trace_id"]).info.trace_id == source["written"]["trace_id"]
        finally:
            mlflow.set_tracking_uri(None)


def test_second_import_copies_nothing_and_changes_nothing(source, imported):
    before = table_contents(imported["db"])
    files = {p: p.stat().st_mtime_ns for p in imported["dest"].rglob("*") if p.is_file() and "jtrack-artifacts" in str(p)}
    assert files, "no artifacts were copied"
    again = jtrack_import("--from", source["uri"], "--to", f"sqlite:///{imported['db']}", cwd=str(imported["dest"]))
    assert again.returncode == 0, again.stdout + again.stderr
    rows = summary_rows(again.stdout)
    assert rows and all(copied == 0 for _, _, copied in rows.values()), again.stdout
    assert rows == {k: (s, d, 0) for k, (s, d, _) in summary_rows(imported["first"].stdout).items()}
    assert table_contents(imported["db"]) == before
    assert {p: p.stat().st_mtime_ns for p in files} == files


def test_a_source_id_held_by_other_content_is_reported_and_left_alone(source, tmp_path):
    db = tmp_path / "jtrack.db"
    assert jtrack_import("--from", source["uri"], "--to", f"sqlite:///{db}", cwd=str(tmp_path)).returncode == 0
    run_id = source["written"]["run_ids"][0]
    with sqlite3.connect(db) as c:
        c.execute("UPDATE runs SET name = 'renamed in jtrack' WHERE run_uuid = ?", (run_id,))
        c.execute("DELETE FROM params WHERE run_uuid = ?", (run_id,))
    again = jtrack_import("--from", source["uri"], "--to", f"sqlite:///{db}", cwd=str(tmp_path))
    assert again.returncode == 1, again.stdout + again.stderr
    assert "collision" in again.stdout and run_id in again.stdout, again.stdout
    with sqlite3.connect(db) as c:
        assert c.execute("SELECT name FROM runs WHERE run_uuid = ?", (run_id,)).fetchone()[0] == "renamed in jtrack"
        assert c.execute("SELECT COUNT(*) FROM params WHERE run_uuid = ?", (run_id,)).fetchone()[0] == 0


def test_an_interrupted_import_finishes_when_run_again(tmp_path):
    work = tmp_path / "big"
    work.mkdir()
    uri = f"sqlite:///{work / 'mlflow.db'}"
    written = store_script(sys.executable, "write", uri, "--runs", "150", cwd=str(work))
    snapshot = store_script(sys.executable, "dump", uri, cwd=str(work))
    db = tmp_path / "dest" / "jtrack.db"
    db.parent.mkdir()
    proc = subprocess.Popen([java(), "-jar", str(jar()), "import", "--from", uri, "--to", f"sqlite:///{db}"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=str(db.parent),
                            env={**os.environ, **QUIET_ENV})
    total = len(written["run_ids"])
    copied = 0
    deadline = time.monotonic() + 120
    try:
        while time.monotonic() < deadline and proc.poll() is None:
            if db.exists():
                try:
                    with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1) as c:
                        copied = c.execute("SELECT COUNT(*) FROM runs").fetchone()[0]
                except sqlite3.OperationalError:
                    copied = 0
                if copied >= 10:
                    break
            time.sleep(0.01)
    finally:
        if proc.poll() is None:
            os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
    with sqlite3.connect(db) as c:
        partial = c.execute("SELECT COUNT(*) FROM runs").fetchone()[0]
    assert 0 < partial < total, f"the kill came at {partial} of {total} runs"
    resumed = jtrack_import("--from", uri, "--to", f"sqlite:///{db}", cwd=str(db.parent))
    assert resumed.returncode == 0, resumed.stdout + resumed.stderr
    src, dst, copied_now = summary_rows(resumed.stdout)["runs"]
    assert (src, dst) == (total, total) and 0 < copied_now <= total - partial + 1, resumed.stdout
    copy, _ = dump_jtrack(tmp_path / "server", db)
    assert copy == snapshot


def test_bad_sources_exit_2_with_a_clear_message(tmp_path):
    unknown = jtrack_import("--from", "ftp://example/x", "--to", f"sqlite:///{tmp_path / 'a.db'}", cwd=str(tmp_path))
    assert unknown.returncode == 2 and "Unknown import source" in unknown.stderr, unknown.stderr
    missing = tmp_path / "missing.db"
    absent = jtrack_import("--from", f"sqlite:///{missing}", "--to", f"sqlite:///{tmp_path / 'b.db'}", cwd=str(tmp_path))
    assert absent.returncode == 2 and "does not exist" in absent.stderr, absent.stderr
    assert not missing.exists()
    not_mlflow = tmp_path / "plain.db"
    with sqlite3.connect(not_mlflow) as c:
        c.execute("CREATE TABLE t (x)")
    plain = jtrack_import("--from", f"sqlite:///{not_mlflow}", "--to", f"sqlite:///{tmp_path / 'c.db'}", cwd=str(tmp_path))
    assert plain.returncode == 2 and "not an MLflow tracking database" in plain.stderr, plain.stderr


def test_import_from_a_running_mlflow_server_through_its_artifact_proxy(mlflow_server, tmp_path):
    written = store_script(sys.executable, "write", mlflow_server.url, cwd=str(tmp_path))
    snapshot = store_script(sys.executable, "dump", mlflow_server.url, cwd=str(tmp_path))
    db = tmp_path / "dest" / "jtrack.db"
    db.parent.mkdir()
    first = jtrack_import("--from", mlflow_server.url, "--to", f"sqlite:///{db}", cwd=str(db.parent))
    assert first.returncode == 0, first.stdout + first.stderr
    rows = summary_rows(first.stdout)
    assert rows["runs"] == (len(written["run_ids"]),) * 3 and rows["artifact files"][2] > 0, first.stdout
    before = table_contents(db)
    again = jtrack_import("--from", mlflow_server.url, "--to", f"sqlite:///{db}", cwd=str(db.parent))
    assert again.returncode == 0 and all(c == 0 for _, _, c in summary_rows(again.stdout).values()), again.stdout
    assert table_contents(db) == before
    copy, _ = dump_jtrack(tmp_path / "server", db)
    # logged models and traces are not read from a server (README: Coming from MLflow)
    skipped = ("traces", "logged_models")
    assert {k: v for k, v in copy.items() if k not in skipped} == {k: v for k, v in snapshot.items() if k not in skipped}


def psql(url, sql):
    done = subprocess.run(["psql", url, "-v", "ON_ERROR_STOP=1", "-q", "-c", sql], capture_output=True, text=True,
                          timeout=60)
    assert done.returncode == 0, done.stderr


@pytest.fixture
def scratch_databases():
    """Two fresh databases on $JTRACK_TEST_POSTGRES_URL's server (jtrack_test's own tables untouched)."""
    url = os.environ.get("JTRACK_TEST_POSTGRES_URL")
    if not url:
        pytest.fail("JTRACK_TEST_POSTGRES_URL is not set (run-tests starts PostgreSQL and sets it)")
    base, _, _ = url.rpartition("/")
    names = [f"jtrack_import_{kind}_{os.getpid()}" for kind in ("src", "dst")]
    for name in names:
        psql(url, f"DROP DATABASE IF EXISTS {name}")
        psql(url, f"CREATE DATABASE {name}")
    try:
        yield [f"{base}/{name}" for name in names]
    finally:
        for name in names:
            psql(url, f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def psycopg2_for_tools(tmp_path):
    """PYTHONPATH giving this interpreter's MLflow 3 the psycopg2 of the MLflow 2 environment (the same
    CPython 3.11 wheel): tools.txt has no PostgreSQL driver (add psycopg2-binary to tools.in to drop this)."""
    site = Path(mlflow2_python()).resolve().parents[1] / "lib" / "python3.11" / "site-packages"
    if not site.is_dir():
        site = next(Path(mlflow2_python()).parents[1].glob("lib/python3*/site-packages"))
    shelf = tmp_path / "psycopg2-shelf"
    shelf.mkdir()
    for name in ("psycopg2", "psycopg2_binary.libs"):
        (shelf / name).symlink_to(site / name)
    return str(shelf)


@pytest.mark.parametrize("version", ["2", "3"], ids=["mlflow2", "mlflow3"])
def test_import_from_postgresql_into_postgresql(version, scratch_databases, tmp_path, monkeypatch):
    source_url, dest_url = scratch_databases
    python = python_of(version)
    if version == "3":
        monkeypatch.setenv("PYTHONPATH", psycopg2_for_tools(tmp_path))
        # SQLAlchemy 2.1 (MLflow 3's) reads a bare postgresql:// as psycopg 3; jtrack accepts this form too
        source_url = source_url.replace("postgresql://", "postgresql+psycopg2://", 1)
    written = store_script(python, "write", source_url, cwd=str(tmp_path))
    snapshot = store_script(python, "dump", source_url, cwd=str(tmp_path))
    monkeypatch.delenv("PYTHONPATH", raising=False)
    first = jtrack_import("--from", source_url, "--to", dest_url, cwd=str(tmp_path))
    assert first.returncode == 0, first.stdout + first.stderr
    rows = summary_rows(first.stdout)
    assert rows["runs"] == (len(written["run_ids"]),) * 3, first.stdout
    if version == "3":
        assert rows["logged models"] == (1, 1, 1) and rows["spans"] == (2, 2, 2), first.stdout
    again = jtrack_import("--from", source_url, "--to", dest_url, cwd=str(tmp_path))
    assert again.returncode == 0 and all(c == 0 for _, _, c in summary_rows(again.stdout).values()), again.stdout
    with JtrackServer(tmp_path / "server", backend=dest_url) as server:
        copy = store_script(sys.executable, "dump", server.url)
        import mlflow
        client = mlflow.MlflowClient(server.url)
        created = client.create_experiment("after-import")  # the id sequence continues after the imported ids
        assert int(created) > max(int(e) for e in written["experiments"])
    assert copy == snapshot
