#!/usr/bin/env python3
"""Interop: a real QEMU 7.2 guest and a boardwalk versatilepb guest on one
boardwalk-netd LAN ping each other (QEMU speaks its own stream framing to
netd: the frames cross QEMU's NIC model, netd's switch and boardwalk's
SMC91C111).

  malta:       qemu-system-mipsel -M malta (malta-linux kernel + the 512M disk of
               malta-rootfs, a PCnet NIC, -netdev stream to netd)
  versatilepb: qemu-system-arm -M versatilepb with the same images as boardwalk
               (-nic socket,connect= to netd)

  direct:      no netd: boardwalk listens (-netdev stream,server=on) and
               qemu-system-arm versatilepb connects to it (-netdev stream,server=off)

usage: netd_qemu_interop_test.py BOARDWALK BOARDWALK-NETD IMAGES_DIR malta|versatilepb|direct"""
import os
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "tests", "boot"))
sys.path.insert(0, os.path.dirname(__file__))
from guest_console import GuestConsole  # noqa: E402
from netd_guests_test import boot_versatile, versatile_argv  # noqa: E402
from netdlib import Netd  # noqa: E402
from netd_websocket_test import free_port  # noqa: E402
from checks import check  # noqa: E402

QEMU_MAC = "52:54:00:12:34:71"
BW_MAC = "52:54:00:12:34:72"


def qemu_malta(images, port, tmp):
    kernel = os.path.join(images, "malta-linux", "vmlinux")
    disk = os.path.join(tmp, "512M")
    subprocess.run(["cp", "--sparse=always", os.path.join(images, "malta-rootfs", "512M"), disk],
                   check=True)
    return ["qemu-system-mipsel", "-M", "malta", "-m", "256", "-kernel", kernel, "-hda", disk,
            "-nographic", "-monitor", "none",
            "-netdev", "stream,id=n0,server=off,addr.type=inet,addr.host=127.0.0.1,"
            "addr.port=%d" % port,
            "-device", "pcnet,netdev=n0,mac=" + QEMU_MAC], [kernel]


def qemu_versatile(images, port, tmp):
    argv = versatile_argv("qemu-system-arm", images, [
        "-monitor", "none", "-nic", "socket,model=smc91c111,mac=%s,connect=127.0.0.1:%d" %
        (QEMU_MAC, port)])
    return argv, [argv[argv.index("-kernel") + 1]]


def main():
    boardwalk, netd_bin, images, which = sys.argv[1:5]
    qemu = "qemu-system-mipsel" if which == "malta" else "qemu-system-arm"
    if not shutil.which(qemu):
        print("SKIP: %s is not installed" % qemu)
        return 77
    tmp = tempfile.mkdtemp(prefix="bw-interop-")
    netd = Netd(netd_bin, "--verbose")
    qemu_argv, needed = (qemu_malta if which == "malta" else qemu_versatile)(images, netd.port, tmp)
    for path in needed + [os.path.join(images, "versatile-linux", "zImage")]:
        if not os.path.exists(path):
            print("SKIP: image %s not built yet" % path)
            netd.stop()
            return 77
    if which == "direct":
        # boardwalk is the server: it must listen before QEMU connects.
        port = free_port()
        bw = GuestConsole(versatile_argv(boardwalk, images, [
            "-netdev", "stream,id=n0,server=on,addr.type=inet,addr.host=127.0.0.1,"
            "addr.port=%d" % port, "-device", "smc91c111,netdev=n0,mac=" + BW_MAC]))
        bw.expect(rb"Booting Linux", 60)
        qemu_argv = versatile_argv("qemu-system-arm", images, [
            "-monitor", "none", "-netdev", "stream,id=n0,server=off,addr.type=inet,"
            "addr.host=127.0.0.1,addr.port=%d" % port, "-net", "nic,netdev=n0,model=smc91c111,"
            "macaddr=" + QEMU_MAC])
        q = GuestConsole(qemu_argv, log_path=os.environ.get("QEMU_LOG"))
    else:
        q = GuestConsole(qemu_argv, log_path=os.environ.get("QEMU_LOG"))
        bw = GuestConsole(versatile_argv(boardwalk, images, [
            "-netdev", "stream,id=n0,server=off,addr.type=inet,addr.host=127.0.0.1,"
            "addr.port=%d" % netd.port, "-device", "smc91c111,netdev=n0,mac=" + BW_MAC]))
    try:
        if which == "malta":
            q.expect(rb"boardwalk: rootfs up", 400)
            q.expect(rb"[#$] ", 60)
            q.run("ip link set eth0 up; ip addr add 192.168.78.1/24 dev eth0")
        else:
            boot_versatile(q, "192.168.78.1")
        boot_versatile(bw, "192.168.78.2")
        out = bw.run("ping -c 3 -W 5 192.168.78.1", timeout=60)
        print(out)
        check("3 packets transmitted, 3 packets received" in out, out)
        out = q.run("ping -c 3 -W 5 192.168.78.2", timeout=60)
        print(out)
        check("3 packets transmitted, 3 packets received" in out, out)
        if which == "direct":
            print("PASS: QEMU versatilepb -> boardwalk versatilepb (stream server), no netd")
            return 0
        check(netd.log_text().count(" connected") == 2, netd.log_text())
        check(" dropped" not in netd.log_text(), netd.log_text())
        print("PASS: %s (QEMU) <-> boardwalk versatilepb through netd" % which)
        return 0
    finally:
        q.close()
        bw.close()
        netd.stop()
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
