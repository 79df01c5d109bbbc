"""Checks carbon-opt's counts for the models of models/ against models/reference.json.

Usage: check_reference.py CARBON_OPT MODELS_DIR

Parameters must be exact. Conv/MatMul/Gemm MACs of the torchvision models
must be within 1% of torchvision's published GFLOPS (which count
multiply-adds), or round to the published figure at its precision. The
generated LLMs' forward FLOPs per token, and the text models' forward MACs,
must be within 1% of the closed form: Kaplan et al.'s 2N + 2 n_layer n_ctx d_attn, plus the two matmuls it
leaves out and the graph computes (de-embedding, softmax x V).
"""
import json
import subprocess
import sys

CONTRACTIONS = {"onnx.Conv", "onnx.MatMul", "onnx.Gemm"}


def main():
    carbon_opt, models = sys.argv[1], sys.argv[2]
    ref = json.load(open(f"{models}/reference.json"))
    failures = 0
    for entry in ref["models"]:
        args = [carbon_opt, f"{models}/{entry['model']}", "--report=json", "--strict"]
        for name, value in entry["dims"].items():
            args += ["--dim", f"{name}={value}"]
        run = subprocess.run(args, capture_output=True, text=True)
        if run.returncode != 0:
            print(f"FAIL {entry['model']}: carbon-opt exited {run.returncode}: {run.stderr.strip()[:500]}")
            failures += 1
            continue
        report = json.loads(run.stdout)
        checks = []
        params = report["model"]["params"]
        checks.append(("params", params == entry["params"], f"{params} vs {entry['params']}"))
        if "forward_gmacs" in entry:
            gmacs = sum(op["macs"] for op in report["ops"] if op["type"] in CONTRACTIONS) / 1e9
            published = entry["forward_gmacs"]
            rounds_to = round(gmacs, entry["gmacs_decimals"]) == published
            within = abs(gmacs - published) <= 0.01 * published
            checks.append(("gmacs", within or rounds_to,
                           f"{gmacs:.4f} vs {published} ({100 * (gmacs / published - 1):+.2f}%)"))
        if "forward_macs" in entry:
            macs = report["forward"]["macs"]
            closed = entry["forward_macs"]
            checks.append(("macs", abs(macs / closed - 1) <= 0.01,
                           f"{macs} vs {closed} ({100 * (macs / closed - 1):+.3f}%)"))
        if "kaplan_forward_flops_per_token" in entry:
            tokens = entry["dims"]["seq"] * entry["dims"]["batch"]
            per_token = report["forward"]["flops"] / tokens
            closed = (entry["kaplan_forward_flops_per_token"] + entry["deembed_flops_per_token"]
                      + entry["attention_v_flops_per_token"])
            checks.append(("flops/token", abs(per_token / closed - 1) <= 0.01,
                           f"{per_token:.6e} vs {closed:.6e} ({100 * (per_token / closed - 1):+.3f}%)"))
        ok = all(passed for _, passed, _ in checks)
        failures += not ok
        detail = "; ".join(f"{name} {text}" for name, _, text in checks)
        print(f"{'PASS' if ok else 'FAIL'} {entry['model']}: {detail}")
    print(f"{len(ref['models']) - failures} passed, {failures} failed")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
