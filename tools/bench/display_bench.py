#!/usr/bin/env python3
"""The window and the speakers natively: pictures per second and host CPU
with an animating guest (the OpenDingux demo's game at 320x240x16, an fbcon
scroll at 1024x768x16), sound underruns and drops under that load, and the
host CPU of an idle guest with its display on, next to Debian's QEMU with its
display where QEMU can do the same (Debian's QEMU here has no SDL display
module, qemu-system-gui, so it runs with -display none: its numbers are the
guest's work without a display). SDL's dummy video and audio drivers
stand in for a screen and a sound card (this machine has neither), so the
numbers are the emulator's own cost, not a GPU's. Prints numbers; never
fails on speed.

usage: display_bench.py BOARDWALK IMAGES_DIR
"""
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "tests", "boot"))
from guest_console import GuestConsole  # noqa: E402

WINDOW_S = 10
SCROLL = "{ while :; do cat /proc/cpuinfo /proc/interrupts > /dev/tty1; done & }"


def cpu_seconds(pid):
    with open("/proc/%d/stat" % pid) as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def stats(console):
    console.proc.send_signal(signal.SIGUSR1)
    m = console.expect(rb"boardwalk-stats: (.*)\n", 10)
    return dict(kv.split("=") for kv in m.group(1).decode().split())


def window(console, emulator):
    """Host CPU share and boardwalk's counters over WINDOW_S seconds."""
    before = stats(console) if emulator == "boardwalk" else {}
    c0, t0 = cpu_seconds(console.proc.pid), time.monotonic()
    time.sleep(WINDOW_S)
    c1, t1 = cpu_seconds(console.proc.pid), time.monotonic()
    after = stats(console) if emulator == "boardwalk" else {}
    out = {"cpu %": 100 * (c1 - c0) / (t1 - t0)}
    for key in ("frames", "underruns", "audio_dropped"):
        if key in after:
            out[key + "/s" if key == "frames" else key + "/min"] = (
                (int(after[key]) - int(before[key])) / (t1 - t0) * (1 if key == "frames" else 60))
    return out


def disk_copy(images, name, scratch):
    """A sparse copy of a cached disk: the guest may write to it."""
    disk = os.path.join(scratch, name + ".img")
    subprocess.run(["cp", "--sparse=always", os.path.join(images, name, "512M"), disk], check=True)
    return disk


def run(title, emulator, argv, ready, command=None):
    console = GuestConsole(argv)
    try:
        console.expect(ready, 600)
        if command:
            console.expect(rb"[#$] ", 60)
            console.run(command)
        time.sleep(3)  # past the start-up
        result = window(console, emulator)
    finally:
        console.close()
    print("  %-34s %-9s %s" % (title, emulator, "  ".join(
        "%s %.1f" % (k, v) for k, v in result.items())), flush=True)


def main():
    boardwalk, images = sys.argv[1], sys.argv[2]
    os.environ.update(SDL_VIDEODRIVER="dummy", SDL_AUDIODRIVER="dummy")
    scratch = tempfile.mkdtemp(prefix="bw-display-bench-")
    try:
        bench(boardwalk, images, scratch)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def bench(boardwalk, images, scratch):
    qemu_mips, qemu_arm = shutil.which("qemu-system-mipsel"), shutil.which("qemu-system-arm")
    kernel = os.path.join(images, "malta-linux", "vmlinux")
    print("display and sound (SDL dummy drivers, %d s windows)" % WINDOW_S)
    ours = ["-display", "sdl", "-audiodev", "sdl,id=a"]
    theirs = ["-display", "none", "-audiodev", "none,id=a"]
    demo = ["-M", "malta", "-m", "256", "-kernel", kernel, "-usbdevice", "keyboard",
            "-hda", disk_copy(images, "malta-demo", scratch), "-serial", "stdio",
            "-device", "AC97,audiodev=a"]
    run("game 320x240x16 + AC'97", "boardwalk", [boardwalk] + demo + ours,
        rb"boardwalk-demo: starting")
    if qemu_mips:
        run("game 320x240x16 + AC'97", "qemu", [qemu_mips] + demo + theirs,
            rb"boardwalk-demo: starting")
    scroll = ["-M", "malta", "-m", "256", "-kernel", kernel, "-serial", "stdio",
              "-hda", disk_copy(images, "malta-rootfs", scratch),
              "-append", "video=cirrusfb:1024x768-16@60"]
    run("fbcon scroll 1024x768x16", "boardwalk", [boardwalk] + scroll + ours,
        rb"boardwalk: rootfs up", SCROLL)
    if qemu_mips:
        run("fbcon scroll 1024x768x16", "qemu", [qemu_mips] + scroll + theirs,
            rb"boardwalk: rootfs up", SCROLL)
    k = os.path.join(images, "versatile-linux")
    idle = ["-M", "versatilepb", "-m", "128", "-kernel", os.path.join(k, "zImage"),
            "-dtb", os.path.join(k, "versatile-pb.dtb"),
            "-initrd", os.path.join(images, "versatile-initramfs", "initrd.cpio.gz"),
            "-append", "console=ttyAMA0", "-serial", "stdio"]
    run("idle shell, display on", "boardwalk", [boardwalk] + idle + ours,
        rb"boardwalk: initramfs up")
    if qemu_arm:
        run("idle shell, display on", "qemu", [qemu_arm] + idle + theirs,
            rb"boardwalk: initramfs up")


if __name__ == "__main__":
    main()
