#!/usr/bin/env python3
"""Network throughput, boardwalk next to Debian's QEMU on the same images.
Prints numbers; never fails on speed.

  tftp   U-Boot (versatilepb) `tftpboot` of the ~4 MB versatile-netboot uImage
         from the user-mode network's TFTP server.
  tcp    Linux guest to host: 64 MiB of zeros through busybox nc to a listener
         on 127.0.0.1 (user-mode network), md5 checked on the host; once with
         the emulator's own user-mode network, once through boardwalk-netd
         --user (the guest's NIC on a -nic socket stream to the proxy).

usage: net_bench.py BOARDWALK BOARDWALK-NETD IMAGES_BUILD_SH
"""
import hashlib
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

top = os.path.join(os.path.dirname(__file__), "..", "..")
sys.path.insert(0, os.path.join(top, "tests", "boot"))
sys.path.insert(0, os.path.join(top, "proxy", "tests"))
from guest_console import GuestConsole  # noqa: E402
import net_checks  # noqa: E402
from netdlib import Netd  # noqa: E402

UBOOT_PROMPT = b"Integrator-CP # "
TCP_BYTES = 64 << 20
ZEROS_MD5 = hashlib.md5(bytes(TCP_BYTES)).hexdigest()


def image(build_sh, name):
    return subprocess.run([build_sh, name], check=True, stdout=subprocess.PIPE,
                          text=True).stdout.split()[-1]


def tftp_seconds(argv, size):
    """Seconds for U-Boot's tftpboot of a |size|-byte file (None if it failed)."""
    console = GuestConsole(argv)
    try:
        console.expect(rb"Hit any key to stop autoboot: ", 60)
        console.send(" ")
        console.expect(re.escape(UBOOT_PROMPT), 30)
        for cmd in ("setenv autoload no", "dhcp", "setenv serverip 10.0.2.2"):
            console.send(cmd + "\n")
            console.expect(re.escape(UBOOT_PROMPT), 120)
        t0 = time.monotonic()
        console.send("tftpboot ${loadaddr} uImage\n")
        m = console.expect(re.escape(UBOOT_PROMPT), 300)
        seconds = time.monotonic() - t0
        ok = ("Bytes transferred = %d " % size).encode() in m.string[:m.start()]
        return seconds if ok else None
    finally:
        console.close()


def tcp_seconds(argv):
    """Seconds for 64 MiB guest -> host through nc (None if the md5 differs)."""
    console = GuestConsole(argv)
    try:
        console.expect(rb"boardwalk: initramfs up", 600)
        console.expect(rb"[#$] ", 60)
        net_checks.dhcp_lease(console)
        md5, n, seconds = net_checks.host_receive(
            console, "dd if=/dev/zero bs=1M count=64 2>/dev/null | nc 10.0.2.2 %d", TCP_BYTES,
            timeout=900)
        return seconds if md5 == ZEROS_MD5 and n == TCP_BYTES else None
    finally:
        console.close()


def row(label, size, b, q):
    def rate(s):
        return "%6.2f MB/s" % (size / s / 1e6) if s else "    failed"
    ratio = "%5.2fx" % (q / b) if b and q else "    -"
    print("  %-34s %s %s   speed vs qemu %s" % (label, rate(b), rate(q), ratio))


def main():
    boardwalk, netd_bin, build_sh = sys.argv[1:4]
    uboot = os.path.join(image(build_sh, "versatile-uboot"), "u-boot")
    netboot = os.path.join(image(build_sh, "versatile-netboot"), "uImage")
    kernel = image(build_sh, "versatile-linux")
    initrd = os.path.join(image(build_sh, "versatile-initramfs"), "initrd.cpio.gz")
    qemu = shutil.which("qemu-system-arm")
    print("network throughput (boardwalk, qemu)")
    with tempfile.TemporaryDirectory(prefix="bw-tftp-") as tftp:
        shutil.copy(netboot, tftp)
        size = os.path.getsize(netboot)
        args = ["-M", "versatilepb", "-m", "128", "-nographic", "-kernel", uboot,
                "-nic", "user,tftp=%s" % tftp]
        b = tftp_seconds([boardwalk] + args, size)
        q = tftp_seconds([qemu] + args + ["-monitor", "none"], size) if qemu else None
        row("versatilepb U-Boot tftpboot %.1f MB" % (size / 1e6), size, b, q)
    args = ["-M", "versatilepb", "-m", "128", "-kernel", os.path.join(kernel, "zImage"),
            "-dtb", os.path.join(kernel, "versatile-pb.dtb"), "-initrd", initrd,
            "-append", "console=ttyAMA0", "-nographic"]
    user = ["-nic", "user,model=smc91c111"]
    b = tcp_seconds([boardwalk] + args + user)
    q = tcp_seconds([qemu] + args + user + ["-monitor", "none"]) if qemu else None
    row("versatilepb Linux nc 64 MiB to host", TCP_BYTES, b, q)
    netd = Netd(netd_bin, "--user")
    try:
        socket_nic = ["-nic", "socket,model=smc91c111,connect=127.0.0.1:%d" % netd.port]
        b = tcp_seconds([boardwalk] + args + socket_nic)
        q = tcp_seconds([qemu] + args + socket_nic + ["-monitor", "none"]) if qemu else None
    finally:
        netd.stop()
    row("  the same through boardwalk-netd", TCP_BYTES, b, q)


if __name__ == "__main__":
    main()
