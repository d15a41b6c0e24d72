#!/bin/sh
# Guest floating point per operation (tools/bench/fp_bench.cpp), before and after the soft-float:
# "before" is the tree just before core/cpu/host_fpu.h was removed (host FPU through <cfenv>),
# or the revision given as $1; "after" is the working tree. Natively, and as WebAssembly under
# node when emcc is installed. Prints numbers, never fails.
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
out=${TMPDIR:-/tmp}/bw-fp-bench
rm -rf "$out" && mkdir -p "$out/before"
before=${1:-$(git -C "$top" log -1 --format=%H -- core/cpu/host_fpu.h)^}
for f in core/common/types.h core/cpu/host_fpu.h core/cpu/arm/vfp_arith.h core/cpu/arm/vfp_arith.cpp \
         core/cpu/mips/fpu_arith.h core/cpu/mips/fpu_arith.cpp; do
  mkdir -p "$out/before/$(dirname "$f")"
  git -C "$top" show "$before:$f" > "$out/before/$f" 2>/dev/null || rm -f "$out/before/$f"
done
srcs_before="$out/before/core/cpu/arm/vfp_arith.cpp $out/before/core/cpu/mips/fpu_arith.cpp"
srcs_after="$top/core/cpu/arm/vfp_arith.cpp $top/core/cpu/mips/fpu_arith.cpp $top/core/cpu/softfloat.cpp"
bench=$top/tools/bench/fp_bench.cpp
flags="-std=c++20 -O2 -DNDEBUG"
c++ $flags -I"$out/before" -I"$top" -o "$out/native-before" $bench $srcs_before
c++ $flags -I"$top" -o "$out/native-after" $bench $srcs_after
if command -v emcc >/dev/null 2>&1 && command -v node >/dev/null 2>&1; then
  export NODE_PATH=/usr/share/nodejs:/usr/lib/nodejs
  wflags="$flags -include $top/web/compat/cxx20.h -sSINGLE_FILE -sENVIRONMENT=node"
  emcc $wflags -I"$out/before" -I"$top" -o "$out/wasm-before.js" \
    $bench $srcs_before
  emcc $wflags -I"$top" -o "$out/wasm-after.js" $bench $srcs_after
fi
run() {  # label, command...
  label=$1; shift
  "$@" > "$out/$label.txt"
}
run native-before "$out/native-before"
run native-after "$out/native-after"
if [ -f "$out/wasm-after.js" ]; then
  run wasm-before node "$out/wasm-before.js"
  run wasm-after node "$out/wasm-after.js"
fi
echo "guest FP, ns per operation (before = host FPU via <cfenv> at $before, after = soft-float)"
files=
for label in native-before native-after wasm-before wasm-after; do
  [ -f "$out/$label.txt" ] && files="$files $out/$label.txt"
done
printf '%-20s' "operation"
for f in $files; do printf ' %14s' "$(basename "$f" .txt)"; done
echo
awk '{ v = $(NF - 1); $NF = ""; $(NF - 1) = ""; sub(/ +$/, ""); name = $0
       if (!(name in row)) order[++n] = name
       row[name] = row[name] sprintf(" %14s", v) }
     END { for (i = 1; i <= n; i++) printf "%-20s%s\n", order[i], row[order[i]] }' $files
