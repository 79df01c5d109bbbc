#!/usr/bin/env bash
#===- scripts/build.sh - Configure (once) and build carbon-opt -----------===#
#
# Builds into ./build (or $CARBON_BUILD_DIR) with CMake and Ninja.
#
#===------------------------------------------------------------------------===#
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${CARBON_BUILD_DIR:-$root/build}
if [[ ! -f $build/build.ninja ]]; then
  cmake -G Ninja -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release \
    -DMLIR_DIR=/usr/lib/llvm-22/lib/cmake/mlir >/dev/null
fi
ninja -C "$build" "$@"
