#!/usr/bin/env bash
#===- bench/cost/run.sh - Cost analysis time on a 10,000-op graph --------===#
#
# Generates a decoder of 139 Llama-style layers (about 10,000 ops, weight-
# free) and times CostAnalysis on it after import (target: under 50 ms).
# Results go in docs/cost-model.md.
#
#===------------------------------------------------------------------------===#
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
"$root/scripts/build.sh" carbon-cost-bench >/dev/null
model=$(mktemp -d)/decoder-139.onnx
/usr/bin/python3 "$root/models/scripts/make_llm.py" "$model" --layers 139 --d-model 512 \
  --heads 8 --kv-heads 2 --ffn 1536 --ffn-kind swiglu --norm rmsnorm --positions rope \
  --vocab 32000 --context 2048
"$root/build/bin/carbon-cost-bench" "$model" "${REPEATS:-21}" --dim batch=1 --dim seq=2048
