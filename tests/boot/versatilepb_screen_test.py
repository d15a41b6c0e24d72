#!/usr/bin/env python3
"""Display and input test against QEMU: versatilepb Linux with the PL110 under
fbcon and the PL050 keyboard and mouse, in Debian's qemu-system-arm and in
boardwalk side by side.

1. Both boot versatile-linux + initramfs with the cursor blink off, the same
   text (colours, reverse video, a cleared screen, a long line that wraps) is
   written to /dev/tty1, and the two monitors' screendumps must be equal pixel
   for pixel, in each of the framebuffer formats Linux's pl111 driver sets up
   on this board: 16 bpp 5:6:5 (SYS_CLCD mux 3, the default), 15 bpp 5:5:5
   (mux 1) and 32 bpp (mux 0, 24-bit words), at 800x600 and 640x480.
2. Keys sent with the monitor's sendkey reach the guest through the PL050
   keyboard, atkbd and the console's line discipline: a reader on /dev/tty1
   gets the typed line (with shifted keys) in both emulators.
3. With an evdev kernel: the keyboard's /dev/input/event* records (scan codes
   as MSC_SCAN, key codes, sync) for plain, shifted, E0-prefixed, Pause and
   Print Screen keys, and the mouse's for motion (also beyond one packet's
   range) and a button, are the same in both emulators (timestamps aside).

usage: versatilepb_screen_test.py BOARDWALK IMAGES_DIR
"""
import os
import shutil
import sys
import tempfile

sys.path.insert(0, os.path.dirname(__file__))
from hmp import read_ppm  # noqa: E402
from checks import check  # noqa: E402
from input_checks import MonitoredGuest, compare_input, type_line  # noqa: E402

SCREEN_TEXT = (r"printf 'boardwalk \033[31mred \033[32mgreen \033[1;34mbright blue"
               r" \033[43;35mon yellow\033[0m\n\033[7mreverse\033[0m plain\n' > /dev/tty1; "
               r"printf '\033[2J\033[Hafter clear: \033[36mcyan\033[0m ' > /dev/tty1; "
               r"i=0; while [ $i -lt 30 ]; do printf 'wrap%02d ' $i > /dev/tty1;"
               r" i=$((i+1)); done")
# sendkey names and the line they type.
KEYS = ["h", "e", "l", "l", "o", "spc", "shift-w", "o", "r", "l", "d", "shift-1", "ret"]
TYPED = "hello World!"


# Extra kernel arguments per round (the framebuffer format and size) and the
# SYS_CLCD format mux Linux then selects.
MODES = ["", "video=800x600-15", "video=640x480-32"]
MUX = {"": 3, "video=800x600-15": 1, "video=640x480-32": 0}


def guest(name, emulator, images, tmp, mode=""):
    kernel = os.path.join(images, "versatile-linux")
    argv = ["-M", "versatilepb", "-m", "128",
            "-kernel", os.path.join(kernel, "zImage"),
            "-dtb", os.path.join(kernel, "versatile-pb.dtb"),
            "-initrd", os.path.join(images, "versatile-initramfs", "initrd.cpio.gz"),
            "-append", ("console=ttyAMA0 vt.global_cursor_default=0 " + mode).strip(),
            "-nic", "none"]
    return MonitoredGuest(name, emulator, argv, tmp)


def screendump(g, path):
    g.command("screendump " + path)
    return read_ppm(path)


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


def main():
    boardwalk, images = sys.argv[1], sys.argv[2]
    qemu = shutil.which("qemu-system-arm")
    check(qemu is not None, "qemu-system-arm is needed as the reference")
    tmp = tempfile.mkdtemp(prefix="bw-screen-")
    guests = []
    try:
        for mode in MODES:
            guests = [guest("qemu", qemu, images, tmp, mode),
                      guest("boardwalk", boardwalk, images, tmp, mode)]
            for g in guests:
                g.wait_shell(rb"boardwalk: initramfs up")
            shots = []
            for g in guests:
                g.console.run(SCREEN_TEXT)
                g.console.run("sleep 1")
                shots.append(screendump(g, os.path.join(tmp, g.name + ".ppm")))
            compare_screens(shots[0], shots[1])
            bpp = guests[1].console.run("cat /sys/class/graphics/fb0/bits_per_pixel").strip()
            mux = int(guests[1].console.run("devmem 0x10000050").strip(), 16) & 3
            check(mux == MUX[mode], "%s: SYS_CLCD mux %d, expected %d" % (mode, mux, MUX[mode]))
            print("%s: screendumps equal: %dx%d, %s bpp, mux %d"
                  % (mode or "default", shots[1][0], shots[1][1], bpp, mux))
            if mode == MODES[0]:
                for g in guests:
                    type_line(g, KEYS, TYPED)
                print("sendkey: tty1 read %r in both" % TYPED)
                compare_input(guests[0], guests[1])
            for g in guests:
                g.close()
            guests = []
    finally:
        for g in guests:
            g.close()
        shutil.rmtree(tmp, ignore_errors=True)
    print("PASS")


if __name__ == "__main__":
    main()
