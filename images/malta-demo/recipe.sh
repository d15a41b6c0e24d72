#!/usr/bin/env bash
# malta-demo: the OpenDingux-style disk with a graphical userland. Same layout
# as malta-rootfs (a squashfs rootfs.bin on a 512 MiB FAT disk that the
# malta-linux kernel's mininit loop-mounts), but busybox init starts
# Powermanga (Debian's mipsel build, a vertical shoot-'em-up with tracker
# music) on the framebuffer console at boot, keeps a shell on ttyS0 and prints
# "boardwalk-demo: starting powermanga" there.
#   rootfs.bin  squashfs: busybox-static, glibc and the game's libraries from
#               Debian bookworm's mipsel archive, plus
#                 libSDL-1.2.so.0        built here from Debian's libsdl1.2
#                                        source with only the fbcon video and
#                                        OSS (/dev/dsp) audio drivers, plus
#                                        sdl-fbcon-centre.patch (Debian's
#                                        mipsel build has fbcon and OSS too,
#                                        but links ALSA, PulseAudio, X11 and
#                                        libcaca, a closure of dozens of
#                                        libraries)
#                 libSDL_mixer-1.2.so.0  built here from Debian's sdl-mixer1.2
#                                        source with WAV and MOD music through
#                                        libmodplug only (Debian's links
#                                        fluidsynth, mikmod, FLAC, mad and
#                                        vorbis, whose closure pulls in
#                                        PulseAudio, SDL2 and glib)
#               and fb-progressive (fb-progressive.c), run by rcS
#   512M        the FAT disk holding rootfs.bin
#   needed.txt  every ELF in the rootfs with the libraries it needs (checked
#               to resolve inside the rootfs)
# Called by images/build.sh with OUT and WORK set; runs in WORK.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
fetch_source=$REPO/images/versatile-uboot/fetch-source.sh
export SOURCE_DATE_EPOCH=946684800
host=mipsel-linux-gnu
# No build path in the objects (they are stripped too): same recipe, same bytes.
export CFLAGS="-O2 -g0 -ffile-prefix-map=$WORK=."

deb() { "$REPO/images/fetch-deb.sh" "$1"; }

root=$WORK/root
sysroot=$WORK/sysroot
mkdir -p "$sysroot"

# --- busybox root, as malta-rootfs ------------------------------------------
mkdir bb && dpkg-deb -x "$(deb busybox-static:mipsel)" bb
cp -a "$here/root" "$root"
mkdir -p "$root"/{bin,sbin,usr/bin,usr/sbin,usr/lib,dev,proc,sys,tmp,run,boot,root,mnt}
chmod 1777 "$root/tmp"
chmod 0700 "$root/root"
cp bb/bin/busybox "$root/bin/busybox"
qemu-mipsel-static "$root/bin/busybox" --list-full >applets
[ "$(wc -l <applets)" -gt 200 ]
while read -r a; do
  [ "$a" = bin/busybox ] && continue
  ln -s "/bin/busybox" "$root/$a"
done <applets
[ -L "$root/sbin/init" ] && [ -L "$root/bin/sh" ]

# --- Debian's runtime packages ------------------------------------------------
while read -r p; do
  case "$p" in '' | '#'* | busybox-static:* | *-dev:*) continue ;; esac
  dpkg-deb -x "$(deb "$p")" "$root"
done <"$here/debs"
dpkg-deb -x "$(deb libmodplug1:mipsel)" "$sysroot"
dpkg-deb -x "$(deb libmodplug-dev:mipsel)" "$sysroot"
# Documentation, manuals, menus and icons are of no use on the handheld.
rm -rf "$root"/usr/share/{doc,man,lintian,applications,pixmaps,icons,menu,bug,locale}
# Nor glibc's iconv modules (nothing here converts character sets).
rm -rf "$root"/usr/lib/$host/gconv

# --- SDL 1.2 with fbcon and OSS -----------------------------------------------
dsc=$("$fetch_source" libsdl1.2 1.2.15+dfsg2-8 bookworm \
  ff6cf187235703226f91af9d636255c5d7141bf1a693aa37293ceeb11430cc33)
dpkg-source -x "$dsc" "$WORK/sdl"
(
  cd "$WORK/sdl"
  # Centre a smaller game in the console's mode (see the patch).
  patch -p1 --no-backup-if-mismatch <"$here/sdl-fbcon-centre.patch"
  PKG_CONFIG=/bin/false ./configure --host=$host --build="$(dpkg-architecture -qDEB_BUILD_GNU_TYPE)" \
    --prefix=/usr --disable-static --enable-shared --disable-rpath \
    --disable-video-x11 --disable-video-dga --disable-video-opengl --disable-video-directfb \
    --disable-video-ps2gs --disable-video-ps3 --disable-video-svga --disable-video-vgl \
    --disable-video-wscons --disable-video-caca --disable-video-aalib --disable-video-ggi \
    --disable-video-photon --disable-video-cocoa --disable-video-xbios --disable-video-gem \
    --disable-video-nanox --disable-video-qtopia --disable-video-picogui \
    --enable-video-fbcon --enable-video-dummy \
    --enable-oss --disable-alsa --disable-esd --disable-pulseaudio --disable-arts --disable-nas \
    --disable-diskaudio --enable-dummyaudio \
    --disable-input-tslib --disable-pth --disable-nasm --disable-cdrom
  grep -qx '#define SDL_VIDEO_DRIVER_FBCON 1' include/SDL_config.h
  grep -qx '#define SDL_AUDIO_DRIVER_OSS 1' include/SDL_config.h
  make -j2
  make install DESTDIR="$sysroot"
)
# libtool archives would put the sysroot into SDL_mixer's RUNPATH.
rm -f "$sysroot"/usr/lib/*.la

# --- SDL_mixer 1.2: WAV + MOD (libmodplug) ------------------------------------
dsc=$("$fetch_source" sdl-mixer1.2 1.2.12-17 bookworm \
  be401f8d10dd238288499a4938bb9548ded7e43fa63e0a6e0433261f95d58b30)
dpkg-source -x "$dsc" "$WORK/mixer"
(
  cd "$WORK/mixer"
  export PKG_CONFIG=pkg-config PKG_CONFIG_LIBDIR=$sysroot/usr/lib/$host/pkgconfig PKG_CONFIG_SYSROOT_DIR=$sysroot
  export MODPLUG_CFLAGS="-I$sysroot/usr/include/libmodplug" MODPLUG_LIBS="-L$sysroot/usr/lib/$host -lmodplug"
  ./configure --host=$host --build="$(dpkg-architecture -qDEB_BUILD_GNU_TYPE)" \
    --prefix=/usr --disable-static --enable-shared --disable-rpath --disable-sdltest \
    --with-sdl-prefix="$sysroot/usr" \
    --enable-music-wave --disable-music-mod --enable-music-mod-modplug \
    --disable-music-midi --disable-music-timidity-midi --disable-music-native-midi \
    --disable-music-fluidsynth-midi --disable-music-ogg --disable-music-flac \
    --disable-music-mp3 --disable-music-mp3-mad-gpl --disable-music-cmd --disable-smpegtest
  grep -q 'music_modplug.c' Makefile
  make -j2 build/libSDL_mixer.la
)

# Ours replace nothing of Debian's (libsdl1.2debian and libsdl-mixer1.2 are not
# unpacked); they go where Debian's would be.
libdir=$root/usr/lib/$host
install -m 0644 "$WORK/sdl/build/.libs/libSDL-1.2.so.0.11.4" "$libdir/libSDL-1.2.so.0.11.4"
ln -sfn libSDL-1.2.so.0.11.4 "$libdir/libSDL-1.2.so.0"
install -m 0644 "$WORK/mixer/build/.libs/libSDL_mixer-1.2.so.0.12.0" "$libdir/libSDL_mixer-1.2.so.0.12.0"
ln -sfn libSDL_mixer-1.2.so.0.12.0 "$libdir/libSDL_mixer-1.2.so.0"
$host-strip --strip-unneeded "$libdir"/libSDL-1.2.so.0.11.4 "$libdir"/libSDL_mixer-1.2.so.0.12.0

# The console's 320x240 without double scan (see fb-progressive.c).
$host-gcc $CFLAGS -Wall -Werror -s -o "$root/usr/bin/fb-progressive" "$here/fb-progressive.c"

# --- every NEEDED library resolves inside the rootfs --------------------------
python3 "$here/check_needed.py" "$root" >"$OUT/needed.txt"
# And the dynamic loader really runs the game's binary (prints its version).
qemu-mipsel-static -L "$root" "$root/usr/games/powermanga" --version | tee "$OUT/powermanga.version"
grep -q '^Powermanga 0.93' "$OUT/powermanga.version"

env -u SOURCE_DATE_EPOCH mksquashfs "$root" "$OUT/rootfs.bin" -comp gzip -all-root -noappend -no-xattrs \
  -mkfs-time 0 -all-time 0 -no-progress

# --- the FAT disk (times pinned to 2000-01-01, FAT starts in 1980) -------------
touch -d 2000-01-01T00:00:00Z "$OUT/rootfs.bin"
truncate -s 512M disk
mkfs.fat -F 32 -n BOARDWALK --invariant disk >/dev/null
export MTOOLS_SKIP_CHECK=1
mcopy -m -i disk "$OUT/rootfs.bin" ::rootfs.bin
mdir -i disk -/ :: >"$OUT/disk.list"
mv disk "$OUT/512M"
