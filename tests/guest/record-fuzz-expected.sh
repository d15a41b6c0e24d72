#!/usr/bin/env bash
# Records the <prog>.expected files of a random-instruction test image from
# Debian's QEMU (the reference) for every program its gen.py lists, and checks
# that a second run prints the same. Rerun after changing a gen.py, entry.S or
# harness.c (or, for mips-fuzz, a row of core/cpu/mips/decoder.cpp that gen.py
# generates); the .expected files are checked in.
#
#   tests/guest/record-fuzz-expected.sh arm-fuzz|vfp-fuzz|mips-fuzz [prog...]
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
image=${1:?usage: record-fuzz-expected.sh arm-fuzz|vfp-fuzz|mips-fuzz [prog...]}
shift
case $image in
  arm-fuzz) src=tests/guest/arm/fuzz; qemu=(qemu-system-arm -M versatilepb) ;;
  vfp-fuzz) src=tests/guest/arm/vfp; qemu=(qemu-system-arm -M versatilepb) ;;
  mips-fuzz) src=tests/guest/mips/fuzz; qemu=(qemu-system-mipsel -M malta) ;;
  *) echo "record-fuzz-expected.sh: unknown image '$image'" >&2; exit 2 ;;
esac
qemu+=(-m 128 -nographic -monitor none)
dir=$("$repo/images/build.sh" "$image")

progs=("$@")
[ ${#progs[@]} -gt 0 ] || mapfile -t progs < <(python3 "$repo/$src/gen.py" --list)
for p in "${progs[@]}"; do
  exp=$repo/$src/$p.expected
  "$repo/tests/guest/run-compare.sh" --record "$exp" 30 -- "${qemu[@]}" -kernel "$dir/$p.elf"
  "$repo/tests/guest/run-compare.sh" "$exp" 30 -- "${qemu[@]}" -kernel "$dir/$p.elf" >/dev/null
done
