#!/usr/bin/env python3
"""The malta Cirrus VGA against QEMU: the same kernel and disk boot in qemu-system-mipsel and in
boardwalk (cirrusfb at 320x240-16, fbcon 40x30, the cursor off), both drive the same scene,
and the monitors' screendumps must be equal pixel for pixel:

  dmesg    the PCI resources, vgaarb, cirrusfb and fbcon lines are the same
  boot     the console after boot (fbcon text through the BitBLT's colour expansion)
  text     a cleared /dev/tty1 with text in several colours (fills and colour expansion)
  pattern  5:6:5 pixels written to /dev/fb0 (the 16-bit conversion, bit replication)
  scroll   40 more lines on /dev/tty1 (fbcon scrolls with the BitBLT's video-to-video copy)
  cursor   the hardware cursor switched on through /dev/port (QEMU's drawn, not shared, path)
  rgb555   the cursor off and the hidden DAC switched to 5:5:5 (15 bpp, drawn path)
  bpp32, bpp24, bpp8  SR07 switched under cirrusfb: the same VRAM at 32, 24 and 8 bpp

The screendump is 320x480: QEMU shows cirrusfb's double-scanned mode as VRAM lines (see
core/dev/display/vga.h), so the lower half is the VRAM after the visible frame.

With --video MODE (e.g. 1024x768-16@60) the kernel gets video=cirrusfb:MODE as well and the
same scene runs in that mode (the screendump size is then whatever QEMU shows).

usage: malta_display_test.py BOARDWALK IMAGES_DIR [--video MODE] [QEMU]
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(__file__))
from guest_console import GuestConsole  # noqa: E402
from checks import check  # noqa: E402
from hmp import Hmp, read_ppm  # noqa: E402

APPEND = "vt.global_cursor_default=0"


def first_difference(a, b):
    wa, ha, pa = a
    wb, hb, pb = b
    if (wa, ha) != (wb, hb):
        return "size %dx%d vs %dx%d" % (wa, ha, wb, hb)
    for i in range(0, len(pa), 3):
        if pa[i:i + 3] != pb[i:i + 3]:
            count = sum(1 for j in range(0, len(pa), 3) if pa[j:j + 3] != pb[j:j + 3])
            return "%d pixels differ, first at (%d,%d): qemu %s boardwalk %s" % (
                count, (i // 3) % wa, (i // 3) // wa, tuple(pa[i:i + 3]), tuple(pb[i:i + 3]))
    return None


class Guest:
    def __init__(self, name, argv, workdir):
        self.name = name
        self.sock = os.path.join(workdir, name + ".sock")
        self.workdir = workdir
        self.console = GuestConsole(
            argv + ["-monitor", "unix:%s,server,nowait" % self.sock],
            os.path.join(workdir, name + ".log"))
        self.monitor = None

    def boot(self):
        self.console.expect(rb"boardwalk: rootfs up", 300)
        self.console.expect(rb"[#$] ", 60)
        self.monitor = Hmp(self.sock)

    def run(self, command):
        return self.console.run(command)

    def screendump(self, tag):
        path = os.path.join(self.workdir, "%s-%s.ppm" % (self.name, tag))
        self.monitor.command("screendump " + path)
        return read_ppm(path)

    def close(self):
        if self.monitor:
            self.monitor.close()
        self.console.close()


# The scene, step by step: (tag, shell commands). Output to /dev/tty1 is fbcon's.
def pattern_command():
    # 5:6:5 pixels whose 8-bit expansion tells bit replication from shifting.
    pixels = [0x0000, 0xffff, 0x8410, 0xf800, 0x07e0, 0x001f, 0x0821, 0x7bef,
              0x4208, 0xc618, 0x39e7, 0xa554, 0x1234, 0xfedc, 0x5555, 0xaaaa]
    row = "".join("\\x%02x\\x%02x" % (p & 0xff, p >> 8) for p in pixels)
    # 16 pixels = 32 bytes; 20 per 640-byte line; 40 lines from line 100.
    return ("i=0; while [ $i -lt 20 ]; do printf '%s'; i=$((i+1)); done > /tmp/row; "
            "j=0; while [ $j -lt 40 ]; do cat /tmp/row; j=$((j+1)); done > /tmp/pat; "
            "dd if=/tmp/pat of=/dev/fb0 bs=640 seek=100 2>/dev/null; sync" % row)


def cursor_commands():
    # The hardware cursor through /dev/port (cirrusfb never uses it): hidden palette entries
    # 0 and 15, a 32x32 two-plane pattern in slot 2 of VRAM's last 16 KB, position (13, 20).
    # Each command stays under busybox's 1024-character line.
    steps = [(0x3c4, 0x12), (0x3c5, 0x02), (0x3c8, 0), (0x3c9, 0x3f), (0x3c9, 0), (0x3c9, 0),
             (0x3c8, 15), (0x3c9, 0), (0x3c9, 0), (0x3c9, 0x3f), (0x3c4, 0x13), (0x3c5, 2),
             (0x3c4, 0x10 | 5 << 5), (0x3c5, 1), (0x3c4, 0x11 | 4 << 5), (0x3c5, 2),
             (0x3c4, 0x12), (0x3c5, 0x01)]
    return [
        "o() { printf \"\\\\x$(printf %02x $2)\" | dd of=/dev/port bs=1 seek=$1 2>/dev/null; }",
        "i=0; while [ $i -lt 32 ]; do printf '\\xf0\\x0f\\xff\\x00'; i=$((i+1)); done > /tmp/c0",
        "i=0; while [ $i -lt 32 ]; do printf '\\xff\\x00\\x0f\\xf0'; i=$((i+1)); done > /tmp/c1",
        "cat /tmp/c0 /tmp/c1 | dd of=/dev/fb0 bs=256 seek=%d 2>/dev/null"
        % (((4 << 20) - 16 * 1024) // 256 + 2),
        "; ".join("o %d %d" % step for step in steps),
    ]


SCENE = [
    ("boot", "true"),
    ("text", "printf '\\033[2J\\033[H\\033[1;31mred \\033[32mgreen \\033[34mblue\\033[0m\\n"
             "plain text on tty1\\n\\033[7minverse\\033[0m\\n' > /dev/tty1"),
    ("pattern", pattern_command()),
    ("scroll", "i=0; while [ $i -lt 40 ]; do echo \"line $i of the scroll test\"; "
               "i=$((i+1)); done > /dev/tty1"),
    ("cursor", cursor_commands()),
    # Cursor off, then the hidden DAC (0x3c8 read, four 0x3c6 reads, a 0x3c6 write) set to
    # 5:5:5: the same VRAM seen as 15 bpp (QEMU never shares that surface).
    ("rgb555", ["o 964 18; o 965 0; dd if=/dev/port bs=1 skip=968 count=1 2>/dev/null >/dev/null",
                "i=0; while [ $i -lt 4 ]; do dd if=/dev/port bs=1 skip=966 count=1 2>/dev/null; "
                "i=$((i+1)); done > /dev/null; o 966 192"]),
    # SR07 switched under cirrusfb's feet: the same VRAM as 32, 24 and 8 bpp.
    ("bpp32", "o 964 7; o 965 9"),
    ("bpp24", "o 964 7; o 965 5"),
    ("bpp8", "o 964 7; o 965 1"),
]


def main():
    if len(sys.argv) < 3:
        print(__doc__)
        return 2
    args = sys.argv[1:]
    video = None
    if "--video" in args:
        i = args.index("--video")
        video = args[i + 1]
        del args[i:i + 2]
    boardwalk, images = args[0], args[1]
    qemu = args[2] if len(args) > 2 else "qemu-system-mipsel"
    append = APPEND + (" video=cirrusfb:" + video if video else "")
    size = (video.split("-")[0].replace("x", ",") if video else "320,240")
    if not shutil.which(qemu):
        print("SKIP: %s not found" % qemu)
        return 0
    kernel = os.path.join(images, "malta-linux", "vmlinux")
    disk = os.path.join(images, "malta-rootfs", "512M")
    workdir = tempfile.mkdtemp(prefix="bw-display-")
    guests = []
    try:
        for name in ("qemu", "boardwalk"):
            copy = os.path.join(workdir, name + ".img")
            subprocess.run(["cp", "--sparse=always", disk, copy], check=True)
            common = ["-M", "malta", "-m", "256", "-kernel", kernel, "-hda", copy,
                      "-append", append]
            if name == "qemu":
                argv = [qemu] + common + ["-display", "none", "-serial", "stdio"]
            else:
                argv = [boardwalk] + common + ["-nographic"]
            guests.append(Guest(name, argv, workdir))
        for g in guests:
            g.boot()
        # The kernel's view of the card: PCI resources, vgaarb, cirrusfb and fbcon lines.
        logs = []
        for g in guests:
            out = g.run("dmesg | grep -E '00:12\\.0|cirrusfb|frame buffer|fb0'")
            logs.append([line for line in out.splitlines()
                         if re.search(r"00:12\.0|cirrusfb|frame buffer|fb0", line) and
                         "grep" not in line])
        check(logs[0] and logs[0] == logs[1],
              "dmesg: qemu %r, boardwalk %r" % (logs[0], logs[1]))
        print("dmesg: %d display lines identical" % len(logs[0]))
        fbs = []
        for g in guests:
            out = g.run("cd /sys/class/graphics/fb0; cat /proc/fb virtual_size bits_per_pixel")
            fbs.append(out[out.find("0 CL"):].strip())
            check("CL Picasso4" in fbs[-1], "%s: fb is %r" % (g.name, fbs[-1]))
        # cirrusfb falls back to its default for a mode it refuses: the same in both.
        check(fbs[0] == fbs[1], "fb: qemu %r, boardwalk %r" % tuple(fbs))
        check(video or size in fbs[0], "fb is %r" % fbs[0])
        print("fb: " + fbs[0].replace("\n", " "))
        for tag, command in SCENE:
            dumps = []
            for g in guests:
                for line in ([command] if isinstance(command, str) else command):
                    g.run(line)
                time.sleep(1)  # fbcon draws from a workqueue; let it settle
                dumps.append(g.screendump(tag))
            check(video or dumps[0][:2] == (320, 480), "qemu screendump is %dx%d" % dumps[0][:2])
            diff = first_difference(dumps[0], dumps[1])
            check(diff is None, "%s: %s (dumps in %s)" % (tag, diff, workdir))
            print("%s: %dx%d identical" % (tag, dumps[0][0], dumps[0][1]))
    finally:
        for g in guests:
            g.close()
    if not os.environ.get("BW_KEEP_DUMPS"):
        shutil.rmtree(workdir, ignore_errors=True)
    else:
        print("dumps in %s" % workdir)
    print("malta display: OK")
    return 0


if __name__ == "__main__":
    sys.exit(main())
