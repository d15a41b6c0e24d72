#!/bin/sh
# All benchmarks: numbers to read, not pass/fail.
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
images=${BOARDWALK_IMAGES:-$HOME/.cache/boardwalk/images}
python3 "$top/tools/bench/boot_bench.py" "$top/build/boardwalk" "$images"
# The web build (build-web/, made by ./run bench): Chromium and node next to native.
if [ -f "$top/build-web/site/boardwalk.wasm" ]; then
  node "$top/tools/bench/web_bench.js" "$top/build/boardwalk" "$top/build-web/site" "$images"
fi
