#!/usr/bin/env python3
"""Tap ports inside a network namespace this test creates (unshare -n), so the
host's own network is never touched:
  1. boardwalk-netd --tap bwtap0; the namespace gives bwtap0 10.99.0.1/24; a
     synthetic stream client (10.99.0.2) answers the kernel's ARP and pings
     10.99.0.1 through netd: echo replies come back with the right bytes.
  2. boardwalk -netdev tap,ifname=bwtap1,script=S,downscript=D (its own tap back
     end, QEMU's script protocol: S gets the interface name and gives it
     10.98.0.1/24; D runs at exit): the versatilepb guest pings 10.98.0.1.
Skipped (exit 77, with the reason) only where the namespace or /dev/net/tun
cannot be had.

usage: netd_tap_test.py BOARDWALK BOARDWALK-NETD IMAGES_DIR"""
import os
import select
import socket
import struct
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "tests", "boot"))
sys.path.insert(0, os.path.dirname(__file__))
from netdlib import Netd, Reader, encode  # noqa: E402
from checks import check  # noqa: E402

SKIP = 77
CLIENT_MAC = bytes.fromhex("020000000a02")
CLIENT_IP = socket.inet_aton("10.99.0.2")
TAP_IP = socket.inet_aton("10.99.0.1")


def checksum(data):
    if len(data) % 2:
        data += b"\0"
    s = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    s = (s >> 16) + (s & 0xFFFF)
    s += s >> 16
    return ~s & 0xFFFF


def ipv4(src, dst, proto, payload, ident):
    h = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(payload), ident, 0, 64, proto, 0, src, dst)
    return h[:10] + struct.pack("!H", checksum(h)) + h[12:] + payload


def icmp_echo(kind, ident, seq, data):
    h = struct.pack("!BBHHH", kind, 0, 0, ident, seq) + data
    return h[:2] + struct.pack("!H", checksum(h)) + h[4:]


def synthetic_ping(netd_bin):
    netd = Netd(netd_bin, "--tap", "bwtap0")
    try:
        subprocess.run(["ip", "addr", "add", "10.99.0.1/24", "dev", "bwtap0"], check=True)
        subprocess.run(["ip", "link", "set", "bwtap0", "up"], check=True)
        s = netd.connect()
        r = Reader()
        replies = 0
        tap_mac = None
        deadline = time.time() + 20
        seq = 0
        next_send = 0
        while replies < 3 and time.time() < deadline:
            if time.time() >= next_send:
                data = bytes(range(48)) + struct.pack("!H", seq)
                pkt = ipv4(CLIENT_IP, TAP_IP, 1, icmp_echo(8, 0x4242, seq, data), 100 + seq)
                dst = tap_mac or b"\xff" * 6  # before ARP: broadcast reaches the tap too
                s.sendall(encode(dst + CLIENT_MAC + b"\x08\x00" + pkt))
                seq += 1
                next_send = time.time() + 0.5
            ready, _, _ = select.select([s], [], [], 0.1)
            if not ready:
                continue
            for f in r.feed(s.recv(65536)):
                etype = f[12:14]
                if etype == b"\x08\x06" and f[20:22] == b"\x00\x01" and f[38:42] == CLIENT_IP:
                    # ARP request for us: answer it.
                    tap_mac = f[6:12]
                    arp = struct.pack("!HHBBH6s4s6s4s", 1, 0x0800, 6, 4, 2, CLIENT_MAC, CLIENT_IP,
                                      f[22:28], f[28:32])
                    s.sendall(encode(f[6:12] + CLIENT_MAC + b"\x08\x06" + arp + b"\0" * 18))
                elif etype == b"\x08\x00" and f[23] == 1 and f[34] == 0:
                    ip, icmp = f[14:34], f[34:]
                    ident, rseq = struct.unpack("!HH", icmp[4:8])
                    want = bytes(range(48)) + struct.pack("!H", rseq)
                    check(f[0:6] == CLIENT_MAC, "reply to the wrong MAC")
                    check(ip[12:16] == TAP_IP and ip[16:20] == CLIENT_IP, "bad reply addresses")
                    check(ident == 0x4242 and icmp[8:8 + len(want)] == want, "reply data differs")
                    check(checksum(icmp) == 0, "bad ICMP checksum")
                    tap_mac = f[6:12]
                    replies += 1
        check(replies >= 3, "only %d echo replies from the tap side; netd log:\n%s" % (
            replies, netd.log_text()))
        print("ok: synthetic client pinged the namespace's tap through netd (%d replies)" % replies)
    finally:
        netd.stop()


def guest_ping(boardwalk, images):
    from guest_console import GuestConsole
    from netd_guests_test import boot_versatile, versatile_argv
    if not os.path.exists(os.path.join(images, "versatile-linux", "zImage")):
        print("ok: guest part skipped, no versatile-linux image")
        return
    tmp = tempfile.mkdtemp(prefix="bw-tap-")
    up, down, mark = (os.path.join(tmp, n) for n in ("ifup", "ifdown", "down-ran"))
    with open(up, "w") as f:
        f.write("#!/bin/sh\nip addr add 10.98.0.1/24 dev \"$1\" && ip link set \"$1\" up\n")
    with open(down, "w") as f:
        f.write("#!/bin/sh\necho \"$1\" > %s\n" % mark)
    os.chmod(up, 0o755)
    os.chmod(down, 0o755)
    g = GuestConsole(versatile_argv(boardwalk, images, [
        "-netdev", "tap,id=t0,ifname=bwtap1,script=%s,downscript=%s" % (up, down),
        "-device", "smc91c111,netdev=t0,mac=52:54:00:12:34:81"]))
    try:
        boot_versatile(g, "10.98.0.2")
        out = g.run("ping -c 3 -W 5 10.98.0.1", timeout=60)
        print(out)
        check("3 packets transmitted, 3 packets received" in out, out)
    finally:
        # Ctrl-A x: a clean exit runs the downscript.
        g.send("\x01x")
        try:
            g.proc.wait(10)
        except subprocess.TimeoutExpired:
            pass
        g.close()
    with open(mark) as f:
        check(f.read().strip() == "bwtap1", "downscript did not get the interface name")
    print("ok: boardwalk -netdev tap: guest pinged the host side; script and downscript ran")


def main():
    boardwalk, netd_bin, images = sys.argv[1:4]
    if os.environ.get("BW_IN_NETNS") != "1":
        probe = subprocess.run(["unshare", "-n", "true"], capture_output=True, text=True)
        if probe.returncode != 0:
            print("SKIP: cannot create a network namespace: " + probe.stderr.strip())
            return SKIP
        env = dict(os.environ, BW_IN_NETNS="1")
        return subprocess.run(["unshare", "-n", sys.executable, __file__] + sys.argv[1:],
                              env=env).returncode
    subprocess.run(["ip", "link", "set", "lo", "up"], check=True)
    try:
        fd = os.open("/dev/net/tun", os.O_RDWR)
        os.close(fd)
    except OSError as e:
        print("SKIP: /dev/net/tun: %s" % e.strerror)
        return SKIP
    synthetic_ping(netd_bin)
    guest_ping(boardwalk, images)
    print("PASS")
    return 0


if __name__ == "__main__":
    sys.exit(main())
