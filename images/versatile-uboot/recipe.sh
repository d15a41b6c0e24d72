#!/usr/bin/env bash
# versatile-uboot: U-Boot 2021.01 from Debian bullseye's source package, for
# QEMU's versatilepb. No Debian U-Boot has a versatilepb board; the
# integratorcp_cm926ejs configuration runs on it once versatilepb.patch moves
# the PL011, SP804 and SMC91C111 to versatilepb's addresses, drops the
# Integrator core-module set-up (its registers would be versatilepb's system
# registers), passes versatilepb's machine id and, as versatile.h does, the initrd
# ATAG (a multi-file uImage's second part). config.fragment adds dhcp
# and ping. Called by images/build.sh with OUT and WORK set; runs in WORK.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)

dsc=$("$here/fetch-source.sh" u-boot 2021.01+dfsg-5 bullseye \
  dcad07a093e07eef7268d7f268aecb541ff7bc6c14829d2c417c255464e6facf)
# Applies Debian's patches too; checks the tarballs against the .dsc.
dpkg-source -x "$dsc" "$WORK/u-boot"
cd "$WORK/u-boot"
patch -p1 --no-backup-if-mismatch <"$here/versatilepb.patch"

export ARCH=arm CROSS_COMPILE=arm-linux-gnueabi-
# Fixed build date: the same recipe gives the same version banner.
export SOURCE_DATE_EPOCH=0
make integratorcp_cm926ejs_defconfig
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

make -j2
cp u-boot u-boot.bin u-boot.map System.map "$OUT/"
cp .config "$OUT/config"
