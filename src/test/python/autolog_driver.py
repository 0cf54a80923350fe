#!/usr/bin/python3
"""Drives an installed jtrack kernel through a tracked session while its tracking server goes away.

Run with Debian's /usr/bin/python3 (jupyter_client). Usage: autolog_driver.py KERNEL_NAME [outage|killed|down]
The kernel inherits this process's environment (MLFLOW_TRACKING_URI, JPY_SESSION_NAME, ...).
Talks to the test on stdin/stdout: prints "STOP" and waits for a line before running cells with
the server down, prints "START" and waits for a line once the server should be back; prints
"CELLS <json list of cell ids in execution order>" and "DONE" at the end.
Mode "killed": runs two cells, kills the kernel with SIGKILL, starts a new kernel that runs one cell
and one it interrupts, and shuts down cleanly (the test then expects the first session run KILLED).
Mode "down": a session on an unreachable store shuts down within a bound; after "START" a second
session delivers the first one's journal.
Exits 1 with "FAIL ..." on the first failed check. Every wait is bounded.
"""
import json
import os
import signal
import sys
import time

import kernel_client
from kernel_client import TIMEOUT, Failure, check


class Session:
    def __init__(self, kernel_name):
        self.km, self.kc = kernel_client.start(kernel_name)
        self.executed = []

    def reply_to(self, msg_id, timeout=TIMEOUT):
        return kernel_client.shell_reply(self.kc, msg_id, timeout)

    def send_cell(self, cell_id, code):
        """Sends code as the front end's cell cell_id (in the request metadata, as JupyterLab does)."""
        content = {"code": code, "silent": False, "store_history": True, "user_expressions": {},
                   "allow_stdin": False, "stop_on_error": True}
        msg = self.kc.session.msg("execute_request", content, metadata={"cellId": cell_id})
        self.kc.shell_channel.send(msg)
        return msg["header"]["msg_id"]

    def cell(self, cell_id, code):
        started = time.time()
        reply = self.reply_to(self.send_cell(cell_id, code))
        elapsed = time.time() - started
        check(reply["content"]["status"] == "ok", "cell %s failed: %s" % (cell_id, reply["content"]))
        self.executed.append(cell_id)
        return elapsed

    def cell_result(self, cell_id, code):
        """Runs a cell and returns the text/plain of its execute_result."""
        msg_id = self.send_cell(cell_id, code)
        reply = self.reply_to(msg_id)
        check(reply["content"]["status"] == "ok", "cell %s failed: %s" % (cell_id, reply["content"]))
        self.executed.append(cell_id)
        results = [m for m in kernel_client.iopub_until_idle(self.kc, msg_id) if m["msg_type"] == "execute_result"]
        text = results[-1]["content"]["data"].get("text/plain") if results else None
        check(text is not None, "cell %s showed no result" % cell_id)
        return text

    def pending(self):
        msg_id = self.kc.execute("", silent=True, store_history=False,
                                 user_expressions={"p": "dev.jtrack.notebook.Tracking.client().pendingRecords()"})
        reply = self.reply_to(msg_id)
        value = reply["content"].get("user_expressions", {}).get("p")
        if value is None or value.get("status") != "ok":
            return None  # e.g. a late interrupt hit this request; the caller asks again
        return int(value["data"]["text/plain"])

    def wait_delivered(self, timeout):
        deadline = time.time() + timeout
        left = None
        while time.time() < deadline:
            left = self.pending()
            if left == 0:
                return
            time.sleep(0.25)
        if left is None:
            raise Failure("pendingRecords could not be read within %ss" % timeout)
        raise Failure("%s records still pending after %ss" % (left, timeout))

    def shutdown(self):
        self.kc.stop_channels()
        self.km.shutdown_kernel(now=False)
        check(not self.km.is_alive(), "kernel still alive after shutdown")


def handshake(word):
    print(word, flush=True)
    line = sys.stdin.readline()
    check(line.strip() == "ok", "test answered %r to %s" % (line, word))


def killed(kernel_name):
    s = Session(kernel_name)
    s.cell("k1", "int before = 1;")
    s.cell("k2", "before + 1")
    pid = s.km.provisioner.process.pid
    os.kill(pid, signal.SIGKILL)
    deadline = time.time() + 30
    while time.time() < deadline and s.km.is_alive():
        time.sleep(0.1)
    check(not s.km.is_alive(), "kernel survived SIGKILL")
    s.kc.stop_channels()
    s.km.cleanup_resources()
    s2 = Session(kernel_name)
    try:
        s2.cell("n1", "\"after restart\"")
        msg_id = s2.send_cell("n2", "Thread.sleep(60000);")
        time.sleep(2)
        s2.km.interrupt_kernel()
        reply = s2.reply_to(msg_id)
        check(reply["content"]["status"] != "ok", "the sleeping cell was not interrupted: %s" % reply["content"])
        s2.wait_delivered(60)
    finally:
        s2.shutdown()
    print("DONE", flush=True)


def down(kernel_name):
    """A session whose store is unreachable all along: the shutdown stays bounded."""
    s = Session(kernel_name)
    s.cell("d1", "1 + 1")
    check((s.pending() or 0) > 0, "records were delivered although no server runs")
    started = time.time()
    s.shutdown()
    elapsed = time.time() - started
    print("SHUTDOWN %.2f" % elapsed, flush=True)
    check(elapsed < 8, "shutdown took %.1f s with the store unreachable" % elapsed)
    handshake("START")
    s2 = Session(kernel_name)
    try:
        s2.cell("d2", "2 + 2")
        s2.wait_delivered(120)
    finally:
        s2.shutdown()
    print("DONE", flush=True)


def main():
    if len(sys.argv) > 2 and sys.argv[2] == "killed":
        killed(sys.argv[1])
        return
    if len(sys.argv) > 2 and sys.argv[2] == "down":
        down(sys.argv[1])
        return
    s = Session(sys.argv[1])
    try:
        s.cell("a", "int a = 1;")
        s.cell("b", "%log_metric served 1 1\na + 1")
        s.cell("a", "int a = 2;")  # the same front-end cell run again
        s.wait_delivered(60)
        print("RUNINFO " + json.dumps(s.cell_result("i", "%run_info")), flush=True)
        handshake("STOP")
        slowest = 0
        for cell_id, code in (("c", "%log_metric offline 2 2\na * 10"), ("d", "System.out.println(\"down\");"),
                              ("e", "String s = \"while the server is down\";")):
            slowest = max(slowest, s.cell(cell_id, code))
        check(slowest < 5, "a cell waited %.1f s for the unreachable server" % slowest)
        check((s.pending() or 0) > 0, "records were delivered although the server is down")
        handshake("START")
        s.cell("f", "s.length()")
        s.wait_delivered(120)
        print("CELLS " + json.dumps(s.executed), flush=True)
    finally:
        s.shutdown()
    print("DONE", flush=True)


if __name__ == "__main__":
    try:
        main()
    except Failure as e:
        print("FAIL " + str(e), flush=True)
        sys.exit(1)
