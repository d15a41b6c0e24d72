#!/usr/bin/env bash
# Builds guest images from Debian packages into a cache outside the repository.
#
#   images/build.sh [name...]     (default: every image)
#
# Each image is a directory images/<name>/ holding recipe.sh, its inputs, a
# `packages` file (Debian packages whose installed versions are part of the key),
# optionally a `debs` file (packages the recipe fetches with fetch-deb.sh
# instead of installing, e.g. another architecture's; their candidate versions
# are part of the key) and an `inputs` file (extra repo paths). The
# output goes to $BW_IMAGE_CACHE (default ~/.cache/boardwalk/images) as
# <name>-<key>/, where key is the first 16 hex digits of a sha256 over all of
# that; <name> is a symlink to the current one. The recipe runs in a temporary
# directory that is renamed into place only on success, so an interrupted build
# never leaves a partial cache entry. Prints one output directory per image.
set -euo pipefail

images=$(cd "$(dirname "$0")" && pwd)
repo=$(dirname "$images")
cache=${BW_IMAGE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/boardwalk/images}
all=(versatile-linux versatile-initramfs versatile-netboot arm-baremetal arm-fuzz vfp-fuzz versatile-uboot mips-baremetal mips-fuzz
     malta-linux malta-rootfs malta-demo malta-debian-kernel malta-uboot malta-netboot)

die() { echo "images/build.sh: $*" >&2; exit 1; }

# Files of an image's recipe, as paths relative to the repository, sorted.
recipe_files() {
  local name=$1
  (cd "$repo" && find "images/$name" -type f)
  if [ -f "$images/$name/inputs" ]; then
    local p
    while read -r p; do
      case "$p" in '' | '#'*) continue ;; esac
      [ -e "$repo/$p" ] || die "$name: input $p does not exist"
      (cd "$repo" && find "$p" -type f)
    done <"$images/$name/inputs"
  fi
}

recipe_key() {
  local name=$1 f p v
  {
    echo "boardwalk image $name"
    recipe_files "$name" | LC_ALL=C sort | while read -r f; do
      echo "file $f $(sha256sum <"$repo/$f" | cut -d' ' -f1)"
    done
    if [ -f "$images/$name/packages" ]; then
      while read -r p; do
        case "$p" in '' | '#'*) continue ;; esac
        v=$(dpkg-query -W -f='${Version}' "$p" 2>/dev/null) || die "$name: Debian package $p is not installed (see images/apt-packages.txt)"
        echo "package $p $v"
      done <"$images/$name/packages"
    fi
    if [ -f "$images/$name/debs" ]; then
      while read -r p; do
        case "$p" in '' | '#'*) continue ;; esac
        v=$(apt-cache show --no-all-versions "$p" 2>/dev/null | sed -n 's/^Version: //p' | head -n1)
        [ -n "$v" ] || die "$name: no candidate for Debian package $p (see images/apt-packages.txt)"
        echo "deb $p $v"
      done <"$images/$name/debs"
    fi
  } | sha256sum | cut -c1-16
}

build_one() {
  local name=$1 key dest tmp log
  [ -x "$images/$name/recipe.sh" ] || die "unknown image '$name' (known: ${all[*]})"
  key=$(recipe_key "$name")
  dest=$cache/$name-$key
  mkdir -p "$cache"
  # One build per image at a time (a second caller waits, then reuses it).
  exec 9>"$cache/.lock-$name"
  flock 9
  if [ ! -d "$dest" ]; then
    tmp=$(mktemp -d "$cache/.tmp-$name-XXXXXX")
    trap 'rm -rf "$tmp"' EXIT INT TERM
    mkdir "$tmp/out" "$tmp/work"
    log=$tmp/out/build.log
    if ! (cd "$tmp/work" && OUT=$tmp/out WORK=$tmp/work REPO=$repo \
      "$images/$name/recipe.sh") >"$log" 2>&1; then
      mkdir -p "$cache/failed"
      cp "$log" "$cache/failed/$name-$key.log"
      tail -n 30 "$log" >&2
      die "$name failed; full log: $cache/failed/$name-$key.log"
    fi
    rm -rf "$tmp/work"
    echo "$key" >"$tmp/out/KEY"
    mv -T "$tmp/out" "$dest"
    rm -rf "$tmp"
    trap - EXIT INT TERM
  fi
  # Repoint the stable name atomically.
  ln -sfn "$name-$key" "$cache/.$name.link"
  mv -T "$cache/.$name.link" "$cache/$name"
  flock -u 9
  echo "$dest"
}

[ $# -gt 0 ] || set -- "${all[@]}"
for name in "$@"; do
  build_one "$name"
done
