"""Real servers for the Python test suites: `jtrack server` from the built jar and a real
`mlflow server` from the tools virtual environment, each on a free loopback port, each stopped by
process group. Every wait is bounded.

The jar is $JTRACK_JAR, else target/jtrack.jar of this checkout. MLflow runs with telemetry off.
"""
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
# Telemetry off so nothing tries to reach the internet; MLflow 3.x servers otherwise also start a
# job runner with about eight huey worker processes per server, which the tests never use.
QUIET_ENV = {"MLFLOW_DISABLE_TELEMETRY": "true", "DO_NOT_TRACK": "true",
             "MLFLOW_SERVER_ENABLE_JOB_EXECUTION": "false"}


def jar():
    path = Path(os.environ.get("JTRACK_JAR", ROOT / "target" / "jtrack.jar"))
    if not path.is_file():
        raise RuntimeError(f"the jtrack jar is missing at {path}: build it first (./mvnw -B -DskipTests package)")
    return path


def java():
    home = os.environ.get("JAVA_HOME")
    return str(Path(home) / "bin" / "java") if home else "java"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_http(url, timeout=90, proc=None, log=None):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            raise RuntimeError(f"server exited with {proc.returncode}:\n{_tail(log)}")
        try:
            with urllib.request.urlopen(url, timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"{url} did not answer within {timeout} s:\n{_tail(log)}")


def _tail(log):
    if log is None:
        return ""
    try:
        return Path(log).read_text(errors="replace")[-4000:]
    except OSError:
        return ""


class _Process:
    def __init__(self, args, env, log_name, cwd=None):
        self.log = Path(tempfile.mkstemp(prefix=log_name, suffix=".log")[1])
        self._log_file = open(self.log, "wb")
        self.proc = subprocess.Popen(args, env={**os.environ, **QUIET_ENV, **env}, stdout=self._log_file,
                                     stderr=subprocess.STDOUT, start_new_session=True, cwd=cwd)

    def stop(self):
        if self.proc.poll() is None:
            try:
                os.killpg(self.proc.pid, signal.SIGTERM)
                self.proc.wait(timeout=15)
            except (ProcessLookupError, subprocess.TimeoutExpired):
                try:
                    os.killpg(self.proc.pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
                self.proc.wait(timeout=15)
        self._log_file.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stop()


class JtrackServer(_Process):
    """`java -jar jtrack.jar server` on a fresh SQLite store (or the given backend) in `workdir`."""

    def __init__(self, workdir, backend=None, artifacts=None, extra=(), env=None):
        workdir = Path(workdir)
        workdir.mkdir(parents=True, exist_ok=True)
        self.port = free_port()
        backend = backend or f"sqlite:///{workdir / 'jtrack.db'}"
        artifacts = artifacts or str(workdir / "artifacts")
        args = [java(), "-jar", str(jar()), "server", "--host", "127.0.0.1", "--port", str(self.port),
                "--backend-store-uri", backend, "--artifacts-destination", artifacts, *extra]
        super().__init__(args, env or {}, "jtrack-server-", cwd=str(workdir))
        self.url = f"http://127.0.0.1:{self.port}"
        try:
            wait_http(self.url + "/health", proc=self.proc, log=self.log)
        except Exception:
            self.stop()
            raise


class MlflowServer(_Process):
    """A real `mlflow server` (the MLflow of `python`, default: this interpreter) on SQLite in `workdir`."""

    def __init__(self, workdir, python=None, backend=None, extra=()):
        workdir = Path(workdir)
        workdir.mkdir(parents=True, exist_ok=True)
        self.port = free_port()
        python = python or sys.executable
        backend = backend or f"sqlite:///{workdir / 'mlflow.db'}"
        args = [python, "-m", "mlflow", "server", "--host", "127.0.0.1", "--port", str(self.port),
                "--backend-store-uri", backend, "--artifacts-destination", str(workdir / "mlartifacts"),
                "--workers", "1", *extra]
        super().__init__(args, {}, "mlflow-server-", cwd=str(workdir))
        self.url = f"http://127.0.0.1:{self.port}"
        try:
            wait_http(self.url + "/health", timeout=180, proc=self.proc, log=self.log)
        except Exception:
            self.stop()
            raise


