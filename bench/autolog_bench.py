#!/usr/bin/python3
"""Autolog overhead, measured through Debian's jupyter_client.

Usage: autolog_bench.py KERNEL_NAME WORK_DIR [--round-trips N]
Starts two kernels in WORK_DIR (embedded default store there): one with JTRACK_AUTOLOG=off, one
with autolog on, warms both up, then alternates `1+1` round trips (execute_request ->
execute_reply) between them and prints both medians and the difference (target: <= +1 ms).
"""
import argparse
import os
import statistics
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "src", "test", "python"))
import kernel_client  # noqa: E402
from kernel_client import drain_iopub, shell_reply as reply_to  # noqa: E402


def start(kernel_name, work_dir, autolog):
    env = dict(os.environ)
    env["JTRACK_AUTOLOG"] = "on" if autolog else "off"
    return kernel_client.start(kernel_name, env=env, cwd=work_dir)


def trip(kc):
    t0 = time.perf_counter()
    reply = reply_to(kc, kc.execute("1+1"))
    elapsed = time.perf_counter() - t0
    assert reply["content"]["status"] == "ok", reply["content"]
    return elapsed


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
            drain_iopub(kc, quiet=0.05)
        times = {"off": [], "on": []}
        for i in range(args.round_trips):
            for name, (_, kc) in (("off", off), ("on", on)) if i % 2 == 0 else (("on", on), ("off", off)):
                times[name].append(trip(kc))
            if i % 20 == 19:
                drain_iopub(off[1], quiet=0.05)
                drain_iopub(on[1], quiet=0.05)
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
