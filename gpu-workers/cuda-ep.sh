#!/bin/sh
# ONNX Runtime's CUDA execution provider for the worker image, from the npm registry only.
#
# onnxruntime-node ships no CUDA provider in its npm package; its install script downloads
# one from NuGet (denied in package.json's allowScripts, and skipped in the image). The
# provider comes instead from an npm package that carries ONNX Runtime 1.29.0's
# libonnxruntime_providers_{cuda,shared}.so built with CUDA 13 (nvcc 13.0) for cuDNN 9.
# A provider library must come from the same ONNX Runtime version as the core library
# that loads it (the provider bridge is no stable ABI, and ORT does not check it), so the
# image runs onnxruntime-node 1.29.0, not the 1.30.0 of package-lock.json. Every tarball
# is checked against gpu-workers/cuda-ep.sha256.
#
#   sh gpu-workers/cuda-ep.sh fetch DIR        npm pack the pinned tarballs into DIR, check sha256
#   sh gpu-workers/cuda-ep.sh install DIR APP  put the pinned onnxruntime-node and the provider into APP/node_modules
#   sh gpu-workers/cuda-ep.sh check-runtime APP  in the CUDA image: every library the provider needs is there
#   sh gpu-workers/cuda-ep.sh inspect [DIR]    fetch (cached in ~/.cache/lvu/cuda-ep) and check with readelf
#                                              what the provider links to and which ORT it is
set -eu

HERE=$(cd "$(dirname "$0")" && pwd)
EP_PACKAGE=com.github.asus4.onnxruntime.linux-x64-gpu@0.4.9
ORT_NODE=onnxruntime-node@1.29.0
ORT_COMMON=onnxruntime-common@1.29.0
# The ONNX Runtime the provider was built from, and the CUDA major it links to.
ORT_VERSION=1.29.0
CUDA_MAJOR=13
CUDNN_MAJOR=9
EP_DIR=package/Plugins/Linux/x64
BINDING_DIR=bin/napi-v6/linux/x64
EP_LIBS="libonnxruntime_providers_cuda.so libonnxruntime_providers_shared.so"

fail() {
  echo "cuda-ep: $*" >&2
  exit 1
}

# name@version → the file `npm pack` writes (the pinned names are unscoped).
tarball() { echo "$1" | sed 's/@/-/; s/$/.tgz/'; }

# True when the NUL-separated strings of a binary include exactly $2 (ORT embeds its version).
declares() { tr '\0' '\n' <"$1" | grep -qxF "$2"; }

fetch() {
  mkdir -p "$1"
  for pkg in $EP_PACKAGE $ORT_NODE $ORT_COMMON; do
    [ -f "$1/$(tarball "$pkg")" ] || (cd "$1" && npm pack --silent "$pkg" >/dev/null) || fail "npm pack $pkg failed"
  done
  (cd "$1" && sha256sum -c "$HERE/cuda-ep.sha256") || fail "a tarball in $1 does not match gpu-workers/cuda-ep.sha256"
}

install_ep() {
  dir=$1
  ort=$2/node_modules/onnxruntime-node
  [ -d "$ort" ] || fail "$ort not found: run npm ci first"
  rm -rf "$ort"
  mkdir -p "$ort/node_modules/onnxruntime-common"
  tar xzf "$dir/$(tarball $ORT_NODE)" --no-same-owner --strip-components=1 -C "$ort"
  tar xzf "$dir/$(tarball $ORT_COMMON)" --no-same-owner --strip-components=1 -C "$ort/node_modules/onnxruntime-common"
  for lib in $EP_LIBS; do
    tar xzf "$dir/$(tarball $EP_PACKAGE)" --no-same-owner -O "$EP_DIR/$lib" >"$ort/$BINDING_DIR/$lib"
  done
  got=$(cd "$2" && node -p "require('onnxruntime-node').env.versions.node")
  [ "$got" = "$ORT_VERSION" ] || fail "onnxruntime-node is $got, the CUDA provider is ONNX Runtime $ORT_VERSION"
  declares "$ort/$BINDING_DIR/libonnxruntime.so.1" "$ORT_VERSION" || fail "libonnxruntime.so.1 is not ONNX Runtime $ORT_VERSION"
  declares "$ort/$BINDING_DIR/libonnxruntime_providers_cuda.so" "$ORT_VERSION" ||
    fail "libonnxruntime_providers_cuda.so is not ONNX Runtime $ORT_VERSION"
  echo "cuda-ep: onnxruntime-node $got with the CUDA $CUDA_MAJOR execution provider from $EP_PACKAGE in $ort/$BINDING_DIR"
}

# In the runtime image: the provider's libraries resolve (libcuda.so.1 comes from the host
# driver at run time), and cuDNN and cuFFT, which it dlopens, are on the library path.
check_runtime() {
  lib=$1/node_modules/onnxruntime-node/$BINDING_DIR/libonnxruntime_providers_cuda.so
  [ -f "$lib" ] || fail "$lib not found"
  missing=$(ldd "$lib" | awk '/not found/ { print $1 }' | grep -vx 'libcuda\.so\.1' || true)
  [ -z "$missing" ] || fail "the base image lacks $(echo "$missing" | tr '\n' ' ')(is it CUDA $CUDA_MAJOR?)"
  for so in "libcudnn.so.$CUDNN_MAJOR" libcufft.so.12; do
    ldconfig -p | grep -q "^[[:space:]]*$so " || fail "the base image lacks $so"
  done
  echo "cuda-ep: every library the CUDA $CUDA_MAJOR provider needs is in the image (libcuda.so.1 comes from the driver)"
}

# For a developer or CI: what the pinned provider links to, checked without a GPU.
inspect() {
  dir=${1:-${XDG_CACHE_HOME:-$HOME/.cache}/lvu/cuda-ep}
  for pkg in $EP_PACKAGE $ORT_NODE $ORT_COMMON; do
    [ -f "$dir/$(tarball "$pkg")" ] || npm ping >/dev/null 2>&1 || {
      echo "cuda-ep: skipped: the npm registry is unreachable and $dir lacks $(tarball "$pkg")"
      exit 0
    }
  done
  fetch "$dir"
  out=$dir/extracted
  mkdir -p "$out"
  [ -f "$out/libonnxruntime_providers_cuda.so" ] ||
    tar xzf "$dir/$(tarball $EP_PACKAGE)" --no-same-owner --strip-components=4 -C "$out" "$EP_DIR/libonnxruntime_providers_cuda.so"
  [ -f "$out/libonnxruntime.so.1" ] ||
    tar xzf "$dir/$(tarball $ORT_NODE)" --no-same-owner --strip-components=5 -C "$out" "package/$BINDING_DIR/libonnxruntime.so.1"
  needed=$(readelf -d "$out/libonnxruntime_providers_cuda.so" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p')
  for so in "libcudart.so.$CUDA_MAJOR" "libcublas.so.$CUDA_MAJOR" "libcublasLt.so.$CUDA_MAJOR"; do
    echo "$needed" | grep -qxF "$so" || fail "the provider does not link $so (NEEDED: $(echo "$needed" | tr '\n' ' '))"
  done
  other=$(echo "$needed" | grep -E '^libcu(dart|blas|blasLt)\.so\.' | grep -v "\.so\.$CUDA_MAJOR\$" || true)
  [ -z "$other" ] || fail "the provider also links $other"
  tr '\0' '\n' <"$out/libonnxruntime_providers_cuda.so" | grep -qF "release $CUDA_MAJOR." ||
    fail "the provider was not compiled by nvcc $CUDA_MAJOR"
  declares "$out/libonnxruntime_providers_cuda.so" "$ORT_VERSION" || fail "the provider is not ONNX Runtime $ORT_VERSION"
  declares "$out/libonnxruntime.so.1" "$ORT_VERSION" || fail "$ORT_NODE's libonnxruntime.so.1 is not ONNX Runtime $ORT_VERSION"
  echo "cuda-ep: $EP_PACKAGE: ONNX Runtime $ORT_VERSION CUDA provider, NEEDED $(echo "$needed" | grep '^libcu' | tr '\n' ' ')(cuDNN $CUDNN_MAJOR is dlopened); $ORT_NODE's core is ONNX Runtime $ORT_VERSION"
}

case "${1:-inspect}" in
fetch) fetch "${2:?DIR}" ;;
install) install_ep "${2:?DIR}" "${3:?APP}" ;;
check-runtime) check_runtime "${2:?APP}" ;;
inspect) inspect "${2:-}" ;;
*) fail "usage: sh gpu-workers/cuda-ep.sh fetch DIR | install DIR APP | check-runtime APP | inspect [DIR]" ;;
esac
