#!/usr/bin/env python3
"""The first source document's set-up, in a network namespace this test creates
(unshare -n), so the host's own network is never touched: a bridge br0 with
the host address 10.0.2.2/24, boardwalk-netd's tap port tap0 enslaved to it,
and dnsmasq on br0 as the host's DHCP and TFTP server (the document's tftpd),
serving the versatile-netboot uImage. boardwalk's versatilepb runs U-Boot (the
ELF given to -kernel) with its SMC91C111 on netd; the document's flow
(`dhcp; ... tftpboot; iminfo; ... bootm`) reaches the Linux shell, and Linux
pings the host through the same bridge. With --browser, the same flow runs in
the page instead (web/tests/net_browser_test.js in Debian's Chromium, inside
the namespace), its NIC on netd through websockify (net=ws://).
Skipped (exit 77, with the reason) only where the namespace, /dev/net/tun or
dnsmasq cannot be had.

usage: netd_uboot_tap_test.py BOARDWALK BOARDWALK-NETD IMAGES_DIR [--browser SITE OUT]"""
import os
import shutil
import socket
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "tests", "boot"))
sys.path.insert(0, os.path.dirname(__file__))
from guest_console import GuestConsole  # noqa: E402
from netdlib import Netd  # noqa: E402
from uboot_flow import document_flow, stop_autoboot  # noqa: E402
from checks import check  # noqa: E402

SKIP = 77


def ip(*args):
    subprocess.run(["ip", *args], check=True)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def browser_flow(netd, site, out):
    """The page's flow through websockify in front of netd's stream port."""
    port = free_port()
    ws = subprocess.Popen(["websockify", "127.0.0.1:%d" % port, "127.0.0.1:%d" % netd.port],
                          stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        test = os.path.join(os.path.dirname(__file__), "..", "..", "web", "tests",
                            "net_browser_test.js")
        env = dict(os.environ, BW_NET_URL="ws://127.0.0.1:%d/" % port)
        # Seen twice in eight CI-like runs here: the page's machine never starts in the
        # namespace (an empty terminal until the 120 s autoboot timeout; the timeout
        # message now carries the page's status line to find out why). That one failure,
        # before anything is checked, gets a second attempt; any other failure counts.
        for attempt in (1, 2):
            run = subprocess.run(["node", test, site, out, "netd"], env=env,
                                 stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
            sys.stdout.write(run.stdout)
            never_started = "waiting for autoboot countdown; status:" in run.stdout and \
                "U-Boot prompt after" not in run.stdout
            if run.returncode == 0 or not never_started or attempt == 2:
                break
            print("netd_uboot_tap_test: the page's machine never started; second attempt")
        check(run.returncode == 0,
              "the page's U-Boot flow over netd's tap failed (%d)" % run.returncode)
    finally:
        ws.terminate()
        ws.wait(10)


def in_namespace(boardwalk, netd_bin, images, browser):
    uboot = os.path.join(images, "versatile-uboot", "u-boot")
    netboot = os.path.join(images, "versatile-netboot")
    tftp = tempfile.mkdtemp(prefix="bw-tftp-")
    shutil.copy(os.path.join(netboot, "uImage"), tftp)
    with open(os.path.join(netboot, "testdata.md5")) as f:
        testdata_md5 = f.read().strip()

    ip("link", "set", "lo", "up")
    ip("link", "add", "br0", "type", "bridge")
    ip("addr", "add", "10.0.2.2/24", "dev", "br0")
    ip("link", "set", "br0", "up")
    netd = Netd(netd_bin, "--tap", "tap0")
    dnsmasq = None
    console = None
    try:
        ip("link", "set", "tap0", "master", "br0")
        ip("link", "set", "tap0", "up")
        dnsmasq = subprocess.Popen(
            ["dnsmasq", "--keep-in-foreground", "--conf-file=/dev/null", "--port=0",
             "--interface=br0", "--bind-interfaces", "--user=root", "--leasefile-ro",
             "--pid-file=" + os.path.join(tftp, "dnsmasq.pid"),
             "--dhcp-range=10.0.2.15,10.0.2.50,255.255.255.0,1h", "--dhcp-boot=uImage",
             # the first address for QEMU's default MAC, as slirp and the page give it
             "--dhcp-host=52:54:00:12:34:56,10.0.2.15",
             "--enable-tftp", "--tftp-root=" + tftp, "--log-facility=-"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        if browser:
            browser_flow(netd, *browser)
            print("PASS")
            return 0
        console = GuestConsole([boardwalk, "-M", "versatilepb", "-m", "128", "-nographic",
                                "-kernel", uboot,
                                "-nic", "socket,connect=127.0.0.1:%d" % netd.port],
                               log_path=os.environ.get("BOOT_LOG"))
        stop_autoboot(console)
        document_flow(console, os.path.join(tftp, "uImage"), testdata_md5)
        print("Linux shell after bootm at %.2f s" % console.elapsed())
        # Linux on the same bridge: the NIC is still on netd's tap.
        console.run("ip link set eth0 up; ip addr add 10.0.2.15/24 dev eth0")
        out = console.run("ping -c 2 -W 5 10.0.2.2", timeout=60)
        check("2 packets transmitted, 2 packets received" in out, out)
    finally:
        if console:
            console.close()
        if dnsmasq:
            dnsmasq.terminate()
            dnsmasq.wait(10)
        netd.stop()
        shutil.rmtree(tftp, ignore_errors=True)
    print("PASS")
    return 0


def main():
    boardwalk, netd_bin, images = sys.argv[1:4]
    browser = sys.argv[5:7] if sys.argv[4:5] == ["--browser"] else None
    if os.environ.get("BW_IN_NETNS") == "1":
        return in_namespace(boardwalk, netd_bin, images, browser)
    for name in ("versatile-uboot/u-boot", "versatile-netboot/uImage"):
        if not os.path.exists(os.path.join(images, name)):
            print("SKIP: no %s in %s" % (name, images))
            return SKIP
    if not shutil.which("dnsmasq"):
        print("SKIP: dnsmasq is not installed (Debian package dnsmasq-base)")
        return SKIP
    probe = subprocess.run(["unshare", "-n", "sh", "-c", "exec 3<>/dev/net/tun"],
                           capture_output=True, text=True)
    if probe.returncode != 0:
        print("SKIP: no network namespace with /dev/net/tun: " + probe.stderr.strip())
        return SKIP
    env = dict(os.environ, BW_IN_NETNS="1")
    return subprocess.run(["unshare", "-n", sys.executable, __file__] + sys.argv[1:],
                          env=env).returncode


if __name__ == "__main__":
    sys.exit(main())
