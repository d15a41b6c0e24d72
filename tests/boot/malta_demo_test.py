#!/usr/bin/env python3
"""The OpenDingux-style demo disk (images/malta-demo): malta boots the
malta-linux kernel from the FAT disk, busybox init starts Powermanga on the
framebuffer console, and it can be seen, heard and played.

1. Serial console: rcS turns the Cirrus mode's double scan off
   ("fb-progressive: /dev/fb0 320x240-16 double scan off") and the launcher
   prints "boardwalk-demo: starting powermanga"; the shell on ttyS0 answers.
2. In the guest: /proc/fb names cirrusfb's CL-GD5446 ("CL Picasso4"), fb0 is
   320x240 at 16 bpp, /dev/dsp exists (OSS emulation over snd-intel8x0) and
   the game runs; its log has no audio or video error.
3. Screen (monitor screendump): 320x240; the intro draws (hundreds of lit
   pixels, many colours), then the main menu (its right-hand panel of blue
   tiles); sendkey ret starts a game (the panel shows the power-up ship
   icons: fewer blue pixels, red ones). The game reads the keyboard through
   the VT in MEDIUMRAW mode, so this is the USB keyboard -> HID -> VT path.
4. Sound: the -audiodev wav file holds the game's music (RMS well above
   silence in some second).

The game's timing is the guest's, so the screens are checked by what they
show, not pixel for pixel against QEMU.

usage: malta_demo_test.py BOARDWALK IMAGES_DIR
       BOARDWALK may be "qemu" to run the same checks under Debian's qemu-system-mipsel.
"""
import math
import os
import shutil
import struct
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(__file__))
from checks import check  # noqa: E402
from guest_console import GuestConsole  # noqa: E402
from hmp import Hmp, read_ppm  # noqa: E402

PANEL = (256, 320, 36, 210)  # x0, x1, y0, y1: the right-hand options panel


def panel_colours(shot):
    """(lit, blue, red) pixel counts in the options panel of a 320x240 dump."""
    w, _, px = shot
    x0, x1, y0, y1 = PANEL
    lit = blue = red = 0
    for y in range(y0, y1):
        row = px[3 * (y * w + x0):3 * (y * w + x1)]
        for i in range(0, len(row), 3):
            r, g, b = row[i], row[i + 1], row[i + 2]
            lit += r + g + b > 60
            blue += b > 150 and r < 100
            red += r > 150 and g < 100 and b < 100
    return lit, blue, red


def is_menu(shot):
    return panel_colours(shot)[1] > 4000


def is_playing(shot):
    _, blue, red = panel_colours(shot)
    return 500 < blue < 3500 and red > 100


def wav_loudest_second(path):
    """RMS of the loudest whole second of a 16-bit PCM WAV (the header's sizes
    may not be final while the emulator runs: the data runs to the end)."""
    data = open(path, "rb").read()
    check(data[:4] == b"RIFF" and data[8:12] == b"WAVE", "%s is not a WAV file" % path)
    channels, rate = struct.unpack("<HI", data[22:28])
    bits = struct.unpack("<H", data[34:36])[0]
    check(bits == 16, "%d-bit WAV" % bits)
    pcm = data[data.index(b"data") + 8:]
    n = len(pcm) // 2
    samples = struct.unpack("<%dh" % n, pcm[:2 * n])
    per = channels * rate
    best = 0.0
    for s in range(n // per):
        seg = samples[s * per:(s + 1) * per]
        best = max(best, math.sqrt(sum(x * x for x in seg) / len(seg)))
    return best, n / per


def main():
    boardwalk, images = sys.argv[1], sys.argv[2]
    emulator = shutil.which("qemu-system-mipsel") if boardwalk == "qemu" else boardwalk
    check(emulator is not None, "no emulator")
    tmp = tempfile.mkdtemp(prefix="bw-malta-demo-")
    disk = os.path.join(tmp, "512M")
    subprocess.run(["cp", "--sparse=always", os.path.join(images, "malta-demo", "512M"), disk],
                   check=True)
    sock = os.path.join(tmp, "monitor.sock")
    wav = os.path.join(tmp, "sound.wav")
    # QEMU's spelling of the second source document's -soundhw ac97 -usbdevice keyboard
    # (boardwalk takes both spellings).
    argv = [emulator, "-M", "malta", "-m", "256",
            "-kernel", os.path.join(images, "malta-linux", "vmlinux"), "-hda", disk,
            "-audiodev", "wav,id=snd0,path=" + wav, "-device", "AC97,audiodev=snd0",
            "-usb", "-device", "usb-kbd", "-rtc", "clock=vm", "-nic", "none",
            "-serial", "stdio", "-display", "none",
            "-monitor", "unix:%s,server,nowait" % sock]
    console = GuestConsole(argv, log_path=os.environ.get("BOOT_LOG"))
    monitor = None
    shots = 0

    def screendump():
        nonlocal shots
        shots += 1
        path = os.path.join(tmp, "screen%d.ppm" % shots)
        out = monitor.command("screendump " + path)
        check(out == "", "screendump said %r" % out)
        shot = read_ppm(path)
        check(shot[:2] == (320, 240), "screen is %dx%d, not 320x240" % shot[:2])
        return shot

    def wait_screen(what, test, timeout, key=None):
        deadline = time.monotonic() + timeout
        while True:
            shot = screendump()
            if test(shot):
                return shot
            check(time.monotonic() < deadline, "no %s on screen within %d s (panel %s)"
                  % (what, timeout, panel_colours(shot)))
            if key:
                monitor.command("sendkey " + key)
            time.sleep(1.0)

    try:
        console.expect(rb"fb-progressive: /dev/fb0 320x240-16 double scan off", 300)
        console.expect(rb"boardwalk-demo: starting powermanga", 120)
        print("game started %.1f s after launch" % console.elapsed())
        console.send("\n")
        console.expect(rb"[#$] ", 60)
        monitor = Hmp(sock)

        fb = console.run("cat /proc/fb")
        check("CL Picasso4" in fb, "/proc/fb: %r" % fb)
        size = console.run("cat /sys/class/graphics/fb0/virtual_size").strip()
        bpp = console.run("cat /sys/class/graphics/fb0/bits_per_pixel").strip()
        check((size, bpp) == ("320,240", "16"), "fb0 is %s at %s bpp" % (size, bpp))
        check(console.run("pidof powermanga").strip() != "", "powermanga is not running")

        # The intro: a starfield and the title flying in.
        def drawn(shot):
            px = shot[2]
            lit = sum(1 for i in range(0, len(px), 3) if px[i] + px[i + 1] + px[i + 2] > 60)
            return lit > 2000 and len(set(px[i:i + 3] for i in range(0, len(px), 3))) > 32
        wait_screen("intro", drawn, 120)
        print("intro drawn %.1f s after launch" % console.elapsed())
        # Enter skips the intro; the menu comes by itself after it anyway.
        wait_screen("main menu", is_menu, 120, key="ret")
        print("main menu %.1f s after launch" % console.elapsed())
        # The menu takes keys once its entries have come in; ret picks PLAY
        # (and is fire once playing).
        time.sleep(2)
        monitor.command("sendkey ret")
        wait_screen("game (power-up panel)", is_playing, 60, key="ret")
        print("playing after sendkey ret, %.1f s after launch" % console.elapsed())
        for key in ["left", "up", "spc", "ctrl", "spc"]:
            monitor.command("sendkey %s 300" % key)
            time.sleep(0.4)
        time.sleep(3)
        # Sound last: the screen and keys are checked without it.
        check(console.run("ls /dev/dsp").strip() == "/dev/dsp", "no /dev/dsp")
        log = console.run("cat /run/boardwalk-demo.log")
        for bad in ["Mix_OpenAudio", "SDL_SetVideoMode", "SDL_VideoModeOK", "SDL_Init"]:
            check(bad not in log, "the game's log reports %s:\n%s" % (bad, log))
        check(console.run("pidof powermanga").strip() != "", "powermanga died")
        # quit, so that the WAV file is complete.
        monitor.sock.sendall(b"quit\n")
        try:
            console.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            pass
    finally:
        if monitor:
            monitor.close()
        console.close()
    try:
        rms, seconds = wav_loudest_second(wav)
        print("sound: %.1f s recorded, loudest second RMS %.0f" % (seconds, rms))
        check(rms > 300, "no music in %s (loudest second RMS %.0f)" % (wav, rms))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print("PASS")


if __name__ == "__main__":
    main()
