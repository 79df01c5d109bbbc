// The cost analysis from Debian's mlir-opt through the plugin: the onnx
// cost models come with the dialect plugin, the pass with the pass plugin.
// RUN: mlir-opt %s --load-dialect-plugin=%carbon_plugin --load-pass-plugin=%carbon_plugin \
// RUN:   --pass-pipeline='builtin.module(carbon-annotate-cost)' | FileCheck %s

// 2x3 by 3x4: 8 outputs x 3 = 24 MACs.
// CHECK-LABEL: func.func @matmul
// CHECK: "onnx.MatMul"{{.*}}carbon.cost = #carbon.cost<macs = 24, flops = 48,
func.func @matmul(%a: tensor<2x3xf32>, %b: tensor<3x4xf32>) -> tensor<2x4xf32> {
  %y = "onnx.MatMul"(%a, %b) : (tensor<2x3xf32>, tensor<3x4xf32>) -> tensor<2x4xf32>
  return %y : tensor<2x4xf32>
}
