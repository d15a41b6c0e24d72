"""Input checks shared by the display/input boot tests: a guest with a serial
console and an HMP monitor, typing through sendkey, and the evdev records an
input device produces for monitor commands. Only the standard library.
"""
import os
import time

from checks import check
from guest_console import GuestConsole
from hmp import Hmp


class MonitoredGuest:
    """An emulator (QEMU or boardwalk) with its serial port on stdio and its
    monitor on a Unix socket in |tmp|; |argv| is the rest of its command line."""

    def __init__(self, name, emulator, argv, tmp):
        self.name = name
        self.sock = os.path.join(tmp, name + ".sock")
        argv = [emulator] + argv + ["-serial", "stdio", "-display", "none",
                                    "-monitor", "unix:%s,server,nowait" % self.sock]
        log = os.environ.get("BOOT_LOG")
        self.console = GuestConsole(argv, log_path=(log + "." + name) if log else None)
        self.monitor = None

    def wait_shell(self, ready):
        """Waits for the |ready| line, the prompt, the monitor, and the PS/2
        keyboard and mouse (probed after the shell starts)."""
        self.console.expect(ready, 300)
        self.console.expect(rb"[#$] ", 60)
        self.monitor = Hmp(self.sock)
        deadline = time.monotonic() + 60
        while True:
            inputs = self.console.run("dmesg | grep input:")
            if "AT Raw Set 2 keyboard" in inputs and "Explorer Mouse" in inputs:
                break
            check(time.monotonic() < deadline, "%s: no keyboard/mouse in dmesg" % self.name)
            time.sleep(0.5)

    def command(self, line):
        out = self.monitor.command(line)
        check(out == "", "%s: %s said %r" % (self.name, line, out))

    def close(self):
        if self.monitor:
            self.monitor.close()
        self.console.close()


def type_line(guest, keys, expected):
    """Sends |keys| with sendkey; a reader on /dev/tty1 must get |expected|."""
    guest.console.run("rm -f /tmp/keys; (cat /dev/tty1 > /tmp/keys &)")
    time.sleep(0.5)
    for key in keys:
        guest.command("sendkey " + key)
    deadline = time.monotonic() + 30
    while True:
        got = guest.console.run("cat /tmp/keys")
        if expected in got or time.monotonic() > deadline:
            break
        time.sleep(0.5)
    check(got.strip() == expected, "%s: tty1 read %r, expected %r" % (guest.name, got, expected))


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
        guest.command(command)
        # Let the guest drain the 16-byte PS/2 queue between commands: QEMU
        # runs the monitor beside the guest in real time, and a packet that
        # does not fit waits for the next event there.
        time.sleep(0.3)
    time.sleep(1)
    dump = guest.console.run("kill $(cat /tmp/evpid); od -An -tx1 -v /tmp/ev")
    raw = bytes(int(b, 16) for b in dump.split())
    # struct input_event on both 32-bit little-endian guests: 16 bytes.
    check(len(raw) % 16 == 0, "%s: %d bytes of input_event" % (guest.name, len(raw)))
    events = []
    for i in range(0, len(raw), 16):
        rec = raw[i:i + 16]
        events.append((int.from_bytes(rec[8:10], "little"), int.from_bytes(rec[10:12], "little"),
                       int.from_bytes(rec[12:16], "little", signed=True)))
    return events


def compare_events(ref, guest, device_name, commands):
    """The records |guest| gives must equal |ref|'s (QEMU's); returns them, or
    None if the kernel has no evdev."""
    evs = [input_events(g, device_name, commands) for g in (ref, guest)]
    if evs[0] is None:
        print("no evdev in this kernel: %s records not compared" % device_name)
        return None
    check(evs[1] == evs[0], "%s records differ:\n %s %s\n %s %s"
          % (device_name, guest.name, evs[1], ref.name, evs[0]))
    return evs[0]


# Keys whose evdev records are compared: plain, shifted, E0-prefixed, Pause (an
# E1 sequence without a break code) and PrintScreen (QEMU's fake-shift sequence).
EVDEV_KEYS = ["a", "shift-b", "kp_enter", "up", "ctrl_r", "delete", "pause", "print"]
# Motion (one packet, and more than one packet's range) and the left button.
# QEMU's HMP takes mouse_button 2 as right and 4 as middle, and mouse_move's
# dz > 0 as wheel up (its help text says otherwise); add "mouse_move 0 0 1",
# "mouse_button 4", "mouse_button 2" here once boardwalk's monitor does too.
MOUSE = ["mouse_move 10 -5", "mouse_button 1", "mouse_button 0", "mouse_move -300 200"]


def compare_input(ref, guest):
    """Keyboard and mouse evdev records of |guest| against |ref|'s."""
    evs = compare_events(ref, guest, "AT Raw Set 2 keyboard",
                         ["sendkey " + k for k in EVDEV_KEYS])
    if evs:
        keys = [(c, v) for t, c, v in evs if t == 1]
        check((30, 1) in keys and (119, 1) in keys, "no KEY_A/KEY_PAUSE in %s" % keys)
        print("evdev keyboard: %d records equal, keys %s" % (len(evs), keys))
    evs = compare_events(ref, guest, "ImExPS/2 Generic Explorer Mouse", MOUSE)
    if evs:
        check(any(t == 2 for t, c, v in evs), "no relative motion in %s" % evs)
        print("evdev mouse: %d records equal" % len(evs))
