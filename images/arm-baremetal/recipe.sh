#!/usr/bin/env bash
# arm-baremetal: the differential test programs of tests/guest/arm, built with
# Debian's arm-linux-gnueabi cross compiler as freestanding ELF (+ raw .bin)
# images for versatilepb, linked at 0x10000. Each top-level tests/guest/arm/*.c
# or *.S is one program, linked with common/start.S and common/lib.c.
# Called by images/build.sh with OUT, WORK and REPO set; runs in WORK.
set -euo pipefail
src=$REPO/tests/guest/arm
cc=arm-linux-gnueabi-gcc
cflags=(-mcpu=arm926ej-s -marm -O1 -g -Wall -Wextra -Werror -ffreestanding -fno-builtin -nostdlib
  -nostartfiles -fno-pic -fno-pie -no-pie -static -fno-stack-protector -fno-unwind-tables
  -fno-asynchronous-unwind-tables -masm-syntax-unified -Wa,--noexecstack -Wl,--no-warn-rwx-segments -I"$src" -Wl,--build-id=none -Wl,-T,"$src/common/link.ld")

shopt -s nullglob
# Compile to named objects in WORK (temporary object names would end up in
# the ELF); -ffile-prefix-map keeps the checkout path out of the debug info.
compile() { "$cc" "${cflags[@]}" -ffile-prefix-map="$src"=tests/guest/arm -ffile-prefix-map="$WORK"=. -c -o "$2" "$1"; }
compile "$src/common/start.S" start.o
compile "$src/common/lib.c" lib.o
n=0
for prog in "$src"/*.c "$src"/*.S; do
  name=$(basename "${prog%.*}")
  compile "$prog" "$name.o"
  "$cc" "${cflags[@]}" -o "$OUT/$name.elf" start.o lib.o "$name.o" -lgcc
  arm-linux-gnueabi-objcopy -O binary "$OUT/$name.elf" "$OUT/$name.bin"
  arm-linux-gnueabi-objdump -d "$OUT/$name.elf" >"$OUT/$name.dis"
  n=$((n + 1))
done
[ "$n" -gt 0 ]
