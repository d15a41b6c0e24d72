#!/bin/sh
# All benchmarks: numbers to read, not pass/fail. Arguments select native setups
# by a substring of their title (e.g. "malta"); with none, everything runs.
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
images=${BOARDWALK_IMAGES:-$HOME/.cache/boardwalk/images}
python3 "$top/tools/bench/boot_bench.py" "$top/build/boardwalk" "$images" "$@"
# The network switch (boardwalk-netd) between two synthetic clients on loopback.
if [ $# -eq 0 ] || echo "netd" | grep -q -- "$1"; then
  python3 "$top/tools/bench/netd_bench.py" "$top/build/boardwalk-netd"
fi
# Guest floating point per operation, host FPU before and soft-float after (native, wasm/node).
if [ $# -eq 0 ] || echo "fp" | grep -q -- "$1"; then
  sh "$top/tools/bench/fp_bench.sh"
  # End to end in a bare-metal guest, against QEMU; BW_FP_BEFORE=path adds another boardwalk.
  python3 "$top/tools/bench/fp_guest_bench.py" "$top/build/boardwalk" \
    ${BW_FP_BEFORE:+before=$BW_FP_BEFORE}
fi
# The window and speakers: pictures per second, host CPU, sound underruns (native, SDL dummy drivers).
if [ $# -eq 0 ] || echo "display" | grep -q -- "$1"; then
  python3 "$top/tools/bench/display_bench.py" "$top/build/boardwalk" "$images"
  # The same in the page (headless Chromium): fps, host CPU, WebAudio underruns.
  if [ -f "$top/build-web/site/boardwalk.wasm" ]; then
    node "$top/tools/bench/web_display_bench.js" "$top/build-web/site"
  fi
fi
# The web build (build-web/, made by ./run bench): Chromium and node next to native.
if [ $# -eq 0 ] && [ -f "$top/build-web/site/boardwalk.wasm" ]; then
  node "$top/tools/bench/web_bench.js" "$top/build/boardwalk" "$top/build-web/site" "$images"
fi
# Network throughput (U-Boot TFTP, guest-to-host TCP), native and QEMU.
if [ $# -eq 0 ]; then
  python3 "$top/tools/bench/net_bench.py" "$top/build/boardwalk" "$top/build/boardwalk-netd" \
    "$top/images/build.sh"
fi
