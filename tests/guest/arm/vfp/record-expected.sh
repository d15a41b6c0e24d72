#!/usr/bin/env bash
# Records tests/guest/arm/vfp/<prog>.expected from Debian's qemu-system-arm
# (the reference) for every program of the vfp-fuzz image (gen.py --list),
# and checks that a second run prints the same. Rerun after changing gen.py,
# entry.S or harness.c; the .expected files are checked in.
#
#   tests/guest/arm/vfp/record-expected.sh [prog...]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../../../.." && pwd)
dir=$("$repo/images/build.sh" vfp-fuzz)
qemu=(qemu-system-arm -M versatilepb -m 128 -nographic -monitor none)

progs=("$@")
[ ${#progs[@]} -gt 0 ] || mapfile -t progs < <(python3 "$here/gen.py" --list)
for p in "${progs[@]}"; do
  exp=$here/$p.expected
  "$repo/tests/guest/run-compare.sh" --record "$exp" 30 -- "${qemu[@]}" -kernel "$dir/$p.elf"
  "$repo/tests/guest/run-compare.sh" "$exp" 30 -- "${qemu[@]}" -kernel "$dir/$p.elf" >/dev/null
done
