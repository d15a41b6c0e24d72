#!/usr/bin/env bash
# versatile-netboot: the file the first source document's U-Boot fetches by
# TFTP and boots with a bare `bootm`: a multi-file uImage of the versatile
# kernel (zImage with the DTB appended) and the busybox initramfs, so bootm
# passes the second part as the initrd and Linux reaches the shell.
# Built from the versatile-linux and versatile-initramfs images (their recipes
# are inputs, so a change to either gives a new key here).
# Called by images/build.sh with OUT and WORK set; runs in WORK.
set -euo pipefail

kernel=$("$REPO/images/build.sh" versatile-linux | tail -n1)
initramfs=$("$REPO/images/build.sh" versatile-initramfs | tail -n1)
SOURCE_DATE_EPOCH=0 mkimage -A arm -O linux -T multi -C none -a 0x8000 -e 0x8000 \
  -n "Linux-6.1 versatile+initramfs" \
  -d "$kernel/zImage-dtb:$initramfs/initrd.cpio.gz" "$OUT/uImage"
cp "$initramfs/testdata.md5" "$OUT/"
