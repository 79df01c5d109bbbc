// bench/cpu/dispatch.mjs - onnxruntime's cost per node on one CPU thread.
//
// Runs chain-1.onnx and chain-N.onnx (make_chain.py: N one-element Adds)
// with graph optimisations off, so that every node runs as its own kernel,
// and prints the median time per run of each and (t_N - t_1) / (N - 1),
// the time a node adds beyond its arithmetic: carbon-opt's per-kernel
// overhead for a CPU target (docs/targets.md).
// Usage: node dispatch.mjs DIR N [REPS]
import { createRequire } from "module";
const require = createRequire(import.meta.url);
const ort = require(process.env.ORT_NODE || "onnxruntime-node");

const [dir, nArg, repsArg] = process.argv.slice(2);
const n = Number(nArg), reps = Number(repsArg || 2000);

async function medianRun(path) {
  const session = await ort.InferenceSession.create(path, {
    intraOpNumThreads: 1, interOpNumThreads: 1,
    graphOptimizationLevel: "disabled", executionMode: "sequential",
  });
  const feeds = { x: new ort.Tensor("float32", Float32Array.from([0]), [1]) };
  for (let i = 0; i < 200; ++i) await session.run(feeds);
  const times = [];
  for (let i = 0; i < reps; ++i) {
    const t0 = process.hrtime.bigint();
    await session.run(feeds);
    times.push(Number(process.hrtime.bigint() - t0) / 1e3);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

const one = await medianRun(`${dir}/chain-1.onnx`);
const many = await medianRun(`${dir}/chain-${n}.onnx`);
console.log(`onnxruntime-node ${ort.env.versions?.common ?? ""}`);
console.log(`chain-1: ${one.toFixed(2)} us per run; chain-${n}: ${many.toFixed(2)} us per run`);
console.log(`per node: ${((many - one) / (n - 1)).toFixed(3)} us`);
