#!/usr/bin/env python3
"""Boot-to-shell time and guest workloads, boardwalk next to Debian's QEMU on
the same images. Prints numbers; never fails on speed.

usage: boot_bench.py BOARDWALK IMAGES_DIR
"""
import os
import re
import shutil
import signal
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "tests", "boot"))
from guest_console import GuestConsole  # noqa: E402

# Identical output on every board (GUESTS.md): a CPU-bound pipeline, a hash of
# a generated file, and a shell loop.
WORKLOADS = [
    ("dd 16M | md5sum", "dd if=/dev/zero bs=1M count=16 2>/dev/null | md5sum",
     "2c7ab85a893283e98c931e9511add182"),
    ("seq 200000 | sha256sum", "seq 1 200000 > /tmp/f; sha256sum /tmp/f",
     "5af7b95208fdcff454bab3f5eddf567a688a3796c703d4fef91072e38645c062"),
    ("shell loop 20000", "i=0; while [ $i -lt 20000 ]; do i=$((i+1)); done; echo $i", "20000"),
]


def versatile_args(images):
    k = os.path.join(images, "versatile-linux")
    return ["-M", "versatilepb", "-m", "128", "-kernel", os.path.join(k, "zImage"),
            "-dtb", os.path.join(k, "versatile-pb.dtb"),
            "-initrd", os.path.join(images, "versatile-initramfs", "initrd.cpio.gz"),
            "-append", "console=ttyAMA0", "-nographic"]


def boardwalk_counters(console):
    """Instructions retired and host ns so far (boardwalk prints them on SIGUSR1)."""
    console.proc.send_signal(signal.SIGUSR1)
    m = console.expect(rb"boardwalk-stats: instructions=(\d+) virtual_ns=\d+ host_ns=(\d+)", 10)
    return int(m.group(1)), int(m.group(2))


def measure(name, argv, counters=None):
    console = GuestConsole(argv)
    results = {}
    try:
        console.expect(rb"boardwalk: initramfs up", 600)
        console.expect(rb"[#$] ", 60)
        results["boot"] = console.elapsed()
        if counters:
            insns, host_ns = counters(console)
            results["boot MIPS"] = insns / (host_ns / 1e3)
        for label, command, expected in WORKLOADS:
            before = counters(console) if counters else None
            t0 = time.monotonic()
            out = console.run(command, timeout=600)
            results[label] = time.monotonic() - t0
            if before:
                after = counters(console)
                results[label + " MIPS"] = (after[0] - before[0]) / ((after[1] - before[1]) / 1e3)
            if expected not in out:
                print("  %s: %s gave unexpected output %r" % (name, label, out))
    finally:
        console.close()
    return results


def main():
    boardwalk, images = sys.argv[1], sys.argv[2]
    args = versatile_args(images)
    rows = {"boardwalk": measure("boardwalk", [boardwalk] + args, boardwalk_counters)}
    qemu = shutil.which("qemu-system-arm")
    if qemu:
        rows["qemu"] = measure("qemu", [qemu] + args + ["-monitor", "none"])
    print("versatilepb (seconds)         boardwalk      qemu   ratio")
    for key in ["boot"] + [w[0] for w in WORKLOADS]:
        b = rows["boardwalk"].get(key)
        q = rows.get("qemu", {}).get(key)
        ratio = "%6.2fx" % (b / q) if b and q else "     -"
        mips = rows["boardwalk"].get(key + " MIPS")
        print("  %-26s %9.2f %9s  %s   boardwalk %s guest MIPS" %
              (key, b, "%.2f" % q if q else "-", ratio, "%.0f" % mips if mips else "-"))


if __name__ == "__main__":
    main()
