#!/usr/bin/env python3
"""Keyboard and mouse test against QEMU: malta Linux with the i8042 (the
kernel's driver turns the controller's set 2 -> set 1 translation on), in
Debian's qemu-system-mipsel and in boardwalk side by side.

1. Keys sent with the monitor's sendkey reach atkbd and the console's line
   discipline: a reader on /dev/tty1 gets the typed line in both.
2. mouse_move and mouse_button reach /dev/input/mice through the AUX port and
   psmouse as the same bytes (08 0a 05, 09 00 00, 08 00 00).
3. With an evdev kernel: the keyboard's and mouse's input_event records are
   the same in both emulators (timestamps aside).

usage: malta_input_test.py BOARDWALK IMAGES_DIR
"""
import os
import shutil
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(__file__))
from checks import check  # noqa: E402
from input_checks import MonitoredGuest, compare_input, type_line  # noqa: E402

KEYS = ["h", "i", "spc", "shift-x", "minus", "1", "kp_enter"]
TYPED = "hi X-1"
MICE = ["mouse_move 10 -5", "mouse_button 1", "mouse_button 0"]
PACKETS = "08 0a 05 09 00 00 08 00 00"


def guest(name, emulator, images, tmp):
    disk = os.path.join(tmp, name + ".img")
    subprocess.run(["cp", "--sparse=always",
                    os.path.join(images, "malta-rootfs", "512M"), disk], check=True)
    argv = ["-M", "malta", "-m", "256",
            "-kernel", os.path.join(images, "malta-linux", "vmlinux"), "-hda", disk,
            "-nic", "none"]
    return MonitoredGuest(name, emulator, argv, tmp)


def mice_bytes(g):
    g.console.run("rm -f /tmp/m; (dd if=/dev/input/mice bs=1 count=9 2>/dev/null"
                  " | od -An -tx1 > /tmp/m &)")
    time.sleep(0.5)
    for command in MICE:
        g.command(command)
        time.sleep(0.3)
    deadline = time.monotonic() + 30
    while True:
        got = " ".join(g.console.run("cat /tmp/m").split())
        if got or time.monotonic() > deadline:
            return got
        time.sleep(0.5)


def main():
    boardwalk, images = sys.argv[1], sys.argv[2]
    qemu = shutil.which("qemu-system-mipsel")
    check(qemu is not None, "qemu-system-mipsel is needed as the reference")
    tmp = tempfile.mkdtemp(prefix="bw-malta-input-")
    guests = []
    try:
        guests = [guest("qemu", qemu, images, tmp), guest("boardwalk", boardwalk, images, tmp)]
        for g in guests:
            g.wait_shell(rb"boardwalk: rootfs up")
        for g in guests:
            type_line(g, KEYS, TYPED)
        print("sendkey: tty1 read %r in both" % TYPED)
        for g in guests:
            got = mice_bytes(g)
            check(got == PACKETS, "%s: /dev/input/mice gave %r, expected %r"
                  % (g.name, got, PACKETS))
        print("mice: %s in both" % PACKETS)
        compare_input(guests[0], guests[1])
        for g in guests:
            print("%s: %s" % (g.name, " / ".join(
                " ".join(x.split()) for x in
                g.console.run("grep i8042 /proc/interrupts").splitlines())))
    finally:
        for g in guests:
            g.close()
        shutil.rmtree(tmp, ignore_errors=True)
    print("PASS")


if __name__ == "__main__":
    main()
