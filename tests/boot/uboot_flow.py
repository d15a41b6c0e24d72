"""The first source document's U-Boot flow on versatilepb, over a GuestConsole:

    setenv autoload no; dhcp; setenv serverip 10.0.2.2; setenv bootfile uImage;
    tftpboot; iminfo; setenv bootargs console=ttyAMA0; bootm

typed one command at a time with each output checked (lease, exact byte count,
image CRC, CRC32 of the loaded bytes, a ping of the server), then bootm of the
versatile-netboot multi-file uImage reaching the Linux shell, where a file of
the initramfs has the host's md5. Shared by the native tests (user-mode network,
netd with a bridged tap). Only the standard library.
"""
import os
import re
import zlib

from checks import check

PROMPT = b"Integrator-CP # "


def command(console, text, timeout=30, prompt=PROMPT):
    """Type a U-Boot command; return its output without the echo and prompt."""
    console.send(text + "\n")
    m = console.expect(re.escape(prompt), timeout)
    out = m.string[:m.start()].decode("utf-8", "replace").replace("\r", "")
    lines = out.split("\n")
    check(lines[0].endswith(text), "no echo of %r in %r" % (text, out))
    return "\n".join(lines[1:]).strip("\n")


def stop_autoboot(console):
    """The countdown needs the timer; any key stops it (else: the boot command)."""
    console.expect(rb"Hit any key to stop autoboot: ", 60)
    console.send(" ")
    console.expect(re.escape(PROMPT), 30)


def document_flow(console, uimage, testdata_md5, server="10.0.2.2", before_bootm=None):
    """Runs the flow; |uimage| is the host copy of the file the server offers as
    uImage. |before_bootm| (optional) runs at the U-Boot prompt before bootm."""
    check(command(console, "setenv autoload no") == "")
    out = command(console, "dhcp", timeout=120)
    check(re.search(r"DHCP client bound to address 10\.0\.2\.\d+", out), out)
    check(command(console, "setenv serverip %s" % server) == "")
    check(command(console, "setenv bootfile uImage") == "")
    out = command(console, "tftpboot", timeout=120)
    check(re.search(r"TFTP from server %s; our IP address is 10\.0\.2\.\d+" %
                     re.escape(server), out), out)
    size = os.path.getsize(uimage)
    check("Bytes transferred = %d (%x hex)" % (size, size) in out, out)
    out = command(console, "iminfo")
    check("Image Name:   Linux-6.1 versatile+initramfs" in out, out)
    check("Multi-File Image" in out, out)
    check("Verifying Checksum ... OK" in out, out)
    out = command(console, "crc32 ${fileaddr} ${filesize}")
    with open(uimage, "rb") as f:
        want = "%08x" % zlib.crc32(f.read())
    check(out.rstrip().endswith(want), "crc32 %r, host %s" % (out, want))
    out = command(console, "ping %s" % server, timeout=60)
    check("host %s is alive" % server in out, out)
    if before_bootm:
        before_bootm()
    check(command(console, "setenv bootargs console=ttyAMA0") == "")
    console.send("bootm\n")
    console.expect(rb"Loading Multi-File Image", 30)
    console.expect(rb"Starting kernel \.\.\.", 60)
    console.expect(rb"Booting Linux on physical CPU", 60)
    console.expect(rb"boardwalk: initramfs up", 300)
    console.expect(rb"[#$] ", 60)
    check(console.run("echo $((6*7))").strip() == "42")
    got = console.run("md5sum /etc/testdata.bin").split()[0]
    check(got == testdata_md5, "md5 in guest %s != host %s" % (got, testdata_md5))
