#!/usr/bin/python3
"""Kernel speed and memory, measured through Debian's jupyter_client.

Usage: kernel_bench.py KERNEL_NAME [--starts N] [--round-trips N]
Prints medians of: process start -> kernel_info_reply, `1+1` execute_request -> execute_reply,
and the kernel's resident memory (from /proc) after start and after the first cell.
"""
import argparse
import os
import re
import statistics
import subprocess
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "src", "test", "python"))
from kernel_client import KernelManager, cpu_seconds, drain_iopub, shell_reply as reply_to  # noqa: E402


def rss_mib(pid):
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024.0
    raise RuntimeError("no VmRSS for %d" % pid)


def start(kernel_name):
    km = KernelManager(kernel_name=kernel_name)
    started = time.perf_counter()
    km.start_kernel()
    kc = km.client()
    kc.start_channels()
    reply = reply_to(kc, kc.kernel_info())
    elapsed = time.perf_counter() - started
    assert reply["content"]["status"] == "ok", reply
    return km, kc, elapsed


def stop(km, kc):
    kc.stop_channels()
    km.shutdown_kernel(now=False)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("kernel")
    parser.add_argument("--starts", type=int, default=10)
    parser.add_argument("--round-trips", type=int, default=50)
    parser.add_argument("--nmt", action="store_true", help="print jcmd VM.native_memory summary after the round trips")
    args = parser.parse_args()

    starts, start_cpu, rss_start, rss_cell = [], [], [], []
    for _ in range(args.starts):
        km, kc, elapsed = start(args.kernel)
        starts.append(elapsed)
        pid = km.provisioner.process.pid
        start_cpu.append(cpu_seconds(pid))
        time.sleep(1.0)
        rss_start.append(rss_mib(pid))
        reply = reply_to(kc, kc.execute("1+1"))
        assert reply["content"]["status"] == "ok", reply["content"]
        time.sleep(0.5)
        rss_cell.append(rss_mib(pid))
        stop(km, kc)

    km, kc, _ = start(args.kernel)
    reply_to(kc, kc.execute("1+1"))  # the first cell loads the compiler; measure the steady state
    for _ in range(5):
        reply_to(kc, kc.execute("1+1"))
    trips = []
    pid = km.provisioner.process.pid
    cpu_before = cpu_seconds(pid)
    for _ in range(args.round_trips):
        t0 = time.perf_counter()
        reply = reply_to(kc, kc.execute("1+1"))
        trips.append(time.perf_counter() - t0)
        assert reply["content"]["status"] == "ok", reply["content"]
    cpu_per_trip = (cpu_seconds(pid) - cpu_before) / args.round_trips
    drain_iopub(kc)
    rss_after = rss_mib(pid)
    nmt = native_memory(pid) if args.nmt else None
    stop(km, kc)

    print("kernel: %s" % args.kernel)
    print("start -> kernel_info_reply: median %.3f s (min %.3f, max %.3f, n=%d; target <= 0.25 s)"
          % (statistics.median(starts), min(starts), max(starts), len(starts)))
    print("1+1 execute_request -> execute_reply: median %.1f ms (min %.1f, max %.1f, n=%d; target <= 12 ms)"
          % (statistics.median(trips) * 1000, min(trips) * 1000, max(trips) * 1000, len(trips)))
    print("kernel CPU time (user+sys) until kernel_info_reply: median %.3f s (includes the engine starting in parallel)"
          % statistics.median(start_cpu))
    print("kernel CPU time (user+sys) per 1+1 round trip: %.1f ms" % (cpu_per_trip * 1000))
    print("load average during the run: %s" % open("/proc/loadavg").read().split()[0:3])
    print("RSS 1 s after start (engine starting/started): median %.0f MiB (target <= 160 MiB)" % statistics.median(rss_start))
    print("RSS after the first cell: median %.0f MiB" % statistics.median(rss_cell))
    print("RSS after %d round trips: %.0f MiB (target <= 160 MiB)" % (args.round_trips + 6, rss_after))
    if nmt:
        print(nmt)


def native_memory(pid):
    """The JVM's committed memory by category (heap, class metadata, code, threads, ...)."""
    out = subprocess.run([os.environ.get("JCMD", "jcmd"), str(pid), "VM.native_memory", "summary"], capture_output=True, text=True,
                         timeout=60).stdout
    lines = [line.strip() for line in out.splitlines() if "committed=" in line and line.strip().startswith(("-", "Total"))]
    return "native memory tracking, committed:\n  " + "\n  ".join(
        re.sub(r"\(reserved=\d+KB, ", "(", line) for line in lines)


if __name__ == "__main__":
    main()
