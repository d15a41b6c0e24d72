#!/usr/bin/env python3
"""The decode-once blocks run the same machine as the plain interpreter.

Boots a guest twice under -icount (virtual time is the instruction
count and idle time passes at once, so two runs with the same inputs are the
same run), once with -accel interp and once with -accel blocks, and requires
the whole console log up to the shell prompt to be byte for byte the same
(it holds instruction-exact numbers: the delay loop's calibration counts
instructions per timer tick, the kernel's timestamps); then runs small
versions of the boot benchmark's workloads in each and checks their results.
The RTC starts from a fixed date (-rtc base=...), not the host's clock.

usage: accel_equal_test.py BOARDWALK IMAGES_DIR disk|debian|versatilepb
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile

from guest_console import GuestConsole

WORKLOADS = [
    ("dd if=/dev/zero bs=1M count=4 2>/dev/null | md5sum", "b5cfa9d6c8febd618f91ac2843d50a1c"),
    ("seq 1 20000 > /tmp/f; sha256sum /tmp/f",
     "f6351f5ead9a700e34275480b3856ea738122a7c57bdeb744a631251c069587a"),
    ("i=0; while [ $i -lt 2000 ]; do i=$((i+1)); done; echo $i", "2000"),
]


def run(argv, marker, log_path):
    """(boot log to the first prompt, workload outputs)."""
    console = GuestConsole(argv, log_path)
    try:
        console.expect(marker, 600)
        console.expect(rb"[#$] ", 120)
        outputs = [console.run(command, timeout=600) for command, _ in WORKLOADS]
    finally:
        console.close()
    with open(log_path, "rb") as f:
        log = f.read()
    m = re.compile(re.escape(marker) + rb".*?[#$] ", re.S).search(log)
    return log[:m.end()], outputs


def main():
    boardwalk, images, which = sys.argv[1], sys.argv[2], sys.argv[3]
    scratch = tempfile.mkdtemp(prefix="bw-accel-")
    try:
        results = {}
        for accel in ("interp", "blocks"):
            if which == "disk":
                disk = os.path.join(scratch, accel + ".img")
                subprocess.run(["cp", "--sparse=always",
                                os.path.join(images, "malta-rootfs", "512M"), disk], check=True)
                argv = ["-kernel", os.path.join(images, "malta-linux", "vmlinux"), "-hda", disk]
                marker = rb"boardwalk: rootfs up"
            elif which == "versatilepb":
                k = os.path.join(images, "versatile-linux")
                argv = ["-kernel", os.path.join(k, "zImage"),
                        "-dtb", os.path.join(k, "versatile-pb.dtb"),
                        "-initrd", os.path.join(images, "versatile-initramfs", "initrd.cpio.gz"),
                        "-append", "console=ttyAMA0"]
                marker = rb"boardwalk: initramfs up"
            else:
                d = os.path.join(images, "malta-debian-kernel")
                argv = ["-kernel", os.path.join(d, "vmlinuz"),
                        "-initrd", os.path.join(d, "initrd.cpio.gz"), "-append", "console=ttyS0"]
                marker = rb"boardwalk: initramfs up"
            board = ["-M", "versatilepb", "-m", "128"] if which == "versatilepb" else \
                ["-M", "malta", "-m", "256"]
            argv = ([boardwalk] + board + ["-nographic", "-net", "none",
                     "-icount", "shift=2,sleep=off", "-rtc", "base=2020-02-29T12:00:00",
                     "-accel", accel] + argv)
            results[accel] = run(argv, marker, os.path.join(scratch, accel + ".log"))
        (log_i, out_i), (log_b, out_b) = results["interp"], results["blocks"]
        failed = False
        if log_i != log_b:
            a, b = log_i.splitlines(), log_b.splitlines()
            n = next((k for k in range(min(len(a), len(b))) if a[k] != b[k]), min(len(a), len(b)))
            print("FAIL: the boot logs differ at line %d:\n  interp: %r\n  blocks: %r" %
                  (n + 1, a[n] if n < len(a) else b"<end>", b[n] if n < len(b) else b"<end>"))
            failed = True
        for (command, expected), got_i, got_b in zip(WORKLOADS, out_i, out_b):
            if expected not in got_i or expected not in got_b:
                print("FAIL: %s gave %r (interp) and %r (blocks)" % (command, got_i, got_b))
                failed = True
        if failed:
            sys.exit(1)
        lpj = re.search(rb"lpj=\d+", log_i)
        print("PASS: %d bytes of boot log alike (%s); workloads agree" %
              (len(log_i), lpj.group(0).decode() if lpj else "no lpj line"))
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    main()
