#!/usr/bin/env bash
#===- scripts/bootstrap.sh - Install what carbon-opt needs on Debian 12 ----===#
#
# Installs every Debian package that the build, the tests and the example
# models need. Idempotent: when everything is present it prints nothing and
# touches no package index.
#
#===------------------------------------------------------------------------===#
set -euo pipefail

packages=(
  build-essential cmake ninja-build
  llvm-22-dev llvm-22-tools libmlir-22-dev mlir-22-tools
  libonnx-dev libprotobuf-dev protobuf-compiler libonnx-testdata
  libgtest-dev
  python3 python3-onnx python3-numpy python3-yaml
  chromium
)
# chromium renders the HTML report in its test. Heavier extras only the
# model exporters use; opt in with CARBON_BOOTSTRAP_EXTRAS=1 (scripts that
# need them say so).
if [[ "${CARBON_BOOTSTRAP_EXTRAS:-0}" == 1 ]]; then
  packages+=(python3-torch python3-torchvision)
fi

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$p")
  fi
done
[[ ${#missing[@]} -eq 0 ]] && exit 0

sudo=""
[[ $(id -u) -ne 0 ]] && sudo="sudo"
echo "bootstrap: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
