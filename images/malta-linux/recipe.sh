#!/usr/bin/env bash
# malta-linux: Debian's linux-source-6.1 built for QEMU's malta, little-endian
# MIPS32r2 (malta_defconfig + config.fragment), with a busybox initramfs built
# in whose /init (mininit) does what OpenDingux's mininit does: mount boot=,
# loop-mount loop0=, switch_root to root=. Called by images/build.sh with OUT
# (empty output dir) and WORK (scratch dir) set; runs in WORK.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)

# Debian's mipsel busybox-static (conflicts with the armel one, so it is
# fetched, not installed).
deb=$("$REPO/images/fetch-deb.sh" busybox-static:mipsel)
mkdir bb && dpkg-deb -x "$deb" bb
cp bb/bin/busybox busybox
cp "$here/mininit" init
touch -d @0 busybox init

# A gen_init_cpio list; the kernel build turns it into the built-in archive.
# Device nodes are listed, so no root is needed.
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
nod /dev/null 0666 0 0 c 1 3
dir /proc 0555 0 0
dir /sys 0555 0 0
dir /boot 0755 0 0
dir /newroot 0755 0 0
file /init $WORK/init 0755 0 0
LIST

tar xJf /usr/src/linux-source-6.1.tar.xz -C "$WORK"
cd "$WORK/linux-source-6.1"

export ARCH=mips CROSS_COMPILE=mipsel-linux-gnu-
# Fixed build stamps: the same recipe gives the same banner in /proc/version.
export KBUILD_BUILD_TIMESTAMP="1970-01-01 00:00:00 UTC" KBUILD_BUILD_USER=boardwalk \
  KBUILD_BUILD_HOST=boardwalk KBUILD_BUILD_VERSION=1

sed "s|@INITRAMFS_LIST@|$WORK/initramfs.list|" "$here/config.fragment" >"$WORK/config.fragment"
make malta_defconfig
scripts/kconfig/merge_config.sh -m .config "$WORK/config.fragment"
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
done <"$WORK/config.fragment"
[ "$missing" = 0 ]

# Modules stay enabled (MODULES=n would build every =m driver in) but only
# vmlinux is built.
make -j2 vmlinux

cp vmlinux System.map "$OUT/"
cp .config "$OUT/config"
sed "s|$WORK/||" "$WORK/initramfs.list" >"$OUT/initramfs.list"
