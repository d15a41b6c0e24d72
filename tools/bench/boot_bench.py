#!/usr/bin/env python3
"""Boot-to-shell time and guest workloads, boardwalk next to Debian's QEMU on
the same images. Prints numbers; never fails on speed.

usage: boot_bench.py BOARDWALK IMAGES_DIR [SETUP-SUBSTRING...]
"""
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
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


def malta_disk_args(images, scratch):
    # The guest may write to the disk: boot a sparse copy, never the cached image.
    disk = os.path.join(scratch, "512M")
    subprocess.run(["cp", "--sparse=always", os.path.join(images, "malta-rootfs", "512M"), disk],
                   check=True)
    return ["-M", "malta", "-m", "256", "-kernel",
            os.path.join(images, "malta-linux", "vmlinux"), "-hda", disk, "-nographic"]


def malta_debian_args(images, scratch):
    d = os.path.join(images, "malta-debian-kernel")
    return ["-M", "malta", "-m", "256", "-kernel", os.path.join(d, "vmlinuz"),
            "-initrd", os.path.join(d, "initrd.cpio.gz"), "-append", "console=ttyS0",
            "-nographic"]


# (name, QEMU binary, argument builder, marker printed when the shell is about to start)
SETUPS = [
    ("versatilepb Linux + initramfs", "qemu-system-arm", lambda i, t: versatile_args(i),
     rb"boardwalk: initramfs up"),
    ("malta OpenDingux-style disk", "qemu-system-mipsel", malta_disk_args,
     rb"boardwalk: rootfs up"),
    ("malta Debian kernel + initramfs", "qemu-system-mipsel", malta_debian_args,
     rb"boardwalk: initramfs up"),
]


def boardwalk_counters(console):
    """Instructions retired and host ns so far (boardwalk prints them on SIGUSR1)."""
    console.proc.send_signal(signal.SIGUSR1)
    m = console.expect(rb"boardwalk-stats: instructions=(\d+) virtual_ns=\d+ host_ns=(\d+)", 10)
    return int(m.group(1)), int(m.group(2))


def measure(name, argv, marker, counters=None):
    console = GuestConsole(argv)
    results = {}
    try:
        console.expect(marker, 600)
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
    only = sys.argv[3:]
    for title, qemu_name, make_args, marker in SETUPS:
        if only and not any(o in title for o in only):
            continue
        rows = {}
        with tempfile.TemporaryDirectory() as scratch:
            rows["boardwalk"] = measure("boardwalk", [boardwalk] + make_args(images, scratch),
                                        marker, boardwalk_counters)
        qemu = shutil.which(qemu_name)
        if qemu:
            with tempfile.TemporaryDirectory() as scratch:
                rows["qemu"] = measure("qemu", [qemu] + make_args(images, scratch) +
                                       ["-monitor", "none"], marker)
        print("%s (seconds)" % title)
        print("  %-26s %9s %9s  %7s" % ("", "boardwalk", "qemu", "ratio"))
        for key in ["boot"] + [w[0] for w in WORKLOADS]:
            b = rows["boardwalk"].get(key)
            q = rows.get("qemu", {}).get(key)
            ratio = "%6.2fx" % (b / q) if b and q else "     -"
            mips = rows["boardwalk"].get(key + " MIPS")
            print("  %-26s %9.2f %9s  %s   boardwalk %s guest MIPS" %
                  (key, b, "%.2f" % q if q else "-", ratio, "%.0f" % mips if mips else "-"))


if __name__ == "__main__":
    main()
