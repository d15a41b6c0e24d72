#!/usr/bin/env python3
"""Boot test: Debian's U-Boot 2021.01 (images/versatile-uboot, the ELF given to
-kernel) reaches its prompt on versatilepb, and its commands read the board
back: the version banner, the memory and machine id in bdinfo, the PL011's
PrimeCell ID registers, RAM written and read with mw/md, and the SP804 timer
(sleep returns, the autoboot countdown ran). Then the first source document's
network flow, verbatim, over the SMC91C111 and the user-mode network: `dhcp`
gets 10.0.2.15, `tftpboot` fetches the uImage (versatile-netboot: kernel with
its DTB + initramfs) from the host, `iminfo` verifies its CRC, the fetched
bytes equal the file, `ping` reaches the host, and `bootm` boots Linux to the
initramfs shell, where a file of the initramfs has the host's md5. The
-net dump capture, read by tshark, holds the DHCP, TFTP and ICMP exchanges.

usage: versatilepb_uboot_test.py BOARDWALK IMAGES_BUILD_SH
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(__file__))
from guest_console import GuestConsole  # noqa: E402
from uboot_flow import command, document_flow, stop_autoboot  # noqa: E402
from checks import check  # noqa: E402

BANNER = rb"U-Boot 2021\.01 \(Jan 01 1970 - 00:00:00 \+0000\)"


def check_capture(path):
    """-net dump wrote a pcap that tshark (Wireshark's dissectors) reads, with the
    DHCP exchange, the TFTP transfer of uImage and the ICMP echo in it."""
    out = subprocess.run(["tshark", "-r", path, "-T", "fields", "-e", "_ws.col.Protocol",
                          "-e", "_ws.col.Info"], check=True, stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, text=True).stdout
    lines = out.splitlines()
    for proto, info in (("DHCP", "DHCP Discover"), ("DHCP", "DHCP Offer"),
                        ("DHCP", "DHCP Request"), ("DHCP", "DHCP ACK"),
                        ("TFTP", "Read Request, File: uImage"), ("TFTP", "Data Packet"),
                        ("ICMP", "Echo (ping) request"), ("ICMP", "Echo (ping) reply")):
        check(any(l.startswith(proto + "\t") and info in l for l in lines), \
            "tshark shows no %s %r in the capture:\n%s" % (proto, info, "\n".join(lines[:40])))


def main():
    boardwalk, build_sh = sys.argv[1], sys.argv[2]
    image = subprocess.run([build_sh, "versatile-uboot"], check=True, stdout=subprocess.PIPE,
                           text=True).stdout.split()[-1]
    netboot = subprocess.run([build_sh, "versatile-netboot"], check=True, stdout=subprocess.PIPE,
                             text=True).stdout.split()[-1]
    tftp_dir = tempfile.mkdtemp(prefix="bw-tftp-")
    shutil.copy(os.path.join(netboot, "uImage"), tftp_dir)
    argv = [boardwalk, "-M", "versatilepb", "-m", "128", "-nographic",
            "-kernel", os.path.join(image, "u-boot"),
            "-nic", "user,tftp=%s" % tftp_dir,
            "-net", "dump,file=%s" % os.path.join(tftp_dir, "capture.pcap")]
    console = GuestConsole(argv, log_path=os.environ.get("BOOT_LOG"))
    try:
        console.expect(BANNER, 60)
        console.expect(rb"DRAM:  128 MiB\r?\n", 30)
        console.expect(rb"In:    serial_pl01x", 30)
        stop_autoboot(console)
        print("prompt after %.2f s" % console.elapsed())

        version = command(console, "version")
        check(re.match(BANNER.decode(), version), version)
        check("arm-linux-gnueabi-gcc" in version, version)

        bdinfo = command(console, "bdinfo")
        for want in ("boot_params = 0x00000100", "-> start    = 0x00000000",
                     "-> size     = 0x08000000", "arch_number = 0x00000183",
                     "baudrate    = 38400 bps"):
            check(want in bdinfo, "%r not in bdinfo:\n%s" % (want, bdinfo))

        # PL011 UART0 PrimeCell IDs (UARTPeriphID0..3), as QEMU reads them.
        ids = command(console, "md.l 0x101f1fe0 4")
        check(ids.startswith("101f1fe0: 00000011 00000010 00000014 00000000"), ids)
        ids = command(console, "md.l 0x101f1ff0 4")
        check(ids.startswith("101f1ff0: 0000000d 000000f0 00000005 000000b1"), ids)

        command(console, "mw.l 0x100000 0x12345678 3")
        command(console, "mw.b 0x100005 0xab")
        ram = command(console, "md.l 0x100000 4")
        check(ram.startswith("00100000: 12345678 1234ab78 12345678 "), ram)

        out = command(console, "sleep 1; echo slept", timeout=60)
        check(out == "slept", out)

        with open(os.path.join(netboot, "testdata.md5")) as f:
            testdata_md5 = f.read().strip()
        capture = os.path.join(tftp_dir, "capture.pcap")
        document_flow(console, os.path.join(tftp_dir, "uImage"), testdata_md5,
                      before_bootm=lambda: check_capture(capture))
        print("Linux shell after bootm at %.2f s" % console.elapsed())
        print("PASS")
    finally:
        console.close()
        shutil.rmtree(tftp_dir, ignore_errors=True)


if __name__ == "__main__":
    main()
