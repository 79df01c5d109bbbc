// RUN: carbon-opt %s -split-input-file | carbon-opt -split-input-file | FileCheck %s

// Types of every ONNX element type and of the non-tensor values round-trip.
// CHECK-LABEL: func.func @types
// CHECK-SAME: tensor<2x!onnx.string>
// CHECK-SAME: !onnx.seq<tensor<?x3xf32>>
// CHECK-SAME: !onnx.opt<tensor<4xi64>>
// CHECK-SAME: !onnx.map<!onnx.string, tensor<*xf32>>
// CHECK-SAME: tensor<8xf8E4M3FN>
// CHECK-SAME: tensor<8xf8E5M2>
// CHECK-SAME: tensor<8xbf16>
// CHECK-SAME: tensor<8xf16>
// CHECK-SAME: tensor<8xi1>
// CHECK-SAME: tensor<8xui8>
// CHECK-SAME: tensor<8xcomplex<f32>>
func.func @types(%a: tensor<2x!onnx.string>, %b: !onnx.seq<tensor<?x3xf32>>,
                 %c: !onnx.opt<tensor<4xi64>>,
                 %d: !onnx.map<!onnx.string, tensor<*xf32>>,
                 %e: tensor<8xf8E4M3FN>, %f: tensor<8xf8E5M2>,
                 %g: tensor<8xbf16>, %h: tensor<8xf16>, %i: tensor<8xi1>,
                 %j: tensor<8xui8>, %k: tensor<8xcomplex<f32>>) {
  return
}

// -----

// Initializers keep small integer values exactly and weights as handles.
// CHECK-LABEL: func.func @initializers
// CHECK: onnx.Initializer "shape" = dense<[1, -1]> : tensor<2xi64>
// CHECK: onnx.Initializer "conv1.weight" = dense_resource<conv1.weight> : tensor<64x3x7x7xf32>
func.func @initializers() -> (tensor<2xi64>, tensor<64x3x7x7xf32>) {
  %s = onnx.Initializer "shape" = dense<[1, -1]> : tensor<2xi64>
  %w = onnx.Initializer "conv1.weight" = dense_resource<conv1.weight> : tensor<64x3x7x7xf32>
  return %s, %w : tensor<2xi64>, tensor<64x3x7x7xf32>
}

// -----

// Generated ops: optional operands and results with segment sizes, the
// newest version unsuffixed and an older one with its since_version.
// CHECK-LABEL: func.func @generated
// CHECK: "onnx.LSTM"(%{{.*}}, %{{.*}}, %{{.*}}) <{{.*}}hidden_size = 4 : i64{{.*}}operandSegmentSizes = array<i32: 1, 1, 1, 0, 0, 0, 0, 0>, resultSegmentSizes = array<i32: 0, 1, 0>}>
// CHECK: "onnx.ReshapeV1"
// CHECK: "onnx.Concat"(%{{.*}}, %{{.*}}, %{{.*}})
func.func @generated(%x: tensor<5x2x3xf32>, %w: tensor<1x16x3xf32>, %r: tensor<1x16x4xf32>,
                     %s: tensor<2xi64>) -> (tensor<1x2x4xf32>, tensor<6xf32>, tensor<6xi64>) {
  %h = "onnx.LSTM"(%x, %w, %r) <{hidden_size = 4 : i64, operandSegmentSizes = array<i32: 1, 1, 1, 0, 0, 0, 0, 0>, resultSegmentSizes = array<i32: 0, 1, 0>}> : (tensor<5x2x3xf32>, tensor<1x16x3xf32>, tensor<1x16x4xf32>) -> tensor<1x2x4xf32>
  %y = "onnx.ReshapeV1"(%x) <{shape = [6]}> : (tensor<5x2x3xf32>) -> tensor<6xf32>
  %c = "onnx.Concat"(%s, %s, %s) <{axis = 0 : i64}> : (tensor<2xi64>, tensor<2xi64>, tensor<2xi64>) -> tensor<6xi64>
  return %h, %y, %c : tensor<1x2x4xf32>, tensor<6xf32>, tensor<6xi64>
}

// -----

// Subgraphs are regions ending in onnx.Yield; unknown operators keep all.
// CHECK-LABEL: func.func @structure
// CHECK: "onnx.If"
// CHECK: onnx.Yield %{{.*}} : tensor<2xf32>
// CHECK: onnx.Custom "com.microsoft" : "FusedMatMul"(%{{.*}}) {alpha = 1.000000e+00 : f32} {{.*}}absent_inputs = array<i64: 1>
func.func @structure(%c: tensor<i1>, %a: tensor<2xf32>, %b: tensor<2xf32>) -> (tensor<2xf32>, tensor<2xf32>) {
  %r = "onnx.If"(%c) ({
    onnx.Yield %b : tensor<2xf32>
  }, {
    onnx.Yield %a : tensor<2xf32>
  }) : (tensor<i1>) -> tensor<2xf32>
  %m = onnx.Custom "com.microsoft" : "FusedMatMul"(%a) {alpha = 1.0 : f32} {absent_inputs = array<i64: 1>, domain_version = 1 : i64} : (tensor<2xf32>) -> tensor<2xf32>
  return %r, %m : tensor<2xf32>, tensor<2xf32>
}
