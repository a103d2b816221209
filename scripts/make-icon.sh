#!/usr/bin/env bash
# The app icon: 文摘 in white on a vermilion seal (印章), the way Chinese readers mark what they
# keep. Renders src-tauri/icons/app-icon.png (1024 px) with ImageMagick and Noto Serif CJK
# (fonts-noto-cjk, SIL OFL: glyphs may be used in images), then every size and format the
# bundles need with the Tauri CLI (`tauri icon`). Re-run after changing the design.
set -euo pipefail
cd "$(dirname "$0")/.."
font=$(fc-list ':family=Noto Serif CJK SC:style=Bold' file | head -1 | cut -d: -f1)
[ -n "$font" ] || { echo "Noto Serif CJK SC Bold not found: apt-get install fonts-noto-cjk" >&2; exit 1; }
out=src-tauri/icons/app-icon.png
convert=$(command -v magick || echo /usr/bin/convert)
"$convert" -size 1024x1024 xc:none \
  -fill '#c0392b' -draw 'roundrectangle 64,64 960,960 180,180' \
  -fill none -stroke '#f6e7d7' -strokewidth 18 -draw 'roundrectangle 120,120 904,904 140,140' \
  -stroke none -fill '#fdf6ec' -font "$font" -pointsize 360 -gravity center \
  -annotate +0-190 '文' -annotate +0+190 '摘' \
  "$out"
(cd ui && npx tauri icon "../$out" -o ../src-tauri/icons)
# Only the desktop sizes: no mobile targets here.
rm -rf src-tauri/icons/android src-tauri/icons/ios
