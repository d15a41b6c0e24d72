#!/usr/bin/env python3
"""Boot test: versatilepb Linux + busybox initramfs reaches a shell, and checks
from inside the guest prove the wiring (timer and UART interrupts counting, an
initramfs file intact byte for byte, shell arithmetic, a guest reboot) and the
network over the SMC91C111 and the user-mode network: a DHCP lease, ping of
the host side, a download from a host HTTP server checked by md5, and a TCP
connection from the host into the guest through hostfwd.

usage: versatilepb_boot_test.py BOARDWALK IMAGES_DIR
"""
import hashlib
import os
import re
import sys
import tempfile

sys.path.insert(0, os.path.dirname(__file__))
from guest_console import GuestConsole  # noqa: E402
import net_checks  # noqa: E402
from checks import check  # noqa: E402


def interrupt_counts(text, name):
    """Sum of the per-CPU counts on the /proc/interrupts line naming |name|."""
    for line in text.splitlines():
        if name in line:
            fields = line.split()
            return int(fields[1])
    raise AssertionError("no %r line in /proc/interrupts:\n%s" % (name, text))


def main():
    boardwalk, images = sys.argv[1], sys.argv[2]
    kernel = os.path.join(images, "versatile-linux")
    initramfs = os.path.join(images, "versatile-initramfs")
    argv = [boardwalk, "-M", "versatilepb", "-m", "128",
            "-kernel", os.path.join(kernel, "zImage"),
            "-dtb", os.path.join(kernel, "versatile-pb.dtb"),
            "-initrd", os.path.join(initramfs, "initrd.cpio.gz"),
            "-append", "console=ttyAMA0", "-nographic"]
    fwd_port = net_checks.free_port()
    argv += ["-nic", "user,model=smc91c111,hostfwd=tcp:127.0.0.1:%d-:7000" % fwd_port]
    www = tempfile.TemporaryDirectory(prefix="bw-www-")
    blob_md5 = net_checks.write_blob(os.path.join(www.name, "blob"), 1 << 20)
    server = net_checks.FileServer(www.name).__enter__()
    console = GuestConsole(argv, log_path=os.environ.get("BOOT_LOG"))
    try:
        console.expect(rb"Booting Linux on physical CPU", 120)
        console.expect(rb"boardwalk: initramfs up", 300)
        console.expect(rb"[#$] ", 60)
        print("shell after %.2f s" % console.elapsed())

        check(console.run("echo $((6*7))").strip() == "42")

        first = console.run("cat /proc/interrupts")
        second = console.run("cat /proc/interrupts")
        for name in ("timer", "uart-pl011"):
            a, b = interrupt_counts(first, name), interrupt_counts(second, name)
            print("%s interrupts: %d -> %d" % (name, a, b))
            check(b > a > 0, "%s interrupts not counting: %d -> %d" % (name, a, b))

        with open(os.path.join(initramfs, "testdata.bin"), "rb") as f:
            want = hashlib.md5(f.read()).hexdigest()
        got = console.run("md5sum /etc/testdata.bin").split()[0]
        check(got == want, "md5 in guest %s != host %s" % (got, want))

        uname = console.run("uname -m")
        check(re.search(r"armv5tejl", uname), uname)

        # The SMC91C111 on a user-mode network: the host side (10.0.2.2)
        # answers DHCP and pings, reaches the host's 127.0.0.1 and forwards
        # a host port into the guest.
        net_checks.dhcp_lease(console)
        ping = console.run("ping -c 2 -W 5 10.0.2.2", timeout=60)
        check("2 packets transmitted, 2 packets received" in ping, ping)
        got = net_checks.guest_md5_of_url(console, "http://10.0.2.2:%d/blob" % server.port)
        check(got == blob_md5, "wget md5 %s != %s" % (got, blob_md5))
        net_checks.hostfwd_round_trip(console, fwd_port)
        check(interrupt_counts(console.run("cat /proc/interrupts"), "eth0") > 0)

        # A guest reboot goes through the system controller's reset register and
        # must bring the same kernel up again (images reloaded, devices reset).
        console.send("reboot -f\n")
        console.expect(rb"reboot: Restarting system", 60)
        console.expect(rb"Booting Linux on physical CPU", 60)
        console.expect(rb"boardwalk: initramfs up", 300)
        console.expect(rb"[#$] ", 60)
        check(console.run("echo $((7*6))").strip() == "42")
        print("PASS")
    finally:
        console.close()
        server.__exit__(None, None, None)
        www.cleanup()


if __name__ == "__main__":
    main()
