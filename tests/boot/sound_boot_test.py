"""Sound from inside the guest, against QEMU 7.2 on the same images.

usage: sound_boot_test.py BOARDWALK IMAGES versatilepb|malta [QEMU_BINARY_DIR]

Boots the board in boardwalk and in Debian's qemu-system (the reference), each with
`-audiodev wav`: the ALSA lines of the kernel log and /proc/asound/cards must be the
same; then the guest plays a known tone through OSS emulation (/dev/dsp, its default
format: unsigned 8-bit mono at 8000 Hz; a 500 Hz square wave of 8192 bytes built with
busybox printf and cat) and both captures must agree on frequency, level and duration
(QEMU resamples to its wav back end's 44100 Hz; boardwalk writes the guest's own rate).
versatilepb: the PL041 AACI with its LM4549 codec (always present). malta: the ICH AC'97
(-device AC97), with -vga none on both so it sits at the same PCI address.
"""
import os
import re
import shutil
import struct
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from checks import check  # noqa: E402
from guest_console import GuestConsole  # noqa: E402

TONE_HZ = 500.0
TONE_SECONDS = 8192 / 8000.0
# The tone: 8 bytes of 0xc0 and 8 of 0x40 (one 500 Hz period at 8 kHz) doubled 9 times.
MAKE_TONE = ("printf '\\300\\300\\300\\300\\300\\300\\300\\300@@@@@@@@' > /tmp/t; "
             "for i in 1 2 3 4 5 6 7 8 9; do cat /tmp/t /tmp/t > /tmp/u; mv /tmp/u /tmp/t; "
             "done; wc -c < /tmp/t")
ALSA_LINE = re.compile(r"^(?:\[[ 0-9.]+\] )?(ALSA device list:|  #\d+: .*|aaci-pl041 .*|"
                       r"snd_intel8x0 .*|Advanced Linux Sound Architecture.*)$", re.M)


def versatilepb(images):
    k = os.path.join(images, "versatile-linux")
    ir = os.path.join(images, "versatile-initramfs")
    return dict(qemu="qemu-system-arm", up=rb"boardwalk: initramfs up", irq_name="VIC  24",
                argv=["-M", "versatilepb", "-m", "128", "-kernel", os.path.join(k, "zImage"),
                      "-dtb", os.path.join(k, "versatile-pb.dtb"),
                      "-initrd", os.path.join(ir, "initrd.cpio.gz"),
                      "-append", "console=ttyAMA0"])


def malta(images, tmp):
    disk = os.path.join(tmp, "512M")
    subprocess.run(["cp", "--sparse=always", os.path.join(images, "malta-rootfs", "512M"), disk],
                   check=True)
    return dict(qemu="qemu-system-mipsel", up=rb"boardwalk: rootfs up", irq_name="snd_intel8x0",
                argv=["-M", "malta", "-m", "256",
                      "-kernel", os.path.join(images, "malta-linux", "vmlinux"), "-hda", disk,
                      "-vga", "none", "-device", "AC97,audiodev=a0"])


def read_wav(path):
    """(rate, left channel samples) of a 16-bit PCM wav; the header's sizes are not
    trusted (a killed QEMU leaves them 0)."""
    with open(path, "rb") as f:
        b = f.read()
    check(b[:4] == b"RIFF" and b[8:16] == b"WAVEfmt ", "%s: not a wav file" % path)
    channels, rate = struct.unpack_from("<HI", b, 22)
    bits = struct.unpack_from("<H", b, 34)[0]
    check(bits == 16, "%s: %d-bit samples" % (path, bits))
    data = b[44:]
    n = len(data) // (2 * channels)
    samples = struct.unpack("<%dh" % (n * channels), data[:n * 2 * channels])
    return rate, samples[0::channels]


def tone_stats(path):
    rate, left = read_wav(path)
    nonzero = [i for i, v in enumerate(left) if v != 0]
    check(nonzero, "%s: silence" % path)
    seg = left[nonzero[0]:nonzero[-1] + 1]
    crossings = sum(1 for i in range(1, len(seg)) if (seg[i - 1] < 0) != (seg[i] < 0))
    seconds = len(seg) / rate
    rms = (sum(v * v for v in seg) / len(seg)) ** 0.5
    level = sorted(abs(v) for v in seg)[len(seg) // 2]  # the square wave's plateau
    return dict(rate=rate, seconds=seconds, hz=crossings / 2 / seconds, peak=max(seg),
                trough=min(seg), rms=rms, level=level)


def run(emulator, board, wav, log):
    argv = [emulator] + board["argv"] + ["-nographic", "-monitor", "none",
                                         "-audiodev", "wav,id=a0,path=" + wav]
    console = GuestConsole(argv, log_path=log)
    try:
        console.expect(board["up"], 300)
        console.expect(rb"[#$] ", 60)
        dmesg = console.run("dmesg")
        alsa = [m.group(1) for m in ALSA_LINE.finditer(dmesg)]
        cards = console.run("cat /proc/asound/cards")
        check(console.run(MAKE_TONE).split()[-1] == "8192", "tone file")
        before = console.run("cat /proc/interrupts")
        console.run("cat /tmp/t > /dev/dsp; sleep 2", timeout=120)
        after = console.run("cat /proc/interrupts")
        return alsa, cards, before, after
    finally:
        console.close()


def irq_count(text, name):
    for line in text.splitlines():
        if name in line:
            return int(line.split()[1])
    return 0


def main():
    boardwalk, images, which = sys.argv[1], sys.argv[2], sys.argv[3]
    tmp = tempfile.mkdtemp(prefix="bw-sound-")
    try:
        board = versatilepb(images) if which == "versatilepb" else malta(images, tmp)
        qemu = shutil.which(board["qemu"])
        check(qemu, "%s not found (the reference)" % board["qemu"])
        ours_wav, ref_wav = os.path.join(tmp, "ours.wav"), os.path.join(tmp, "qemu.wav")
        ours = run(boardwalk, board, ours_wav, os.environ.get("BOOT_LOG"))
        ref = run(qemu, board, ref_wav, None)

        print("ALSA lines:\n  " + "\n  ".join(ours[0]))
        check(ours[0] == ref[0], "ALSA lines differ from QEMU's:\n%s\n--- QEMU:\n%s"
              % ("\n".join(ours[0]), "\n".join(ref[0])))
        check(ours[1].strip() == ref[1].strip() and "0 [" in ours[1],
              "/proc/asound/cards differs:\n%s\n--- QEMU:\n%s" % (ours[1], ref[1]))
        a, b = irq_count(ours[2], board["irq_name"]), irq_count(ours[3], board["irq_name"])
        print("sound interrupts while playing: %d -> %d" % (a, b))
        check(b > a, "no sound interrupts")

        got, want = tone_stats(ours_wav), tone_stats(ref_wav)
        for name, s in (("boardwalk", got), ("qemu", want)):
            print("%-9s %5d Hz wav: %.3f s of tone at %.1f Hz, level %d, peak %d/%d, rms %.0f"
                  % (name, s["rate"], s["seconds"], s["hz"], s["level"], s["peak"], s["trough"],
                     s["rms"]))
        check(abs(got["hz"] - TONE_HZ) < 0.01 * TONE_HZ, "tone frequency %.1f Hz" % got["hz"])
        check(abs(got["hz"] - want["hz"]) < 0.01 * TONE_HZ, "frequency differs from QEMU's")
        # QEMU's resampling to 44100 Hz rounds the square wave's edges (a lower rms).
        check(abs(got["level"] - want["level"]) <= 0.01 * want["level"], "level differs from QEMU's")
        check(abs(got["rms"] - want["rms"]) < 0.1 * want["rms"], "rms differs from QEMU's")
        check(abs(got["peak"] - want["peak"]) <= 0.01 * want["peak"], "peak differs from QEMU's")
        check(0.85 * TONE_SECONDS < got["seconds"] <= TONE_SECONDS + 0.01,
              "tone lasts %.3f s" % got["seconds"])
        check(abs(got["seconds"] - want["seconds"]) < 0.1, "duration differs from QEMU's")
        print("PASS")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
