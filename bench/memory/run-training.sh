#!/usr/bin/env bash
#===- bench/memory/run-training.sh - training activations vs autograd -----===#
#
# For torchvision models at two batch sizes, prints the activations
# carbon-opt's training layout keeps for the backward pass without
# recomputation (the JSON report's assumptions.training.
# activation_bytes_per_device on one device) beside the bytes eager
# PyTorch's autograd saves (saved_activations.py: the storages that are
# not parameters or buffers, MaxPool's integer argmax indices among them
# and also shown apart), and their ratio. Needs build/bin/carbon-opt and Debian's
# python3-torch and python3-torchvision
# (CARBON_BOOTSTRAP_EXTRAS=1 scripts/bootstrap.sh).
#
#===------------------------------------------------------------------------===#
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
carbon=${CARBON_OPT:-$root/build/bin/carbon-opt}
printf '| model | batch | carbon-opt MB | autograd MB | ratio | of which indices MB |\n'
printf '|---|---|---|---|---|---|\n'
for model in resnet18 resnet50 mobilenet_v2 vgg16 vit_b_16; do
  for batch in 1 8; do
    read -r floating integer < <(/usr/bin/python3 "$here/saved_activations.py" $model $batch)
    "$carbon" "$root/models/weightfree/$model.onnx" --batch $batch \
        --target a100 --train --samples 1 --tensor-parallel 1 \
        --pipeline-stages 1 --recompute none --report=json 2>/dev/null |
      /usr/bin/python3 -c '
import json, sys
t = json.load(sys.stdin)["assumptions"]["training"]
model, batch = sys.argv[1], sys.argv[2]
indices = int(sys.argv[4])
measured = int(sys.argv[3]) + indices
predicted = t["activation_bytes_per_device"]
print(f"| {model} | {batch} | {predicted / 1e6:.2f} | {measured / 1e6:.2f} | "
      f"{predicted / measured:.4f} | {indices / 1e6:.2f} |")' \
        $model $batch "$floating" "$integer"
  done
done
