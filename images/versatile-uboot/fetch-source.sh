#!/usr/bin/env bash
# Fetches a Debian source package (.dsc + tarballs) into the source cache
# ($BW_SRC_CACHE, default ~/.cache/boardwalk/src) unless it is there already,
# checks the .dsc against a pinned sha256, and prints the .dsc's path.
#
#   fetch-source.sh PACKAGE VERSION SUITE DSC_SHA256
#
# The package may come from an older Debian release than the machine's (U-Boot
# 2021.01 is bullseye's), so a deb-src entry for SUITE is added to
# /etc/apt/sources.list.d/ first; this needs root, but only on the first fetch.
set -euo pipefail
pkg=$1 version=$2 suite=$3 sha=$4
src=${BW_SRC_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/boardwalk/src}
dsc=$src/${pkg}_${version#*:}.dsc

# Whether apt knows that version (not grep -q in a pipe: with pipefail,
# apt-cache's SIGPIPE would count as a miss).
known() { apt-cache showsrc "$pkg" 2>/dev/null | grep -cxF "Version: $version" >/dev/null; }

if [ ! -f "$dsc" ]; then
  if ! known; then
    [ "$(id -u)" = 0 ] || { echo "fetch-source: need root once to add deb-src $suite and fetch $pkg $version" >&2; exit 1; }
    list=/etc/apt/sources.list.d/boardwalk-$suite-src.sources
    if [ ! -f "$list" ]; then
      printf '%s\n' "Types: deb-src" "URIs: http://deb.debian.org/debian" "Suites: $suite" \
        "Components: main" "Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg" >"$list"
    fi
    apt-get update -qq
    known || { echo "fetch-source: no source $pkg $version in $suite" >&2; exit 1; }
  fi
  mkdir -p "$src"
  tmp=$(mktemp -d "$src/.fetch-$pkg-XXXXXX")
  trap 'rm -rf "$tmp"' EXIT
  # apt checks the files against the signed Release/Sources indexes.
  (cd "$tmp" && apt-get source -qq --download-only "$pkg=$version")
  mv "$tmp"/* "$src/"
fi
echo "$sha  $dsc" | sha256sum -c --quiet - >&2 || { echo "fetch-source: $dsc does not match the pinned sha256" >&2; exit 1; }
echo "$dsc"
