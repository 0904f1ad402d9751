#!/usr/bin/env bash
# training/scenes/analyze-montages.sh — analyses the scene development set once and keeps
# the results (shots.json, identities.json, feature bank, transformer.json, …) in
# ${LVU_SCENES_DIR:-~/.cache/lvu-scenes}/analysis/<montage>/, so the scenes stage can be
# tuned and scored on stored artifacts in milliseconds. Run make-montages.ts first.
# A montage whose analysis has shots.json is kept. Detection at 1 frame/s keeps the CPU
# cost low (the scenes stage reads the 1-s feature bank and identities, not dense tracks).
#
#   training/scenes/analyze-montages.sh [extra lvu analyze flags]
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
DIR="${LVU_SCENES_DIR:-$HOME/.cache/lvu-scenes}"
cd "$HERE/../.."
for mp4 in "$DIR"/scenes-*.mp4; do
  name="$(basename "$mp4" .mp4)"
  out="$DIR/analysis/$name"
  [[ -f "$out/shots.json" ]] && { echo "analyze: $name kept" >&2; continue; }
  echo "analyze: $name" >&2
  npx lvu analyze "$mp4" --out "$out.tmp" --detect-fps 1 "$@" </dev/null
  rm -rf "$out" && mv "$out.tmp" "$out"
done
