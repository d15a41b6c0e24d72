#!/usr/bin/env python3
"""Guest floating point end to end: a bare-metal program per ISA (tools/bench/guest/) runs a fixed
mix of single and double operations, timed from its start marker to its end marker on the UART,
in boardwalk (this build, and optionally another binary such as one from before the soft-float)
and in QEMU (qemu-system-arm -M versatilepb, qemu-system-mipsel -M malta). The checksum each run
prints must agree. "ns/FP insn" is the whole loop's time over its FP instructions (the loads,
stores and loop control around them included). Prints numbers, never fails.

Usage: fp_guest_bench.py BOARDWALK [OTHER_BOARDWALK_LABEL=PATH ...] [--rounds N]
"""
import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time

TOP = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OPS_PER_STEP = 18  # FP instructions per element step of fp_kernel.h

COMMON = ["-O1", "-ffreestanding", "-fno-builtin", "-fno-math-errno", "-nostdlib",
          "-nostartfiles", "-fno-pic", "-fno-pie", "-no-pie", "-static", "-fno-stack-protector",
          "-fno-unwind-tables", "-fno-asynchronous-unwind-tables", "-Wl,--build-id=none"]
ISAS = {
    "arm": {
        "cc": "arm-linux-gnueabi-gcc",
        "flags": ["-mcpu=arm926ej-s", "-marm", "-mfpu=vfp", "-mfloat-abi=softfp",
                  "-masm-syntax-unified", "-Wa,--noexecstack", "-Wl,--no-warn-rwx-segments"],
        "board": ["-M", "versatilepb"],
        "qemu": ["qemu-system-arm", "-M", "versatilepb", "-cpu", "arm926"],
    },
    "mips": {
        "cc": "mipsel-linux-gnu-gcc",
        "flags": ["-march=mips32r2", "-mtune=24kf", "-mhard-float", "-mfp32", "-mno-abicalls",
                  "-G0"],
        "board": ["-M", "malta", "-m", "128"],
        "qemu": ["qemu-system-mipsel", "-M", "malta", "-cpu", "24Kf", "-m", "128"],
    },
}


def build(isa, rounds, out):
    spec = ISAS[isa]
    guest = os.path.join(TOP, "tests", "guest", isa)
    elf = os.path.join(out, "fp_%s.elf" % isa)
    cmd = [spec["cc"]] + spec["flags"] + COMMON + [
        "-DFP_ROUNDS=%d" % rounds, "-I", guest, "-I", os.path.join(TOP, "tools", "bench", "guest"),
        "-Wl,-T," + os.path.join(guest, "common", "link.ld"), "-o", elf,
        os.path.join(guest, "common", "start.S"), os.path.join(guest, "common", "lib.c"),
        os.path.join(TOP, "tools", "bench", "guest", "fp_%s.c" % isa), "-lgcc"]
    subprocess.run(cmd, check=True)
    return elf


def timed_run(cmd, limit=600):
    """Seconds from the start marker to the end marker, and the checksum."""
    proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL, text=True, errors="replace")
    watchdog = threading.Timer(limit, proc.kill)
    watchdog.start()
    start = None
    try:
        for line in proc.stdout:
            now = time.monotonic()
            if "FPBENCH start" in line:
                start = now
            elif "FPBENCH end" in line and start is not None:
                return now - start, line.split()[-1]
            elif "DONE" in line or "unexpected" in line:
                break
    finally:
        watchdog.cancel()
        proc.kill()
        proc.wait()
    return None, None


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("boardwalk")
    parser.add_argument("others", nargs="*", help="LABEL=PATH of other boardwalk binaries")
    parser.add_argument("--rounds", type=int, default=20000)
    args = parser.parse_args()
    runners = [("boardwalk", args.boardwalk)] + [tuple(o.split("=", 1)) for o in args.others]
    steps = args.rounds * 16
    with tempfile.TemporaryDirectory() as out:
        print("guest FP benchmark: %d element steps of %d FP instructions each" %
              (steps, OPS_PER_STEP))
        print("%-6s %-22s %9s %12s  %s" % ("isa", "emulator", "seconds", "ns/FP insn",
                                          "checksum"))
        for isa in ("arm", "mips"):
            spec = ISAS[isa]
            if not shutil.which(spec["cc"]):
                print("%-6s (no %s)" % (isa, spec["cc"]))
                continue
            elf = build(isa, args.rounds, out)
            cmds = [(label, [path] + spec["board"] + ["-nographic", "-kernel", elf])
                    for label, path in runners if os.path.exists(path)]
            if shutil.which(spec["qemu"][0]):
                cmds.append(("qemu", spec["qemu"] + ["-nographic", "-kernel", elf]))
            for label, cmd in cmds:
                seconds, checksum = timed_run(cmd)
                if seconds is None:
                    print("%-6s %-22s %9s" % (isa, label, "no result"))
                    continue
                print("%-6s %-22s %9.3f %12.2f  %s" %
                      (isa, label, seconds, seconds * 1e9 / (steps * OPS_PER_STEP), checksum))
                sys.stdout.flush()


if __name__ == "__main__":
    main()
