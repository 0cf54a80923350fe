"""What the scripts that talk to an installed jtrack kernel through Debian's jupyter_client share.

Used by the IT drivers in this directory and by bench/*.py. Run them with /usr/bin/python3.
Every wait is bounded by a timeout.
"""
import os
import queue
import sys
import time

try:
    from jupyter_client.manager import KernelManager
except ImportError as e:  # the ITs report this as a failure, never a skip
    print("FAIL jupyter_client is not importable on %s: %s" % (sys.executable, e))
    sys.exit(3)

TIMEOUT = 60


class Failure(Exception):
    pass


def check(condition, message):
    if not condition:
        raise Failure(message)


def start(kernel_name, env=None, cwd=None):
    """Starts the kernel and a client on its channels; returns (manager, client) once it is ready."""
    km = KernelManager(kernel_name=kernel_name)
    if env is None and cwd is None:
        km.start_kernel()
    else:
        km.start_kernel(env=env, cwd=cwd)
    kc = km.client()
    kc.start_channels()
    kc.wait_for_ready(timeout=TIMEOUT)
    return km, kc


def shell_reply(kc, msg_id, timeout=TIMEOUT):
    """The shell reply to msg_id (other replies are dropped)."""
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            msg = kc.get_shell_msg(timeout=max(0.01, deadline - time.time()))
        except queue.Empty:
            break
        if msg["parent_header"].get("msg_id") == msg_id:
            return msg
    raise Failure("no shell reply to %s within %ss" % (msg_id, timeout))


def iopub_until_idle(kc, msg_id, timeout=TIMEOUT):
    """All IOPub messages whose parent is msg_id, up to and including its idle status."""
    deadline = time.time() + timeout
    out = []
    while time.time() < deadline:
        try:
            msg = kc.get_iopub_msg(timeout=max(0.01, deadline - time.time()))
        except queue.Empty:
            break
        if msg["parent_header"].get("msg_id") != msg_id:
            continue
        out.append(msg)
        if msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
            return out
    raise Failure("no idle status for %s within %ss (got %s)" % (msg_id, timeout, [m["msg_type"] for m in out]))


def drain_iopub(kc, quiet=0.2):
    """Reads IOPub until it has been quiet for `quiet` seconds."""
    while True:
        try:
            kc.get_iopub_msg(timeout=quiet)
        except queue.Empty:
            return


def cpu_ticks(pid):
    """utime + stime of a process in clock ticks (fields 14 and 15 of /proc/PID/stat)."""
    with open("/proc/%d/stat" % pid) as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])


def cpu_seconds(pid):
    """What the process itself spent on the CPU, whatever else the machine runs."""
    return cpu_ticks(pid) / os.sysconf("SC_CLK_TCK")
