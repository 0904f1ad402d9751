#!/usr/bin/env bash
# training/extract_banks.sh — feature banks of the real-footage clips (training/footage.sh).
#
# Runs `lvu analyze` (shots, detection + tracking, features, transformer) on every clip of
# $LVU_FOOTAGE_DIR/clips.json into $LVU_FOOTAGE_DIR/banks/<clip>/ and records the wall
# time in banks/<clip>/extract.json. Clips whose bank is already there are skipped, so an
# interrupted run resumes. Cost: ≈ 4× real time on 2 cores (≈ 25 min for the 383 s).
#
#   training/extract_banks.sh                  # every clip
#   training/extract_banks.sh cv-tree-00 ...   # only these clips
#   LVU_ANALYZE_ARGS="--workers 1" training/extract_banks.sh
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/.." && pwd)"
DIR="${LVU_FOOTAGE_DIR:-$HOME/.cache/lvu-footage}"
ARGS=(${LVU_ANALYZE_ARGS:---workers 2})

[[ -f "$DIR/clips.json" ]] || { echo "extract_banks: no $DIR/clips.json; run training/footage.sh first" >&2; exit 1; }

if (($#)); then
  CLIPS=("$@")
else
  mapfile -t CLIPS < <(node -e 'for (const c of require(process.argv[1]).clips) console.log(c.clip)' "$DIR/clips.json")
fi

mkdir -p "$DIR/banks"
for clip in "${CLIPS[@]}"; do
  out="$DIR/banks/$clip"
  if [[ -f "$out/feature-bank.safetensors" ]]; then
    echo "extract_banks: $clip already done" >&2
    continue
  fi
  rm -rf "$out.tmp"
  t0=$(date +%s.%N)
  (cd "$REPO" && node bin/lvu.mjs analyze "$DIR/clips/$clip.mp4" --out "$out.tmp" "${ARGS[@]}") >"$DIR/banks/$clip.log" 2>&1 ||
    { echo "extract_banks: analyze failed for $clip (see $DIR/banks/$clip.log)" >&2; exit 1; }
  t1=$(date +%s.%N)
  [[ -f "$out.tmp/feature-bank.safetensors" ]] || { echo "extract_banks: analyze wrote no feature bank for $clip" >&2; exit 1; }
  node -e '
    const [clip, t0, t1, commit, args, dir] = process.argv.slice(1);
    const idx = require(`${dir}/feature-bank.json`);
    const doc = { clip, wallSec: +(t1 - t0).toFixed(2), videoSec: idx.durationSec, instanceSeconds: idx.counts.rows, commit, analyzeArgs: args };
    require("node:fs").writeFileSync(`${dir}/extract.json`, JSON.stringify(doc, null, 1) + "\n");
    console.error(`extract_banks: ${clip}: ${doc.videoSec.toFixed(1)} s of video, ${doc.instanceSeconds} instance-seconds, ${doc.wallSec.toFixed(0)} s wall`);
  ' "$clip" "$t0" "$t1" "$(git -C "$REPO" rev-parse --short HEAD)" "${ARGS[*]}" "$out.tmp"
  mv "$out.tmp" "$out"
done
