#!/usr/bin/env bash
# mips-baremetal: the differential test programs of tests/guest/mips, built with Debian's
# mipsel-linux-gnu cross compiler as freestanding little-endian MIPS32r2 ELF images for
# malta, linked in kseg0 at 0x80100000 (loaded with -kernel). Each top-level
# tests/guest/mips/*.c or *.S is one program, linked with common/start.S and common/lib.c.
# bios/*.S are flash images for -bios (see below).
# Called by images/build.sh with OUT, WORK and REPO set; runs in WORK.
set -euo pipefail
src=$REPO/tests/guest/mips
cc=mipsel-linux-gnu-gcc
cflags=(-march=mips32r2 -mtune=24kf -msoft-float -mno-abicalls -fno-pic -fno-pie -no-pie -G0 -O1 -g
  -Wall -Wextra -Werror -ffreestanding -fno-builtin -nostdlib -nostartfiles -static
  -fno-stack-protector -fno-unwind-tables -fno-asynchronous-unwind-tables -I"$src"
  -Wl,--build-id=none -Wl,-T,"$src/common/link.ld")

shopt -s nullglob
compile() { "$cc" "${cflags[@]}" -ffile-prefix-map="$src"=tests/guest/mips -ffile-prefix-map="$WORK"=. -c -o "$2" "$1"; }
compile "$src/common/start.S" start.o
compile "$src/common/lib.c" lib.o
n=0
for prog in "$src"/*.c "$src"/*.S; do
  name=$(basename "${prog%.*}")
  compile "$prog" "$name.o"
  "$cc" "${cflags[@]}" -o "$OUT/$name.elf" start.o lib.o "$name.o" -lgcc
  mipsel-linux-gnu-objdump -d "$OUT/$name.elf" >"$OUT/$name.dis"
  n=$((n + 1))
done
# -bios programs (bios/*.S): position-dependent code at the reset vector, stored with every
# 32-bit word byte-swapped (the bi-endian flash convention a little-endian malta undoes).
for prog in "$src"/bios/*.S; do
  name=$(basename "${prog%.*}")
  compile "$prog" "$name.o"
  mipsel-linux-gnu-ld -EL -Ttext=0xbfc00000 --build-id=none -o "$OUT/$name.elf" "$name.o"
  mipsel-linux-gnu-objcopy -O binary -j .text "$OUT/$name.elf" "$name.le"
  mipsel-linux-gnu-objcopy -I binary -O binary --reverse-bytes=4 "$name.le" "$OUT/$name.bin"
  mipsel-linux-gnu-objdump -d "$OUT/$name.elf" >"$OUT/$name.dis"
  n=$((n + 1))
done
[ "$n" -gt 0 ]
