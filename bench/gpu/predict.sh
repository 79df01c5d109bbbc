#!/usr/bin/env bash
#===- bench/gpu/predict.sh - carbon-opt's predictions for the GPU bench --===#
#
# Runs here, where carbon-opt is built: writes bench/gpu/predictions.json
# with carbon-opt's report of every workload of measure.py on TARGET
# (default h200), for measure.py to print beside its measurements.
#
#===------------------------------------------------------------------------===#
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
target=${1:-h200}
"$root/scripts/build.sh" carbon-opt >/dev/null
work=$(mktemp -d)
/usr/bin/python3 - "$root" "$target" "$work" <<'PY'
import json, os, subprocess, sys
root, target, work = sys.argv[1:4]
sys.path.insert(0, os.path.join(root, "bench", "gpu"))
import workloads
carbon_opt = os.path.join(root, "build", "bin", "carbon-opt")

def report(model, extra):
    """carbon-opt's report, without the per-op rows (measure.py needs totals)."""
    run = subprocess.run([carbon_opt, model, "--target", target, "--report=json"] + extra,
                         capture_output=True, text=True, check=True)
    full = json.loads(run.stdout)
    # The generated GEMMs live in a temporary folder: keep their names only,
    # so the file changes only when a prediction does.
    if "path" in full.get("model", {}):
        full["model"]["path"] = os.path.basename(full["model"]["path"])
    return {k: v for k, v in full.items() if k not in ("ops", "target")}

out = {"target": target, "workloads": {}}
for n in workloads.GEMM_SIZES:
    for p in workloads.GEMM_PRECISIONS:
        path = os.path.join(work, f"{workloads.gemm_name(n, p)}.onnxtxt")
        open(path, "w").write(workloads.gemm_onnx_text(n, p))
        extra = ["--precision", "tf32"] if p == "tf32" else []
        out["workloads"][workloads.gemm_name(n, p)] = report(path, extra)
for b in workloads.BATCHES:
    out["workloads"][f"resnet50-b{b}"] = report(
        os.path.join(root, "models", "weightfree", "resnet50.onnx"), ["--batch", str(b)])
    out["workloads"][f"bert-base-b{b}"] = report(
        os.path.join(root, "models", "weightfree", "bert_base.onnx"),
        ["--batch", str(b), "--dim", f"seq={workloads.BLOCK['seq']}"])
json.dump(out, open(os.path.join(root, "bench", "gpu", "predictions.json"), "w"), indent=1)
print("wrote bench/gpu/predictions.json for", target)
PY
