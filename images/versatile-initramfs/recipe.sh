#!/usr/bin/env bash
# versatile-initramfs: a busybox initramfs for armel (Debian's busybox-static)
# with /init printing "boardwalk: initramfs up" and a shell on ttyAMA0, plus
# /etc/testdata.bin (64 KiB, fixed content) whose md5 the boot test compares.
# Built without root: the kernel's own usr/gen_init_cpio writes the device nodes.
# Called by images/build.sh with OUT and WORK set; runs in WORK.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)

tar xJf /usr/src/linux-source-6.1.tar.xz -C "$WORK" linux-source-6.1/usr/gen_init_cpio.c
gcc -O2 -o gen_init_cpio linux-source-6.1/usr/gen_init_cpio.c

# 64 KiB AES-128-CTR keystream under a fixed key: pseudo-random but fixed.
head -c 65536 /dev/zero |
  openssl enc -aes-128-ctr -nosalt -K 626f61726477616c6b20746573746461 -iv 0 >testdata.bin
[ "$(stat -c %s testdata.bin)" = 65536 ]

cp /bin/busybox busybox
cp "$here/init" init
cp "$REPO/images/common/udhcpc.script" udhcpc.script
# File mtimes go into the archive; pin them (dirs/nodes/links use -t).
touch -d @0 busybox init testdata.bin udhcpc.script

cat >initramfs.list <<LIST
dir /bin 0755 0 0
file /bin/busybox $WORK/busybox 0755 0 0
slink /bin/sh busybox 0777 0 0
dir /sbin 0755 0 0
dir /usr 0755 0 0
dir /usr/bin 0755 0 0
dir /usr/sbin 0755 0 0
dir /dev 0755 0 0
nod /dev/console 0600 0 0 c 5 1
nod /dev/ttyAMA0 0600 0 0 c 204 64
nod /dev/null 0666 0 0 c 1 3
dir /proc 0555 0 0
dir /sys 0555 0 0
dir /tmp 01777 0 0
dir /root 0700 0 0
dir /mnt 0755 0 0
dir /etc 0755 0 0
dir /etc/udhcpc 0755 0 0
file /etc/udhcpc/default.script $WORK/udhcpc.script 0755 0 0
file /etc/testdata.bin $WORK/testdata.bin 0644 0 0
file /init $WORK/init 0755 0 0
LIST

./gen_init_cpio -t 0 initramfs.list >initrd.cpio
gzip -9 -n <initrd.cpio >"$OUT/initrd.cpio.gz"
cp testdata.bin "$OUT/"
sed "s|$WORK/||" initramfs.list >"$OUT/initramfs.list"
md5sum testdata.bin | cut -d' ' -f1 >"$OUT/testdata.md5"
