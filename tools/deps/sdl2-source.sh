#!/bin/sh
# Debian's libsdl2 source for the web build, unpacked once into the cache
# (~/.cache/boardwalk/src/libsdl2-VERSION/, patches applied); prints its path.
# Fetching needs the network (and root once to add a deb-src entry); later runs
# are offline.
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
version=2.26.5+dfsg-1
dsc_sha=95b9a18130d98164e7856eca8ac1a2eb65d822ac4872ef8862ceed2cb1662136
src=${BW_SRC_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/boardwalk/src}
dir=$src/libsdl2-$version
if [ ! -f "$dir/include/SDL.h" ]; then
  dsc=$("$top/images/versatile-uboot/fetch-source.sh" libsdl2 "$version" bookworm "$dsc_sha")
  tmp=$(mktemp -d "$src/.unpack-libsdl2-XXXXXX")
  trap 'rm -rf "$tmp"' EXIT
  dpkg-source -x "$dsc" "$tmp/s" >/dev/null
  rm -rf "$dir"
  mv "$tmp/s" "$dir"
fi
echo "$dir"
