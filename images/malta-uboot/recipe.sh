#!/usr/bin/env bash
# malta-uboot: Debian's prebuilt U-Boot for the little-endian Malta (the maltael
# build in the u-boot-qemu package, fetched with apt, not installed): pcnet
# driver, dhcp, tftpboot, iminfo, bootm; prompt "maltael # ".
# u-boot.bin is Debian's file as shipped (words in little-endian order).
# QEMU's -bios, and boardwalk's, swap every 32-bit word of a little-endian
# malta's flash image (YAMON's bi-endian convention), so the file to boot is
# u-boot-swap.bin: the same words pre-swapped (U-Boot's own u-boot-swap.bin).
# Called by images/build.sh with OUT and WORK set; runs in WORK.
set -euo pipefail

deb=$("$REPO/images/fetch-deb.sh" u-boot-qemu)
echo "u-boot package: $deb"
mkdir pkg && dpkg-deb -x "$deb" pkg
bin=pkg/usr/lib/u-boot/maltael/u-boot.bin
[ -f "$bin" ] || { echo "no maltael/u-boot.bin in $deb" >&2; exit 1; }
[ $(($(stat -c %s "$bin") % 4)) = 0 ] || { echo "$bin: size not a multiple of 4" >&2; exit 1; }
cp "$bin" "$OUT/u-boot.bin"
objcopy -I binary -O binary --reverse-bytes=4 "$bin" "$OUT/u-boot-swap.bin"
zcat pkg/usr/share/doc/u-boot-qemu/configs/config.maltael.gz >"$OUT/config"
grep -q '^CONFIG_PCNET=y' "$OUT/config"
grep -q '^CONFIG_CMD_DHCP=y' "$OUT/config"
