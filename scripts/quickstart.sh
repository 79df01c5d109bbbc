#!/usr/bin/env bash
#===- scripts/quickstart.sh - Install, build, and report on a shipped model ===#
#
# The README's first command: installs the Debian packages, builds
# carbon-opt, and runs it on a model shipped in models/.
#
#===------------------------------------------------------------------------===#
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/scripts/bootstrap.sh"
"$root/scripts/build.sh" carbon-opt >/dev/null
cd "$root"
build/bin/carbon-opt models/weightfree/resnet18.onnx --batch 1 --target a100 --report
