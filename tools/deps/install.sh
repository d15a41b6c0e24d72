#!/bin/sh
# Installs the Debian packages listed in tools/deps/apt-packages.txt and
# images/apt-packages.txt that are not installed yet. Fast when nothing is missing.
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
lists="$top/tools/deps/apt-packages.txt $top/images/apt-packages.txt"
wanted=$(cat $lists 2>/dev/null | sed 's/#.*//' | tr -s ' \t' '\n' | grep -v '^$' | sort -u)

# Foreign architectures named in the lists (busybox-static:armel, ...) and in
# the images' debs files (packages fetched with apt-get download, not installed).
debs=$(cat "$top"/images/*/debs 2>/dev/null | sed 's/#.*//' | tr -s ' \t' '\n' | grep -v '^$' || true)
for arch in $(printf '%s\n%s\n' "$wanted" "$debs" | grep ':' | cut -d: -f2 | sort -u); do
  if ! dpkg --print-foreign-architectures | grep -qx "$arch"; then
    dpkg --add-architecture "$arch"
    need_update=1
  fi
done

missing=""
for pkg in $wanted; do
  status=$(dpkg-query -W -f='${db:Status-Status}' "$pkg" 2>/dev/null || true)
  [ "$status" = installed ] || missing="$missing $pkg"
done
if [ -z "$missing" ]; then
  # A new architecture needs its package lists even when nothing is missing.
  [ -n "${need_update:-}" ] && apt-get update -qq
  exit 0
fi

echo "boardwalk: installing Debian packages:$missing" >&2
if [ "$(id -u)" != 0 ]; then
  echo "boardwalk: need root to install packages (run as root or install:$missing)" >&2
  exit 1
fi
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing >/dev/null
