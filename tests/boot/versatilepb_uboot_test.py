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
initramfs shell, where a file of the initramfs has the host's md5.

usage: versatilepb_uboot_test.py BOARDWALK IMAGES_BUILD_SH
"""
import os
import re
import shutil
import struct
import subprocess
import sys
import tempfile
import zlib

sys.path.insert(0, os.path.dirname(__file__))
from guest_console import GuestConsole  # noqa: E402

PROMPT = b"Integrator-CP # "
BANNER = rb"U-Boot 2021\.01 \(Jan 01 1970 - 00:00:00 \+0000\)"


def command(console, text, timeout=30):
    """Type a U-Boot command; return its output without the echo and prompt."""
    console.send(text + "\n")
    m = console.expect(re.escape(PROMPT), timeout)
    out = m.string[:m.start()].decode("utf-8", "replace").replace("\r", "")
    lines = out.split("\n")
    assert lines[0].endswith(text), "no echo of %r in %r" % (text, out)
    return "\n".join(lines[1:]).strip("\n")


def check_capture(path):
    """-net dump wrote a pcap holding the DHCP, TFTP and ICMP frames."""
    with open(path, "rb") as f:
        data = f.read()
    magic, major, minor, _, _, snaplen, linktype = struct.unpack("<IHHiIII", data[:24])
    assert (magic, major, minor, linktype) == (0xa1b2c3d4, 2, 4, 1), data[:24]
    seen = set()
    pos = 24
    while pos < len(data):
        _, _, incl, orig = struct.unpack("<IIII", data[pos:pos + 16])
        frame = data[pos + 16:pos + 16 + incl]
        pos += 16 + incl
        if frame[12:14] != b"\x08\x00":
            continue
        proto = frame[23]
        if proto == 1:
            seen.add("icmp")
        elif proto == 17:
            dport = struct.unpack(">H", frame[36:38])[0]
            seen.add({67: "dhcp", 69: "tftp"}.get(dport, "udp"))
    assert {"dhcp", "tftp", "icmp"} <= seen, seen


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
        # The countdown needs the timer; any key stops it (else: tftpboot).
        console.expect(rb"Hit any key to stop autoboot: ", 30)
        console.send(" ")
        console.expect(re.escape(PROMPT), 30)
        print("prompt after %.2f s" % console.elapsed())

        version = command(console, "version")
        assert re.match(BANNER.decode(), version), version
        assert "arm-linux-gnueabi-gcc" in version, version

        bdinfo = command(console, "bdinfo")
        for want in ("boot_params = 0x00000100", "-> start    = 0x00000000",
                     "-> size     = 0x08000000", "arch_number = 0x00000183",
                     "baudrate    = 38400 bps"):
            assert want in bdinfo, "%r not in bdinfo:\n%s" % (want, bdinfo)

        # PL011 UART0 PrimeCell IDs (UARTPeriphID0..3), as QEMU reads them.
        ids = command(console, "md.l 0x101f1fe0 4")
        assert ids.startswith("101f1fe0: 00000011 00000010 00000014 00000000"), ids
        ids = command(console, "md.l 0x101f1ff0 4")
        assert ids.startswith("101f1ff0: 0000000d 000000f0 00000005 000000b1"), ids

        command(console, "mw.l 0x100000 0x12345678 3")
        command(console, "mw.b 0x100005 0xab")
        ram = command(console, "md.l 0x100000 4")
        assert ram.startswith("00100000: 12345678 1234ab78 12345678 "), ram

        out = command(console, "sleep 1; echo slept", timeout=60)
        assert out == "slept", out

        # The first source document's flow, one command at a time.
        assert command(console, "setenv autoload no") == ""
        out = command(console, "dhcp", timeout=120)
        assert "DHCP client bound to address 10.0.2.15" in out, out
        assert command(console, "setenv serverip 10.0.2.2") == ""
        assert command(console, "setenv bootfile uImage") == ""
        out = command(console, "tftpboot", timeout=120)
        assert "TFTP from server 10.0.2.2; our IP address is 10.0.2.15" in out, out
        size = os.path.getsize(os.path.join(tftp_dir, "uImage"))
        assert "Bytes transferred = %d (%x hex)" % (size, size) in out, out
        out = command(console, "iminfo")
        assert "Image Name:   Linux-6.1 versatile+initramfs" in out, out
        assert "Multi-File Image" in out, out
        assert "Verifying Checksum ... OK" in out, out
        out = command(console, "crc32 ${fileaddr} ${filesize}")
        with open(os.path.join(tftp_dir, "uImage"), "rb") as f:
            want = "%08x" % zlib.crc32(f.read())
        assert out.rstrip().endswith(want), "crc32 %r, host %s" % (out, want)
        out = command(console, "ping 10.0.2.2", timeout=60)
        assert "host 10.0.2.2 is alive" in out, out
        check_capture(os.path.join(tftp_dir, "capture.pcap"))
        assert command(console, "setenv bootargs console=ttyAMA0") == ""
        console.send("bootm\n")
        console.expect(rb"Loading Multi-File Image", 30)
        console.expect(rb"Starting kernel \.\.\.", 60)
        console.expect(rb"Booting Linux on physical CPU", 60)
        console.expect(rb"boardwalk: initramfs up", 300)
        console.expect(rb"[#$] ", 60)
        print("Linux shell after bootm at %.2f s" % console.elapsed())
        assert console.run("echo $((6*7))").strip() == "42"
        with open(os.path.join(netboot, "testdata.md5")) as f:
            want = f.read().strip()
        got = console.run("md5sum /etc/testdata.bin").split()[0]
        assert got == want, "md5 in guest %s != host %s" % (got, want)
        print("PASS")
    finally:
        console.close()
        shutil.rmtree(tftp_dir, ignore_errors=True)


if __name__ == "__main__":
    main()
