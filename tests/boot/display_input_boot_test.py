#!/usr/bin/env python3
"""Boot test: the display and input devices as the guest kernels find them.

versatilepb: Linux 6.1's pl111 DRM driver binds the PL110 (its Versatile glue
through the system registers' SYS_CLCD), fbcon takes it over at 800x600
(100x37 characters), atkbd and psmouse find the keyboard and mouse on the two
PL050 KMIs, and the CLCD and KMI interrupts count. malta: the i8042 driver
finds both ports at 0x60/0x64 on ISA IRQs 1 and 12, atkbd and psmouse probe
them through it. The expected lines are the ones QEMU 7.2 gives.

usage: display_input_boot_test.py BOARDWALK IMAGES_DIR
"""
import os
import re
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(__file__))
from guest_console import GuestConsole  # noqa: E402
from checks import check  # noqa: E402


def irq_count(interrupts, name):
    """The count on the /proc/interrupts line naming |name| (first such line)."""
    for line in interrupts.splitlines():
        if name in line:
            return int(line.split()[1])
    raise AssertionError("no %r line in /proc/interrupts:\n%s" % (name, interrupts))


def wait_for_dmesg(console, needles, timeout=60):
    """dmesg once every needle is in it (atkbd/psmouse probe after the shell starts)."""
    deadline = time.monotonic() + timeout
    while True:
        dmesg = console.run("dmesg")
        missing = [n for n in needles if not re.search(n, dmesg)]
        if not missing:
            return dmesg
        if time.monotonic() > deadline:
            raise AssertionError("missing in dmesg: %r\n%s" % (missing, dmesg))
        console.run("sleep 1")


def versatilepb(boardwalk, images):
    kernel = os.path.join(images, "versatile-linux")
    argv = [boardwalk, "-M", "versatilepb", "-m", "128",
            "-kernel", os.path.join(kernel, "zImage"),
            "-dtb", os.path.join(kernel, "versatile-pb.dtb"),
            "-initrd", os.path.join(images, "versatile-initramfs", "initrd.cpio.gz"),
            "-append", "console=ttyAMA0", "-nographic", "-nic", "none"]
    console = GuestConsole(argv, log_path=os.environ.get("BOOT_LOG"))
    try:
        console.expect(rb"boardwalk: initramfs up", 300)
        console.expect(rb"[#$] ", 60)
        wait_for_dmesg(console, [
            r"drm-clcd-pl111 10120000\.display: set up callbacks for Versatile PL110",
            r"\[drm\] Initialized pl111 1\.0\.0 20170317 for 10120000\.display on minor 0",
            r"drm-clcd-pl111 10120000\.display: enable Versatile CLCD connectors",
            r"Console: switching to colour frame buffer device 100x37",
            r"10120000\.display: \[drm\] fb0: pl111drmfb frame buffer device",
            r"input: AT Raw Set 2 keyboard as .*/10006000\.kmi/serio0/",
            r"input: ImExPS/2 Generic Explorer Mouse as .*/10007000\.kmi/serio1/",
        ])
        fb = console.run("cat /proc/fb")
        check("0 pl111drmfb" in fb, "/proc/fb: %r" % fb)
        ints = console.run("cat /proc/interrupts")
        check(irq_count(ints, "PL110") > 0, "no CLCD interrupts:\n" + ints)
        check(ints.count("kmi-pl050") == 2, "two KMI interrupt lines expected:\n" + ints)
        print("versatilepb: pl111 + fbcon 100x37, keyboard and mouse on the KMIs")
    finally:
        console.close()


def malta(boardwalk, images):
    tmp = tempfile.mkdtemp(prefix="bw-malta-")
    disk = os.path.join(tmp, "512M")
    subprocess.run(["cp", "--sparse=always",
                    os.path.join(images, "malta-rootfs", "512M"), disk], check=True)
    argv = [boardwalk, "-M", "malta", "-m", "256",
            "-kernel", os.path.join(images, "malta-linux", "vmlinux"),
            "-hda", disk, "-nographic", "-nic", "none"]
    console = GuestConsole(argv, log_path=os.environ.get("BOOT_LOG"))
    try:
        console.expect(rb"boardwalk: rootfs up", 300)
        console.expect(rb"[#$] ", 60)
        wait_for_dmesg(console, [
            r"serio: i8042 KBD port at 0x60,0x64 irq 1\b",
            r"serio: i8042 AUX port at 0x60,0x64 irq 12\b",
            r"input: AT Raw Set 2 keyboard as /devices/platform/i8042/serio0/",
            r"input: ImExPS/2 Generic Explorer Mouse as /devices/platform/i8042/serio1/",
        ])
        ints = console.run("cat /proc/interrupts")
        for irq in (1, 12):
            line = [x for x in ints.splitlines() if x.strip().startswith("%d:" % irq)]
            check(line and "i8042" in line[0], "IRQ %d is not the i8042:\n%s" % (irq, ints))
        print("malta: i8042 with keyboard (IRQ 1) and mouse (IRQ 12)")
    finally:
        console.close()
        subprocess.run(["rm", "-rf", tmp])


def main():
    boardwalk, images = sys.argv[1], sys.argv[2]
    versatilepb(boardwalk, images)
    malta(boardwalk, images)
    print("PASS")


if __name__ == "__main__":
    main()
