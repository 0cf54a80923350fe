"""pytest plugin that points MLflow's own REST-server test suites at `jtrack server`.

MLflow's suites (../shared/peer-tests/mlflow-3.11.1, kept unchanged) start their server with
`initialize_backend_stores(uri, default_artifact_root=root)` followed by
`with ServerThread(app, port) as url:` (an in-process uvicorn server). At collection time this
plugin replaces both names in the test modules (and in tests.tracking.integration_test_utils):
`initialize_backend_stores` only remembers the store URI and artifact root, and `ServerThread`
starts `java -jar <jar> server --backend-store-uri <uri> --default-artifact-root <root>
--no-serve-artifacts` on the port instead, a fresh process on a fresh database for every fixture
use, stopped by process group when the fixture ends. The database file MLflow's `db_uri` fixture
copied there (MLflow's own schema) is removed first, so jtrack creates its own.

The plugin also classifies every collected test (see `classify`), writes the classification to
the JSON file named by $JTRACK_PEER_CLASSIFICATION, and deselects the tests that are not
applicable to jtrack or exercise endpoints jtrack does not serve, so only applicable tests run.

Environment: JTRACK_JAR (default target/jtrack.jar under the working directory's checkout),
JAVA_HOME (optional), JTRACK_PEER_CLASSIFICATION (optional output file).
"""
import inspect
import json
import os
import re
import signal
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

APPLICABLE = "applicable"
NOT_APPLICABLE = "not applicable"
NOT_SERVED = "not served"

# Fixtures of MLflow's suites that start a server through initialize_backend_stores + ServerThread.
_SERVER_FIXTURES = {"mlflow_client", "client", "mlflow_client_with_secrets"}
# MLflow's server answers these from a provider catalogue it fetches from the internet.
_INTERNET_TESTS = {"test_list_models", "test_list_providers"}

# Module-level evaluation-dataset calls, which go to the suite's tracking URI (the database file).
_FLUENT_DATASETS = re.compile(r"(?<![.\w])(create_dataset|add_dataset_to_experiments|remove_dataset_from_experiments)\(")

# MlflowClient.start_trace without set_tracking_uri: the trace goes to the suite's tracking URI (the database file).
_CLIENT_START_TRACE = re.compile(r"(?<![.\w])(mlflow_client|client)\.start_trace\(")

_START_TIMEOUT_S = 60
_STOP_TIMEOUT_S = 10


def classify(item):
    """(category, reason) of one collected test: applicable, not applicable or not served."""
    params = item.callspec.params if hasattr(item, "callspec") else {}
    name = item.originalname or item.name
    source = inspect.getsource(item.function)
    if params.get("store_type") == "file" or params.get("client") == "file":
        return NOT_APPLICABLE, 'store_type="file": MLflow\'s file store (jtrack has none)'
    if name in _INTERNET_TESTS:
        return NOT_APPLICABLE, "MLflow's server fetches a provider catalogue from the internet"
    if "_init_server(" in source or ("Popen(" in source and '"server"' in source):
        return NOT_APPLICABLE, "launches `mlflow server` itself"
    if not (_SERVER_FIXTURES & set(item.fixturenames)) and "ServerThread(" not in source:
        return NOT_APPLICABLE, "starts no server"
    if "cli_env" in item.fixturenames or (_FLUENT_DATASETS.search(source) and "set_tracking_uri(" not in source):
        return NOT_APPLICABLE, ("bypasses the server: MLflow's CLI or fluent API writes the test's SQLite file "
                                "directly (the suite's tracking URI is the server's database)")
    if _CLIENT_START_TRACE.search(source) and "set_tracking_uri(" not in source:
        return NOT_APPLICABLE, ("bypasses the server: MlflowClient.start_trace exports through the suite's tracking "
                                "URI, which is the server's SQLite file, so MLflow's store writes the trace there directly")
    if "mlflow_client_with_secrets" in item.fixturenames or "gateway" in source:
        return NOT_SERVED, "AI gateway (/api/3.0/mlflow/gateway/...)"
    if "_issue" in name:
        return NOT_SERVED, "issues (/api/3.0/mlflow/issues/...)"
    return APPLICABLE, ""


def test_id(item):
    """`test_rest_tracking.py::test_x[sqlalchemy]`: the file name and the test's name."""
    return f"{Path(str(item.fspath)).name}::{item.name}"


class _BackendSettings:
    """What the suite asked initialize_backend_stores for, read when the next server starts."""
    backend_store_uri = None
    default_artifact_root = None


def fake_initialize_backend_stores(backend_store_uri=None, registry_store_uri=None, default_artifact_root=None,
                                   *args, **kwargs):
    _BackendSettings.backend_store_uri = backend_store_uri
    _BackendSettings.default_artifact_root = default_artifact_root


def _jar():
    jar = Path(os.environ.get("JTRACK_JAR", "target/jtrack.jar")).resolve()
    if not jar.is_file():
        raise RuntimeError(f"the jtrack jar is missing at {jar}: build it first (./mvnw -B -DskipTests package)")
    return jar


def _java():
    home = os.environ.get("JAVA_HOME")
    return str(Path(home) / "bin" / "java") if home else "java"


def _remove_sqlite_file(uri):
    if not uri or not uri.startswith("sqlite:///"):
        return
    path = Path(uri[len("sqlite:///"):].split("?", 1)[0])  # relative paths: the working directory
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(str(path) + suffix).unlink(missing_ok=True)


class JtrackServerThread:
    """Stands in for MLflow's ServerThread: `jtrack server` on the same port and store, as a context manager."""

    def __init__(self, app=None, port=None):
        self.host = "127.0.0.1"
        self.port = port
        self.url = f"http://{self.host}:{port}"
        self.proc = None
        self.log = None

    def __enter__(self):
        backend = _BackendSettings.backend_store_uri
        root = _BackendSettings.default_artifact_root
        if backend is None or root is None:
            raise RuntimeError("ServerThread started without initialize_backend_stores(...)")
        _remove_sqlite_file(backend)
        fd, log_name = tempfile.mkstemp(prefix="jtrack-peer-server-", suffix=".log")
        os.close(fd)
        self.log = Path(log_name)
        args = [_java(), "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-jar", str(_jar()), "server",
                "--host", self.host, "--port", str(self.port), "--backend-store-uri", backend,
                "--default-artifact-root", root, "--no-serve-artifacts"]
        with open(self.log, "wb") as out:
            # The test process's working directory: relative artifact locations resolve where MLflow's would.
            self.proc = subprocess.Popen(args, stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
                                         env={**os.environ, "MLFLOW_DISABLE_TELEMETRY": "true", "DO_NOT_TRACK": "true"})
        try:
            self._await_health()
        except BaseException:
            self._stop()
            raise
        return self.url

    def _await_health(self):
        deadline = time.monotonic() + _START_TIMEOUT_S
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"jtrack server exited with {self.proc.returncode}:\n{self._log_tail()}")
            # Our own server's line first: with both halves and other suites picking free ports at
            # once, /health alone may be answered by another process that took the port first.
            if f"listening on {self.url} " in self.log.read_text(errors="replace"):
                try:
                    with urllib.request.urlopen(self.url + "/health", timeout=2) as r:
                        if r.status == 200:
                            return
                except (OSError, urllib.error.URLError):
                    pass
            time.sleep(0.1)
        raise RuntimeError(f"jtrack server did not answer {self.url}/health within {_START_TIMEOUT_S} s:\n"
                           f"{self._log_tail()}")

    def _log_tail(self):
        try:
            return self.log.read_text(errors="replace")[-3000:]
        except OSError:
            return ""

    def _stop(self):
        if self.proc is None or self.proc.poll() is not None:
            return
        for sig in (signal.SIGTERM, signal.SIGKILL):
            try:
                os.killpg(self.proc.pid, sig)
                self.proc.wait(timeout=_STOP_TIMEOUT_S)
                return
            except ProcessLookupError:
                return
            except subprocess.TimeoutExpired:
                continue

    def __exit__(self, exc_type, exc, tb):
        self._stop()
        if self.log is not None:
            self.log.unlink(missing_ok=True)
        return None


def _patch(module):
    if hasattr(module, "initialize_backend_stores"):
        module.initialize_backend_stores = fake_initialize_backend_stores
    if hasattr(module, "ServerThread"):
        module.ServerThread = JtrackServerThread


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(session, config, items):
    import tests.tracking.integration_test_utils as utils

    _patch(utils)
    classes = {}
    keep, drop = [], []
    for item in items:
        category, reason = classify(item)
        classes[test_id(item)] = {"category": category, "reason": reason}
        (keep if category == APPLICABLE else drop).append(item)
        if category == APPLICABLE:
            _patch(item.module)
    out = os.environ.get("JTRACK_PEER_CLASSIFICATION")
    if out:
        Path(out).write_text(json.dumps(classes, indent=1, sort_keys=True))
    if drop:
        config.hook.pytest_deselected(items=drop)
    items[:] = keep
