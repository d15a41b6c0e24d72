#!/usr/bin/env python3
"""Boot test: Debian's maltael U-Boot 2023.01 (images/malta-uboot, u-boot-swap.bin given
to -bios) reaches its prompt on malta with the default PCnet NIC, and runs the network
flow: `dhcp` gets 10.0.2.15 from the user-mode network, `tftpboot` fetches the malta
kernel uImage (images/malta-netboot) from the host, the byte count and crc32 match the
file, `iminfo` shows its load address and entry point and verifies its checksum, `ping`
reaches the host, and `bootm` (bootargs memsize=256M: this U-Boot passes memsize in MiB
through the YAMON environment, which Linux 6.1 reads as bytes) boots Linux, whose
built-in initramfs mounts the -hda disk and reaches the shell of its squashfs root.

usage: malta_uboot_test.py BOARDWALK IMAGES_BUILD_SH
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile
import zlib

sys.path.insert(0, os.path.dirname(__file__))
from guest_console import GuestConsole  # noqa: E402
import uboot_flow  # noqa: E402
from checks import check  # noqa: E402

PROMPT = b"maltael # "
BANNER = rb"U-Boot 2023\.01\+dfsg-\S+ \("


def command(console, text, timeout=30):
    return uboot_flow.command(console, text, timeout, prompt=PROMPT)


def build(build_sh, name):
    return subprocess.run([build_sh, name], check=True, stdout=subprocess.PIPE,
                          text=True).stdout.split()[-1]


def main():
    boardwalk, build_sh = sys.argv[1], sys.argv[2]
    uboot = build(build_sh, "malta-uboot")
    netboot = build(build_sh, "malta-netboot")
    rootfs = build(build_sh, "malta-rootfs")
    with open(os.path.join(netboot, "addresses")) as f:
        _, load, _, entry = f.read().split()
    tmp = tempfile.mkdtemp(prefix="bw-malta-uboot-")
    tftp_dir = os.path.join(tmp, "tftp")
    os.mkdir(tftp_dir)
    shutil.copy(os.path.join(netboot, "uImage"), tftp_dir)
    disk = os.path.join(tmp, "512M")
    subprocess.run(["cp", "--sparse=always", os.path.join(rootfs, "512M"), disk], check=True)
    argv = [boardwalk, "-M", "malta", "-m", "256", "-bios",
            os.path.join(uboot, "u-boot-swap.bin"), "-nic", "user,tftp=%s" % tftp_dir,
            "-hda", disk, "-nographic", "-monitor", "none"]
    console = GuestConsole(argv, log_path=os.environ.get("BOOT_LOG"))
    try:
        console.expect(BANNER, 60)
        console.expect(rb"Board: MIPS Malta CoreLV\r?\n", 30)
        console.expect(rb"DRAM:  256 MiB\r?\n", 30)
        console.expect(rb"Net:   eth0: pcnet#0\r?\n", 60)
        console.expect(re.escape(PROMPT), 30)
        print("prompt after %.2f s" % console.elapsed())

        check(command(console, "setenv autoload no") == "")
        out = command(console, "dhcp", timeout=120)
        check(re.search(r"^DHCP client bound to address 10\.0\.2\.15 \(\d+ ms\)$", out,
                         re.M), out)
        check(command(console, "setenv serverip 10.0.2.2") == "")
        check(command(console, "setenv bootfile uImage") == "")
        start = console.elapsed()
        out = command(console, "tftpboot", timeout=300)
        print("tftpboot took %.2f s" % (console.elapsed() - start))
        check("Using pcnet#0 device" in out, out)
        check("TFTP from server 10.0.2.2; our IP address is 10.0.2.15" in out, out)
        check("Filename 'uImage'." in out, out)
        check("Load address: 0x81000000" in out, out)
        size = os.path.getsize(os.path.join(tftp_dir, "uImage"))
        check("Bytes transferred = %d (%x hex)" % (size, size) in out, out)
        out = command(console, "crc32 ${fileaddr} ${filesize}", timeout=60)
        with open(os.path.join(tftp_dir, "uImage"), "rb") as f:
            want = "%08x" % zlib.crc32(f.read())
        check(out.rstrip().endswith(want), "crc32 %r, host %s" % (out, want))
        out = command(console, "iminfo", timeout=60)
        check("Legacy image found" in out, out)
        check("Image Name:   Linux-6.1 malta" in out, out)
        check("Image Type:   MIPS Linux Kernel Image (uncompressed)" in out, out)
        check("Load Address: %08x" % int(load, 16) in out, out)
        check("Entry Point:  %08x" % int(entry, 16) in out, out)
        check("Verifying Checksum ... OK" in out, out)
        out = command(console, "ping 10.0.2.2", timeout=60)
        check("host 10.0.2.2 is alive" in out, out)

        check(command(console, "setenv bootargs memsize=256M") == "")
        console.send("bootm\n")
        console.expect(rb"## Booting kernel from Legacy Image at 81000000", 30)
        console.expect(rb"Loading Kernel Image", 60)
        console.expect(rb"Linux version 6\.1", 120)
        console.expect(rb"pcnet32: PCnet/PCI II 79C970A at 0x[0-9a-f]+, 52:54:00:12:34:56", 300)
        console.expect(rb"mininit: switching to rootfs", 300)
        console.expect(rb"boardwalk: rootfs up", 120)
        console.expect(rb"[#$] ", 60)
        print("Linux shell after bootm at %.2f s" % console.elapsed())
        cmdline = console.run("cat /proc/cmdline")
        check("memsize=256M" in cmdline and "loop0=/boot/rootfs.bin" in cmdline, cmdline)
        mem = console.run("grep MemTotal /proc/meminfo").split()
        check(int(mem[-2]) > 240000, mem)
        mounts = console.run("cat /proc/mounts")
        check(re.search(r"^/dev/loop0 / squashfs", mounts, re.M), mounts)
        print("PASS")
    finally:
        console.close()
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
