#!/usr/bin/env bash
# Records tests/guest/mips/<prog>.expected from Debian's qemu-system-mipsel -M malta (the
# reference), for every program the mips-baremetal image builds, and checks that a second
# run prints the same (the programs must be deterministic). The .expected files are checked
# in; the tests then need only the cross compiler, not QEMU.
#
#   tests/guest/record-expected-mips.sh [prog...]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
dir=$("$repo/images/build.sh" mips-baremetal)
qemu=(qemu-system-mipsel -M malta -m 128 -nographic -monitor none)

progs=("$@")
if [ ${#progs[@]} -eq 0 ]; then
  for elf in "$dir"/*.elf; do progs+=("$(basename "${elf%.elf}")"); done
fi
for p in "${progs[@]}"; do
  exp=$here/mips/$p.expected
  # bios_* programs are flash images (-bios), the others ELF kernels (-kernel).
  if [[ $p == bios_* ]]; then load=(-bios "$dir/$p.bin"); else load=(-kernel "$dir/$p.elf"); fi
  "$here/run-compare.sh" --record "$exp" 30 -- "${qemu[@]}" "${load[@]}"
  "$here/run-compare.sh" "$exp" 30 -- "${qemu[@]}" "${load[@]}" >/dev/null
done
