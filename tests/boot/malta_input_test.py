#!/usr/bin/env python3
"""Keyboard and mouse test: keys sent with the monitor's sendkey reach malta
Linux through the i8042 (set 2 translated to set 1 by the controller, as the
kernel's i8042 driver sets it up), atkbd and the console's line discipline: a
reader on /dev/tty1 gets the typed line. mouse_move and mouse_button reach
/dev/input/mice through the i8042's AUX port and psmouse as the packets QEMU
7.2 gives (08 0a 05, 09 00 00, 08 00 00).

usage: malta_input_test.py BOARDWALK IMAGES_DIR
"""
import os
import shutil
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(__file__))
from guest_console import GuestConsole  # noqa: E402
from hmp import Hmp  # noqa: E402
from checks import check  # noqa: E402

KEYS = ["h", "i", "spc", "shift-x", "minus", "1", "kp_enter"]
TYPED = "hi X-1"
MOUSE = ["mouse_move 10 -5", "mouse_button 1", "mouse_button 0"]
PACKETS = "08 0a 05 09 00 00 08 00 00"


def main():
    boardwalk, images = sys.argv[1], sys.argv[2]
    tmp = tempfile.mkdtemp(prefix="bw-malta-keys-")
    disk = os.path.join(tmp, "512M")
    subprocess.run(["cp", "--sparse=always",
                    os.path.join(images, "malta-rootfs", "512M"), disk], check=True)
    sock = os.path.join(tmp, "monitor.sock")
    argv = [boardwalk, "-M", "malta", "-m", "256",
            "-kernel", os.path.join(images, "malta-linux", "vmlinux"), "-hda", disk,
            "-serial", "stdio", "-display", "none", "-nic", "none",
            "-monitor", "unix:%s,server,nowait" % sock]
    console = GuestConsole(argv, log_path=os.environ.get("BOOT_LOG"))
    monitor = None
    try:
        console.expect(rb"boardwalk: rootfs up", 300)
        console.expect(rb"[#$] ", 60)
        monitor = Hmp(sock)
        deadline = time.monotonic() + 60
        while "AT Raw Set 2 keyboard" not in console.run("dmesg | grep input:"):
            check(time.monotonic() < deadline, "no keyboard in dmesg")
            time.sleep(0.5)
        console.run("rm -f /tmp/keys; (cat /dev/tty1 > /tmp/keys &)")
        time.sleep(0.5)
        before = console.run("grep i8042 /proc/interrupts")
        for key in KEYS:
            out = monitor.command("sendkey " + key)
            check(out == "", "sendkey %s said %r" % (key, out))
        deadline = time.monotonic() + 30
        while True:
            got = console.run("cat /tmp/keys")
            if TYPED in got or time.monotonic() > deadline:
                break
            time.sleep(0.5)
        check(got.strip() == TYPED, "tty1 read %r, expected %r" % (got, TYPED))
        print("tty1 read %r" % got.strip())

        console.run("rm -f /tmp/m; (dd if=/dev/input/mice bs=1 count=9 2>/dev/null"
                    " | od -An -tx1 > /tmp/m &)")
        time.sleep(0.5)
        for command in MOUSE:
            out = monitor.command(command)
            check(out == "", "%s said %r" % (command, out))
        deadline = time.monotonic() + 30
        while True:
            got = " ".join(console.run("cat /tmp/m").split())
            if got or time.monotonic() > deadline:
                break
            time.sleep(0.5)
        check(got == PACKETS, "/dev/input/mice gave %r, expected %r" % (got, PACKETS))
        after = console.run("grep i8042 /proc/interrupts")
        print("mice: %s; i8042 interrupts:\n%s\n->\n%s" % (got, before, after))
    finally:
        if monitor:
            monitor.close()
        console.close()
        shutil.rmtree(tmp, ignore_errors=True)
    print("PASS")


if __name__ == "__main__":
    main()
