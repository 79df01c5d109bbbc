// RUN: carbon-opt %s -split-input-file -verify-diagnostics \
// RUN:   --pass-pipeline='builtin.module(carbon-check-static-shapes)'

// Static shapes pass silently; dynamic and unranked ones are reported.
func.func @mixed(%x: tensor<2x4xf32>, %u: tensor<*xf32>) -> (tensor<2x4xf32>, tensor<*xf32>) {
  %y = "onnx.Relu"(%x) : (tensor<2x4xf32>) -> tensor<2x4xf32>
  // expected-warning @+1 {{result #0 has a shape that is not static: 'tensor<*xf32>'}}
  %z = "onnx.Relu"(%u) : (tensor<*xf32>) -> tensor<*xf32>
  return %y, %z : tensor<2x4xf32>, tensor<*xf32>
}

// -----

// Works on IR of any dialect, not only imported models.
func.func @upstream(%a: tensor<?xf32>) -> tensor<?xf32> {
  // expected-warning @+1 {{result #0 has a shape that is not static: 'tensor<?xf32>'}}
  %b = arith.addf %a, %a : tensor<?xf32>
  return %b : tensor<?xf32>
}
