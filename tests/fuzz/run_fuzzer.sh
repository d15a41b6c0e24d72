#!/bin/sh
# Runs one fuzzer for SECONDS from its seed corpus (tests/fuzz/corpus/NAME,
# copied into WORK/corpus/NAME, which keeps what the fuzzer finds between
# runs; the tree is never written) and prints one line:
#   NAME  <execs/s> execs/s  <total> execs  <corpus size> inputs
# On a crash, leak, timeout or out-of-memory it prints the fuzzer's report and
# the path of the input that caused it, and fails.
#   usage: run_fuzzer.sh FUZZER NAME SECONDS WORK
set -eu
bin=$1 name=$2 seconds=$3 work=$4
here=$(cd "$(dirname "$0")" && pwd)
corpus=$work/corpus/$name
artifacts=$work/crashes/$name
mkdir -p "$corpus" "$artifacts"
if [ -d "$here/corpus/$name" ]; then
  cp -n "$here/corpus/$name"/* "$corpus"/ 2>/dev/null || true
fi
log=$work/$name.log
# Symbolised stacks in reports, from any llvm-symbolizer there is.
if [ -z "${ASAN_SYMBOLIZER_PATH:-}" ]; then
  for s in /usr/lib/llvm-16/bin/llvm-symbolizer $(command -v llvm-symbolizer || true); do
    if [ -x "$s" ]; then
      export ASAN_SYMBOLIZER_PATH="$s"
      break
    fi
  done
fi
status=0
# -timeout: an input running 10 s is a hang; -rss_limit_mb: libFuzzer's default,
# also the bound on a single allocation.
"$bin" -max_total_time="$seconds" -print_final_stats=1 -timeout=10 -rss_limit_mb=2048 \
  -artifact_prefix="$artifacts/" "$corpus" >"$log" 2>&1 || status=$?
execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -n 1)
inputs=$(find "$corpus" -type f | wc -l)
printf '%-16s %8s execs/s %12s execs %6s inputs\n' "$name" "${rate:-?}" "${execs:-?}" "$inputs"
if [ "$status" -ne 0 ]; then
  grep -v '^#\|^INFO\|^stat::' "$log" | tail -n 60 >&2
  crash=$(sed -n 's/.*Test unit written to \(.*\)$/\1/p' "$log" | tail -n 1)
  echo "fuzz: $name failed (exit $status); input: ${crash:-none written, see $log}" >&2
  exit 1
fi
