#!/usr/bin/env bash
#===- bench/gpu/run.sh - The GPU measurement, in one command -------------===#
#
# On a machine with an NVIDIA GPU, PyTorch and nvidia-ml-py (the device
# machine's image has both): measures the workloads of workloads.py and the
# energy calibration, beside the predictions that predict.sh wrote here
# (bench/gpu/predictions.json, committed). Writes $OUT/results.json (or
# ./results.json). Record the figures in docs/validation.md with the date
# and the machine.
#
#===------------------------------------------------------------------------===#
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
PYTHONUNBUFFERED=1 python3 "$here/measure.py" --out "${OUT:-.}" --predictions "$here/predictions.json"
