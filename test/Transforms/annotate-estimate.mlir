// carbon-annotate-estimate: each op's time and device energy on a target,
// by hand on the toy target of Inputs/toy-target.yaml (the figures of
// test/Analysis/energy-and-budget.test, whose report gives the same
// numbers for the same model).
// RUN: carbon-opt %s -split-input-file -verify-diagnostics \
// RUN:   --pass-pipeline='builtin.module(carbon-annotate-estimate{target=toy target-file=%S/Inputs/toy-target.yaml})' \
// RUN:   | FileCheck %s

// MatMul: 2e9 FLOPs on the matrix units at 2e12 x 0.5: 2e-3 s; 12e6 bytes
// at 1e11 x 0.5: 2.4e-4 s; + 1 us launch = 2.001e-3 s, compute-bound at
// 2e9 / 12e6 = 166.67 FLOP/B. Energy: (300 - 100) W / (2e12 x 0.5) = 2e-10
// J/FLOP; 100 x 2.001e-3 + 0.4 + 12e6 x 8e-11 = 0.60106 J, capped at TDP x
// time = 0.6003 J.
// Relu: 8e6 bytes at 5e10 B/s = 1.6e-4 s, + 1 us = 1.61e-4 s, memory-bound
// at 1e6 / 8e6 = 0.125; 100 x 1.61e-4 + 1e6 x 4e-10 + 8e6 x 8e-11 =
// 0.01714 J. The module: 2.162e-3 s and 0.61744 J; its memory x and w (the
// function's arguments, live throughout) and y and z at the Relu, 4e6
// bytes each (docs/cost-model.md, Memory).
// CHECK-LABEL: module attributes {carbon.inference = #carbon.inference<target = "toy", latency_s = 0.002162{{0*[0-9]?}}, energy_j = 0.61744{{0*[0-9]?}}, memory_bytes = 16000000>}
// CHECK-LABEL: func.func @mlp
// CHECK: "onnx.MatMul"{{.*}}carbon.estimate = #carbon.estimate<time_s = 2.001{{0*}}e-03, energy_j = 0.6003{{0*[0-9]?}}, bound = "compute", intensity = 166.666{{[0-9]*}}, matrix_units = true>
// CHECK: "onnx.Relu"{{.*}}carbon.estimate = #carbon.estimate<time_s = 1.61{{0*}}e-04, energy_j = 0.01714{{0*[0-9]?}}, bound = "memory", intensity = 1.25{{0*}}e-01, matrix_units = false>
func.func @mlp(%x: tensor<1000x1000xf32>, %w: tensor<1000x1000xf32>) -> tensor<1000x1000xf32> {
  %y = "onnx.MatMul"(%x, %w) : (tensor<1000x1000xf32>, tensor<1000x1000xf32>) -> tensor<1000x1000xf32>
  %z = "onnx.Relu"(%y) : (tensor<1000x1000xf32>) -> tensor<1000x1000xf32>
  return %z : tensor<1000x1000xf32>
}

// -----

// Any dialect the cost models know: linalg.matmul also reads its 4e6-byte
// accumulator, 16e6 bytes (125 FLOP/B), and is timed as the MatMul is. It
// holds the three arguments and its result (its body's scalars are no
// tensors): 16e6 bytes.
// CHECK-LABEL: module attributes {carbon.inference = #carbon.inference<target = "toy", latency_s = 2.001{{0*}}e-03, energy_j = 0.6003{{0*[0-9]?}}, memory_bytes = 16000000>}
// CHECK: linalg.matmul {carbon.estimate = #carbon.estimate<time_s = 2.001{{0*}}e-03, energy_j = 0.6003{{0*[0-9]?}}, bound = "compute", intensity = 1.25{{0*}}e+02, matrix_units = true>}
func.func @linalg(%x: tensor<1000x1000xf32>, %w: tensor<1000x1000xf32>, %acc: tensor<1000x1000xf32>) -> tensor<1000x1000xf32> {
  %y = linalg.matmul ins(%x, %w : tensor<1000x1000xf32>, tensor<1000x1000xf32>) outs(%acc : tensor<1000x1000xf32>) -> tensor<1000x1000xf32>
  return %y : tensor<1000x1000xf32>
}

// -----

// An op that cannot be counted is named, and the module gets no latency:
// a sum without it would be a wrong number.
// CHECK-LABEL: func.func @dynamic
// CHECK-NOT: carbon.inference
// CHECK: "onnx.Relu"{{.*}}carbon.estimate
// CHECK-NOT: carbon.estimate
func.func @dynamic(%x: tensor<4xf32>, %u: tensor<?xf32>) -> (tensor<4xf32>, tensor<?xf32>) {
  %y = "onnx.Relu"(%x) : (tensor<4xf32>) -> tensor<4xf32>
  // expected-warning @+1 {{not estimated: not counted: result #0 has a shape that is not static: tensor<?xf32>}}
  %z = "onnx.Relu"(%u) : (tensor<?xf32>) -> tensor<?xf32>
  return %y, %z : tensor<4xf32>, tensor<?xf32>
}
