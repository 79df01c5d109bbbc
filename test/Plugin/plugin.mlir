// Debian's own mlir-opt loads the plugin: the dialects with
// --load-dialect-plugin, the passes with --load-pass-plugin (reachable only
// through --pass-pipeline).
// RUN: mlir-opt %s --load-dialect-plugin=%carbon_plugin --load-pass-plugin=%carbon_plugin \
// RUN:   --pass-pipeline='builtin.module(carbon-check-static-shapes)' -verify-diagnostics | FileCheck %s

// CHECK-LABEL: func.func @relu
// CHECK: "onnx.Relu"
func.func @relu(%x: tensor<?x4xf32>) -> tensor<?x4xf32> {
  // expected-warning @+1 {{result #0 has a shape that is not static: 'tensor<?x4xf32>'}}
  %y = "onnx.Relu"(%x) : (tensor<?x4xf32>) -> tensor<?x4xf32>
  return %y : tensor<?x4xf32>
}
