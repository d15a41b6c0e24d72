#!/usr/bin/env python3
"""Boot tests for malta.

opendingux: the second source document's command line (-kernel vmlinux -hda 512M, with the
later-device options) reaches the shell inside the loop-mounted squashfs root; checks from
inside the guest prove the wiring: the CP0 timer, ttyS0 and IDE (ata_piix) interrupts count,
files read over IDE match the host (squashfs /etc/testdata.bin, /boot/rootfs.bin), a file
written to the FAT disk is visible on the host with mtools after sync and a read-only
remount (/boot holds the root's loop file, so it cannot be unmounted), and a guest
reboot (FPGA SOFTRES) boots again. The disk is a copy in a temporary directory, so the cached
image is never modified.
debian: Debian's own 4kc-malta kernel with a busybox initramfs (-initrd) reaches its shell.

usage: malta_boot_test.py BOARDWALK IMAGES_DIR opendingux|debian
"""
import hashlib
import os
import re
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(__file__))
from guest_console import GuestConsole  # noqa: E402


def interrupt_count(text, irq):
    """Count on the /proc/interrupts line of interrupt number |irq|."""
    for line in text.splitlines():
        fields = line.split()
        if fields and fields[0] == "%d:" % irq:
            return int(fields[1]), " ".join(fields[2:])
    raise AssertionError("no IRQ %d in /proc/interrupts:\n%s" % (irq, text))


def md5_file(path):
    with open(path, "rb") as f:
        return hashlib.md5(f.read()).hexdigest()


def opendingux(boardwalk, images):
    kernel = os.path.join(images, "malta-linux", "vmlinux")
    rootfs = os.path.join(images, "malta-rootfs")
    tmp = tempfile.mkdtemp(prefix="bw-malta-")
    disk = os.path.join(tmp, "512M")
    subprocess.run(["cp", "--sparse=always", os.path.join(rootfs, "512M"), disk], check=True)
    # The command line of the second source document, verbatim apart from the paths.
    argv = [boardwalk, "-M", "malta", "-m", "256", "-kernel", kernel, "-hda", disk,
            "-serial", "stdio", "-nographic", "-sdl", "-soundhw", "ac97", "-usbdevice",
            "keyboard", "-k", "en-us", "-rtc", "clock=vm", "-net", "nic,model=e1000",
            "-net", "user", "-monitor", "none"]
    console = GuestConsole(argv, log_path=os.environ.get("BOOT_LOG"))
    try:
        console.expect(rb"Linux version 6\.1", 60)
        console.expect(rb"mininit: switching to rootfs", 300)
        console.expect(rb"boardwalk: rootfs up", 120)
        console.expect(rb"[#$] ", 60)
        print("shell after %.2f s" % console.elapsed())
        assert console.run("echo $((6*7))").strip() == "42"
        mounts = console.run("cat /proc/mounts")
        assert re.search(r"^/dev/loop0 / squashfs", mounts, re.M), mounts
        assert re.search(r"^/dev/sda /boot vfat", mounts, re.M), mounts

        first = console.run("cat /proc/interrupts")
        # IDE traffic between the two samples: uncached reads of the whole rootfs.bin.
        got = console.run("echo 3 > /proc/sys/vm/drop_caches; md5sum /boot/rootfs.bin")
        second = console.run("cat /proc/interrupts")
        for irq, name in ((23, "timer"), (4, "ttyS0"), (14, "ata_piix")):
            (a, na), (b, _) = interrupt_count(first, irq), interrupt_count(second, irq)
            print("IRQ %d (%s): %d -> %d" % (irq, na, a, b))
            assert name in na, "IRQ %d is %r, expected %s" % (irq, na, name)
            assert b > a > 0, "%s interrupts not counting: %d -> %d" % (name, a, b)
        want = md5_file(os.path.join(rootfs, "rootfs.bin"))
        m = re.search(r"^([0-9a-f]{32})  /boot/rootfs.bin$", got, re.M)
        assert m and m.group(1) == want, "rootfs.bin md5 in guest %r != host %s" % (got, want)
        with open(os.path.join(rootfs, "testdata.md5")) as f:
            want = f.read().split()[0]
        got = console.run("md5sum /etc/testdata.bin").split()[0]
        assert got == want, "testdata md5 in guest %s != %s" % (got, want)

        # A file written on the FAT disk, then a clean unmount: the host sees it. /boot holds
        # the loop-mounted root, so it cannot be unmounted; a read-only remount writes
        # everything back and marks the volume clean, as an unmount would.
        console.run("echo written-by-malta-guest > /boot/local/bwtest.txt; sync")
        out = console.run("mount -o remount,ro /boot && echo clean")
        assert "clean" in out, out
        host = subprocess.run(["mtype", "-i", disk, "::/local/bwtest.txt"], check=True,
                              capture_output=True, text=True).stdout
        assert host.strip() == "written-by-malta-guest", repr(host)
        print("FAT write visible on the host: %r" % host.strip())

        # reboot -f: Linux writes the FPGA SOFTRES register; the same kernel must come up.
        console.send("reboot -f\n")
        console.expect(rb"reboot: Restarting system", 60)
        console.expect(rb"Linux version 6\.1", 60)
        console.expect(rb"boardwalk: rootfs up", 300)
        console.expect(rb"[#$] ", 60)
        assert console.run("cat /boot/local/bwtest.txt").strip() == "written-by-malta-guest"
        print("PASS")
    finally:
        console.close()
        shutil.rmtree(tmp, ignore_errors=True)


def debian(boardwalk, images):
    d = os.path.join(images, "malta-debian-kernel")
    argv = [boardwalk, "-M", "malta", "-m", "256", "-kernel", os.path.join(d, "vmlinuz"),
            "-initrd", os.path.join(d, "initrd.cpio.gz"), "-nographic"]
    console = GuestConsole(argv, log_path=os.environ.get("BOOT_LOG"))
    try:
        console.expect(rb"Linux version 6\.1\.\S+-4kc-malta", 120)
        console.expect(rb"CPU0 revision is: 00019300 \(MIPS 24Kc\)", 30)
        console.expect(rb"Initial ramdisk at: 0x8", 30)
        console.expect(rb"boardwalk: initramfs up", 300)
        console.expect(rb"[#$] ", 60)
        print("shell after %.2f s" % console.elapsed())
        assert console.run("echo $((6*7))").strip() == "42"
        uname = console.run("uname -r")
        assert uname.strip().endswith("-4kc-malta"), uname
        print("PASS")
    finally:
        console.close()


def main():
    boardwalk, images, which = sys.argv[1], sys.argv[2], sys.argv[3]
    {"opendingux": opendingux, "debian": debian}[which](boardwalk, images)


if __name__ == "__main__":
    main()
