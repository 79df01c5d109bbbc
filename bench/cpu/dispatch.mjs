// bench/cpu/dispatch.mjs - onnxruntime's cost per node on one CPU thread.
//
// Runs chain-OP-1.onnx and chain-OP-N.onnx (make_chain.py: N OP nodes on
// a tensor of E elements) with graph optimisations off, so that every node
// runs as its own kernel, and prints the median time per run of each and
// (t_N - t_1) / (N - 1), the time a node adds. With one-element Adds that
// is dispatch, carbon-opt's per-kernel overhead for a CPU target
// (docs/targets.md); with a large tensor it shows whether an op moves it.
// Usage: node dispatch.mjs DIR OP E N [REPS]
import { createRequire } from "module";
const require = createRequire(import.meta.url);
const ort = require(process.env.ORT_NODE || "onnxruntime-node");

const [dir, op, eArg, nArg, repsArg] = process.argv.slice(2);
const elements = Number(eArg), n = Number(nArg);
const reps = Number(repsArg || 2000);

async function medianRun(path) {
  const session = await ort.InferenceSession.create(path, {
    intraOpNumThreads: 1, interOpNumThreads: 1,
    graphOptimizationLevel: "disabled", executionMode: "sequential",
  });
  const x = new Float32Array(elements);
  const feeds = { x: new ort.Tensor("float32", x, [elements]) };
  for (let i = 0; i < Math.min(200, reps); ++i) await session.run(feeds);
  const times = [];
  for (let i = 0; i < reps; ++i) {
    const t0 = process.hrtime.bigint();
    await session.run(feeds);
    times.push(Number(process.hrtime.bigint() - t0) / 1e3);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

const one = await medianRun(`${dir}/chain-${op}-1.onnx`);
const many = await medianRun(`${dir}/chain-${op}-${n}.onnx`);
console.log(`onnxruntime-node ${ort.env.versions?.common ?? ""}`);
console.log(`${op} x ${elements}: chain-1: ${one.toFixed(2)} us per run; chain-${n}: ${many.toFixed(2)} us per run`);
console.log(`${op} x ${elements} per node: ${((many - one) / (n - 1)).toFixed(3)} us`);
