#!/bin/sh
# Links the demo guest images into the site: SITE/images/<image> -> the cached
# image folder (IMAGES/<image>, itself a link to the current build). Images not
# built yet are skipped; the page reports their URLs as missing.
#   usage: link-images.sh SITE_DIR IMAGES_DIR
set -eu
site=$1 images=$2
mkdir -p "$site/images"
for name in versatile-linux versatile-initramfs versatile-uboot versatile-netboot malta-linux \
    malta-rootfs malta-demo; do
  if [ -e "$images/$name" ]; then
    ln -sfn "$images/$name" "$site/images/$name"
  else
    rm -f "$site/images/$name"
  fi
done
