// Every formula against a value computed by hand (the arithmetic is in the
// comment above each case). Function arguments are data that needs no
// gradient; initializers are parameters.
// RUN: carbon-opt %s -split-input-file -verify-diagnostics \
// RUN:   --pass-pipeline='builtin.module(carbon-annotate-cost)' | FileCheck %s

// Conv, 2 groups, dilation 2 with padding 2: output 10x10 (10 + 4 - 4 - 1 + 1).
// Y = 1x8x10x10 = 800 elements, each over Cin/group x 3x3 = 18: 14400 MACs.
// Bytes: X 400x4 + W 144x4 = 2176 read, Y 3200 written. W: 144 parameters.
// Backward: X needs no gradient; dW is 14400 MACs (28800 FLOPs); it reads
// dY (3200) and the saved X (1600), not W (only dX would), writes dW (576).
// CHECK-LABEL: func.func @conv_groups_dilation
// CHECK: "onnx.Conv"{{.*}}carbon.cost = #carbon.cost<macs = 14400, flops = 28800, transcendentals = 0, bytes_read = 2176, bytes_written = 3200, params = 144, param_bytes = 576, bwd_flops = 28800, bwd_bytes_read = 4800, bwd_bytes_written = 576, saves_activations = true, compute_type = f32>
func.func @conv_groups_dilation(%x: tensor<1x4x10x10xf32>) -> tensor<1x8x10x10xf32> {
  %w = onnx.Initializer "w" = dense_resource<w> : tensor<8x2x3x3xf32>
  %y = "onnx.Conv"(%x, %w) <{dilations = [2, 2], group = 2 : i64, kernel_shape = [3, 3], pads = [2, 2, 2, 2]}> : (tensor<1x4x10x10xf32>, tensor<8x2x3x3xf32>) -> tensor<1x8x10x10xf32>
  return %y : tensor<1x8x10x10xf32>
}

// -----

// MatMul with broadcast batch dims: Y = 2x3x4x5 = 120 elements, K = 8:
// 960 MACs. Bytes: A 64x4 + B 120x4 = 736 read, 480 written. No parameter,
// nothing upstream needs a gradient: no backward.
// CHECK-LABEL: func.func @matmul_broadcast
// CHECK: "onnx.MatMul"{{.*}}carbon.cost = #carbon.cost<macs = 960, flops = 1920, transcendentals = 0, bytes_read = 736, bytes_written = 480, params = 0, param_bytes = 0, bwd_flops = 0, bwd_bytes_read = 0, bwd_bytes_written = 0, saves_activations = true, compute_type = f32>
func.func @matmul_broadcast(%a: tensor<2x1x4x8xf32>, %b: tensor<3x8x5xf32>) -> tensor<2x3x4x5xf32> {
  %y = "onnx.MatMul"(%a, %b) : (tensor<2x1x4x8xf32>, tensor<3x8x5xf32>) -> tensor<2x3x4x5xf32>
  return %y : tensor<2x3x4x5xf32>
}

// -----

// Gemm with transB and a bias: Y 4x5 = 20, K = 6: 120 MACs, 240 FLOPs and
// 20 bias additions = 260. Parameters B 30 + C 5. Backward: dB 120 MACs
// (240) and dC a sum of dY rows (20) = 260.
// CHECK-LABEL: func.func @gemm
// CHECK: "onnx.Gemm"{{.*}}carbon.cost = #carbon.cost<macs = 120, flops = 260, transcendentals = 0, bytes_read = 236, bytes_written = 80, params = 35, param_bytes = 140, bwd_flops = 260,
func.func @gemm(%a: tensor<4x6xf32>) -> tensor<4x5xf32> {
  %b = onnx.Initializer "b" = dense_resource<b> : tensor<5x6xf32>
  %c = onnx.Initializer "c" = dense_resource<c> : tensor<5xf32>
  %y = "onnx.Gemm"(%a, %b, %c) <{transB = 1 : i64}> : (tensor<4x6xf32>, tensor<5x6xf32>, tensor<5xf32>) -> tensor<4x5xf32>
  return %y : tensor<4x5xf32>
}

// -----

// Bidirectional LSTM, seq 5, batch 2, input 3, hidden 4, with biases.
// Per step and direction: 4 gates x 4 x (3 + 4) = 112 MACs; 2 FLOPs per
// sigmoid x 3 x 4 = 24, the cell update 4 x 4 = 16, biases 8 x 4 = 32: 72;
// 5 x 4 = 20 transcendentals. Steps 5 x 2 x 2 = 20: 2240 MACs,
// (224 + 72) x 20 = 5920 FLOPs, 400 transcendentals. Parameters 96 + 128 + 64.
// CHECK-LABEL: func.func @lstm_bidirectional
// CHECK: "onnx.LSTM"{{.*}}carbon.cost = #carbon.cost<macs = 2240, flops = 5920, transcendentals = 400, {{.*}}params = 288,
func.func @lstm_bidirectional(%x: tensor<5x2x3xf32>) -> tensor<5x2x2x4xf32> {
  %w = onnx.Initializer "w" = dense_resource<w> : tensor<2x16x3xf32>
  %r = onnx.Initializer "r" = dense_resource<r> : tensor<2x16x4xf32>
  %b = onnx.Initializer "b" = dense_resource<b> : tensor<2x32xf32>
  %y = "onnx.LSTM"(%x, %w, %r, %b) <{direction = "bidirectional", hidden_size = 4 : i64, operandSegmentSizes = array<i32: 1, 1, 1, 1, 0, 0, 0, 0>, resultSegmentSizes = array<i32: 1, 0, 0>}> : (tensor<5x2x3xf32>, tensor<2x16x3xf32>, tensor<2x16x4xf32>, tensor<2x32xf32>) -> tensor<5x2x2x4xf32>
  return %y : tensor<5x2x2x4xf32>
}

// -----

// Softmax over 2 rows of 10: 4 FLOPs and one exp per element.
// LayerNormalization of 2x3x8 over the last axis: 48 elements x 7 + 6 rows
// x 3 = 354 FLOPs, 6 reciprocal square roots; scale and bias: 16 parameters.
// Sigmoid: 3 FLOPs and 1 exp per element.
// CHECK-LABEL: func.func @normalizations
// CHECK: "onnx.Softmax"{{.*}}carbon.cost = #carbon.cost<macs = 0, flops = 80, transcendentals = 20,
// CHECK: "onnx.LayerNormalization"{{.*}}carbon.cost = #carbon.cost<macs = 0, flops = 354, transcendentals = 6, {{.*}}params = 16,
// CHECK: "onnx.Sigmoid"{{.*}}carbon.cost = #carbon.cost<macs = 0, flops = 30, transcendentals = 10,
func.func @normalizations(%x: tensor<2x10xf32>, %n: tensor<2x3x8xf32>, %s: tensor<10xf32>) -> (tensor<2x10xf32>, tensor<2x3x8xf32>, tensor<10xf32>) {
  %y = "onnx.Softmax"(%x) <{axis = -1 : i64}> : (tensor<2x10xf32>) -> tensor<2x10xf32>
  %g = onnx.Initializer "g" = dense_resource<g> : tensor<8xf32>
  %b = onnx.Initializer "b" = dense_resource<b> : tensor<8xf32>
  %l = "onnx.LayerNormalization"(%n, %g, %b) <{axis = -1 : i64, operandSegmentSizes = array<i32: 1, 1, 1>, resultSegmentSizes = array<i32: 1, 0, 0>}> : (tensor<2x3x8xf32>, tensor<8xf32>, tensor<8xf32>) -> tensor<2x3x8xf32>
  %z = "onnx.Sigmoid"(%s) : (tensor<10xf32>) -> tensor<10xf32>
  return %y, %l, %z : tensor<2x10xf32>, tensor<2x3x8xf32>, tensor<10xf32>
}

// -----

// BatchNormalization in inference over 1x4x2x2: 2 FLOPs per element (32)
// and 4 per channel (16) = 48, one rsqrt per channel. Parameters: scale and
// bias (8); the running mean and variance are state.
// CHECK-LABEL: func.func @batchnorm
// CHECK: "onnx.BatchNormalization"{{.*}}carbon.cost = #carbon.cost<macs = 0, flops = 48, transcendentals = 4, {{.*}}params = 8, param_bytes = 32,
func.func @batchnorm(%x: tensor<1x4x2x2xf32>) -> tensor<1x4x2x2xf32> {
  %s = onnx.Initializer "s" = dense_resource<s> : tensor<4xf32>
  %b = onnx.Initializer "b" = dense_resource<b> : tensor<4xf32>
  %m = onnx.Initializer "m" = dense_resource<m> : tensor<4xf32>
  %v = onnx.Initializer "v" = dense_resource<v> : tensor<4xf32>
  %y = "onnx.BatchNormalization"(%x, %s, %b, %m, %v) <{resultSegmentSizes = array<i32: 1, 0, 0>}> : (tensor<1x4x2x2xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<1x4x2x2xf32>
  return %y : tensor<1x4x2x2xf32>
}

// -----

// Einsum "bij,bjk->bik": indices b 2, i 3, j 4, k 5 span 120 points, more
// than the 30 outputs, so j is summed: 120 MACs.
// CHECK-LABEL: func.func @einsum
// CHECK: "onnx.Einsum"{{.*}}carbon.cost = #carbon.cost<macs = 120, flops = 240,
func.func @einsum(%a: tensor<2x3x4xf32>, %b: tensor<2x4x5xf32>) -> tensor<2x3x5xf32> {
  %y = "onnx.Einsum"(%a, %b) <{equation = "bij,bjk->bik"}> : (tensor<2x3x4xf32>, tensor<2x4x5xf32>) -> tensor<2x3x5xf32>
  return %y : tensor<2x3x5xf32>
}

// -----

// A weight shared by two MatMuls (a tied embedding) is one parameter: the
// first reader counts its 32 elements, the second none. Both compute a
// weight gradient (8 x 4 MACs each = 64 FLOPs); the second also needs the
// data gradient of its input, which depends on the weight (another 64).
// CHECK-LABEL: func.func @shared_weight
// CHECK: "onnx.MatMul"{{.*}}carbon.cost = #carbon.cost<macs = 32, flops = 64, {{.*}}params = 32, param_bytes = 128, bwd_flops = 64,
// CHECK: "onnx.MatMul"{{.*}}carbon.cost = #carbon.cost<macs = 32, flops = 64, {{.*}}params = 0, param_bytes = 0, bwd_flops = 128,
func.func @shared_weight(%x: tensor<1x8xf32>) -> tensor<1x4xf32> {
  %w = onnx.Initializer "w" = dense_resource<w> : tensor<8x4xf32>
  %y = "onnx.MatMul"(%x, %w) : (tensor<1x8xf32>, tensor<8x4xf32>) -> tensor<1x4xf32>
  %t = "onnx.Transpose"(%w) <{perm = [1, 0]}> : (tensor<8x4xf32>) -> tensor<4x8xf32>
  %z = "onnx.MatMul"(%y, %t) : (tensor<1x4xf32>, tensor<4x8xf32>) -> tensor<1x8xf32>
  %r = "onnx.MatMul"(%z, %w) : (tensor<1x8xf32>, tensor<8x4xf32>) -> tensor<1x4xf32>
  return %r : tensor<1x4xf32>
}

// -----

// An embedding lookup reads the rows it gathers, not the table: indices
// 2x3 int64 (48 bytes) + 6 rows of 16 f32 (384) = 432 read, 384 written.
// The table (1000 x 16 = 16,000 parameters) gets a dense gradient: a
// scatter-add of dY, 96 FLOPs, reading dY (384) and writing 64,000 bytes.
// GatherElements reads what it indexes too: 12 x 8 (indices) + 12 x 4.
// CHECK-LABEL: func.func @embedding_lookup
// CHECK: "onnx.Gather"{{.*}}carbon.cost = #carbon.cost<macs = 0, flops = 0, transcendentals = 0, bytes_read = 432, bytes_written = 384, params = 16000, param_bytes = 64000, bwd_flops = 96, bwd_bytes_read = 384, bwd_bytes_written = 64000,
// CHECK: "onnx.GatherElements"{{.*}}carbon.cost = #carbon.cost<macs = 0, flops = 0, transcendentals = 0, bytes_read = 144, bytes_written = 48,
func.func @embedding_lookup(%ids: tensor<2x3xi64>, %x: tensor<3x100xf32>, %i: tensor<3x4xi64>) -> (tensor<2x3x16xf32>, tensor<3x4xf32>) {
  %w = onnx.Initializer "w" = dense_resource<w> : tensor<1000x16xf32>
  %y = "onnx.Gather"(%w, %ids) <{axis = 0 : i64}> : (tensor<1000x16xf32>, tensor<2x3xi64>) -> tensor<2x3x16xf32>
  %z = "onnx.GatherElements"(%x, %i) <{axis = 1 : i64}> : (tensor<3x100xf32>, tensor<3x4xi64>) -> tensor<3x4xf32>
  return %y, %z : tensor<2x3x16xf32>, tensor<3x4xf32>
}

// -----

// What cannot be counted is said, by name and reason, never a silent zero.
func.func @uncounted(%x: tensor<?x4xf32>, %y: tensor<2x4xf32>) -> (tensor<?x4xf32>, tensor<2x4xf32>) {
  // expected-warning @+1 {{not counted: result #0 has a shape that is not static: tensor<?x4xf32>}}
  %a = "onnx.Relu"(%x) : (tensor<?x4xf32>) -> tensor<?x4xf32>
  // expected-warning @+1 {{not counted: no cost formula for com.example.Fancy}}
  %b = onnx.Custom "com.example" : "Fancy"(%y) {} : (tensor<2x4xf32>) -> tensor<2x4xf32>
  return %a, %b : tensor<?x4xf32>, tensor<2x4xf32>
}
