#!/usr/bin/env bash
# Renders the README screenshots: the interface drawn from a seeded demo with a fixed clock
# (examples/screenshots.rs, ratatui's TestBackend -> SVG on a fixed cell grid), then SVG -> PNG
# with rsvg-convert and a CJK monospace font. Installs those two if they are missing.
set -euo pipefail
cd "$(dirname "$0")/.."
out=screenshots

need=()
command -v rsvg-convert >/dev/null || need+=(librsvg2-bin)
fc-list 2>/dev/null | grep -qi "wenquanyi micro hei" || need+=(fonts-wqy-microhei fontconfig)
if [ "${#need[@]}" -gt 0 ]; then
  echo "installing ${need[*]}"
  sudo_cmd=""
  [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq "${need[@]}" >/dev/null
fi

mkdir -p "$out"
cargo run --release --quiet --example screenshots -- "$out"
for svg in "$out"/*.svg; do
  rsvg-convert --format png --output "${svg%.svg}.png" "$svg"
done
rm -f "$out"/*.svg
ls -1 "$out"
