#!/usr/bin/env bash
# versatile-linux: Debian's linux-source-6.1 built for QEMU's versatilepb
# (versatile_defconfig + config.fragment). Called by images/build.sh with
# OUT (empty output dir) and WORK (scratch dir) set; runs in WORK.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)

tar xJf /usr/src/linux-source-6.1.tar.xz -C "$WORK"
cd "$WORK/linux-source-6.1"

export ARCH=arm CROSS_COMPILE=arm-linux-gnueabi-
# Fixed build stamps: the same recipe gives the same banner in /proc/version.
export KBUILD_BUILD_TIMESTAMP="1970-01-01 00:00:00 UTC" KBUILD_BUILD_USER=boardwalk \
  KBUILD_BUILD_HOST=boardwalk KBUILD_BUILD_VERSION=1

make versatile_defconfig
scripts/kconfig/merge_config.sh -m .config "$here/config.fragment"
make olddefconfig

# merge_config only warns when a symbol does not stick; make it an error.
missing=0
while IFS= read -r line; do
  case "$line" in
    CONFIG_*=*)
      grep -qxF -- "$line" .config || { echo "config: '$line' did not stick" >&2; missing=1; } ;;
    "# CONFIG_"*" is not set")
      sym=${line#\# }; sym=${sym%% *}
      if grep -q "^$sym=" .config; then echo "config: $sym is still set" >&2; missing=1; fi ;;
  esac
done <"$here/config.fragment"
[ "$missing" = 0 ]

make -j2 zImage dtbs

cp arch/arm/boot/zImage arch/arm/boot/dts/versatile-pb.dtb vmlinux System.map "$OUT/"
cp .config "$OUT/config"
# The uImage for U-Boot's bootm carries the DTB (U-Boot 2021.01's integratorcp
# build passes ATAGs only).
cat arch/arm/boot/zImage arch/arm/boot/dts/versatile-pb.dtb >"$OUT/zImage-dtb"
SOURCE_DATE_EPOCH=0 mkimage -A arm -O linux -T kernel -C none -a 0x8000 -e 0x8000 \
  -n "Linux-6.1 versatile" -d "$OUT/zImage-dtb" "$OUT/uImage"
