#!/usr/bin/env python3
"""malta with QEMU's USB HID devices: -usbdevice keyboard -usbdevice tablet.

Checks from inside the guest that Linux 6.1 enumerates them as it does under QEMU 7.2
(UHCI at 00:0a.2 on IRQ 11, the keyboard at 1-1, a QEMU hub at 1-2 with the tablet at
1-2.1, hid-generic's lines), then types keys and moves and clicks the tablet, and reads
the evdev events from the guest's /dev/input/eventN (struct input_event on 32-bit MIPS:
16 bytes). Input goes through QMP
(send-key, input-send-event), so the same script runs against QEMU.

"mouse" mode: a USB mouse alone gets relative motion (one move beyond the 127 a report
carries), a right click and a wheel step; the evdev events are QEMU 7.2's.

"keys" mode: a USB keyboard alone gets every QKeyCode of data/malta_usb_keys.json (each
followed by F12 as a separator) and the guest's evdev events (EV_KEY and MSC_SCAN, in
order) must be the ones QEMU 7.2 produced for the same keys (recorded in that file).

usage: malta_usb_test.py EMULATOR IMAGES_DIR [keys|mouse]   (EMULATOR: build/boardwalk, or
       qemu-system-mipsel to record the reference behaviour)
"""
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(__file__))
from guest_console import GuestConsole  # noqa: E402
from checks import check  # noqa: E402

EV_SYN, EV_KEY, EV_ABS = 0, 1, 3


class Qmp:
    """QMP on a unix socket: the greeting, qmp_capabilities, then one command at a time."""

    def __init__(self, path, timeout=30):
        deadline = time.monotonic() + timeout
        while True:
            try:
                self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
                self.sock.connect(path)
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)
        self.sock.settimeout(30)
        self.buffer = b""
        self._reply()  # the greeting
        self.execute("qmp_capabilities")

    def _reply(self):
        while True:
            line, sep, rest = self.buffer.partition(b"\n")
            if sep:
                self.buffer = rest
                msg = json.loads(line)
                if "event" not in msg:
                    return msg
                continue
            chunk = self.sock.recv(4096)
            if not chunk:
                raise EOFError("QMP closed")
            self.buffer += chunk

    def execute(self, command, **arguments):
        msg = {"execute": command}
        if arguments:
            msg["arguments"] = arguments
        self.sock.sendall(json.dumps(msg).encode() + b"\n")
        reply = self._reply()
        if "error" in reply:
            raise AssertionError("QMP %s: %s" % (command, reply["error"]))
        return reply.get("return")


def evdev_events(dump):
    """(type, code, value) triples from the guest's hexdump lines 'sec usec type code value'."""
    out = []
    for line in dump.splitlines():
        f = line.split()
        if len(f) == 5 and all(re.fullmatch(r"-?\d+", x) for x in f):
            out.append((int(f[2]), int(f[3]), int(f[4])))
    return out


def handler_of(devices, name):
    """The eventN handler of the input device called |name| in /proc/bus/input/devices."""
    for block in devices.split("\n\n"):
        if 'N: Name="%s"' % name in block:
            m = re.search(r"H: Handlers=.*\b(event\d+)", block)
            if m:
                return m.group(1)
    raise AssertionError("no event handler for %s in:\n%s" % (name, devices))


EVDEV_FORMAT = "'1/4 \"%u \" 1/4 \"%u \" 1/2 \"%u \" 1/2 \"%u \" 1/4 \"%d\\n\"'"
KEY_F12, USAGE_F12 = 88, 0x70045


def key_sweep(console, qmp):
    """Every key of the recorded table through the USB keyboard, compared with QEMU's events."""
    with open(os.path.join(os.path.dirname(__file__), "data", "malta_usb_keys.json")) as f:
        expected = json.load(f)
    kbd = handler_of(console.run("cat /proc/bus/input/devices"), "QEMU QEMU USB Keyboard")
    console.run("dd if=/dev/input/%s of=/tmp/k.bin bs=16 2>/dev/null & echo $! > /tmp/pids" % kbd)
    time.sleep(0.5)
    for name in expected:
        qmp.execute("send-key", keys=[{"type": "qcode", "data": name}])
        qmp.execute("send-key", keys=[{"type": "qcode", "data": "f12"}])
        time.sleep(0.05)  # QEMU drops input events beyond its queue limit
    # The monitor spaces key events in virtual time: wait until no more arrive.
    last = -1
    while True:
        time.sleep(3)
        size = int(console.run("wc -c < /tmp/k.bin").split()[-1])
        if size == last:
            break
        last = size
    console.run("kill $(cat /tmp/pids)")
    events = [e for e in evdev_events(console.run("hexdump -v -e %s /tmp/k.bin" % EVDEV_FORMAT,
                                                  timeout=120)) if e[0] != EV_SYN]
    groups, current = [], []
    for e in events:
        if e[:2] == (EV_KEY, KEY_F12) or (e[0] == 4 and e[2] == USAGE_F12):
            if e == (EV_KEY, KEY_F12, 0):
                groups.append(current)
                current = []
            continue
        current.append(list(e))
    check(len(groups) == len(expected), "%d key groups, expected %d" % (len(groups), len(expected)))
    bad = [(n, got, want) for (n, want), got in zip(expected.items(), groups) if got != want]
    for n, got, want in bad:
        print("key %s: got %s, QEMU gives %s" % (n, got, want))
    check(not bad, "%d of %d keys differ from QEMU" % (len(bad), len(expected)))
    print("%d keys give QEMU's evdev events" % len(expected))


# What QEMU 7.2's usb-mouse gives the guest for mouse_events() (recorded): REL_X/REL_Y, the
# 300-pixel move split into 127 + 127 + 46, BTN_RIGHT with its MSC_SCAN, REL_WHEEL and
# REL_WHEEL_HI_RES.
MOUSE_EVENTS = [(2, 0, 10), (2, 1, -5), (2, 0, 127), (2, 0, 127), (2, 0, 46), (4, 4, 589826),
                (1, 273, 1), (4, 4, 589826), (1, 273, 0), (2, 8, 1), (2, 11, 120)]


def mouse_events(console, qmp):
    mouse = handler_of(console.run("cat /proc/bus/input/devices"), "QEMU QEMU USB Mouse")
    console.run("dd if=/dev/input/%s of=/tmp/m.bin bs=16 2>/dev/null & echo $! > /tmp/pids"
                % mouse)
    time.sleep(1)

    def send(*events):
        qmp.execute("input-send-event", events=list(events))
        time.sleep(0.3)

    def rel(axis, value):
        return {"type": "rel", "data": {"axis": axis, "value": value}}

    def btn(name, down):
        return {"type": "btn", "data": {"down": down, "button": name}}

    send(rel("x", 10), rel("y", -5))
    send(rel("x", 300), rel("y", 0))
    send(btn("right", True))
    send(btn("right", False))
    send(btn("wheel-up", True))
    send(btn("wheel-up", False))
    time.sleep(2)
    console.run("kill $(cat /tmp/pids)")
    got = [e for e in evdev_events(console.run("hexdump -v -e %s /tmp/m.bin" % EVDEV_FORMAT))
           if e[0] != EV_SYN]
    print("mouse events:", got)
    check(got == MOUSE_EVENTS, "mouse events %s, QEMU gives %s" % (got, MOUSE_EVENTS))


def main():
    emulator, images = sys.argv[1], sys.argv[2]
    mode = sys.argv[3] if len(sys.argv) > 3 else "devices"
    kernel = os.path.join(images, "malta-linux", "vmlinux")
    tmp = tempfile.mkdtemp(prefix="bw-malta-usb-")
    disk = os.path.join(tmp, "512M")
    sock = os.path.join(tmp, "qmp.sock")
    subprocess.run(["cp", "--sparse=always", os.path.join(images, "malta-rootfs", "512M"), disk],
                   check=True)
    usb = {"keys": ["keyboard"], "mouse": ["mouse"]}.get(mode, ["keyboard", "tablet"])
    argv = [emulator, "-M", "malta", "-m", "256", "-kernel", kernel, "-hda", disk, "-nographic",
            "-monitor", "none", "-qmp", "unix:%s,server,nowait" % sock]
    for d in usb:
        argv += ["-usbdevice", d]
    console = GuestConsole(argv, log_path=os.environ.get("BOOT_LOG"))
    try:
        console.expect(rb"boardwalk: rootfs up", 300)
        console.expect(rb"[#$] ", 60)
        qmp = Qmp(sock)
        # Enumeration goes on after the shell starts (hub debounce, then the tablet).
        deadline = time.monotonic() + 60
        while console.run("dmesg | grep -c hid-generic").strip() != str(len(usb)):
            check(time.monotonic() < deadline, "USB HID devices not enumerated within 60 s")
            time.sleep(1)
        if mode in ("keys", "mouse"):
            (key_sweep if mode == "keys" else mouse_events)(console, qmp)
            print("PASS")
            return
        dmesg = console.run("dmesg | grep -E 'uhci|usb 1-|hub 1-|USB (Keyboard|Tablet)|hid-generic'")
        print(dmesg)
        for pattern in [
                r"uhci_hcd 0000:00:0a\.2: irq 11, io port 0x00001040",
                r"usb 1-1: new full-speed USB device number 2 using uhci_hcd",
                r"input: QEMU QEMU USB Keyboard as /devices/pci0000:00/0000:00:0a\.2/usb1/1-1/"
                r"1-1:1\.0/0003:0627:0001\.0001/input/input\d+",
                r"hid-generic 0003:0627:0001\.0001: input\S*: USB HID v1\.11 Keyboard "
                r"\[QEMU QEMU USB Keyboard\] on usb-0000:00:0a\.2-1/input0",
                r"usb 1-2: new full-speed USB device number 3 using uhci_hcd",
                r"hub 1-2:1\.0: 8 ports detected",
                r"usb 1-2\.1: new full-speed USB device number 4 using uhci_hcd",
                r"input: QEMU QEMU USB Tablet as /devices/pci0000:00/0000:00:0a\.2/usb1/1-2/"
                r"1-2\.1/1-2\.1:1\.0/0003:0627:0001\.0002/input/input\d+",
                r"hid-generic 0003:0627:0001\.0002: input\S*: USB HID v0\.01 Mouse "
                r"\[QEMU QEMU USB Tablet\] on usb-0000:00:0a\.2-2\.1/input0"]:
            check(re.search(pattern, dmesg), "no %r in dmesg" % pattern)
        console.run("cd /sys/bus/usb/devices")
        # (A long prompt wraps the echoed command: keep the serial-looking words.)
        serials = [w for w in console.run("cat 1-1/serial 1-2/serial 1-2.1/serial").split()
                   if "pci:" in w]
        console.run("cd /")
        check(serials == ["68284-pci:0a.2-1", "314159-pci:0a.2-2", "28754-pci:0a.2-2.1"], serials)
        irqs = console.run("grep uhci /proc/interrupts")
        check(re.search(r"^\s*11:\s+\d+\s+XT-PIC\s+11\s+uhci_hcd:usb1", irqs, re.M), irqs)

        def key(*names):
            qmp.execute("send-key", keys=[{"type": "qcode", "data": n} for n in names])

        def pointer(*events):
            qmp.execute("input-send-event", events=list(events))

        # The keyboard drives the VT: a line typed there reaches a reader of /dev/tty1.
        console.run("cat /dev/tty1 > /tmp/tty1.txt & echo $! > /tmp/pids")
        time.sleep(0.5)
        for k in (["h"], ["i"], ["shift", "1"], ["ret"]):
            key(*k)
        time.sleep(1)
        console.run("sleep 1; kill $(cat /tmp/pids)")
        typed = console.run("cat /tmp/tty1.txt")
        check(typed.strip() == "hi!", repr(typed))
        print("typed on tty1: %r" % typed.strip())

        devices = console.run("cat /proc/bus/input/devices")
        if "event" not in devices:
            print("this kernel has no evdev (CONFIG_INPUT_EVDEV): event checks skipped")
            print("PASS")
            return
        kbd = handler_of(devices, "QEMU QEMU USB Keyboard")
        tablet = handler_of(devices, "QEMU QEMU USB Tablet")
        # dd copies each event as it is read (no stdio buffer lost to the kill); hexdump
        # decodes the files afterwards. Their pids are kept (run() appends "; echo ...").
        console.run("dd if=/dev/input/%s of=/tmp/kbd.bin bs=16 2>/dev/null & echo $! > /tmp/pids"
                    % kbd)
        console.run("dd if=/dev/input/%s of=/tmp/tab.bin bs=16 2>/dev/null & echo $! >> /tmp/pids"
                    % tablet)
        time.sleep(0.5)
        key("a")
        time.sleep(0.5)
        key("shift", "b")
        # Absolute events reach the tablet (HMP's mouse_move queues relative motion,
        # which QEMU gives the first relative pointer instead).
        pointer({"type": "abs", "data": {"axis": "x", "value": 16384}},
                {"type": "abs", "data": {"axis": "y", "value": 8192}})
        time.sleep(0.2)
        pointer({"type": "btn", "data": {"down": True, "button": "left"}})
        time.sleep(0.2)
        pointer({"type": "btn", "data": {"down": False, "button": "left"}})
        time.sleep(2)
        console.run("sleep 1; kill $(cat /tmp/pids)")
        fmt = EVDEV_FORMAT
        kbd_dump = console.run("hexdump -v -e %s /tmp/kbd.bin" % fmt)
        print("keyboard events:", [e for e in evdev_events(kbd_dump) if e[0] != EV_SYN])
        keys = [(c, v) for t, c, v in evdev_events(kbd_dump) if t == EV_KEY]
        check(keys == [(30, 1), (30, 0), (42, 1), (48, 1), (48, 0), (42, 0)], keys)
        ptr = [e for e in evdev_events(console.run("hexdump -v -e %s /tmp/tab.bin" % fmt))
               if e[0] != EV_SYN]
        print("tablet events:", ptr)
        absolute = [(c, v) for t, c, v in ptr if t == EV_ABS]
        check(absolute == [(0, 16384), (1, 8192)], absolute)  # ABS_X, ABS_Y
        buttons = [(c, v) for t, c, v in ptr if t == EV_KEY]
        check(buttons == [(272, 1), (272, 0)], buttons)  # BTN_LEFT down, up
        print("PASS")
    finally:
        console.close()
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
