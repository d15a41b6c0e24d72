#!/usr/bin/env python3
"""malta with the second source document's network: -net nic,model=e1000 -net user.

The OpenDingux-style disk (malta-linux kernel, the 512M FAT disk of malta-rootfs) boots with
an Intel 82540EM on user-mode networking plus a port forward. From inside the guest: the NIC
is 8086:100e at 00:12.0 and Linux's e1000 driver binds it; udhcpc gets the lease 10.0.2.15;
wget of a 1.5 MiB pseudo-random file from an HTTP server on the host's 127.0.0.1 has the
host's md5 (RX); a hostfwd'ed TCP connection host -> guest carries a line each way; a guest
-> host upload of a few MB (four copies of /boot/rootfs.bin, sent with TSO and checksum
offload by Linux)
arrives with the right md5 (TX); eth0's interrupt counts.

usage: malta_e1000_test.py BOARDWALK IMAGES_DIR
       BOARDWALK may be "qemu" to run the same checks under Debian's qemu-system-mipsel.
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(__file__))
from guest_console import GuestConsole  # noqa: E402
import net_checks  # noqa: E402
from checks import check  # noqa: E402


def eth0_interrupts(text):
    """The count on the /proc/interrupts line naming eth0."""
    for line in text.splitlines():
        if line.rstrip().endswith("eth0"):
            return int(line.split()[1])
    raise AssertionError("no eth0 line in /proc/interrupts:\n%s" % text)


def main():
    boardwalk, images = sys.argv[1], sys.argv[2]
    kernel = os.path.join(images, "malta-linux", "vmlinux")
    rootfs = os.path.join(images, "malta-rootfs")
    tmp = tempfile.mkdtemp(prefix="bw-malta-e1000-")
    disk = os.path.join(tmp, "512M")
    subprocess.run(["cp", "--sparse=always", os.path.join(rootfs, "512M"), disk], check=True)
    fwd_port = net_checks.free_port()
    net = ["-net", "nic,model=e1000",
           "-net", "user,hostfwd=tcp:127.0.0.1:%d-:7000" % fwd_port]
    if boardwalk == "qemu":
        # QEMU 7.2 refuses -serial stdio with the monitor on stdio; its e1000 wants an
        # option ROM that only matters to firmware.
        argv = ["qemu-system-mipsel", "-M", "malta", "-m", "256", "-kernel", kernel,
                "-hda", disk, "-nographic", "-serial", "stdio", "-monitor", "none",
                "-global", "e1000.romfile="] + net
    else:
        # The second source document's command line, with a port forward added.
        argv = [boardwalk, "-M", "malta", "-m", "256", "-kernel", kernel, "-hda", disk,
                "-serial", "stdio", "-nographic", "-sdl", "-soundhw", "ac97", "-usbdevice",
                "keyboard", "-k", "en-us", "-rtc", "clock=vm"] + net + ["-monitor", "none"]
    www = os.path.join(tmp, "www")
    os.mkdir(www)
    blob_md5 = net_checks.write_blob(os.path.join(www, "blob"), 3 << 19)
    console = GuestConsole(argv, log_path=os.environ.get("BOOT_LOG"))
    try:
        with net_checks.FileServer(www) as server:
            console.expect(rb"Linux version 6\.1", 60)
            console.expect(rb"e1000 0000:00:12\.0 eth0: \(PCI:33MHz:32-bit\) 52:54:00:12:34:56",
                           300)
            console.expect(rb"e1000 0000:00:12\.0 eth0: Intel\(R\) PRO/1000 Network Connection",
                           60)
            console.expect(rb"boardwalk: rootfs up", 300)
            console.expect(rb"[#$] ", 60)
            print("shell after %.2f s" % console.elapsed())

            # Short command lines: the console echoes long ones back wrapped.
            console.run("P=/sys/bus/pci/devices/0000:00:12.0")
            ids = console.run("cat $P/vendor $P/device $P/class").split()
            check(ids == ["0x8086", "0x100e", "0x020000"], ids)
            driver = console.run("basename $(readlink $P/driver)").strip()
            check(driver == "e1000", driver)

            net_checks.dhcp_lease(console)
            before = console.run("cat /proc/interrupts")  # eth0 is up: its IRQ is requested
            addr = console.run("ip -4 addr show eth0")
            check("inet 10.0.2.15/24" in addr, addr)

            got = net_checks.guest_md5_of_url(console, "http://10.0.2.2:%d/blob" % server.port)
            check(got == blob_md5, "wget md5 %s != host %s" % (got, blob_md5))
            print("wget of %d bytes: md5 %s matches" % (3 << 19, got))

            net_checks.hostfwd_round_trip(console, fwd_port)
            print("hostfwd 127.0.0.1:%d -> guest :7000 carried a line each way" % fwd_port)

            # A few MB: four copies of the root's loop file (1.2 MB of squashfs).
            console.run("for i in 1 2 3 4; do cat /boot/rootfs.bin; done > /tmp/upload.bin")
            guest, host, size, seconds = net_checks.tcp_upload_md5(console, "/tmp/upload.bin")
            check(size and size > 4 << 20, "upload of %r bytes" % size)
            check(guest == host, "upload md5 guest %s != host %s" % (guest, host))
            print("upload of %d bytes in %.2f s (%.1f MB/s): md5 %s matches"
                  % (size, seconds, size / seconds / 1e6, host))

            after = console.run("cat /proc/interrupts")
            a, b = eth0_interrupts(before), eth0_interrupts(after)
            print("eth0 interrupts: %d -> %d" % (a, b))
            check(b > a, "eth0 interrupts not counting: %d -> %d" % (a, b))
            m = re.search(r"^\s*(\d+):.*eth0$", after, re.M)
            print("eth0 is IRQ %s" % (m.group(1) if m else "?"))
            print("PASS")
    finally:
        console.close()
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
