#!/usr/bin/env bash
#===- bench/memory/run.sh - carbon-opt's activation peak vs eager PyTorch -===#
#
# For torchvision models at several batch sizes, prints carbon-opt's
# activation peak (the JSON report's memory.activation_peak_bytes less the
# input, which PyTorch allocates before the pass) beside the peak that
# eager_peak.py measures, and their ratio. Needs build/bin/carbon-opt and
# Debian's python3-torch and python3-torchvision
# (CARBON_BOOTSTRAP_EXTRAS=1 scripts/bootstrap.sh).
#
#===------------------------------------------------------------------------===#
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
carbon=${CARBON_OPT:-$root/build/bin/carbon-opt}
printf '| model | batch | carbon-opt MB | PyTorch MB | ratio | peak op |\n'
printf '|---|---|---|---|---|---|\n'
for model in resnet18 resnet50 mobilenet_v2; do
  for batch in 1 8 32; do
    measured=$(/usr/bin/python3 "$here/eager_peak.py" $model $batch)
    "$carbon" "$root/models/weightfree/$model.onnx" --batch $batch \
        --report=json 2>/dev/null |
      /usr/bin/python3 -c '
import json, sys
m = json.load(sys.stdin)["memory"]
model, batch, measured = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
predicted = m["activation_peak_bytes"] - batch * 3 * 224 * 224 * 4
op = m["peak_op"]
print(f"| {model} | {batch} | {predicted / 1e6:.2f} | {measured / 1e6:.2f} | "
      f"{predicted / measured:.3f} | {op} |")' $model $batch "$measured"
  done
done
