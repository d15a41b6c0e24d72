#!/bin/sh
# Fails listing every C++ file that clang-format would change.
clang_format=${1:-clang-format}
files=$(git ls-files '*.cpp' '*.h' 2>/dev/null || find core boards tools tests -name '*.cpp' -o -name '*.h')
bad=0
for f in $files; do
  if ! "$clang_format" --dry-run -Werror "$f" >/dev/null 2>&1; then
    echo "needs clang-format: $f"
    bad=1
  fi
done
exit $bad
