#!/usr/bin/env bash
#===- bench/cpu/run.sh - onnxruntime's per-node cost on this CPU ---------===#
#
# Builds the Add chains and runs them with onnxruntime-node on one thread,
# five times; prints each run's per-node time (quote the median). Needs
# python3-onnx and `npm install --ignore-scripts onnxruntime-node@1.30.0`
# in ORT_DIR (default: bench/cpu/node_modules' parent).
#
#===------------------------------------------------------------------------===#
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
ort_dir=${ORT_DIR:-$here}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
/usr/bin/python3 "$here/make_chain.py" "$work" 1 1000
grep -m1 'model name' /proc/cpuinfo
grep -m1 'cpu family' /proc/cpuinfo; grep -m1 '^model\s' /proc/cpuinfo
for i in 1 2 3 4 5; do
  ORT_NODE="$ort_dir/node_modules/onnxruntime-node" node "$here/dispatch.mjs" "$work" 1000 | tail -1
done
