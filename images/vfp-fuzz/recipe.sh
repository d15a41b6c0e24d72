#!/usr/bin/env bash
# vfp-fuzz: the VFPv2 random-instruction differential test programs. gen.py (fixed seeds)
# writes one assembly file per program; each is linked with the arm-baremetal start-up and
# runtime (tests/guest/arm/common) and the VFP harness (entry.S, harness.c), at 0x10000 like
# arm-baremetal. The C code stays soft-float; the assembly enables VFPv2.
# Called by images/build.sh with OUT, WORK and REPO set; runs in WORK.
set -euo pipefail
src=$REPO/tests/guest/arm
vfp=$src/vfp
cc=arm-linux-gnueabi-gcc
cflags=(-mcpu=arm926ej-s -marm -O1 -g -Wall -Wextra -Werror -ffreestanding -fno-builtin -nostdlib
  -nostartfiles -fno-pic -fno-pie -no-pie -static -fno-stack-protector -fno-unwind-tables
  -fno-asynchronous-unwind-tables -Wa,--noexecstack
  -Wl,--no-warn-rwx-segments -I"$src" -Wl,--build-id=none -Wl,-T,"$src/common/link.ld")

compile() { "$cc" "${cflags[@]}" -ffile-prefix-map="$src"=tests/guest/arm -ffile-prefix-map="$WORK"=. -c -o "$2" "$1"; }
compile "$src/common/start.S" start.o
compile "$src/common/lib.c" lib.o
compile "$vfp/entry.S" entry.o
compile "$vfp/harness.c" harness.o
python3 "$vfp/gen.py" .
for name in $(python3 "$vfp/gen.py" --list); do
  compile "$name.S" "$name.o"
  "$cc" "${cflags[@]}" -o "$OUT/$name.elf" start.o lib.o entry.o harness.o "$name.o" -lgcc
  arm-linux-gnueabi-objdump -d "$OUT/$name.elf" >"$OUT/$name.dis"
  cp "$name.S" "$OUT/$name.S"
done
