#!/usr/bin/env python3
"""Boots versatilepb Linux in Debian's QEMU, writes the screen test's text to
/dev/tty1 and saves QEMU's screendump: the reference picture the page's
canvas is compared with (web/tests/screen_browser_test.js).

usage: reference_screen.py IMAGES_DIR OUT.ppm
"""
import os
import shutil
import sys
import tempfile

sys.path.insert(0, os.path.dirname(__file__))
from checks import check  # noqa: E402
from guest_console import GuestConsole  # noqa: E402
from hmp import Hmp  # noqa: E402
from versatilepb_screen_test import SCREEN_TEXT  # noqa: E402


def main():
    images, out = sys.argv[1], sys.argv[2]
    qemu = shutil.which("qemu-system-arm")
    check(qemu is not None, "qemu-system-arm is needed as the reference")
    tmp = tempfile.mkdtemp(prefix="bw-ref-screen-")
    sock = os.path.join(tmp, "qemu.sock")
    kernel = os.path.join(images, "versatile-linux")
    console = GuestConsole([qemu, "-M", "versatilepb", "-m", "128",
                            "-kernel", os.path.join(kernel, "zImage"),
                            "-dtb", os.path.join(kernel, "versatile-pb.dtb"),
                            "-initrd", os.path.join(images, "versatile-initramfs", "initrd.cpio.gz"),
                            "-append", "console=ttyAMA0 vt.global_cursor_default=0",
                            "-serial", "stdio", "-display", "none", "-nic", "none",
                            "-monitor", "unix:%s,server,nowait" % sock])
    try:
        console.expect(rb"boardwalk: initramfs up", 300)
        console.expect(rb"[#$] ", 60)
        monitor = Hmp(sock)
        console.run(SCREEN_TEXT)
        console.run("sleep 1")
        said = monitor.command("screendump " + os.path.abspath(out))
        check(said == "", "QEMU's screendump said %r" % said)
        monitor.close()
    finally:
        console.close()
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
