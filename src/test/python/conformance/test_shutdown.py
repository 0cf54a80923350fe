"""Every way a front end ends or restarts the kernel leaves no stack trace on the kernel's stderr,
against the real kernel process (jupyter_client's KernelManager from the tools environment, and
Jupyter Server's REST API): shutdown and restart requests, shutdown while a cell runs, prints, waits
on stdin or was just interrupted, SIGTERM and SIGINT, a cell whose threads are interrupted while they
print, Jupyter Server's kernel restart and DELETE. The session is auto-tracked into a SQLite store, so
the tracking shutdown runs too."""
import re
import signal
import sys
import time
from pathlib import Path

import pytest
from jupyter_client.manager import KernelManager

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from jupyter_env import JupyterEnv  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
from test_clients import Channels, JupyterServer  # noqa: E402

TIMEOUT = 180  # generous: JShell's start takes long on a loaded machine
pytestmark = pytest.mark.timeout(600)

# a Java stack trace or an uncaught exception, as the JVM prints them
STACK_TRACE = re.compile(r"^\s+at [\w.$/<>]+\(|Exception in thread|Caused by: |ClosedByInterruptException", re.M)

PRINTING = 'while (true) { System.out.println("x".repeat(100)); display("d"); }'


def assert_no_stack_trace(text):
    assert not STACK_TRACE.search(text), text[-6000:]


@pytest.fixture(scope="module")
def jupyter(tmp_path_factory):
    root = tmp_path_factory.mktemp("jupyter")
    return JupyterEnv(root, tracking_uri=f"sqlite:///{root}/store.db")


class Kernel:
    """A kernel started by jupyter_client with its stderr (and stdout) in a file."""

    def __init__(self, jupyter, tmp_path, monkeypatch):
        jupyter.apply(monkeypatch)
        self.stderr_path = tmp_path / "kernel-stderr.txt"
        self.stderr = open(self.stderr_path, "w")
        self.km = KernelManager(kernel_name="jtrack")
        self.km.start_kernel(stdout=self.stderr, stderr=self.stderr, cwd=str(tmp_path))
        self.kc = self.km.client()
        self.kc.allow_stdin = True
        self.kc.start_channels()
        self.kc.wait_for_ready(timeout=TIMEOUT)
        # the engine is up before any scenario, so interrupts and shutdowns meet a running cell
        assert self.execute("0")["status"] == "ok"

    def execute(self, code, wait=True):
        msg_id = self.kc.execute(code, allow_stdin=True)
        return self.reply_to(msg_id) if wait else msg_id

    def reply_to(self, msg_id):
        deadline = time.monotonic() + TIMEOUT
        while time.monotonic() < deadline:
            reply = self.kc.get_shell_msg(timeout=max(0.1, deadline - time.monotonic()))
            if reply["parent_header"].get("msg_id") == msg_id:
                return reply["content"]
        raise AssertionError(f"no reply to {msg_id}")

    def wait_until_busy(self, seconds=1.5):
        time.sleep(seconds)

    @property
    def process(self):
        return self.km.provisioner.process

    def stderr_text(self):
        self.stderr.flush()
        return self.stderr_path.read_text()

    def finish(self):
        """Asks for a shutdown (bounded), checks that the process ended, returns its stderr."""
        if self.km.is_alive():
            self.km.shutdown_kernel(now=False)
        self.kc.stop_channels()
        self.stderr.close()
        return self.stderr_path.read_text()


@pytest.fixture
def kernel(jupyter, tmp_path, monkeypatch):
    k = Kernel(jupyter, tmp_path, monkeypatch)
    yield k
    if k.km.has_kernel and k.km.is_alive():
        k.km.shutdown_kernel(now=True)


def test_shutdown_request_after_cells(kernel):
    assert kernel.execute("int a = 41;\na + 1")["status"] == "ok"
    assert_no_stack_trace(kernel.finish())


def test_restart_request_then_shutdown(kernel):
    assert kernel.execute("int a = 1;")["status"] == "ok"
    kernel.km.restart_kernel(now=False)
    kernel.kc.wait_for_ready(timeout=TIMEOUT)
    assert kernel.execute("2 + 2")["status"] == "ok"
    assert_no_stack_trace(kernel.finish())


def test_shutdown_while_a_cell_prints(kernel):
    kernel.execute(PRINTING, wait=False)
    kernel.wait_until_busy()
    assert_no_stack_trace(kernel.finish())


def test_restart_while_a_cell_prints(kernel):
    kernel.execute(PRINTING, wait=False)
    kernel.wait_until_busy()
    kernel.km.restart_kernel(now=False)
    kernel.kc.wait_for_ready(timeout=TIMEOUT)
    assert_no_stack_trace(kernel.finish())


def test_shutdown_while_a_cell_sleeps_or_waits_on_stdin(kernel):
    kernel.execute("Thread.sleep(100_000);", wait=False)
    kernel.wait_until_busy()
    kernel.km.interrupt_kernel()
    kernel.execute('new Scanner(System.in).nextLine()', wait=False)
    kernel.wait_until_busy()
    assert_no_stack_trace(kernel.finish())


def test_interrupt_then_shutdown(kernel):
    printing = kernel.execute(PRINTING, wait=False)
    kernel.wait_until_busy()
    kernel.km.interrupt_kernel()
    assert kernel.reply_to(printing)["status"] == "error"
    assert kernel.execute('"still" + " here"')["status"] == "ok"
    kernel.execute(PRINTING, wait=False)
    kernel.wait_until_busy(0.5)
    kernel.km.interrupt_kernel()
    assert_no_stack_trace(kernel.finish())


def test_threads_interrupted_while_printing_leave_the_kernel_working(kernel):
    """User code interrupting the threads it started while they print (a pool's shutdownNow)."""
    code = ('var pool = java.util.concurrent.Executors.newFixedThreadPool(3);\n'
            'for (int t = 0; t < 3; t++) pool.submit(() -> { for (int i = 0; i < 3000; i++) display("p" + i); });\n'
            'for (int i = 0; i < 300_000; i++) { pool.shutdownNow(); Thread.onSpinWait(); }\n'
            'pool.awaitTermination(30, java.util.concurrent.TimeUnit.SECONDS)')
    assert kernel.execute(code)["status"] == "ok"
    reply = kernel.execute("6 * 7")
    assert reply["status"] == "ok"
    assert_no_stack_trace(kernel.finish())


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT], ids=["sigterm", "sigint"])
def test_signals(kernel, sig):
    kernel.execute(PRINTING, wait=False)
    kernel.wait_until_busy()
    kernel.process.send_signal(sig)
    deadline = time.monotonic() + 15
    while kernel.km.is_alive() and time.monotonic() < deadline:
        time.sleep(0.2)
    if sig == signal.SIGTERM:
        assert not kernel.km.is_alive(), "SIGTERM did not end the kernel"
    assert_no_stack_trace(kernel.finish())


def test_jupyter_server_restart_and_delete(jupyter, tmp_path):
    with JupyterServer(jupyter, tmp_path) as server:
        status, kernel = server.rest("POST", "/api/kernels", {"name": "jtrack"})
        assert status == 201
        channels = Channels(server, kernel["id"])
        try:
            assert channels.execute("int y = 40;\ny + 2")[0]["content"]["status"] == "ok"
            channels.send("execute_request", {"code": PRINTING, "silent": False, "store_history": True,
                                              "user_expressions": {}, "allow_stdin": False, "stop_on_error": True})
            time.sleep(1.5)
            assert server.rest("POST", f"/api/kernels/{kernel['id']}/restart")[0] == 200
        finally:
            channels.close()
        channels = Channels(server, kernel["id"])
        try:
            deadline = time.monotonic() + TIMEOUT
            while True:
                reply, _ = channels.execute("1 + 1")
                if reply["content"]["status"] == "ok" or time.monotonic() > deadline:
                    break
            channels.send("execute_request", {"code": PRINTING, "silent": False, "store_history": True,
                                              "user_expressions": {}, "allow_stdin": False, "stop_on_error": True})
            time.sleep(1.5)
        finally:
            channels.close()
        assert server.rest("DELETE", f"/api/kernels/{kernel['id']}")[0] == 204
        time.sleep(1)
        log = server.log.read_text()
    assert_no_stack_trace(log)
