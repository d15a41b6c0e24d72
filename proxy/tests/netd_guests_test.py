#!/usr/bin/env python3
"""Three boardwalk versatilepb Linux guests on one boardwalk-netd LAN ping each
other: one joins with `-nic socket,connect=`, one with QEMU 7.2's
`-netdev stream,...` + `-device smc91c111,netdev=...`, one with the old
`-net nic -net socket,connect=` (hub 0); distinct MACs, static IPs. Proves the stream back end and the switch with real guest traffic (ARP
broadcasts, then unicast ICMP both ways). Then netd's user-mode NAT port
(--user): both guests get distinct DHCP leases from it and reach its host
(10.0.2.2) and each other at those addresses.

usage: netd_guests_test.py BOARDWALK BOARDWALK-NETD IMAGES_DIR"""
import os
import re
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "tests", "boot"))
sys.path.insert(0, os.path.dirname(__file__))
from guest_console import GuestConsole  # noqa: E402
from netdlib import Netd  # noqa: E402
from checks import check  # noqa: E402


def versatile_argv(boardwalk, images, net_args):
    kernel = os.path.join(images, "versatile-linux")
    initramfs = os.path.join(images, "versatile-initramfs")
    return [boardwalk, "-M", "versatilepb", "-m", "128",
            "-kernel", os.path.join(kernel, "zImage"),
            "-dtb", os.path.join(kernel, "versatile-pb.dtb"),
            "-initrd", os.path.join(initramfs, "initrd.cpio.gz"),
            "-append", "console=ttyAMA0", "-nographic"] + net_args


def boot_versatile(console, ip):
    console.expect(rb"boardwalk: initramfs up", 300)
    console.expect(rb"[#$] ", 60)
    console.run("ip link set eth0 up; ip addr add %s/24 dev eth0" % ip)


def main():
    boardwalk, netd_bin, images = sys.argv[1:4]
    if not os.path.exists(os.path.join(images, "versatile-linux", "zImage")):
        print("SKIP: no versatile-linux image in %s" % images)
        return 77
    netd = Netd(netd_bin, "--verbose", "--user")
    port = netd.port
    a = GuestConsole(versatile_argv(boardwalk, images, [
        "-nic", "socket,model=smc91c111,mac=52:54:00:12:34:61,connect=127.0.0.1:%d" % port]))
    b = GuestConsole(versatile_argv(boardwalk, images, [
        "-netdev", "stream,id=n0,server=off,addr.type=inet,addr.host=127.0.0.1,addr.port=%d" % port,
        "-device", "smc91c111,netdev=n0,mac=52:54:00:12:34:62"]))
    c = GuestConsole(versatile_argv(boardwalk, images, [
        "-net", "nic,model=smc91c111,macaddr=52:54:00:12:34:63",
        "-net", "socket,connect=127.0.0.1:%d" % port]))
    try:
        boot_versatile(a, "192.168.77.1")
        boot_versatile(b, "192.168.77.2")
        boot_versatile(c, "192.168.77.3")
        out = c.run("ping -c 2 -W 5 192.168.77.1", timeout=60)
        check("2 packets transmitted, 2 packets received" in out, out)
        c.close()
        out = a.run("ping -c 3 -W 5 192.168.77.2", timeout=60)
        print(out)
        check("3 packets transmitted, 3 packets received" in out, out)
        out = b.run("ping -c 3 -W 5 192.168.77.1", timeout=60)
        print(out)
        check("3 packets transmitted, 3 packets received" in out, out)
        # Each guest learned the other's MAC over the LAN.
        neigh = a.run("ip neigh show 192.168.77.2")
        check("52:54:00:12:34:62" in neigh, neigh)
        # DHCP from netd's user-mode port.
        leases = []
        for g in (a, b):
            out = g.run("udhcpc -i eth0 -n -q -s $(ls /usr/share/udhcpc/default.script "
                        "/etc/udhcpc/default.script 2>/dev/null | head -n 1) 2>&1; "
                        "ip -4 addr show dev eth0", timeout=60)
            m = re.search(r"inet (10\.0\.2\.\d+)/24", out)
            check(m, "no lease from netd --user:\n" + out)
            leases.append(m.group(1))
        print("leases:", leases)
        check(leases[0] != leases[1], leases)
        out = a.run("ping -c 2 -W 5 10.0.2.2", timeout=60)
        check("2 packets transmitted, 2 packets received" in out, out)
        out = b.run("ping -c 2 -W 5 " + leases[0], timeout=60)
        check("2 packets transmitted, 2 packets received" in out, out)
        check(netd.log_text().count(" connected") == 3, netd.log_text())
        check(" dropped" not in netd.log_text(), netd.log_text())
        print("PASS")
        return 0
    finally:
        a.close()
        b.close()
        c.close()
        netd.stop()


if __name__ == "__main__":
    sys.exit(main())
