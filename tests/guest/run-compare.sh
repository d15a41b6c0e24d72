#!/usr/bin/env bash
# Runs an emulator on a bare-metal test program, captures its serial output
# (stdout) up to the line DONE, stops the emulator, and diffs the output
# against the expected file (or writes it, with --record).
#
#   run-compare.sh [--record] EXPECTED TIMEOUT_SECONDS -- EMULATOR ARGS...
#
# An argument @IMAGE/FILE is replaced by FILE in the cached guest image IMAGE
# (images/build.sh IMAGE builds it, or reuses the cache). Carriage returns are
# dropped and nothing after DONE is compared. The emulator's stderr is shown
# only on failure.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)

record=0
if [ "${1:-}" = --record ]; then record=1; shift; fi
[ $# -ge 4 ] && [ "$3" = -- ] || { echo "usage: $0 [--record] EXPECTED TIMEOUT -- EMULATOR ARGS..." >&2; exit 2; }
expected=$1 limit=$2
shift 3

cmd=()
for a in "$@"; do
  if [[ "$a" == @*/* ]]; then
    image=${a#@}; image=${image%%/*}
    dir=$("$repo/images/build.sh" "$image") || exit 1
    a=$dir/${a#@"$image"/}
    [ -e "$a" ] || { echo "run-compare: $a does not exist" >&2; exit 1; }
  fi
  cmd+=("$a")
done
[ -x "${cmd[0]}" ] || command -v "${cmd[0]}" >/dev/null || { echo "run-compare: no emulator at ${cmd[0]}" >&2; exit 1; }

tmp=$(mktemp -d)
pid=
cleanup() {
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
    kill "$pid" 2>/dev/null || true
    for _ in 1 2 3 4 5 6 7 8 9 10; do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    kill -9 "$pid" 2>/dev/null || true
  fi
  rm -rf "$tmp"
}
trap cleanup EXIT

start=$(date +%s%N)
"${cmd[@]}" </dev/null >"$tmp/out" 2>"$tmp/err" &
pid=$!
status=timeout
while :; do
  if grep -qE $'^DONE\r?$' "$tmp/out"; then status=done; break; fi
  if ! kill -0 "$pid" 2>/dev/null; then
    grep -qE $'^DONE\r?$' "$tmp/out" && status=done || status=exited
    break
  fi
  if [ $((($(date +%s%N) - start) / 1000000000)) -ge "$limit" ]; then break; fi
  sleep 0.1
done
elapsed_ms=$((($(date +%s%N) - start) / 1000000))
tr -d '\r' <"$tmp/out" >"$tmp/all"
sed '/^DONE$/q' "$tmp/all" >"$tmp/got"

if [ "$status" != done ]; then
  if [ "$status" = exited ]; then
    wait "$pid" && rc=0 || rc=$?
    echo "run-compare: emulator exited (status $rc) before DONE after ${elapsed_ms} ms" >&2
  else
    echo "run-compare: no DONE within ${limit} s" >&2
  fi
  echo "--- emulator stderr (last 20 lines):" >&2
  tail -n 20 "$tmp/err" >&2
  echo "--- serial output (last 20 lines):" >&2
  tail -n 20 "$tmp/got" >&2
  [ "$record" = 1 ] || [ ! -f "$expected" ] || diff -u "$expected" "$tmp/got" | head -n 40 >&2 || true
  exit 1
fi

if [ "$record" = 1 ]; then
  cp "$tmp/got" "$expected"
  echo "recorded $expected ($(wc -l <"$expected") lines, ${elapsed_ms} ms)"
  exit 0
fi
if ! diff -u "$expected" "$tmp/got" >"$tmp/diff"; then
  echo "run-compare: output differs from $expected (first 60 lines of the diff):" >&2
  head -n 60 "$tmp/diff" >&2
  exit 1
fi
echo "ok: $(basename "$expected") ($(wc -l <"$expected") lines, ${elapsed_ms} ms)"
