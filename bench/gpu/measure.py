#!/usr/bin/env python3
"""Measures on an NVIDIA GPU what carbon-opt predicts, and calibrates energy.

Usage (on the GPU machine, with PyTorch and nvidia-ml-py):
  python3 bench/gpu/measure.py [--out DIR] [--predictions bench/gpu/predictions.json]
  python3 bench/gpu/measure.py --cpu-dry-run     (logic check without a GPU)

For each workload of workloads.py (a GEMM sweep in fp32, tf32 and bf16,
ResNet-50 and BERT-base at several batch sizes) it measures time with CUDA
events (median of repeated runs after warm-up) and energy with NVML's
total-energy counter over a run of at least a second, and prints them beside
carbon-opt's predictions (predict.sh). It also measures what the energy
model needs and no publication gave (docs/targets-research/power.md): idle
power, power and throughput of large GEMMs (energy per FLOP above idle), of a
device-to-device copy (energy per byte), the launch time of an empty
kernel, and what a kernel of a chain costs launched from the host and
replayed from a CUDA graph (--launch graph). Results go to OUT/results.json. Budget: a few minutes of GPU time.
"""
import argparse
import json
import os
import statistics
import sys
import time

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import workloads  # noqa: E402


class Meter:
    """Time with CUDA events, energy with NVML's counter (mJ since load)."""

    def __init__(self, device):
        self.device = device
        self.nvml = None
        if device.type != "cuda":
            return
        # Time is still worth measuring without energy: a machine without
        # nvidia-ml-py, or a GPU without the counter (before Volta), says so
        # and goes on.
        try:
            import pynvml
            pynvml.nvmlInit()
            self.handle = pynvml.nvmlDeviceGetHandleByIndex(device.index or 0)
            pynvml.nvmlDeviceGetTotalEnergyConsumption(self.handle)
            self.nvml = pynvml
        except Exception as e:  # ImportError, or pynvml.NVMLError
            print(f"warning: no NVML energy counter ({e}); measuring time only",
                  file=sys.stderr)

    def energy_j(self):
        if not self.nvml:
            return None
        return self.nvml.nvmlDeviceGetTotalEnergyConsumption(self.handle) / 1000.0

    def sync(self):
        if self.device.type == "cuda":
            torch.cuda.synchronize(self.device)

    def time_s(self, fn, reps):
        """Median seconds of one call of fn over `reps` timed calls."""
        for _ in range(3):
            fn()
        self.sync()
        times = []
        for _ in range(reps):
            if self.device.type == "cuda":
                start, end = torch.cuda.Event(enable_timing=True), torch.cuda.Event(enable_timing=True)
                start.record()
                fn()
                end.record()
                end.synchronize()
                times.append(start.elapsed_time(end) / 1000.0)
            else:
                t0 = time.perf_counter()
                fn()
                times.append(time.perf_counter() - t0)
        return statistics.median(times)

    def power_w(self, fn, seconds, per_call_s):
        """Mean board power while calling fn back to back for `seconds`."""
        calls = max(1, int(seconds / max(per_call_s, 1e-6)))
        self.sync()
        e0, t0 = self.energy_j(), time.perf_counter()
        for _ in range(calls):
            fn()
        self.sync()
        e1, t1 = self.energy_j(), time.perf_counter()
        if e0 is None:
            return None, t1 - t0, calls
        return (e1 - e0) / (t1 - t0), t1 - t0, calls


def gemm_case(meter, device, n, precision, seconds, reps):
    dtype = torch.bfloat16 if precision == "bf16" else torch.float32
    torch.backends.cuda.matmul.allow_tf32 = precision == "tf32"
    a = torch.randn(n, n, device=device, dtype=dtype)
    b = torch.randn(n, n, device=device, dtype=dtype)
    fn = lambda: torch.matmul(a, b)  # noqa: E731
    t = meter.time_s(fn, reps)
    watts, _, _ = meter.power_w(fn, seconds, t)
    flops = 2.0 * n * n * n
    return {"time_s": t, "tflops": flops / t / 1e12, "power_w": watts, "flops": flops}


def model_case(meter, device, name, batch, seconds, reps):
    if name == "resnet50":
        import torchvision
        model = torchvision.models.resnet50(weights=None)
        x = torch.randn(batch, 3, 224, 224, device=device)
    else:
        sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "models", "scripts"))
        from export_text_models import BertBase
        model = BertBase()
        x = torch.randint(0, 30522, (batch, workloads.BLOCK["seq"]), device=device)
    model = model.to(device).eval()
    with torch.no_grad():
        fn = lambda: model(x)  # noqa: E731
        t = meter.time_s(fn, reps)
        watts, _, _ = meter.power_w(fn, seconds, t)
    return {"time_s": t, "power_w": watts, "energy_j_per_batch": watts * t if watts else None,
            "energy_j_per_sample": watts * t / batch if watts else None}


def calibration(meter, device, seconds, idle_seconds):
    out = {}
    if meter.nvml:
        meter.sync()
        e0, t0 = meter.energy_j(), time.perf_counter()
        time.sleep(idle_seconds)
        e1, t1 = meter.energy_j(), time.perf_counter()
        out["idle_w"] = (e1 - e0) / (t1 - t0)
    # Device-to-device copy of a buffer far larger than L2: bytes read + written.
    n = (1 << 28) if device.type == "cuda" else (1 << 20)
    src = torch.empty(n, dtype=torch.float32, device=device)
    dst = torch.empty_like(src)
    fn = lambda: dst.copy_(src)  # noqa: E731
    t = meter.time_s(fn, 20)
    watts, _, _ = meter.power_w(fn, seconds, t)
    moved = 2.0 * src.numel() * src.element_size()
    out["copy"] = {"gb_per_s": moved / t / 1e9, "power_w": watts}
    # An empty-ish kernel: the launch cost, one call timed alone; then a
    # chain of them back to back from the host (launch_overhead_us's case)
    # and replayed from a CUDA graph (graph_launch_overhead_us's, --launch
    # graph): seconds a kernel over the chain.
    tiny = torch.zeros(1, device=device)
    out["launch_us"] = meter.time_s(lambda: tiny.add_(1), 200) * 1e6
    chain = 200

    def stream_chain():
        for _ in range(chain):
            tiny.add_(1)
    out["stream_kernel_us"] = meter.time_s(stream_chain, 20) * 1e6 / chain
    if device.type == "cuda":
        side = torch.cuda.Stream(device)
        side.wait_stream(torch.cuda.current_stream(device))
        with torch.cuda.stream(side):
            stream_chain()  # warm-up off the capture, as PyTorch's docs ask
        torch.cuda.current_stream(device).wait_stream(side)
        graph = torch.cuda.CUDAGraph()
        with torch.cuda.graph(graph):
            stream_chain()
        out["graph_kernel_us"] = meter.time_s(graph.replay, 20) * 1e6 / chain
    return out


def predicted(predictions, key):
    """carbon-opt's latency and device energy of one batch, and why not."""
    w = (predictions or {}).get("workloads", {}).get(key)
    if not w:
        return None, None, "no prediction"
    if "inference" in w:
        i = w["inference"]
        return i["latency_s"], i.get("device_energy_j_per_batch"), \
            w.get("assumptions", {}).get("energy", {}).get("gap", "")
    return None, None, w.get("roofline", {}).get("prediction_gap", "no inference section")


def row(key, r, tflops=""):
    ratio = r["time_s"] / r["predicted_s"] if r["predicted_s"] else float("nan")
    measured_j = r["power_w"] * r["time_s"] if r["power_w"] else None
    e_ratio = measured_j / r["predicted_j"] if measured_j and r["predicted_j"] else float("nan")
    print(f"{key:24} {r['time_s']:12.3e} {r['predicted_s'] or float('nan'):12.3e} {ratio:7.2f} "
          f"{measured_j or float('nan'):11.3e} {r['predicted_j'] or float('nan'):11.3e} {e_ratio:7.2f} "
          f"{tflops:>9} {r['power_w'] or float('nan'):7.0f} {r.get('pj_per_flop_above_idle', float('nan')):13.2f}")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", default=os.environ.get("OUT", "."))
    ap.add_argument("--predictions", default=os.path.join(os.path.dirname(__file__), "predictions.json"))
    ap.add_argument("--cpu-dry-run", action="store_true", help="tiny sizes on the CPU, no energy")
    args = ap.parse_args()
    device = torch.device("cpu" if args.cpu_dry_run else "cuda")
    meter = Meter(device)
    seconds, reps, idle = (0.05, 3, 0.0) if args.cpu_dry_run else (1.5, 20, 5.0)
    sizes = [64, 128] if args.cpu_dry_run else workloads.GEMM_SIZES
    batches = [1] if args.cpu_dry_run else workloads.BATCHES
    predictions = json.load(open(args.predictions)) if os.path.exists(args.predictions) else None

    results = {"device": torch.cuda.get_device_name(device) if device.type == "cuda" else "cpu (dry run)",
               "torch": torch.__version__, "date": time.strftime("%Y-%m-%d"), "gemm": {}, "models": {}}
    results["calibration"] = calibration(meter, device, seconds, idle)
    idle_w = results["calibration"].get("idle_w")
    copy = results["calibration"]["copy"]
    if idle_w is not None and copy["power_w"]:
        copy["pj_per_byte_above_idle"] = (copy["power_w"] - idle_w) / (copy["gb_per_s"] * 1e9) * 1e12

    # Written after every workload, so that a run cut short by the
    # machine's time limit still leaves what it measured.
    os.makedirs(args.out, exist_ok=True)

    def save():
        with open(os.path.join(args.out, "results.json"), "w") as f:
            json.dump(results, f, indent=1)
    save()

    print(f"{'workload':24} {'measured s':>12} {'predicted s':>12} {'ratio':>7} {'measured J':>11} "
          f"{'predicted J':>11} {'ratio':>7} {'TFLOP/s':>9} {'W':>7} {'pJ/FLOP>idle':>13}")
    for n in sizes:
        for p in workloads.GEMM_PRECISIONS:
            if args.cpu_dry_run and p == "bf16":
                continue
            r = gemm_case(meter, device, n, p, seconds, reps)
            if idle_w is not None and r["power_w"]:
                r["pj_per_flop_above_idle"] = (r["power_w"] - idle_w) / (r["tflops"] * 1e12) * 1e12
            key = workloads.gemm_name(n, p)
            r["predicted_s"], r["predicted_j"], r["prediction_gap"] = predicted(predictions, key)
            results["gemm"][key] = r
            save()
            row(key, r, f"{r['tflops']:.1f}")
    for name in ["resnet50", "bert-base"]:
        for b in batches:
            key = f"{name}-b{b}"
            r = model_case(meter, device, name, b, seconds, reps)
            r["predicted_s"], r["predicted_j"], r["prediction_gap"] = predicted(predictions, key)
            results["models"][key] = r
            save()
            row(key, r)
    print("calibration:", json.dumps(results["calibration"]))


if __name__ == "__main__":
    main()
