#!/usr/bin/env bash
#===- bench/import/run.sh - Import speed and memory on ResNet-50 ---------===#
#
# Exports torchvision's ResNet-50 with its weights (about 100 MB; needs
# python3-torch, see CARBON_BOOTSTRAP_EXTRAS in scripts/bootstrap.sh), then
# times its bare protobuf parse against carbon-opt's full import and
# reports the peak memory of each. Results go in docs/importer.md.
#
#===------------------------------------------------------------------------===#
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
CARBON_BOOTSTRAP_EXTRAS=1 "$root/scripts/bootstrap.sh"
"$root/scripts/build.sh" carbon-import-bench >/dev/null
models=$root/models/exported
mkdir -p "$models"
[[ -f $models/resnet50.onnx ]] || /usr/bin/python3 "$root/models/scripts/export_torchvision.py" "$models" resnet50 >/dev/null 2>&1
"$root/build/bin/carbon-import-bench" "$models/resnet50.onnx" "${REPEATS:-9}" --dim batch=1
