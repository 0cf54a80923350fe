#!/usr/bin/python3
"""Autolog overhead, measured through Debian's jupyter_client.

Usage: autolog_bench.py KERNEL_NAME WORK_DIR [--round-trips N]
Starts two kernels in WORK_DIR (embedded default store there): one with JTRACK_AUTOLOG=off, one
with autolog on, warms both up, then alternates `1+1` round trips (execute_request ->
execute_reply) between them and prints both medians and the difference (target: <= +1 ms).
"""
import argparse
import os
import queue
import statistics
import time

from jupyter_client.manager import KernelManager

TIMEOUT = 60


def reply_to(kc, msg_id):
    deadline = time.time() + TIMEOUT
    while time.time() < deadline:
        try:
            msg = kc.get_shell_msg(timeout=deadline - time.time())
        except queue.Empty:
            break
        if msg["parent_header"].get("msg_id") == msg_id:
            return msg
    raise RuntimeError("no reply to %s within %ss" % (msg_id, TIMEOUT))


def start(kernel_name, work_dir, autolog):
    env = dict(os.environ)
    env["JTRACK_AUTOLOG"] = "on" if autolog else "off"
    km = KernelManager(kernel_name=kernel_name)
    km.start_kernel(env=env, cwd=work_dir)
    kc = km.client()
    kc.start_channels()
    kc.wait_for_ready(timeout=TIMEOUT)
    return km, kc


def trip(kc):
    t0 = time.perf_counter()
    reply = reply_to(kc, kc.execute("1+1"))
    elapsed = time.perf_counter() - t0
    assert reply["content"]["status"] == "ok", reply["content"]
    return elapsed


def drain_iopub(kc):
    while True:
        try:
            kc.get_iopub_msg(timeout=0.05)
        except queue.Empty:
            return


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("kernel")
    parser.add_argument("work_dir")
    parser.add_argument("--round-trips", type=int, default=200)
    args = parser.parse_args()

    off = start(args.kernel, args.work_dir, False)
    on = start(args.kernel, args.work_dir, True)
    try:
        for _, kc in (off, on):
            for _ in range(20):  # the first cells load the compiler and the tracking classes
                trip(kc)
            drain_iopub(kc)
        times = {"off": [], "on": []}
        for i in range(args.round_trips):
            for name, (_, kc) in (("off", off), ("on", on)) if i % 2 == 0 else (("on", on), ("off", off)):
                times[name].append(trip(kc))
            if i % 20 == 19:
                drain_iopub(off[1])
                drain_iopub(on[1])
                time.sleep(0.05)
    finally:
        for km, kc in (off, on):
            kc.stop_channels()
            km.shutdown_kernel(now=False)

    m_off = statistics.median(times["off"]) * 1000
    m_on = statistics.median(times["on"]) * 1000
    print("1+1 round trip, autolog off: median %.2f ms (min %.2f, n=%d)" % (m_off, min(times["off"]) * 1000, len(times["off"])))
    print("1+1 round trip, autolog on:  median %.2f ms (min %.2f, n=%d)" % (m_on, min(times["on"]) * 1000, len(times["on"])))
    print("autolog overhead: %+.2f ms (target <= +1 ms)" % (m_on - m_off))


if __name__ == "__main__":
    main()
