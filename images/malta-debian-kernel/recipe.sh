#!/usr/bin/env bash
# malta-debian-kernel: Debian's own prebuilt kernel for malta (the package the
# linux-image-4kc-malta meta-package points to, mipsel; fetched with apt, not
# installed) and a busybox initramfs (Debian's mipsel busybox-static) whose
# /init prints "boardwalk: initramfs up" and keeps a shell on the console.
# A kernel nobody here configured. Called by images/build.sh with OUT and WORK
# set; runs in WORK.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)

# The meta-package names the current ABI's image package.
meta=linux-image-4kc-malta:mipsel
pkg=$(apt-cache show --no-all-versions "$meta" | sed -n 's/^Depends: //p' | tr ',' '\n' |
  sed -n 's/^ *\(linux-image-[^ ]*-4kc-malta\)\( .*\)\?$/\1/p' | head -n1)
[ -n "$pkg" ] || { echo "cannot resolve $meta" >&2; exit 1; }
deb=$("$REPO/images/fetch-deb.sh" "$pkg:mipsel")
echo "kernel package: $deb"
mkdir kpkg && dpkg-deb -x "$deb" kpkg
set -- kpkg/boot/vmlinuz-*
[ $# = 1 ] && [ -f "$1" ] || { echo "expected one vmlinuz in $pkg" >&2; exit 1; }
release=${1#kpkg/boot/vmlinuz-}
cp "$1" "$OUT/vmlinuz"
cp "kpkg/boot/config-$release" "$OUT/config"
cp "kpkg/boot/System.map-$release" "$OUT/System.map"
echo "$release" >"$OUT/release"

# The initramfs.
bbdeb=$("$REPO/images/fetch-deb.sh" busybox-static:mipsel)
mkdir bb && dpkg-deb -x "$bbdeb" bb
tar xJf /usr/src/linux-source-6.1.tar.xz -C "$WORK" linux-source-6.1/usr/gen_init_cpio.c
gcc -O2 -o gen_init_cpio linux-source-6.1/usr/gen_init_cpio.c
cp bb/bin/busybox busybox
cp "$here/init" init
touch -d @0 busybox init
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
nod /dev/ttyS0 0600 0 0 c 4 64
nod /dev/null 0666 0 0 c 1 3
dir /proc 0555 0 0
dir /sys 0555 0 0
dir /tmp 01777 0 0
dir /root 0700 0 0
dir /mnt 0755 0 0
dir /etc 0755 0 0
file /init $WORK/init 0755 0 0
LIST
./gen_init_cpio -t 0 initramfs.list >initrd.cpio
gzip -9 -n <initrd.cpio >"$OUT/initrd.cpio.gz"
sed "s|$WORK/||" initramfs.list >"$OUT/initramfs.list"
