// RUN: carbon-opt %s -split-input-file -verify-diagnostics

func.func @wrong_element_type(%x: tensor<4xi32>) -> tensor<4xi32> {
  // expected-error @+1 {{'onnx.Sqrt' op operand #0 must be tensor of}}
  %y = "onnx.Sqrt"(%x) : (tensor<4xi32>) -> tensor<4xi32>
  return %y : tensor<4xi32>
}

// -----

func.func @missing_required_attr(%x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{'onnx.Cast' op requires attribute 'to'}}
  %y = "onnx.Cast"(%x) : (tensor<4xf32>) -> tensor<4xf32>
  return %y : tensor<4xf32>
}

// -----

func.func @mismatched_type_parameter(%a: tensor<4xf32>, %b: tensor<4xf64>) -> tensor<4xf32> {
  // expected-error @+1 {{'onnx.Add' op failed to verify that all of {A, B, C} have same element type}}
  %c = "onnx.Add"(%a, %b) : (tensor<4xf32>, tensor<4xf64>) -> tensor<4xf32>
  return %c : tensor<4xf32>
}

// -----

func.func @initializer_type_mismatch() -> tensor<3xi64> {
  // expected-error @+1 {{'onnx.Initializer' op failed to verify that all of {value, output} have same type}}
  %s = "onnx.Initializer"() <{tensor_name = "s", value = dense<[1, 2]> : tensor<2xi64>}> : () -> tensor<3xi64>
  return %s : tensor<3xi64>
}

// -----

func.func @custom_absent_out_of_range(%a: tensor<2xf32>) -> tensor<2xf32> {
  // expected-error @+1 {{'onnx.Custom' op absent input position 5 is outside the node's 2 inputs}}
  %m = onnx.Custom "x" : "Op"(%a) {} {absent_inputs = array<i64: 5>} : (tensor<2xf32>) -> tensor<2xf32>
  return %m : tensor<2xf32>
}

// -----

func.func @custom_region_names(%a: tensor<2xf32>) -> tensor<2xf32> {
  // expected-error @+1 {{'onnx.Custom' op has 1 subgraph regions but 0 region names}}
  %m = onnx.Custom "x" : "Op"(%a) {} regions {
    onnx.Yield
  } : (tensor<2xf32>) -> tensor<2xf32>
  return %m : tensor<2xf32>
}
