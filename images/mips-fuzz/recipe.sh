#!/usr/bin/env bash
# mips-fuzz: the random-instruction differential test programs for malta (integer and FPU).
# gen.py (fixed seeds) reads the encoding table core/cpu/mips/decoder.cpp and writes one
# assembly file per program; each is linked with the mips-baremetal start-up and runtime
# (tests/guest/mips/common) and the fuzz harness (entry.S, harness.c), in kseg0 at
# 0x80100000 like mips-baremetal (loaded with -kernel).
# Called by images/build.sh with OUT, WORK and REPO set; runs in WORK.
set -euo pipefail
src=$REPO/tests/guest/mips
fuzz=$src/fuzz
cc=mipsel-linux-gnu-gcc
cflags=(-march=mips32r2 -mtune=24kf -msoft-float -mno-abicalls -fno-pic -fno-pie -no-pie -G0 -O1 -g
  -Wall -Wextra -Werror -ffreestanding -fno-builtin -nostdlib -nostartfiles -static
  -fno-stack-protector -fno-unwind-tables -fno-asynchronous-unwind-tables -I"$src"
  -Wl,--build-id=none -Wl,-T,"$src/common/link.ld")

compile() { "$cc" "${cflags[@]}" "${extra[@]}" -ffile-prefix-map="$src"=tests/guest/mips -ffile-prefix-map="$WORK"=. -c -o "$2" "$1"; }
extra=()
compile "$src/common/start.S" start.o
compile "$src/common/lib.c" lib.o
compile "$fuzz/harness.c" harness.o
# The entry code and the programs use FPU instructions (with -msoft-float the assembler would
# refuse them); the C code stays soft-float.
extra=(-Wa,-mhard-float)
compile "$fuzz/entry.S" entry.o
python3 "$fuzz/gen.py" . "$REPO/core/cpu/mips/decoder.cpp"
for name in $(python3 "$fuzz/gen.py" --list); do
  compile "$name.S" "$name.o"
  "$cc" "${cflags[@]}" -o "$OUT/$name.elf" start.o lib.o entry.o harness.o "$name.o" -lgcc
  mipsel-linux-gnu-objdump -d "$OUT/$name.elf" >"$OUT/$name.dis"
  cp "$name.S" "$OUT/$name.S"
done
