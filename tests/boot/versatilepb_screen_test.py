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
   Print Screen keys are the same in both emulators (timestamps aside).

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
        # The keyboard is probed after the shell starts; wait for it so that
        # nothing changes under the screendump.
        deadline = time.monotonic() + 60
        while "AT Raw Set 2 keyboard" not in self.console.run("dmesg | grep input:"):
            check(time.monotonic() < deadline, "%s: no keyboard in dmesg" % self.name)
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


def keyboard_events(guest):
    """(type, code, value) of the keyboard's evdev records while EVDEV_KEYS are
    sent, or None without evdev."""
    names = guest.console.run(
        "for e in /sys/class/input/event*; do echo ${e##*/} $(cat $e/device/name); done")
    dev = [line.split()[0] for line in names.splitlines() if "AT Raw Set 2 keyboard" in line]
    if not dev:
        return None
    guest.console.run("rm -f /tmp/ev; cat /dev/input/%s > /tmp/ev & echo $! > /tmp/evpid" % dev[0])
    time.sleep(0.5)
    for key in EVDEV_KEYS:
        out = guest.monitor.command("sendkey " + key)
        check(out == "", "%s: sendkey %s said %r" % (guest.name, key, out))
    time.sleep(2)
    dump = guest.console.run("kill $(cat /tmp/evpid); od -An -tx1 -v /tmp/ev")
    raw = bytes(int(b, 16) for b in dump.split())
    check(len(raw) % 16 == 0, "%s: %d bytes of input_event" % (guest.name, len(raw)))
    events = []
    for i in range(0, len(raw), 16):  # struct input_event on 32-bit ARM: 16 bytes
        rec = raw[i:i + 16]
        events.append((int.from_bytes(rec[8:10], "little"), int.from_bytes(rec[10:12], "little"),
                       int.from_bytes(rec[12:16], "little", signed=True)))
    return events


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
        evs = [keyboard_events(g) for g in guests]
        if evs[0] is None:
            print("no evdev in this kernel: event records not compared")
        else:
            check(evs[1] == evs[0], "evdev records differ:\n boardwalk %s\n QEMU      %s"
                  % (evs[1], evs[0]))
            keys = [(c, v) for t, c, v in evs[0] if t == 1]
            check((30, 1) in keys and (119, 1) in keys, "no KEY_A/KEY_PAUSE in %s" % keys)
            print("evdev: %d records equal, keys %s" % (len(evs[0]), keys))
    finally:
        for g in guests:
            g.close()
        shutil.rmtree(tmp, ignore_errors=True)
    print("PASS")


if __name__ == "__main__":
    main()
