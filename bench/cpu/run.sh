#!/usr/bin/env bash
#===- bench/cpu/run.sh - onnxruntime's per-node cost on this CPU ---------===#
#
# Builds the op chains (make_chain.py) and runs them with onnxruntime-node
# on one thread, printing each run's per-node time (quote the median):
# five runs of 1,000 one-element Adds (dispatch: the CPU targets' per-kernel
# overhead), then three each of 100 Neg, Identity and Reshape nodes on a
# 4 MiB tensor (a copy moves it; a view does not). Needs python3-onnx and
# `npm install --ignore-scripts onnxruntime-node@1.30.0` in ORT_DIR
# (default: bench/cpu/node_modules' parent).
#
#===------------------------------------------------------------------------===#
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
ort_dir=${ORT_DIR:-$here}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
large=1048576
/usr/bin/python3 "$here/make_chain.py" "$work" Add 1 1 1000
for op in Neg Identity Reshape; do
  /usr/bin/python3 "$here/make_chain.py" "$work" $op $large 1 100
done
grep -m1 'model name' /proc/cpuinfo
grep -m1 'cpu family' /proc/cpuinfo; grep -m1 '^model\s' /proc/cpuinfo
run() { ORT_NODE="$ort_dir/node_modules/onnxruntime-node" node "$here/dispatch.mjs" "$work" "$@" 2>/dev/null | tail -1; }
for i in 1 2 3 4 5; do run Add 1 1000; done
for op in Neg Identity Reshape; do
  for i in 1 2 3; do run $op $large 100 200; done
done
