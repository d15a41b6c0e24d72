#!/usr/bin/env bash
# malta-netboot: the malta-linux kernel as a legacy U-Boot uImage for the
# maltael U-Boot's tftpboot + bootm: vmlinux's loadable bytes (objcopy -O
# binary), load address and entry point from its ELF headers. The kernel keeps
# its built-in initramfs and command line, so bootm with `memsize=256M` in
# bootargs boots the OpenDingux-style disk given with -hda.
# Called by images/build.sh with OUT and WORK set; runs in WORK.
set -euo pipefail

kernel=$("$REPO/images/build.sh" malta-linux | tail -n1)
vmlinux=$kernel/vmlinux
# One PT_LOAD segment: its physical address is where the binary image starts.
load=$(mipsel-linux-gnu-readelf -lW "$vmlinux" | awk '$1 == "LOAD" {print $4; exit}')
entry=$(mipsel-linux-gnu-readelf -hW "$vmlinux" | awk '/Entry point address/ {print $4}')
[ "$(mipsel-linux-gnu-readelf -lW "$vmlinux" | grep -c '^ *LOAD')" = 1 ] ||
  { echo "expected one LOAD segment in $vmlinux" >&2; exit 1; }
mipsel-linux-gnu-objcopy -O binary "$vmlinux" vmlinux.bin
SOURCE_DATE_EPOCH=0 mkimage -A mips -O linux -T kernel -C none -a "$load" -e "$entry" \
  -n "Linux-6.1 malta" -d vmlinux.bin "$OUT/uImage"
stat -c %s "$OUT/uImage" >"$OUT/uImage.size"
echo "load $load entry $entry" >"$OUT/addresses"
