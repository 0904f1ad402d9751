#!/usr/bin/env bash
# Makes a long real video for the scale benches: every clip of `training/footage.sh`
# (~/.cache/lvu-footage) and ../shared/data/shots/shots_dev.mp4, each scaled and padded to
# 640×360 at 25 fps, joined into one ~7.4-minute pass (H.264, keyframe every 10 s), then
# that pass repeated by stream copy to the length asked for.
#   bash bench/make-long-video.sh MINUTES OUT.mp4
# Deterministic for the same footage and ffmpeg. Needs ffmpeg and `bash training/footage.sh`.
set -euo pipefail
minutes=${1:?usage: make-long-video.sh MINUTES OUT.mp4}
out=${2:?usage: make-long-video.sh MINUTES OUT.mp4}
here=$(cd "$(dirname "$0")/.." && pwd)
footage=${LVU_FOOTAGE_DIR:-$HOME/.cache/lvu-footage}
shared=${LVU_TEST_DATA:-$here/../shared/data}
[ -f "$footage/clips.json" ] || { echo "no footage in $footage: run bash training/footage.sh first" >&2; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
inputs=()
for f in "$footage"/clips/*.mp4; do inputs+=("$f"); done
[ -f "$shared/shots/shots_dev.mp4" ] && inputs+=("$shared/shots/shots_dev.mp4")
args=() filters='' n=0
for f in "${inputs[@]}"; do
  args+=(-i "$f")
  filters+="[$n:v]scale=640:360:force_original_aspect_ratio=decrease,pad=640:360:(ow-iw)/2:(oh-ih)/2,fps=25,setsar=1,format=yuv420p[v$n];"
  n=$((n + 1))
done
for ((i = 0; i < n; i++)); do filters+="[v$i]"; done
filters+="concat=n=$n:v=1:a=0[out]"
ffmpeg -v error -y "${args[@]}" -filter_complex "$filters" -map '[out]' -c:v libx264 -preset veryfast -crf 26 -g 250 \
  -threads 2 -bitexact "$work/pass.mp4"
pass=$(ffprobe -v error -show_entries format=duration -of csv=p=0 "$work/pass.mp4")
reps=$(awk -v m="$minutes" -v p="$pass" 'BEGIN { r = int(m * 60 / p) + 1; print r }')
for ((i = 0; i < reps; i++)); do echo "file '$work/pass.mp4'"; done >"$work/list.txt"
ffmpeg -v error -y -f concat -safe 0 -i "$work/list.txt" -t $((minutes * 60)) -c copy -movflags +faststart "$out"
ffprobe -v error -show_entries format=duration,size -of csv=p=0 "$out" | awk -F, -v o="$out" '{ printf "%s: %.1f s, %.1f MB\n", o, $1, $2 / 1e6 }'
