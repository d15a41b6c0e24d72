#!/usr/bin/env python3
"""Display and keyboard test against QEMU: versatilepb Linux with the PL110
under fbcon, in Debian's qemu-system-arm and in boardwalk side by side.

1. Both boot versatile-linux + initramfs with the cursor blink off, the same
   text (colours, reverse video, a cleared screen, a long line that wraps) is
   written to /dev/tty1, and the two monitors' screendumps must be equal pixel
   for pixel (the PL110's 16-bit 5:6:5 output through the Versatile mux, as
   QEMU widens it).
2. Keys sent with the monitor's sendkey reach the guest through the PL050
   keyboard, atkbd and the console's line discipline: a reader on /dev/tty1
   gets the typed line (with a shifted key) in both emulators.
3. With an evdev kernel: the keyboard's /dev/input/event* records (scan codes
   as MSC_SCAN, key codes, sync) for plain, shifted, E0-prefixed, Pause and
   Print Screen keys, and the mouse's for motion (also beyond one packet's
   range) and a button, are the same in both emulators (timestamps
   aside).

usage: versatilepb_screen_test.py BOARDWALK IMAGES_DIR
"""
import os
import shutil
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(__file__))
from guest_console import GuestConsole  # noqa: E402
from hmp import Hmp, read_ppm  # noqa: E402
from checks import check  # noqa: E402

SCREEN_TEXT = (r"printf 'boardwalk \033[31mred \033[32mgreen \033[1;34mbright blue"
               r" \033[43;35mon yellow\033[0m\n\033[7mreverse\033[0m plain\n' > /dev/tty1; "
               r"printf '\033[2J\033[Hafter clear: \033[36mcyan\033[0m ' > /dev/tty1; "
               r"i=0; while [ $i -lt 30 ]; do printf 'wrap%02d ' $i > /dev/tty1;"
               r" i=$((i+1)); done")
# sendkey names and the line they type (a getty-less reader on tty1 sees it).
KEYS = ["h", "e", "l", "l", "o", "spc", "shift-w", "o", "r", "l", "d", "shift-1", "ret"]
TYPED = "hello World!"
# Keys whose evdev records are compared (E0 codes, Pause's E1 sequence, PrintScreen).
# Motion (one packet, and more than one packet's range) and the left button.
# QEMU's HMP takes mouse_button 2 as right and 4 as middle, and mouse_move's
# dz > 0 as wheel up (its help text says otherwise); add "mouse_move 0 0 1",
# "mouse_button 4", "mouse_button 2" here once boardwalk's monitor does too.
MOUSE = ["mouse_move 10 -5", "mouse_button 1", "mouse_button 0", "mouse_move -300 200"]
EVDEV_KEYS = ["a", "shift-b", "kp_enter", "up", "ctrl_r", "delete", "pause", "print"]


class Guest:
    def __init__(self, name, emulator, images, tmp):
        kernel = os.path.join(images, "versatile-linux")
        self.name = name
        self.sock = os.path.join(tmp, name + ".sock")
        argv = [emulator, "-M", "versatilepb", "-m", "128",
                "-kernel", os.path.join(kernel, "zImage"),
                "-dtb", os.path.join(kernel, "versatile-pb.dtb"),
                "-initrd", os.path.join(images, "versatile-initramfs", "initrd.cpio.gz"),
                "-append", "console=ttyAMA0 vt.global_cursor_default=0",
                "-serial", "stdio", "-display", "none", "-nic", "none",
                "-monitor", "unix:%s,server,nowait" % self.sock]
        log = os.environ.get("BOOT_LOG")
        self.console = GuestConsole(argv, log_path=(log + "." + name) if log else None)
        self.monitor = None

    def wait_shell(self):
        self.console.expect(rb"boardwalk: initramfs up", 300)
        self.console.expect(rb"[#$] ", 60)
        self.monitor = Hmp(self.sock)
        # The keyboard and mouse are probed after the shell starts; wait for
        # them so that nothing changes under the screendump.
        deadline = time.monotonic() + 60
        while True:
            inputs = self.console.run("dmesg | grep input:")
            if "AT Raw Set 2 keyboard" in inputs and "Explorer Mouse" in inputs:
                break
            check(time.monotonic() < deadline, "%s: no keyboard/mouse in dmesg" % self.name)
            time.sleep(0.5)

    def screendump(self, path):
        out = self.monitor.command("screendump " + path)
        check(out == "", "%s: screendump said %r" % (self.name, out))
        return read_ppm(path)

    def close(self):
        if self.monitor:
            self.monitor.close()
        self.console.close()


def compare_screens(ref, got):
    (rw, rh, rp), (gw, gh, gp) = ref, got
    check((rw, rh) == (gw, gh), "screen size %dx%d, QEMU %dx%d" % (gw, gh, rw, rh))
    lit = sum(1 for i in range(0, len(rp), 3) if rp[i:i + 3] != b"\0\0\0")
    check(lit > 5000, "QEMU's screen is nearly black (%d lit pixels): text not shown" % lit)
    if rp == gp:
        return
    bad = [i // 3 for i in range(0, len(rp), 3) if rp[i:i + 3] != gp[i:i + 3]]
    x, y = bad[0] % rw, bad[0] // rw
    raise AssertionError("%d pixels differ from QEMU's; first at (%d,%d): %s, QEMU %s"
                         % (len(bad), x, y, gp[3 * bad[0]:3 * bad[0] + 3].hex(),
                            rp[3 * bad[0]:3 * bad[0] + 3].hex()))


def type_keys(guest):
    guest.console.run("rm -f /tmp/keys; (cat /dev/tty1 > /tmp/keys &)")
    time.sleep(0.5)
    for key in KEYS:
        out = guest.monitor.command("sendkey " + key)
        check(out == "", "%s: sendkey %s said %r" % (guest.name, key, out))
    deadline = time.monotonic() + 30
    while True:
        got = guest.console.run("cat /tmp/keys")
        if TYPED in got or time.monotonic() > deadline:
            break
        time.sleep(0.5)
    check(got.strip() == TYPED, "%s: tty1 read %r, expected %r" % (guest.name, got, TYPED))


def input_events(guest, device_name, commands):
    """(type, code, value) of the evdev records of the input device named
    |device_name| while the monitor runs |commands|; None without evdev."""
    names = guest.console.run(
        "for e in /sys/class/input/event*; do echo ${e##*/} $(cat $e/device/name); done")
    dev = [line.split()[0] for line in names.splitlines() if device_name in line]
    if not dev:
        return None
    guest.console.run("rm -f /tmp/ev; cat /dev/input/%s > /tmp/ev & echo $! > /tmp/evpid" % dev[0])
    time.sleep(0.5)
    for command in commands:
        out = guest.monitor.command(command)
        check(out == "", "%s: %s said %r" % (guest.name, command, out))
        # Let the guest drain the 16-byte PS/2 queue between commands: QEMU
        # runs the monitor beside the guest in real time, and a packet that
        # does not fit waits for the next event there.
        time.sleep(0.3)
    time.sleep(1)
    dump = guest.console.run("kill $(cat /tmp/evpid); od -An -tx1 -v /tmp/ev")
    raw = bytes(int(b, 16) for b in dump.split())
    check(len(raw) % 16 == 0, "%s: %d bytes of input_event" % (guest.name, len(raw)))
    events = []
    for i in range(0, len(raw), 16):  # struct input_event on 32-bit ARM: 16 bytes
        rec = raw[i:i + 16]
        events.append((int.from_bytes(rec[8:10], "little"), int.from_bytes(rec[10:12], "little"),
                       int.from_bytes(rec[12:16], "little", signed=True)))
    return events


def compare_events(guests, device_name, commands):
    evs = [input_events(g, device_name, commands) for g in guests]
    if evs[0] is None:
        print("no evdev in this kernel: %s records not compared" % device_name)
        return None
    check(evs[1] == evs[0], "%s records differ:\n boardwalk %s\n QEMU      %s"
          % (device_name, evs[1], evs[0]))
    return evs[0]


def main():
    boardwalk, images = sys.argv[1], sys.argv[2]
    qemu = shutil.which("qemu-system-arm")
    check(qemu is not None, "qemu-system-arm is needed as the reference")
    tmp = tempfile.mkdtemp(prefix="bw-screen-")
    guests = []
    try:
        guests = [Guest("qemu", qemu, images, tmp), Guest("boardwalk", boardwalk, images, tmp)]
        for g in guests:
            g.wait_shell()
        shots = []
        for g in guests:
            g.console.run(SCREEN_TEXT)
            g.console.run("sleep 1")
            shots.append(g.screendump(os.path.join(tmp, g.name + ".ppm")))
        compare_screens(shots[0], shots[1])
        print("screendumps equal: %dx%d" % (shots[1][0], shots[1][1]))
        for g in guests:
            type_keys(g)
        print("sendkey: tty1 read %r in both" % TYPED)
        evs = compare_events(guests, "AT Raw Set 2 keyboard",
                             ["sendkey " + k for k in EVDEV_KEYS])
        if evs:
            keys = [(c, v) for t, c, v in evs if t == 1]
            check((30, 1) in keys and (119, 1) in keys, "no KEY_A/KEY_PAUSE in %s" % keys)
            print("evdev keyboard: %d records equal, keys %s" % (len(evs), keys))
        evs = compare_events(guests, "ImExPS/2 Generic Explorer Mouse", MOUSE)
        if evs:
            check(any(t == 2 for t, c, v in evs), "no relative motion in %s" % evs)
            print("evdev mouse: %d records equal" % len(evs))
    finally:
        for g in guests:
            g.close()
        shutil.rmtree(tmp, ignore_errors=True)
    print("PASS")


if __name__ == "__main__":
    main()
