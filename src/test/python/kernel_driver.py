#!/usr/bin/python3
"""Drives an installed jtrack kernel through every Jupyter 5.3 message it must answer.

Run with Debian's /usr/bin/python3 (jupyter_client). Usage: kernel_driver.py KERNEL_NAME
Prints one line per check; exits 1 with the failing check on the first failure.
Every wait is bounded by a timeout.
"""
import os
import queue
import sys
import time
import traceback
import uuid

import kernel_client
from kernel_client import TIMEOUT, Failure, check
from jupyter_client.session import Session


class Driver:
    def __init__(self, kernel_name):
        self.km, self.kc = kernel_client.start(kernel_name)

    # -- helpers -----------------------------------------------------------------------------
    def pid(self):
        return self.km.provisioner.process.pid

    def iopub_until_idle(self, msg_id, timeout=TIMEOUT):
        return kernel_client.iopub_until_idle(self.kc, msg_id, timeout)

    def shell_reply(self, msg_id, timeout=TIMEOUT):
        return kernel_client.shell_reply(self.kc, msg_id, timeout)

    def execute(self, code, **kwargs):
        msg_id = self.kc.execute(code, **kwargs)
        reply = self.shell_reply(msg_id)
        iopub = self.iopub_until_idle(msg_id)
        return reply, iopub

    def ok(self, code, **kwargs):
        reply, iopub = self.execute(code, **kwargs)
        check(reply["content"]["status"] == "ok", "%r failed: %s" % (code, reply["content"]))
        return reply, iopub

    @staticmethod
    def of_type(iopub, msg_type):
        return [m for m in iopub if m["msg_type"] == msg_type]

    @staticmethod
    def result_text(iopub):
        results = [m for m in iopub if m["msg_type"] == "execute_result"]
        check(len(results) == 1, "expected one execute_result, got %s" % [m["msg_type"] for m in iopub])
        return results[0]["content"]["data"].get("text/plain")

    def cpu_ticks(self):
        return kernel_client.cpu_ticks(self.pid())

    # -- checks ------------------------------------------------------------------------------
    def wait_heartbeat(self):
        deadline = time.time() + 10
        while time.time() < deadline and not self.kc.hb_channel.is_beating():
            time.sleep(0.1)
        check(self.kc.hb_channel.is_beating(), "no heartbeat within 10 s")

    def kernel_info(self):
        self.wait_heartbeat()
        reply = self.kc.kernel_info(reply=True, timeout=TIMEOUT)["content"]
        check(reply["status"] == "ok", "kernel_info status %s" % reply)
        check(reply["protocol_version"] == "5.3", "protocol_version %s" % reply["protocol_version"])
        check(reply["implementation"] == "jtrack", "implementation %s" % reply["implementation"])
        info = reply["language_info"]
        check(info["name"] == "java", "language name %s" % info)
        check(info["version"].isdigit(), "language version %s" % info)
        check(info["mimetype"] == "text/x-java-source", "mimetype %s" % info)
        check(info["file_extension"] in (".jshell", ".java"), "file_extension %s" % info)
        check(info["codemirror_mode"] == "text/x-java" and info["pygments_lexer"] == "java", "modes %s" % info)
        check(reply["banner"] and isinstance(reply["help_links"], list), "banner/help_links %s" % reply)

    def streams_result_error(self):
        reply, iopub = self.ok('System.out.println("hello out"); System.err.println("hello err");')
        inputs = self.of_type(iopub, "execute_input")
        check(len(inputs) == 1 and inputs[0]["content"]["execution_count"] == reply["content"]["execution_count"],
              "execute_input %s" % inputs)
        out = "".join(m["content"]["text"] for m in self.of_type(iopub, "stream") if m["content"]["name"] == "stdout")
        err = "".join(m["content"]["text"] for m in self.of_type(iopub, "stream") if m["content"]["name"] == "stderr")
        check("hello out" in out, "stdout stream %r" % out)
        check("hello err" in err, "stderr stream %r" % err)
        states = [m["content"]["execution_state"] for m in self.of_type(iopub, "status")]
        check(states[0] == "busy" and states[-1] == "idle", "status around request %s" % states)

        reply, iopub = self.ok("1 + 1")
        check(self.result_text(iopub) == "2", "1 + 1 gave %r" % self.result_text(iopub))
        result = self.of_type(iopub, "execute_result")[0]
        check(result["content"]["execution_count"] == reply["content"]["execution_count"], "result count")

        reply, iopub = self.ok("int ue = 20;", user_expressions={"double": "ue * 2", "bad": "noSuchVariable"})
        expressions = reply["content"]["user_expressions"]
        check(expressions["double"]["status"] == "ok" and expressions["double"]["data"]["text/plain"] == "40",
              "user_expressions %s" % expressions)
        check(expressions["bad"]["status"] == "error", "user_expressions error %s" % expressions)

        reply, iopub = self.execute('throw new IllegalStateException("boom");')
        content = reply["content"]
        check(content["status"] == "error", "throw gave %s" % content)
        check("IllegalStateException" in content["ename"] and content["evalue"] == "boom", "error %s" % content)
        check(isinstance(content["traceback"], list) and content["traceback"], "traceback %s" % content)
        errors = self.of_type(iopub, "error")
        check(len(errors) == 1 and errors[0]["content"]["ename"] == content["ename"], "error on iopub %s" % errors)

        # output from a thread the cell started, after the cell ended, keeps that cell as parent
        msg_id = self.kc.execute('new Thread(() -> { try { Thread.sleep(300); } catch (InterruptedException e) {} '
                                 'System.out.println("late line"); }).start();')
        check(self.shell_reply(msg_id)["content"]["status"] == "ok", "thread cell failed")
        deadline = time.time() + 10
        late = ""
        while time.time() < deadline and "late line" not in late:
            try:
                msg = self.kc.get_iopub_msg(timeout=1)
            except queue.Empty:
                continue
            if msg["msg_type"] == "stream" and msg["parent_header"].get("msg_id") == msg_id:
                late += msg["content"]["text"]
        check("late line" in late, "output of a cell's thread after the cell ended: %r" % late)

    def display(self):
        reply, iopub = self.ok('String id = display("one"); updateDisplay(id, "two"); clearOutput();')
        shown = self.of_type(iopub, "display_data")
        updated = self.of_type(iopub, "update_display_data")
        cleared = self.of_type(iopub, "clear_output")
        check(len(shown) == 1 and shown[0]["content"]["data"].get("text/plain") == "one", "display_data %s" % shown)
        display_id = shown[0]["content"]["transient"].get("display_id")
        check(display_id, "display_data without display_id: %s" % shown)
        check(len(updated) == 1 and updated[0]["content"]["transient"].get("display_id") == display_id
              and updated[0]["content"]["data"].get("text/plain") == "two", "update_display_data %s" % updated)
        check(len(cleared) == 1, "clear_output %s" % cleared)
        types = [m["msg_type"] for m in iopub if m["msg_type"] != "status"]
        check(types.index("display_data") < types.index("update_display_data") < types.index("clear_output"),
              "display messages out of order: %s" % types)
        reply, iopub = self.ok('display(html("<b>hi</b>"))')
        shown = self.of_type(iopub, "display_data")
        check(shown and shown[0]["content"]["data"].get("text/html") == "<b>hi</b>", "display_data html %s" % shown)

    def silent_and_history_flags(self):
        before = self.ok("int counted = 1;")[0]["content"]["execution_count"]
        reply, iopub = self.ok('System.out.println("shh"); 40 + 2', silent=True)
        check(not self.of_type(iopub, "execute_input"), "silent broadcast execute_input")
        check(not self.of_type(iopub, "stream"), "silent broadcast a stream")
        check(not self.of_type(iopub, "execute_result"), "silent broadcast a result")
        reply, iopub = self.ok("int unstored = 3;", store_history=False)
        after = self.ok("int counted2 = 2;")[0]["content"]["execution_count"]
        check(after == before + 1, "silent/store_history=False changed the count: %d then %d" % (before, after))
        hist = self.kc.history(hist_access_type="search", pattern="int unstored*", reply=True, timeout=TIMEOUT)
        check(hist["content"]["history"] == [], "store_history=False cell is in history: %s" % hist["content"])

    def stop_on_error(self):
        first = self.kc.execute('Thread.sleep(300); throw new RuntimeException("stop here");')
        second = self.kc.execute("int notRun = 1;")
        third = self.kc.execute("int notRunEither = 2;")
        check(self.shell_reply(first)["content"]["status"] == "error", "first of a queue should fail")
        for msg_id in (second, third):
            content = self.shell_reply(msg_id)["content"]
            check(content["status"] == "aborted", "queued request after an error: %s" % content)
        for msg_id in (first, second, third):
            self.iopub_until_idle(msg_id)
        reply, _ = self.execute("notRun")
        check(reply["content"]["status"] == "error", "an aborted cell ran: %s" % reply["content"])
        self.ok("int runsAgain = 1;")  # the queue drained, so the next request runs

    def complete_inspect_is_complete(self):
        self.ok('String greeting = "hello";')
        code = "greeting.toUpp"
        reply = self.kc.complete(code, len(code), reply=True, timeout=TIMEOUT)["content"]
        check(reply["status"] == "ok", "complete %s" % reply)
        check(any("toUpperCase" in m for m in reply["matches"]), "complete matches %s" % reply["matches"])
        check(reply["cursor_end"] == len(code) and 0 <= reply["cursor_start"] <= len(code), "cursor %s" % reply)

        code = "greeting.substring"
        reply = self.kc.inspect(code, len(code), reply=True, timeout=TIMEOUT)["content"]
        check(reply["status"] == "ok" and reply["found"], "inspect at the end: %s" % reply)
        check("substring(int" in reply["data"].get("text/plain", ""), "inspect text %s" % reply["data"])
        reply = self.kc.inspect(code, 3, detail_level=1, reply=True, timeout=TIMEOUT)["content"]
        check(reply["status"] == "ok" and reply["found"], "inspect inside a word: %s" % reply)

        for code, expected in (("int x = 1;", "complete"),
                               ("for (int i = 0; i < 3; i++) {", "incomplete"),
                               ("int = 7q;", "invalid")):
            reply = self.shell_reply(self.kc.is_complete(code))["content"]
            check(reply["status"] == expected, "is_complete(%r) = %s" % (code, reply))
            if expected == "incomplete":
                check("indent" in reply, "incomplete without indent: %s" % reply)

    def history(self):
        marker = "history_marker_%s" % uuid.uuid4().hex[:8]
        reply, iopub = self.ok('String %s = "x"; %s' % (marker, marker))
        count = reply["content"]["execution_count"]
        shown = self.result_text(iopub)
        tail = self.kc.history(hist_access_type="tail", n=3, output=False, reply=True, timeout=TIMEOUT)["content"]
        check(tail["status"] == "ok" and len(tail["history"]) == 3, "tail %s" % tail)
        session, line, source = tail["history"][-1]
        check(line == count and marker in source, "tail last %s" % tail["history"][-1])
        with_output = self.kc.history(hist_access_type="tail", n=1, output=True, raw=True, reply=True,
                                      timeout=TIMEOUT)["content"]["history"][-1]
        check(with_output[2][1] == shown, "tail with output %s, result was %r" % (with_output, shown))
        rng = self.kc.history(hist_access_type="range", session=0, start=count, stop=count + 1, output=False,
                              reply=True, timeout=TIMEOUT)["content"]
        check([h[1] for h in rng["history"]] == [count] and rng["history"][0][0] == session, "range %s" % rng)
        self.ok('String %s_2 = "y";' % marker)
        self.ok('String %s_2 = "y";' % marker)
        found = self.kc.history(hist_access_type="search", pattern="*%s*" % marker, unique=True, n=10, output=False,
                                reply=True, timeout=TIMEOUT)["content"]["history"]
        check(len(found) == 2 and all(marker in h[2] for h in found), "search unique %s" % found)
        found = self.kc.history(hist_access_type="search", pattern="*%s*" % marker, unique=False, n=2,
                                output=False, reply=True, timeout=TIMEOUT)["content"]["history"]
        check(len(found) == 2 and found[0][2] == found[1][2], "search n=2 %s" % found)
        return session

    def comms(self):
        msg = self.kc.session.msg("comm_info_request", {})
        self.kc.shell_channel.send(msg)
        reply = self.shell_reply(msg["header"]["msg_id"])
        check(reply["content"]["status"] == "ok" and reply["content"]["comms"] == {}, "comm_info %s" % reply)
        msg = self.kc.session.msg("comm_info_request", {"target_name": "nope"})
        self.kc.shell_channel.send(msg)
        check(self.shell_reply(msg["header"]["msg_id"])["content"]["comms"] == {}, "comm_info filtered")
        comm_id = uuid.uuid4().hex
        msg = self.kc.session.msg("comm_open", {"comm_id": comm_id, "target_name": "no.such.target", "data": {}})
        self.kc.shell_channel.send(msg)
        iopub = self.iopub_until_idle(msg["header"]["msg_id"])
        closes = self.of_type(iopub, "comm_close")
        check(closes and closes[0]["content"]["comm_id"] == comm_id, "unknown comm target not closed: %s" % iopub)

    def stdin(self):
        msg_id = self.kc.execute('String line = new Scanner(System.in).nextLine(); line.length()', allow_stdin=True)
        request = self.kc.get_stdin_msg(timeout=TIMEOUT)
        check(request["msg_type"] == "input_request", "stdin got %s" % request["msg_type"])
        check(request["parent_header"]["msg_id"] == msg_id, "input_request parent")
        self.kc.input("hello")
        reply = self.shell_reply(msg_id)
        iopub = self.iopub_until_idle(msg_id)
        check(reply["content"]["status"] == "ok", "stdin cell %s" % reply["content"])
        check(self.result_text(iopub) == "5", "stdin result %r" % self.result_text(iopub))
        reply, _ = self.execute('new Scanner(System.in).nextLine()', allow_stdin=False)
        check(reply["content"]["status"] == "error", "stdin without allow_stdin must fail: %s" % reply["content"])

    def interrupt(self):
        self.ok("int survivor = 42; long n = 0;")
        msg_id = self.kc.execute("while (true) { n++; }")
        time.sleep(0.5)
        busy_start = self.cpu_ticks()
        time.sleep(1.0)
        busy = self.cpu_ticks() - busy_start
        # the shell's other requests and kernel_info are answered while the cell runs
        try:
            started = time.time()
            during = self.shell_reply(self.kc.complete("Math.ma", 7), timeout=10)["content"]
            info = self.shell_reply(self.kc.kernel_info(), timeout=10)["content"]
            answered = time.time() - started
        finally:
            self.km.interrupt_kernel()
        check(during["status"] == "ok" and any("max" in m for m in during["matches"]),
              "complete while a cell runs: %s" % during)
        check(info["status"] == "ok" and answered < 10, "kernel_info while a cell runs")
        reply = self.shell_reply(msg_id, timeout=10)
        # on a loaded machine the loop may get little CPU, but it must get some
        check(busy >= 5, "the loop does not seem to run (%d ticks in 1 s)" % busy)
        check(reply["content"]["status"] == "error", "interrupted cell %s" % reply["content"])
        self.iopub_until_idle(msg_id)
        time.sleep(1.0)
        hz = os.sysconf("SC_CLK_TCK")
        t0 = self.cpu_ticks()
        time.sleep(1.0)
        used = (self.cpu_ticks() - t0) / hz
        check(used < 0.15, "CPU still busy after interrupt: %.2fs in 1s" % used)
        reply, iopub = self.ok("survivor")
        check(self.result_text(iopub) == "42", "variable lost after interrupt: %s" % self.result_text(iopub))
        reply, iopub = self.ok("n > 0")
        check(self.result_text(iopub) == "true", "n after interrupt: %s" % self.result_text(iopub))

    def wrong_signature(self):
        bad = Session(key=b"not-the-key", username="attacker")
        bad.send(self.kc.shell_channel.socket, "execute_request",
                 {"code": "int hacked = 1;", "silent": False, "store_history": True, "user_expressions": {},
                  "allow_stdin": False, "stop_on_error": True})
        self.kc.shell_channel.socket.send_multipart([b"<IDS|MSG>", b"garbage"])
        time.sleep(0.5)
        self.kernel_info()
        reply, _ = self.execute("hacked")
        check(reply["content"]["status"] == "error", "a message with a wrong signature was executed")

    def restart(self, old_session):
        old_pid = self.pid()
        self.km.restart_kernel(now=False)
        self.kc.wait_for_ready(timeout=TIMEOUT)
        check(self.pid() != old_pid, "restart kept the old process")
        self.kernel_info()
        reply, _ = self.execute("survivor")
        check(reply["content"]["status"] == "error", "state survived a restart")
        tail = self.kc.history(hist_access_type="tail", n=1000, reply=True, timeout=TIMEOUT)["content"]["history"]
        check(any(h[0] == old_session for h in tail), "history of the earlier session lost")
        reply, _ = self.ok("int fresh = 1;")
        rng = self.kc.history(hist_access_type="range", session=0, start=1, reply=True,
                              timeout=TIMEOUT)["content"]["history"]
        check(rng and all(h[0] == old_session + 1 for h in rng), "new session number %s (old %s)" % (rng, old_session))

    def shutdown_exits(self):
        process = self.km.provisioner.process
        msg = self.kc.session.msg("shutdown_request", {"restart": False})
        self.kc.control_channel.send(msg)
        deadline = time.time() + 10
        reply = None
        while time.time() < deadline and reply is None:
            try:
                candidate = self.kc.get_control_msg(timeout=1)
            except queue.Empty:
                continue
            if candidate["parent_header"].get("msg_id") == msg["header"]["msg_id"]:
                reply = candidate
        check(reply is not None and reply["msg_type"] == "shutdown_reply", "no shutdown_reply")
        check(reply["content"] == {"status": "ok", "restart": False}, "shutdown_reply %s" % reply["content"])
        started = time.time()
        while process.poll() is None and time.time() - started < 5:
            time.sleep(0.05)
        check(process.poll() is not None, "kernel still running 5 s after shutdown_request")

    def shutdown(self):
        self.kc.stop_channels()
        if self.km.provisioner is not None and self.km.provisioner.process.poll() is None:
            self.km.shutdown_kernel(now=False)
        else:
            self.km.cleanup_resources()


def main():
    kernel_name = sys.argv[1] if len(sys.argv) > 1 else "jtrack"
    only = set(sys.argv[2:])
    driver = Driver(kernel_name)
    steps = ["kernel_info", "streams_result_error", "display", "silent_and_history_flags", "stop_on_error",
             "complete_inspect_is_complete", "history", "comms", "stdin", "interrupt", "wrong_signature",
             "restart", "shutdown_exits"]
    failed = []
    session = None
    try:
        for step in steps:
            if only and step not in only:
                continue
            started = time.time()
            try:
                if step == "history":
                    session = driver.history()
                elif step == "restart":
                    driver.restart(session if session is not None else driver.history())
                else:
                    getattr(driver, step)()
                print("PASS %s (%.2fs)" % (step, time.time() - started), flush=True)
            except Exception as e:  # keep going so one run reports every broken message
                failed.append(step)
                detail = str(e) if isinstance(e, Failure) else traceback.format_exc()
                print("FAIL %s: %s" % (step, detail), flush=True)
    finally:
        driver.shutdown()
    if failed:
        print("FAILED: %s" % ", ".join(failed))
        sys.exit(1)
    print("ALL PASSED")


if __name__ == "__main__":
    main()
