#!/usr/bin/env bash
# malta-rootfs: the OpenDingux-style disk of the second source document.
#   rootfs.bin  squashfs of a busybox (Debian's mipsel busybox-static) root:
#               busybox init, /etc/init.d/rcS printing "boardwalk: rootfs up",
#               a shell on the console; /etc/testdata.bin (64 KiB, fixed).
#   512M        a 512 MiB FAT disk (sparse file, no partition table) holding
#               rootfs.bin and local/hello.txt; the malta-linux kernel's
#               boot=/dev/sda loop0=/boot/rootfs.bin mounts it.
# Built without root or mount: applet links are listed by running the mipsel
# busybox under qemu-mipsel-static, the FAT is filled with mtools.
# Called by images/build.sh with OUT and WORK set; runs in WORK.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)

deb=$("$REPO/images/fetch-deb.sh" busybox-static:mipsel)
mkdir bb && dpkg-deb -x "$deb" bb

root=$WORK/root
cp -a "$here/root" "$root"
mkdir -p "$root"/{bin,sbin,usr/bin,usr/sbin,dev,proc,sys,tmp,run,boot,root,mnt}
chmod 1777 "$root/tmp"
mkdir -p "$root/etc/udhcpc"
cp "$REPO/images/common/udhcpc.script" "$root/etc/udhcpc/default.script"
chmod 0700 "$root/root"
cp bb/bin/busybox "$root/bin/busybox"
# One symlink per applet, where Debian's busybox would install it.
qemu-mipsel-static "$root/bin/busybox" --list-full >applets
[ "$(wc -l <applets)" -gt 200 ]
while read -r a; do
  [ "$a" = bin/busybox ] && continue
  ln -s "/bin/busybox" "$root/$a"
done <applets
[ -L "$root/sbin/init" ] && [ -L "$root/sbin/switch_root" ] && [ -L "$root/bin/sh" ]

# 64 KiB AES-128-CTR keystream under a fixed key (same as versatile-initramfs):
# read back through IDE, loop and squashfs, its md5 proves the data path.
head -c 65536 /dev/zero |
  openssl enc -aes-128-ctr -nosalt -K 626f61726477616c6b20746573746461 -iv 0 >"$root/etc/testdata.bin"
md5sum <"$root/etc/testdata.bin" | cut -d' ' -f1 >"$OUT/testdata.md5"

mksquashfs "$root" "$OUT/rootfs.bin" -comp gzip -all-root -noappend -no-xattrs \
  -mkfs-time 0 -all-time 0 -no-progress

# The FAT disk. FAT timestamps start in 1980: pin everything to 2000-01-01.
mkdir local
cp "$here/hello.txt" local/hello.txt
touch -d 2000-01-01T00:00:00Z local/hello.txt local "$OUT/rootfs.bin"
truncate -s 512M disk
mkfs.fat -F 32 -n BOARDWALK --invariant disk >/dev/null
export MTOOLS_SKIP_CHECK=1 SOURCE_DATE_EPOCH=946684800
mcopy -m -i disk "$OUT/rootfs.bin" ::rootfs.bin
mcopy -m -s -i disk local ::
mdir -i disk -/ :: >"$OUT/disk.list"
mv disk "$OUT/512M"
