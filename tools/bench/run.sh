#!/bin/sh
# All benchmarks: numbers to read, not pass/fail.
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
images=${BOARDWALK_IMAGES:-$HOME/.cache/boardwalk/images}
python3 "$top/tools/bench/boot_bench.py" "$top/build/boardwalk" "$images" "$@"
