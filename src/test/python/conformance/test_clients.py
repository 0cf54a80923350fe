"""The kernel as other clients run it: nbclient from PyPI (tools environment) and Debian's
(/usr/bin/python3), and Jupyter Server's kernel REST and websocket API (the path every web front
end takes). A normal shutdown leaves no stack trace on the kernel's stderr."""
import json
import subprocess
import sys
import time
import urllib.request
import uuid
from pathlib import Path

import nbformat
import pytest
import websocket

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from jupyter_env import JupyterEnv  # noqa: E402
from servers import _Process, free_port, wait_http  # noqa: E402

HERE = Path(__file__).resolve().parent
pytestmark = pytest.mark.timeout(400)


@pytest.fixture(scope="module")
def jupyter(tmp_path_factory):
    return JupyterEnv(tmp_path_factory.mktemp("jupyter"))


def small_notebook(path):
    nb = nbformat.v4.new_notebook()
    nb.metadata.kernelspec = {"name": "jtrack", "display_name": "Java (jtrack)", "language": "java"}
    nb.cells = [nbformat.v4.new_code_cell("int x = 20;"), nbformat.v4.new_code_cell("x + 22"),
                nbformat.v4.new_code_cell('display("<i>shown</i>", "text/html");')]
    nbformat.write(nb, str(path))
    return path


def no_stack_trace(stderr):
    assert "Exception" not in stderr and "\tat " not in stderr, stderr


@pytest.mark.parametrize("python", [sys.executable, "/usr/bin/python3"], ids=["nbclient-pypi", "nbclient-debian"])
def test_nbclient_runs_a_notebook_and_the_kernel_stops_cleanly(jupyter, tmp_path, python):
    out, stderr = tmp_path / "out.ipynb", tmp_path / "kernel-stderr.txt"
    done = subprocess.run([python, str(HERE / "nbclient_run.py"), str(small_notebook(tmp_path / "in.ipynb")), str(out),
                           str(stderr)], env=jupyter.environ(JTRACK_AUTOLOG="off"), capture_output=True, text=True,
                          timeout=300, cwd=str(tmp_path))
    assert done.returncode == 0, done.stderr[-4000:]
    nb = nbformat.read(str(out), as_version=4)
    assert nb.cells[1].outputs[0]["data"]["text/plain"] == "42"
    assert nb.cells[2].outputs[0]["data"] == {"text/html": "<i>shown</i>"}
    no_stack_trace(stderr.read_text())


class JupyterServer(_Process):
    def __init__(self, jupyter, workdir):
        self.port, self.token = free_port(), uuid.uuid4().hex
        super().__init__([sys.executable, "-m", "jupyter_server", "--ServerApp.ip=127.0.0.1",
                          f"--ServerApp.port={self.port}", f"--IdentityProvider.token={self.token}",
                          "--ServerApp.open_browser=False", "--allow-root", f"--ServerApp.root_dir={workdir}"],
                         {**jupyter.env, "JTRACK_AUTOLOG": "off"}, "jupyter-server-", cwd=str(workdir))
        self.url = f"http://127.0.0.1:{self.port}"
        wait_http(f"{self.url}/api/status?token={self.token}", proc=self.proc, log=self.log)

    def rest(self, method, path, body=None):
        request = urllib.request.Request(f"{self.url}{path}", method=method,
                                         data=None if body is None else json.dumps(body).encode(),
                                         headers={"Authorization": f"token {self.token}",
                                                  "Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=60) as r:
            text = r.read()
            return r.status, (json.loads(text) if text else None)


class Channels:
    """The kernel's channels over Jupyter Server's websocket (JSON messages, v5 protocol)."""

    def __init__(self, server, kernel_id):
        self.ws = websocket.create_connection(
            f"ws://127.0.0.1:{server.port}/api/kernels/{kernel_id}/channels?session_id={uuid.uuid4().hex}",
            header=[f"Authorization: token {server.token}"], timeout=60)

    def send(self, msg_type, content, channel="shell"):
        msg_id = uuid.uuid4().hex
        self.ws.send(json.dumps({"header": {"msg_id": msg_id, "msg_type": msg_type, "username": "test",
                                            "session": "s", "version": "5.3", "date": ""},
                                 "parent_header": {}, "metadata": {}, "content": content, "channel": channel,
                                 "buffers": []}))
        return msg_id

    def until_idle(self, msg_id, timeout=120):
        """(the shell reply, the iopub messages) of request `msg_id`, once its idle status came."""
        deadline, reply, iopub, idle = time.monotonic() + timeout, None, [], False
        while time.monotonic() < deadline and not (reply and idle):
            msg = json.loads(self.ws.recv())
            if msg.get("parent_header", {}).get("msg_id") != msg_id:
                continue
            if msg["channel"] == "shell":
                reply = msg
            elif msg["channel"] == "iopub":
                iopub.append(msg)
                idle = idle or (msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle")
        assert reply and idle, f"no reply/idle for {msg_id} within {timeout} s: {iopub}"
        return reply, iopub

    def execute(self, code):
        return self.until_idle(self.send("execute_request", {"code": code, "silent": False, "store_history": True,
                                                             "user_expressions": {}, "allow_stdin": False,
                                                             "stop_on_error": True}))

    def close(self):
        self.ws.close()


def test_jupyter_server_kernel_rest_and_websocket(jupyter, tmp_path):
    with JupyterServer(jupyter, tmp_path) as server:
        status, specs = server.rest("GET", "/api/kernelspecs")
        assert "jtrack" in specs["kernelspecs"]
        status, kernel = server.rest("POST", "/api/kernels", {"name": "jtrack"})
        assert status == 201 and kernel["name"] == "jtrack"
        channels = Channels(server, kernel["id"])
        try:
            reply, iopub = channels.execute("int y = 40;\ny + 2")
            assert reply["content"]["status"] == "ok"
            results = [m["content"]["data"]["text/plain"] for m in iopub if m["msg_type"] == "execute_result"]
            assert results == ["42"]
            assert [m["content"]["execution_state"] for m in iopub if m["msg_type"] == "status"] == ["busy", "idle"]

            looping = channels.send("execute_request", {"code": "while (true) {}", "silent": False,
                                                        "store_history": True, "user_expressions": {},
                                                        "allow_stdin": False, "stop_on_error": True})
            time.sleep(2)
            assert server.rest("POST", f"/api/kernels/{kernel['id']}/interrupt")[0] == 204
            reply, _ = channels.until_idle(looping)
            assert reply["content"]["status"] == "error"
            assert channels.execute("y")[0]["content"]["status"] == "ok"

            status, _ = server.rest("POST", f"/api/kernels/{kernel['id']}/restart")
            assert status == 200
        finally:
            channels.close()
        channels = Channels(server, kernel["id"])
        try:
            deadline = time.monotonic() + 60
            while True:  # the restarted kernel answers once its engine is up: y is gone, the kernel works
                reply, iopub = channels.execute("int z = 1;\nz + 1")
                if reply["content"]["status"] == "ok" or time.monotonic() > deadline:
                    break
            assert [m["content"]["data"]["text/plain"] for m in iopub if m["msg_type"] == "execute_result"] == ["2"]
            assert channels.execute("y")[0]["content"]["status"] == "error"
        finally:
            channels.close()
        assert server.rest("DELETE", f"/api/kernels/{kernel['id']}")[0] == 204


def test_nbconvert_stopping_on_an_error_ends_the_session_run_failed(jupyter, jtrack_server, tmp_path):
    """#12: a pipeline's run is honest: nbconvert (PyPI) stops at the failing cell, the kernel is shut
    down right after it, and the session run ends FAILED with what ran before the failure."""
    nb = nbformat.v4.new_notebook()
    nb.metadata.kernelspec = {"name": "jtrack", "display_name": "Java (jtrack)", "language": "java"}
    nb.cells = [nbformat.v4.new_code_cell('Tracking.logMetric("before", 1);'),
                nbformat.v4.new_code_cell('throw new IllegalStateException("boom");'),
                nbformat.v4.new_code_cell('Tracking.logMetric("never", 1);')]
    source = tmp_path / "fails.ipynb"
    nbformat.write(nb, str(source))
    experiment = "nbconvert-" + uuid.uuid4().hex[:8]
    done = subprocess.run([sys.executable, "-m", "jupyter", "nbconvert", "--to", "notebook", "--execute",
                           "--ExecutePreprocessor.kernel_name=jtrack", "--ExecutePreprocessor.timeout=240",
                           "--output", str(tmp_path / "out.ipynb"), str(source)],
                          env=jupyter.environ(MLFLOW_TRACKING_URI=jtrack_server.url, MLFLOW_EXPERIMENT_NAME=experiment),
                          capture_output=True, text=True, timeout=300, cwd=str(tmp_path))
    assert done.returncode != 0 and "boom" in done.stderr, done.stderr[-4000:]

    def api(path, body=None):
        request = urllib.request.Request(f"{jtrack_server.url}/api/2.0/mlflow/{path}",
                                         data=None if body is None else json.dumps(body).encode(),
                                         headers={"Content-Type": "application/json"},
                                         method="GET" if body is None else "POST")
        with urllib.request.urlopen(request, timeout=10) as r:
            return json.load(r)

    experiment_id = api(f"experiments/get-by-name?experiment_name={experiment}")["experiment"]["experiment_id"]
    deadline, run = time.monotonic() + 30, None
    while time.monotonic() < deadline:
        runs = api("runs/search", {"experiment_ids": [experiment_id]}).get("runs", [])
        run = runs[0] if len(runs) == 1 else None
        if run and run["info"]["status"] == "FAILED":
            break
        time.sleep(0.3)
    assert run and run["info"]["status"] == "FAILED", run
    metrics = {m["key"] for m in run["data"].get("metrics", [])}
    assert "before" in metrics and "never" not in metrics
