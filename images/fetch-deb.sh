#!/usr/bin/env bash
# Fetches a Debian package (apt-get download, the candidate version) into the
# source cache and prints the path of the .deb. For packages that cannot be
# installed next to another architecture's copy (busybox-static:mipsel conflicts
# with busybox-static:armel) or that must not be installed at all (a mipsel
# kernel). Images list such packages in their `debs` file, so the candidate
# version is part of the cache key (see build.sh).
#
#   images/fetch-deb.sh PACKAGE[:ARCH]
set -euo pipefail
pkg=$1
src=${BW_SRC_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/boardwalk/src}
mkdir -p "$src"

ver=$(apt-cache show --no-all-versions "$pkg" 2>/dev/null | sed -n 's/^Version: //p' | head -n1)
[ -n "$ver" ] || { echo "fetch-deb.sh: no candidate for $pkg (dpkg --add-architecture + apt-get update?)" >&2; exit 1; }
name=${pkg%%:*}
arch=${pkg#*:}
[ "$arch" != "$pkg" ] || arch=$(dpkg --print-architecture)
# Debian file names drop the epoch.
deb=$src/${name}_${ver#*:}_$arch.deb
if [ ! -f "$deb" ]; then
  tmp=$(mktemp -d "$src/.tmp-deb-XXXXXX")
  trap 'rm -rf "$tmp"' EXIT
  (cd "$tmp" && apt-get download -q "$pkg=$ver" >&2)
  f=$(ls "$tmp"/*.deb)
  mv "$f" "$deb"
fi
echo "$deb"
