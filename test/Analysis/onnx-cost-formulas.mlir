// The remaining formulas, each against a value computed by hand in its
// comment (forward MACs, FLOPs and transcendentals).
// RUN: carbon-opt %s -split-input-file -verify-diagnostics \
// RUN:   --pass-pipeline='builtin.module(carbon-annotate-cost)' | FileCheck %s

// ConvTranspose: X 1x2x3x3 (18) scattered over W's 4 x 3 x 3 = 36: 648 MACs.
// CHECK-LABEL: func.func @conv_transpose
// CHECK: "onnx.ConvTranspose"{{.*}}#carbon.cost<macs = 648, flops = 1296, transcendentals = 0,
func.func @conv_transpose(%x: tensor<1x2x3x3xf32>, %w: tensor<2x4x3x3xf32>) -> tensor<1x4x5x5xf32> {
  %y = "onnx.ConvTranspose"(%x, %w) : (tensor<1x2x3x3xf32>, tensor<2x4x3x3xf32>) -> tensor<1x4x5x5xf32>
  return %y : tensor<1x4x5x5xf32>
}

// -----

// AveragePool 3x3 on 5x5: 9 outputs x 9 additions + 9 divisions = 90.
// LpPool 2x2 stride 2 on 4x4: 4 outputs x 4 = 16 FLOPs; 16 powers + 4 roots.
// GlobalAveragePool 1x3x4x4: 48 additions + 3 divisions; GlobalMaxPool 48.
// CHECK-LABEL: func.func @pools
// CHECK: "onnx.AveragePool"{{.*}}#carbon.cost<macs = 0, flops = 90, transcendentals = 0,
// CHECK: "onnx.LpPool"{{.*}}#carbon.cost<macs = 0, flops = 16, transcendentals = 20,
// CHECK: "onnx.GlobalAveragePool"{{.*}}#carbon.cost<macs = 0, flops = 51, transcendentals = 0,
// CHECK: "onnx.GlobalMaxPool"{{.*}}#carbon.cost<macs = 0, flops = 48, transcendentals = 0,
func.func @pools(%a: tensor<1x1x5x5xf32>, %b: tensor<1x1x4x4xf32>, %c: tensor<1x3x4x4xf32>) -> (tensor<1x1x3x3xf32>, tensor<1x1x2x2xf32>, tensor<1x3x1x1xf32>, tensor<1x3x1x1xf32>) {
  %p = "onnx.AveragePool"(%a) <{kernel_shape = [3, 3]}> : (tensor<1x1x5x5xf32>) -> tensor<1x1x3x3xf32>
  %q = "onnx.LpPool"(%b) <{kernel_shape = [2, 2], strides = [2, 2]}> : (tensor<1x1x4x4xf32>) -> tensor<1x1x2x2xf32>
  %r = "onnx.GlobalAveragePool"(%c) : (tensor<1x3x4x4xf32>) -> tensor<1x3x1x1xf32>
  %s = "onnx.GlobalMaxPool"(%c) : (tensor<1x3x4x4xf32>) -> tensor<1x3x1x1xf32>
  return %p, %q, %r, %s : tensor<1x1x3x3xf32>, tensor<1x1x2x2xf32>, tensor<1x3x1x1xf32>, tensor<1x3x1x1xf32>
}

// -----

// GRU, 4 steps, batch 1, input 2, hidden 3, no bias: per step 3 x 3 x 5 =
// 45 MACs, 2 x 45 + 2 x 2 x 3 (sigmoids) + 4 x 3 (update) = 114 FLOPs,
// 3 x 3 = 9 transcendentals; x 4 steps: 180, 456, 36.
// RNN, 3 steps, input 2, hidden 4, bias: per step 4 x 6 = 24 MACs, 48 + 8
// = 56 FLOPs, 4 tanh; x 3: 72, 168, 12.
// CHECK-LABEL: func.func @recurrent
// CHECK: "onnx.GRU"{{.*}}#carbon.cost<macs = 180, flops = 456, transcendentals = 36,
// CHECK: "onnx.RNN"{{.*}}#carbon.cost<macs = 72, flops = 168, transcendentals = 12,
func.func @recurrent(%x: tensor<4x1x2xf32>, %w: tensor<1x9x2xf32>, %r: tensor<1x9x3xf32>,
                     %x2: tensor<3x1x2xf32>, %w2: tensor<1x4x2xf32>, %r2: tensor<1x4x4xf32>, %b2: tensor<1x8xf32>) -> (tensor<4x1x1x3xf32>, tensor<3x1x1x4xf32>) {
  %y = "onnx.GRU"(%x, %w, %r) <{hidden_size = 3 : i64, operandSegmentSizes = array<i32: 1, 1, 1, 0, 0, 0>, resultSegmentSizes = array<i32: 1, 0>}> : (tensor<4x1x2xf32>, tensor<1x9x2xf32>, tensor<1x9x3xf32>) -> tensor<4x1x1x3xf32>
  %z = "onnx.RNN"(%x2, %w2, %r2, %b2) <{hidden_size = 4 : i64, operandSegmentSizes = array<i32: 1, 1, 1, 1, 0, 0>, resultSegmentSizes = array<i32: 1, 0>}> : (tensor<3x1x2xf32>, tensor<1x4x2xf32>, tensor<1x4x4xf32>, tensor<1x8xf32>) -> tensor<3x1x1x4xf32>
  return %y, %z : tensor<4x1x1x3xf32>, tensor<3x1x1x4xf32>
}

// -----

// Resize linear 2x2 -> 4x4: 16 outputs, 2 resized dims, 4 samples each:
// 16 x (2 x 4 - 1) = 112. TopK k = 3 of 2 rows of 10: 20 x ceil(log2 4)
// = 40. CumSum of 12: 12.
// CHECK-LABEL: func.func @resize_topk_cumsum
// CHECK: "onnx.Resize"{{.*}}#carbon.cost<macs = 0, flops = 112,
// CHECK: "onnx.TopK"{{.*}}#carbon.cost<macs = 0, flops = 40,
// CHECK: "onnx.CumSum"{{.*}}#carbon.cost<macs = 0, flops = 12,
func.func @resize_topk_cumsum(%x: tensor<1x1x2x2xf32>, %t: tensor<2x10xf32>, %c: tensor<12xf32>) -> (tensor<1x1x4x4xf32>, tensor<2x3xf32>, tensor<2x3xi64>, tensor<12xf32>) {
  %sizes = "onnx.Constant"() <{value = dense<[1, 1, 4, 4]> : tensor<4xi64>}> : () -> tensor<4xi64>
  %y = "onnx.Resize"(%x, %sizes) <{mode = "linear", operandSegmentSizes = array<i32: 1, 0, 0, 1>}> : (tensor<1x1x2x2xf32>, tensor<4xi64>) -> tensor<1x1x4x4xf32>
  %k = "onnx.Constant"() <{value = dense<3> : tensor<1xi64>}> : () -> tensor<1xi64>
  %v, %i = "onnx.TopK"(%t, %k) : (tensor<2x10xf32>, tensor<1xi64>) -> (tensor<2x3xf32>, tensor<2x3xi64>)
  %axis = "onnx.Constant"() <{value = dense<0> : tensor<i64>}> : () -> tensor<i64>
  %s = "onnx.CumSum"(%c, %axis) : (tensor<12xf32>, tensor<i64>) -> tensor<12xf32>
  return %y, %v, %i, %s : tensor<1x1x4x4xf32>, tensor<2x3xf32>, tensor<2x3xi64>, tensor<12xf32>
}

// -----

// QLinearMatMul 2x4 by 4x3: 6 outputs x 4 = 24 MACs, 48 + 3 x 6 requantize
// = 66 FLOPs, in its integer type. MatMulInteger: 24 MACs, 48 FLOPs.
// CHECK-LABEL: func.func @quantized
// CHECK: "onnx.QLinearMatMul"{{.*}}#carbon.cost<macs = 24, flops = 66, {{.*}}compute_type = ui8>
// CHECK: "onnx.MatMulInteger"{{.*}}#carbon.cost<macs = 24, flops = 48, {{.*}}compute_type = i8>
func.func @quantized(%a: tensor<2x4xui8>, %s: tensor<f32>, %z: tensor<ui8>, %b: tensor<4x3xui8>,
                     %ai: tensor<2x4xi8>, %bi: tensor<4x3xi8>) -> (tensor<2x3xui8>, tensor<2x3xi32>) {
  %y = "onnx.QLinearMatMul"(%a, %s, %z, %b, %s, %z, %s, %z) : (tensor<2x4xui8>, tensor<f32>, tensor<ui8>, tensor<4x3xui8>, tensor<f32>, tensor<ui8>, tensor<f32>, tensor<ui8>) -> tensor<2x3xui8>
  %w = "onnx.MatMulInteger"(%ai, %bi) <{operandSegmentSizes = array<i32: 1, 1, 0, 0>}> : (tensor<2x4xi8>, tensor<4x3xi8>) -> tensor<2x3xi32>
  return %y, %w : tensor<2x3xui8>, tensor<2x3xi32>
}

// -----

// com.microsoft MultiHeadAttention, query 1x5x8, key and value 1x7x8, 2
// heads: scores and context 2 x 1 x 5 x 7 x 8 = 560 MACs; softmax over
// 1 x 5 x 7 x 2 = 70 scores: 4 x 70 FLOPs and 70 exps.
// CHECK-LABEL: func.func @contrib_attention
// CHECK: onnx.Custom "com.microsoft" : "MultiHeadAttention"{{.*}}#carbon.cost<macs = 560, flops = 1400, transcendentals = 70,
func.func @contrib_attention(%q: tensor<1x5x8xf32>, %k: tensor<1x7x8xf32>, %v: tensor<1x7x8xf32>) -> tensor<1x5x8xf32> {
  %y = onnx.Custom "com.microsoft" : "MultiHeadAttention"(%q, %k, %v) {num_heads = 2 : i64} {domain_version = 1 : i64} : (tensor<1x5x8xf32>, tensor<1x7x8xf32>, tensor<1x7x8xf32>) -> tensor<1x5x8xf32>
  return %y : tensor<1x5x8xf32>
}

// -----

// Reductions of 4x6 over axis 1: ReduceMean 24 + 4 = 28; ReduceL2 24 + 24
// squares, 4 roots; ReduceLogSumExp 24 + 24, 24 exps + 4 logs.
// LogSoftmax of 3x5: 60 FLOPs, 15 exps + 3 logs.
// InstanceNormalization of 2x3x4: 7 x 24 + 3 x 6 rows = 186, 6 rsqrts.
// Sum of 3 inputs of 5: 2 x 5 = 10; Mean: (2 + 1) x 5 = 15.
// CHECK-LABEL: func.func @reductions_and_norms
// CHECK: "onnx.ReduceMean"{{.*}}#carbon.cost<macs = 0, flops = 28, transcendentals = 0,
// CHECK: "onnx.ReduceL2"{{.*}}#carbon.cost<macs = 0, flops = 48, transcendentals = 4,
// CHECK: "onnx.ReduceLogSumExp"{{.*}}#carbon.cost<macs = 0, flops = 48, transcendentals = 28,
// CHECK: "onnx.LogSoftmax"{{.*}}#carbon.cost<macs = 0, flops = 60, transcendentals = 18,
// CHECK: "onnx.InstanceNormalization"{{.*}}#carbon.cost<macs = 0, flops = 186, transcendentals = 6,
// CHECK: "onnx.Sum"{{.*}}#carbon.cost<macs = 0, flops = 10,
// CHECK: "onnx.Mean"{{.*}}#carbon.cost<macs = 0, flops = 15,
func.func @reductions_and_norms(%x: tensor<4x6xf32>, %l: tensor<3x5xf32>, %n: tensor<2x3x4xf32>, %s: tensor<3xf32>, %e: tensor<5xf32>) -> (tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<3x5xf32>, tensor<2x3x4xf32>, tensor<5xf32>, tensor<5xf32>) {
  %m = "onnx.ReduceMean"(%x) <{axes = [1], keepdims = 0 : i64}> : (tensor<4x6xf32>) -> tensor<4xf32>
  %r = "onnx.ReduceL2"(%x) <{axes = [1], keepdims = 0 : i64}> : (tensor<4x6xf32>) -> tensor<4xf32>
  %x2 = "onnx.ReduceLogSumExp"(%x) <{axes = [1], keepdims = 0 : i64}> : (tensor<4x6xf32>) -> tensor<4xf32>
  %y = "onnx.LogSoftmax"(%l) : (tensor<3x5xf32>) -> tensor<3x5xf32>
  %i = "onnx.InstanceNormalization"(%n, %s, %s) : (tensor<2x3x4xf32>, tensor<3xf32>, tensor<3xf32>) -> tensor<2x3x4xf32>
  %u = "onnx.Sum"(%e, %e, %e) : (tensor<5xf32>, tensor<5xf32>, tensor<5xf32>) -> tensor<5xf32>
  %a = "onnx.Mean"(%e, %e, %e) : (tensor<5xf32>, tensor<5xf32>, tensor<5xf32>) -> tensor<5xf32>
  return %m, %r, %x2, %y, %i, %u, %a : tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<3x5xf32>, tensor<2x3x4xf32>, tensor<5xf32>, tensor<5xf32>
}

// -----

// Scan over 6 slices of 2 with an Add per slice: 6 x 2 = 12.
// CHECK-LABEL: func.func @scan
// CHECK: "onnx.Scan"{{.*}}
// CHECK: }) {carbon.cost = #carbon.cost<macs = 0, flops = 12,
func.func @scan(%s0: tensor<2xf32>, %xs: tensor<6x2xf32>) -> tensor<2xf32> {
  %r = "onnx.Scan"(%s0, %xs) <{num_scan_inputs = 1 : i64}> ({
  ^bb0(%s: tensor<2xf32>, %x: tensor<2xf32>):
    %a = "onnx.Add"(%s, %x) : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
    onnx.Yield %a : tensor<2xf32>
  }) : (tensor<2xf32>, tensor<6x2xf32>) -> tensor<2xf32>
  return %r : tensor<2xf32>
}

// -----

// A Scan whose attributes name inputs or axes it does not have is named.
func.func @bad_scan(%s0: tensor<2xf32>, %xs: tensor<6x2xf32>) -> (tensor<2xf32>, tensor<2xf32>) {
  // expected-warning @+1 {{not counted: num_scan_inputs is missing or exceeds the inputs}}
  %r = "onnx.Scan"(%s0, %xs) <{num_scan_inputs = 3 : i64}> ({
  ^bb0(%s: tensor<2xf32>, %x: tensor<2xf32>):
    %a = "onnx.Add"(%s, %x) : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
    onnx.Yield %a : tensor<2xf32>
  }) : (tensor<2xf32>, tensor<6x2xf32>) -> tensor<2xf32>
  // expected-warning @+1 {{not counted: axis -3 is outside [-2, 2) for a rank-2 tensor}}
  %t = "onnx.Scan"(%s0, %xs) <{num_scan_inputs = 1 : i64, scan_input_axes = [-3]}> ({
  ^bb0(%s: tensor<2xf32>, %x: tensor<2xf32>):
    %a = "onnx.Add"(%s, %x) : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
    onnx.Yield %a : tensor<2xf32>
  }) : (tensor<2xf32>, tensor<6x2xf32>) -> tensor<2xf32>
  return %r, %t : tensor<2xf32>, tensor<2xf32>
}

// -----

// An operator newer than the ONNX library (Gelu, opset 20) imports as
// onnx.Custom in the default domain and keeps its formula: 4 FLOPs and one
// erf per element.
// CHECK-LABEL: func.func @newer_operator
// CHECK: onnx.Custom "" : "Gelu"{{.*}}#carbon.cost<macs = 0, flops = 40, transcendentals = 10,
func.func @newer_operator(%x: tensor<10xf32>) -> tensor<10xf32> {
  %y = onnx.Custom "" : "Gelu"(%x) {} {domain_version = 20 : i64} : (tensor<10xf32>) -> tensor<10xf32>
  return %y : tensor<10xf32>
}

// -----

// NegativeLogLikelihoodLoss, input 2x3, 2 targets, mean: 2 negations, 2
// sums, 1 division = 5; weighted (3 classes), sum: 2 x 2 + 2 = 6.
// SoftmaxCrossEntropyLoss, scores 2x3x4 (24), labels 2x4 (8), mean: the
// log-softmax 4 x 24 = 96 FLOPs, 24 exps + 8 logs; the likelihood 8 + 8 +
// 1 = 17: 113 FLOPs, 32 transcendentals.
// CHECK-LABEL: func.func @losses
// CHECK: "onnx.NegativeLogLikelihoodLoss"{{.*}}#carbon.cost<macs = 0, flops = 5, transcendentals = 0,
// CHECK: "onnx.NegativeLogLikelihoodLoss"{{.*}}#carbon.cost<macs = 0, flops = 6, transcendentals = 0,
// CHECK: "onnx.SoftmaxCrossEntropyLoss"{{.*}}#carbon.cost<macs = 0, flops = 113, transcendentals = 32,
func.func @losses(%x: tensor<2x3xf32>, %t: tensor<2xi64>, %w: tensor<3xf32>, %s: tensor<2x3x4xf32>, %l: tensor<2x4xi64>) -> (tensor<f32>, tensor<f32>, tensor<f32>) {
  %a = "onnx.NegativeLogLikelihoodLoss"(%x, %t) : (tensor<2x3xf32>, tensor<2xi64>) -> tensor<f32>
  %b = "onnx.NegativeLogLikelihoodLoss"(%x, %t, %w) <{reduction = "sum"}> : (tensor<2x3xf32>, tensor<2xi64>, tensor<3xf32>) -> tensor<f32>
  %c = "onnx.SoftmaxCrossEntropyLoss"(%s, %l) : (tensor<2x3x4xf32>, tensor<2x4xi64>) -> tensor<f32>
  return %a, %b, %c : tensor<f32>, tensor<f32>, tensor<f32>
}

// -----

// Windows of 8 points: Hann 8 x 3 = 24 FLOPs, 8 cosines; Blackman 8 x 6 =
// 48, 16. DFT of 2 real signals of 8 points: 2 x 2.5 x 8 x log2 8 = 120;
// an inverse of 2 complex ones: 2 x (5 x 8 x 3 + 2 x 8) = 272. STFT of 16
// real samples, 8-point window, step 4: 3 frames x (8 + 2.5 x 8 x 3) =
// 204. MelWeightMatrix 9 bins x 4 mels: 72 FLOPs, 2 x (4 + 2) = 12
// transcendentals.
// CHECK-LABEL: func.func @signal
// CHECK: "onnx.HannWindow"{{.*}}#carbon.cost<macs = 0, flops = 24, transcendentals = 8,
// CHECK: "onnx.BlackmanWindow"{{.*}}#carbon.cost<macs = 0, flops = 48, transcendentals = 16,
// CHECK: "onnx.DFT"{{.*}}#carbon.cost<macs = 0, flops = 120, transcendentals = 0,
// CHECK: "onnx.DFT"{{.*}}#carbon.cost<macs = 0, flops = 272, transcendentals = 0,
// CHECK: "onnx.STFT"{{.*}}#carbon.cost<macs = 0, flops = 204, transcendentals = 0,
// CHECK: "onnx.MelWeightMatrix"{{.*}}#carbon.cost<macs = 0, flops = 72, transcendentals = 12,
func.func @signal(%real: tensor<2x8x1xf32>, %complex: tensor<2x8x2xf32>, %sig: tensor<1x16x1xf32>, %win: tensor<8xf32>) -> (tensor<8xf32>, tensor<8xf32>, tensor<2x8x2xf32>, tensor<2x8x2xf32>, tensor<1x3x5x2xf32>, tensor<9x4xf32>) {
  %n = "onnx.Constant"() <{value = dense<8> : tensor<i64>}> : () -> tensor<i64>
  %hann = "onnx.HannWindow"(%n) : (tensor<i64>) -> tensor<8xf32>
  %blackman = "onnx.BlackmanWindow"(%n) : (tensor<i64>) -> tensor<8xf32>
  %f = "onnx.DFT"(%real) : (tensor<2x8x1xf32>) -> tensor<2x8x2xf32>
  %g = "onnx.DFT"(%complex) <{inverse = 1 : i64}> : (tensor<2x8x2xf32>) -> tensor<2x8x2xf32>
  %step = "onnx.Constant"() <{value = dense<4> : tensor<i64>}> : () -> tensor<i64>
  %st = "onnx.STFT"(%sig, %step, %win) <{operandSegmentSizes = array<i32: 1, 1, 1, 0>}> : (tensor<1x16x1xf32>, tensor<i64>, tensor<8xf32>) -> tensor<1x3x5x2xf32>
  %mels = "onnx.Constant"() <{value = dense<4> : tensor<i64>}> : () -> tensor<i64>
  %len = "onnx.Constant"() <{value = dense<16> : tensor<i64>}> : () -> tensor<i64>
  %rate = "onnx.Constant"() <{value = dense<8000> : tensor<i64>}> : () -> tensor<i64>
  %lo = "onnx.Constant"() <{value = dense<0.0> : tensor<f32>}> : () -> tensor<f32>
  %hi = "onnx.Constant"() <{value = dense<4000.0> : tensor<f32>}> : () -> tensor<f32>
  %mel = "onnx.MelWeightMatrix"(%mels, %len, %rate, %lo, %hi) : (tensor<i64>, tensor<i64>, tensor<i64>, tensor<f32>, tensor<f32>) -> tensor<9x4xf32>
  return %hann, %blackman, %f, %g, %st, %mel : tensor<8xf32>, tensor<8xf32>, tensor<2x8x2xf32>, tensor<2x8x2xf32>, tensor<1x3x5x2xf32>, tensor<9x4xf32>
}

// -----

// Det of 2 3x3 matrices: LU 2 x 3 x 5 / 6 = 5 multiply-adds (10 FLOPs), 3
// divisions, 3 pivot comparisons, 2 diagonal products: 18 FLOPs; x 2: 10
// MACs, 36 FLOPs. GridSample of 18 outputs (2 channels, 3x3 grid):
// bilinear 18 x (2 x 4 - 1) = 126; bicubic 18 x (2 x 16 - 1) = 558;
// nearest copies. RoiAlign of 24 outputs at sampling_ratio 2 (4 samples of
// 4 taps): avg 24 x (7 x 4 + 3 + 1) = 768, max 24 x 31 = 744. MaxUnpool
// moves data.
// CHECK-LABEL: func.func @sampling
// CHECK: "onnx.Det"{{.*}}#carbon.cost<macs = 10, flops = 36, transcendentals = 0,
// CHECK: "onnx.GridSample"{{.*}}#carbon.cost<macs = 0, flops = 126, transcendentals = 0,
// CHECK: "onnx.GridSample"{{.*}}#carbon.cost<macs = 0, flops = 558, transcendentals = 0,
// CHECK: "onnx.GridSample"{{.*}}#carbon.cost<macs = 0, flops = 0, transcendentals = 0,
// CHECK: "onnx.RoiAlign"{{.*}}#carbon.cost<macs = 0, flops = 768, transcendentals = 0,
// CHECK: "onnx.RoiAlign"{{.*}}#carbon.cost<macs = 0, flops = 744, transcendentals = 0,
// CHECK: "onnx.MaxUnpool"{{.*}}#carbon.cost<macs = 0, flops = 0, transcendentals = 0,
func.func @sampling(%m: tensor<2x3x3xf32>, %x: tensor<1x2x4x4xf32>, %grid: tensor<1x3x3x2xf32>, %f: tensor<1x2x8x8xf32>, %rois: tensor<3x4xf32>, %b: tensor<3xi64>, %p: tensor<1x2x2x2xf32>, %i: tensor<1x2x2x2xi64>) -> (tensor<2xf32>, tensor<1x2x3x3xf32>, tensor<1x2x3x3xf32>, tensor<1x2x3x3xf32>, tensor<3x2x2x2xf32>, tensor<3x2x2x2xf32>, tensor<1x2x4x4xf32>) {
  %d = "onnx.Det"(%m) : (tensor<2x3x3xf32>) -> tensor<2xf32>
  %g1 = "onnx.GridSample"(%x, %grid) : (tensor<1x2x4x4xf32>, tensor<1x3x3x2xf32>) -> tensor<1x2x3x3xf32>
  %g2 = "onnx.GridSample"(%x, %grid) <{mode = "bicubic"}> : (tensor<1x2x4x4xf32>, tensor<1x3x3x2xf32>) -> tensor<1x2x3x3xf32>
  %g3 = "onnx.GridSample"(%x, %grid) <{mode = "nearest"}> : (tensor<1x2x4x4xf32>, tensor<1x3x3x2xf32>) -> tensor<1x2x3x3xf32>
  %r1 = "onnx.RoiAlign"(%f, %rois, %b) <{output_height = 2 : i64, output_width = 2 : i64, sampling_ratio = 2 : i64}> : (tensor<1x2x8x8xf32>, tensor<3x4xf32>, tensor<3xi64>) -> tensor<3x2x2x2xf32>
  %r2 = "onnx.RoiAlign"(%f, %rois, %b) <{mode = "max", output_height = 2 : i64, output_width = 2 : i64, sampling_ratio = 2 : i64}> : (tensor<1x2x8x8xf32>, tensor<3x4xf32>, tensor<3xi64>) -> tensor<3x2x2x2xf32>
  %u = "onnx.MaxUnpool"(%p, %i) <{kernel_shape = [2, 2], strides = [2, 2]}> : (tensor<1x2x2x2xf32>, tensor<1x2x2x2xi64>) -> tensor<1x2x4x4xf32>
  return %d, %g1, %g2, %g3, %r1, %r2, %u : tensor<2xf32>, tensor<1x2x3x3xf32>, tensor<1x2x3x3xf32>, tensor<1x2x3x3xf32>, tensor<3x2x2x2xf32>, tensor<3x2x2x2xf32>, tensor<1x2x4x4xf32>
}

// -----

// Random numbers of 6 elements: normal 6 x 4 = 24 FLOPs, 12
// transcendentals (Box-Muller); uniform 6 x 2 = 12; Bernoulli 6.
// Multinomial of 2 rows of 5 classes, 3 samples each: 2 x 4 running sums
// + 6 x (1 + ceil(log2 5)) = 32 FLOPs, 10 exps.
// CHECK-LABEL: func.func @random
// CHECK: "onnx.RandomNormal"{{.*}}#carbon.cost<macs = 0, flops = 24, transcendentals = 12,
// CHECK: "onnx.RandomUniformLike"{{.*}}#carbon.cost<macs = 0, flops = 12, transcendentals = 0,
// CHECK: "onnx.Bernoulli"{{.*}}#carbon.cost<macs = 0, flops = 6, transcendentals = 0,
// CHECK: "onnx.Multinomial"{{.*}}#carbon.cost<macs = 0, flops = 32, transcendentals = 10,
func.func @random(%p: tensor<2x3xf32>, %logits: tensor<2x5xf32>) -> (tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xi64>) {
  %n = "onnx.RandomNormal"() <{shape = [2, 3]}> : () -> tensor<2x3xf32>
  %u = "onnx.RandomUniformLike"(%p) : (tensor<2x3xf32>) -> tensor<2x3xf32>
  %b = "onnx.Bernoulli"(%p) : (tensor<2x3xf32>) -> tensor<2x3xf32>
  %m = "onnx.Multinomial"(%logits) <{dtype = 7 : i64, sample_size = 3 : i64}> : (tensor<2x5xf32>) -> tensor<2x3xi64>
  return %n, %u, %b, %m : tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xi64>
}

// -----

// What the values decide is reported with why, never counted as zero.
func.func @run_time_sizes(%f: tensor<1x2x8x8xf32>, %rois: tensor<3x4xf32>, %b: tensor<3xi64>, %boxes: tensor<1x6x4xf32>, %scores: tensor<1x1x6xf32>) -> (tensor<3x2x2x2xf32>, tensor<?x3xi64>) {
  // expected-warning @+1 {{not counted: sampling_ratio 0 takes as many samples per bin as each ROI's run-time size gives; export with a fixed sampling_ratio}}
  %r = "onnx.RoiAlign"(%f, %rois, %b) <{output_height = 2 : i64, output_width = 2 : i64}> : (tensor<1x2x8x8xf32>, tensor<3x4xf32>, tensor<3xi64>) -> tensor<3x2x2x2xf32>
  // expected-warning @+1 {{not counted: NonMaxSuppression keeps as many boxes as their run-time scores and overlaps allow}}
  %s = "onnx.NonMaxSuppression"(%boxes, %scores) <{operandSegmentSizes = array<i32: 1, 1, 0, 0, 0>}> : (tensor<1x6x4xf32>, tensor<1x1x6xf32>) -> tensor<?x3xi64>
  return %r, %s : tensor<3x2x2x2xf32>, tensor<?x3xi64>
}

// -----

// TfIdfVectorizer weighs each of its 2 x 3 output counts in TFIDF mode (6
// FLOPs); TF only counts. StringNormalizer's strings have no static size.
// CHECK-LABEL: func.func @text
// CHECK: "onnx.TfIdfVectorizer"{{.*}}#carbon.cost<macs = 0, flops = 6, transcendentals = 0,
// CHECK: "onnx.TfIdfVectorizer"{{.*}}#carbon.cost<macs = 0, flops = 0, transcendentals = 0,
func.func @text(%x: tensor<2x6xi64>, %s: tensor<4x!onnx.string>) -> (tensor<2x3xf32>, tensor<2x3xf32>, tensor<4x!onnx.string>) {
  %a = "onnx.TfIdfVectorizer"(%x) <{max_gram_length = 1 : i64, max_skip_count = 0 : i64, min_gram_length = 1 : i64, mode = "TFIDF", ngram_counts = [0], ngram_indexes = [0, 1, 2], pool_int64s = [2, 3, 5]}> : (tensor<2x6xi64>) -> tensor<2x3xf32>
  %b = "onnx.TfIdfVectorizer"(%x) <{max_gram_length = 1 : i64, max_skip_count = 0 : i64, min_gram_length = 1 : i64, mode = "TF", ngram_counts = [0], ngram_indexes = [0, 1, 2], pool_int64s = [2, 3, 5]}> : (tensor<2x6xi64>) -> tensor<2x3xf32>
  // expected-warning @+1 {{not counted: StringNormalizer works on strings, whose lengths are known only at run time}}
  %c = "onnx.StringNormalizer"(%s) : (tensor<4x!onnx.string>) -> tensor<4x!onnx.string>
  return %a, %b, %c : tensor<2x3xf32>, tensor<2x3xf32>, tensor<4x!onnx.string>
}

// -----

// An axis outside [-rank, rank) (ONNX 1.12's inference checks few) is named,
// not read past the shape.
func.func @bad_axes(%x: tensor<2x3x4xf32>, %g: tensor<4xf32>) -> (tensor<2x3x4xf32>, tensor<2x3x4xf32>, tensor<2x3x4xf32>, tensor<2x3x4xf32>, tensor<2x3x2xf32>) {
  // expected-warning @+1 {{not counted: axis 3 is outside [-3, 3) for a rank-3 tensor}}
  %a = "onnx.Softmax"(%x) <{axis = 3 : i64}> : (tensor<2x3x4xf32>) -> tensor<2x3x4xf32>
  // expected-warning @+1 {{not counted: axis -4 is outside [-3, 3) for a rank-3 tensor}}
  %b = "onnx.LogSoftmax"(%x) <{axis = -4 : i64}> : (tensor<2x3x4xf32>) -> tensor<2x3x4xf32>
  // expected-warning @+1 {{not counted: axis 1099511627776 is outside [-3, 3) for a rank-3 tensor}}
  %c = "onnx.LayerNormalization"(%x, %g) <{axis = 1099511627776 : i64, operandSegmentSizes = array<i32: 1, 1, 0>, resultSegmentSizes = array<i32: 1, 0, 0>}> : (tensor<2x3x4xf32>, tensor<4xf32>) -> tensor<2x3x4xf32>
  // expected-warning @+1 {{not counted: axis 5 is outside [-3, 3) for a rank-3 tensor}}
  %d = "onnx.MeanVarianceNormalization"(%x) <{axes = [0, 5]}> : (tensor<2x3x4xf32>) -> tensor<2x3x4xf32>
  %k = "onnx.Constant"() <{value = dense<2> : tensor<1xi64>}> : () -> tensor<1xi64>
  // expected-warning @+1 {{not counted: axis -7 is outside [-3, 3) for a rank-3 tensor}}
  %e:2 = "onnx.TopK"(%x, %k) <{axis = -7 : i64}> : (tensor<2x3x4xf32>, tensor<1xi64>) -> (tensor<2x3x2xf32>, tensor<2x3x2xi64>)
  return %a, %b, %c, %d, %e#0 : tensor<2x3x4xf32>, tensor<2x3x4xf32>, tensor<2x3x4xf32>, tensor<2x3x4xf32>, tensor<2x3x2xf32>
}

// -----

// ArgMax and ArgMin compare each of the 2 x 5 inputs once: 10; Hardmax
// too (10, no exponentials). GlobalLpPool of 1x3x4x4: 48 additions, 48
// powers and 3 roots (51 transcendentals). LRN with size 3 over 16
// elements: 16 x (2 x 3 + 2) = 128 FLOPs, 16 powers.
// CHECK-LABEL: func.func @selections_and_norms
// CHECK: "onnx.ArgMax"{{.*}}#carbon.cost<macs = 0, flops = 10, transcendentals = 0, bytes_read = 40, bytes_written = 16,
// CHECK: "onnx.ArgMin"{{.*}}#carbon.cost<macs = 0, flops = 10, transcendentals = 0, bytes_read = 40, bytes_written = 40,
// CHECK: "onnx.Hardmax"{{.*}}#carbon.cost<macs = 0, flops = 10, transcendentals = 0,
// CHECK: "onnx.GlobalLpPool"{{.*}}#carbon.cost<macs = 0, flops = 48, transcendentals = 51,
// CHECK: "onnx.LRN"{{.*}}#carbon.cost<macs = 0, flops = 128, transcendentals = 16,
func.func @selections_and_norms(%x: tensor<2x5xf32>, %c: tensor<1x3x4x4xf32>, %l: tensor<1x4x2x2xf32>) -> (tensor<2xi64>, tensor<1x5xi64>, tensor<2x5xf32>, tensor<1x3x1x1xf32>, tensor<1x4x2x2xf32>) {
  %a = "onnx.ArgMax"(%x) <{axis = 1 : i64, keepdims = 0 : i64}> : (tensor<2x5xf32>) -> tensor<2xi64>
  %b = "onnx.ArgMin"(%x) <{axis = 0 : i64}> : (tensor<2x5xf32>) -> tensor<1x5xi64>
  %h = "onnx.Hardmax"(%x) : (tensor<2x5xf32>) -> tensor<2x5xf32>
  %g = "onnx.GlobalLpPool"(%c) : (tensor<1x3x4x4xf32>) -> tensor<1x3x1x1xf32>
  %r = "onnx.LRN"(%l) <{size = 3 : i64}> : (tensor<1x4x2x2xf32>) -> tensor<1x4x2x2xf32>
  return %a, %b, %h, %g, %r : tensor<2xi64>, tensor<1x5xi64>, tensor<2x5xf32>, tensor<1x3x1x1xf32>, tensor<1x4x2x2xf32>
}

// -----

// Integer convolutions count MACs as the float ones: 12 outputs x 2 x 3 x 3
// = 216. QLinearConv requantizes each output (3 FLOPs): 432 + 36 = 468;
// it reads x (32 bytes), the weight (54), three f32 scales (12) and three
// zero points (3): 101.
// CHECK-LABEL: func.func @integer_conv
// CHECK: "onnx.ConvInteger"{{.*}}#carbon.cost<macs = 216, flops = 432, transcendentals = 0, bytes_read = 86, bytes_written = 48,
// CHECK: "onnx.QLinearConv"{{.*}}#carbon.cost<macs = 216, flops = 468, transcendentals = 0, bytes_read = 101, bytes_written = 12,
func.func @integer_conv(%x: tensor<1x2x4x4xui8>, %w: tensor<3x2x3x3xui8>, %s: tensor<f32>, %z: tensor<ui8>, %zo: tensor<i8>) -> (tensor<1x3x2x2xi32>, tensor<1x3x2x2xi8>) {
  %y = "onnx.ConvInteger"(%x, %w) <{operandSegmentSizes = array<i32: 1, 1, 0, 0>}> : (tensor<1x2x4x4xui8>, tensor<3x2x3x3xui8>) -> tensor<1x3x2x2xi32>
  %q = "onnx.QLinearConv"(%x, %s, %z, %w, %s, %z, %s, %zo) : (tensor<1x2x4x4xui8>, tensor<f32>, tensor<ui8>, tensor<3x2x3x3xui8>, tensor<f32>, tensor<ui8>, tensor<f32>, tensor<i8>) -> tensor<1x3x2x2xi8>
  return %y, %q : tensor<1x3x2x2xi32>, tensor<1x3x2x2xi8>
}

// -----

// GatherND reads the 6 elements it gathers (24 bytes) and its 2 indices
// (16). A scatter with a reduction combines each of its 6 updates (6
// FLOPs), a plain one only moves them; ScatterElements reads the data
// (48), the indices (48) and the updates (24), ScatterND its 2 indices.
// CHECK-LABEL: func.func @gather_scatter
// CHECK: "onnx.GatherND"{{.*}}#carbon.cost<macs = 0, flops = 0, transcendentals = 0, bytes_read = 40, bytes_written = 24,
// CHECK: "onnx.ScatterElements"{{.*}}#carbon.cost<macs = 0, flops = 6, transcendentals = 0, bytes_read = 120, bytes_written = 48,
// CHECK: "onnx.ScatterElements"{{.*}}#carbon.cost<macs = 0, flops = 0, transcendentals = 0, bytes_read = 120, bytes_written = 48,
// CHECK: "onnx.ScatterND"{{.*}}#carbon.cost<macs = 0, flops = 6, transcendentals = 0, bytes_read = 88, bytes_written = 48,
func.func @gather_scatter(%d: tensor<2x2x3xf32>, %i: tensor<2x1xi64>, %e: tensor<4x3xf32>, %ei: tensor<2x3xi64>, %u: tensor<2x3xf32>) -> (tensor<2x3xf32>, tensor<4x3xf32>, tensor<4x3xf32>, tensor<2x2x3xf32>) {
  %g = "onnx.GatherND"(%d, %i) : (tensor<2x2x3xf32>, tensor<2x1xi64>) -> tensor<2x3xf32>
  %s = "onnx.ScatterElements"(%e, %ei, %u) <{reduction = "add"}> : (tensor<4x3xf32>, tensor<2x3xi64>, tensor<2x3xf32>) -> tensor<4x3xf32>
  %p = "onnx.ScatterElements"(%e, %ei, %u) : (tensor<4x3xf32>, tensor<2x3xi64>, tensor<2x3xf32>) -> tensor<4x3xf32>
  %n = "onnx.ScatterND"(%d, %i, %u) <{reduction = "mul"}> : (tensor<2x2x3xf32>, tensor<2x1xi64>, tensor<2x3xf32>) -> tensor<2x2x3xf32>
  return %g, %s, %p, %n : tensor<2x3xf32>, tensor<4x3xf32>, tensor<4x3xf32>, tensor<2x2x3xf32>
}

// -----

// Upsample is Resize by scales: linear 2x2 -> 4x4, 16 x (2 x 4 - 1) = 112.
// Unique's result size is its input's distinct values: not counted, said.
// CHECK-LABEL: func.func @upsample_unique
// CHECK: "onnx.Upsample"{{.*}}#carbon.cost<macs = 0, flops = 112,
func.func @upsample_unique(%x: tensor<1x1x2x2xf32>, %v: tensor<6xf32>) -> (tensor<1x1x4x4xf32>, tensor<?xf32>) {
  %s = "onnx.Constant"() <{value = dense<[1.0, 1.0, 2.0, 2.0]> : tensor<4xf32>}> : () -> tensor<4xf32>
  %y = "onnx.Upsample"(%x, %s) <{mode = "linear"}> : (tensor<1x1x2x2xf32>, tensor<4xf32>) -> tensor<1x1x4x4xf32>
  // expected-warning @+1 {{not counted: Unique returns as many elements as the input has distinct values, known only at run time}}
  %u = "onnx.Unique"(%v) <{resultSegmentSizes = array<i32: 1, 0, 0, 0>}> : (tensor<6xf32>) -> tensor<?xf32>
  return %y, %u : tensor<1x1x4x4xf32>, tensor<?xf32>
}

// -----

// Each elementwise operator over 4 elements, its per-element figures of
// the table in docs/cost-model.md x 4: comparisons, logic, rounding and
// bit shifts 1; PRelu, LeakyRelu and ThresholdedRelu 2 (compare, scale);
// Shrink 3; HardSigmoid 4 (scale, shift, clip); HardSwish 5 (and the
// product); Elu 3 + 1 exp, Selu and Celu 4 + 1; Softplus 1 + 2 (exp, log);
// Softsign 3 (abs, add, divide); Pow, Log, Reciprocal and the trigonometric
// and hyperbolic functions 1 transcendental; QuantizeLinear 3 (divide, round
// with the zero point, saturate), DynamicQuantizeLinear 5 (with its range).
// CHECK-LABEL: func.func @elementwise_each
// CHECK: "onnx.Pow"{{.*}}#carbon.cost<macs = 0, flops = 0, transcendentals = 4,
// CHECK: "onnx.Mod"{{.*}}#carbon.cost<macs = 0, flops = 4, transcendentals = 0,
// CHECK: "onnx.Max"{{.*}}#carbon.cost<macs = 0, flops = 4, transcendentals = 0,
// CHECK: "onnx.Min"{{.*}}#carbon.cost<macs = 0, flops = 4, transcendentals = 0,
// CHECK: "onnx.PRelu"{{.*}}#carbon.cost<macs = 0, flops = 8, transcendentals = 0,
// CHECK: "onnx.BitShift"{{.*}}#carbon.cost<macs = 0, flops = 4, transcendentals = 0,
// CHECK: "onnx.Equal"{{.*}}#carbon.cost<macs = 0, flops = 4, transcendentals = 0,
// CHECK: "onnx.Less"{{.*}}#carbon.cost<macs = 0, flops = 4, transcendentals = 0,
// CHECK: "onnx.LessOrEqual"{{.*}}#carbon.cost<macs = 0, flops = 4, transcendentals = 0,
// CHECK: "onnx.GreaterOrEqual"{{.*}}#carbon.cost<macs = 0, flops = 4, transcendentals = 0,
// CHECK: "onnx.And"{{.*}}#carbon.cost<macs = 0, flops = 4, transcendentals = 0,
// CHECK: "onnx.Or"{{.*}}#carbon.cost<macs = 0, flops = 4, transcendentals = 0,
// CHECK: "onnx.Xor"{{.*}}#carbon.cost<macs = 0, flops = 4, transcendentals = 0,
// CHECK: "onnx.Not"{{.*}}#carbon.cost<macs = 0, flops = 4, transcendentals = 0,
// CHECK: "onnx.IsNaN"{{.*}}#carbon.cost<macs = 0, flops = 4, transcendentals = 0,
// CHECK: "onnx.IsInf"{{.*}}#carbon.cost<macs = 0, flops = 4, transcendentals = 0,
// CHECK: "onnx.Sign"{{.*}}#carbon.cost<macs = 0, flops = 4, transcendentals = 0,
// CHECK: "onnx.Floor"{{.*}}#carbon.cost<macs = 0, flops = 4, transcendentals = 0,
// CHECK: "onnx.Ceil"{{.*}}#carbon.cost<macs = 0, flops = 4, transcendentals = 0,
// CHECK: "onnx.Round"{{.*}}#carbon.cost<macs = 0, flops = 4, transcendentals = 0,
// CHECK: "onnx.LeakyRelu"{{.*}}#carbon.cost<macs = 0, flops = 8, transcendentals = 0,
// CHECK: "onnx.ThresholdedRelu"{{.*}}#carbon.cost<macs = 0, flops = 8, transcendentals = 0,
// CHECK: "onnx.Shrink"{{.*}}#carbon.cost<macs = 0, flops = 12, transcendentals = 0,
// CHECK: "onnx.HardSigmoid"{{.*}}#carbon.cost<macs = 0, flops = 16, transcendentals = 0,
// CHECK: "onnx.HardSwish"{{.*}}#carbon.cost<macs = 0, flops = 20, transcendentals = 0,
// CHECK: "onnx.Elu"{{.*}}#carbon.cost<macs = 0, flops = 12, transcendentals = 4,
// CHECK: "onnx.Selu"{{.*}}#carbon.cost<macs = 0, flops = 16, transcendentals = 4,
// CHECK: "onnx.Celu"{{.*}}#carbon.cost<macs = 0, flops = 16, transcendentals = 4,
// CHECK: "onnx.Softplus"{{.*}}#carbon.cost<macs = 0, flops = 4, transcendentals = 8,
// CHECK: "onnx.Softsign"{{.*}}#carbon.cost<macs = 0, flops = 12, transcendentals = 0,
// CHECK: "onnx.Log"{{.*}}#carbon.cost<macs = 0, flops = 0, transcendentals = 4,
// CHECK: "onnx.Reciprocal"{{.*}}#carbon.cost<macs = 0, flops = 0, transcendentals = 4,
// CHECK: "onnx.Sin"{{.*}}#carbon.cost<macs = 0, flops = 0, transcendentals = 4,
// CHECK: "onnx.Cos"{{.*}}#carbon.cost<macs = 0, flops = 0, transcendentals = 4,
// CHECK: "onnx.Tan"{{.*}}#carbon.cost<macs = 0, flops = 0, transcendentals = 4,
// CHECK: "onnx.Asin"{{.*}}#carbon.cost<macs = 0, flops = 0, transcendentals = 4,
// CHECK: "onnx.Acos"{{.*}}#carbon.cost<macs = 0, flops = 0, transcendentals = 4,
// CHECK: "onnx.Atan"{{.*}}#carbon.cost<macs = 0, flops = 0, transcendentals = 4,
// CHECK: "onnx.Sinh"{{.*}}#carbon.cost<macs = 0, flops = 0, transcendentals = 4,
// CHECK: "onnx.Cosh"{{.*}}#carbon.cost<macs = 0, flops = 0, transcendentals = 4,
// CHECK: "onnx.Asinh"{{.*}}#carbon.cost<macs = 0, flops = 0, transcendentals = 4,
// CHECK: "onnx.Acosh"{{.*}}#carbon.cost<macs = 0, flops = 0, transcendentals = 4,
// CHECK: "onnx.Atanh"{{.*}}#carbon.cost<macs = 0, flops = 0, transcendentals = 4,
// CHECK: "onnx.QuantizeLinear"{{.*}}#carbon.cost<macs = 0, flops = 12, transcendentals = 0,
// CHECK: "onnx.DynamicQuantizeLinear"{{.*}}#carbon.cost<macs = 0, flops = 20, transcendentals = 0,
func.func @elementwise_each(%x: tensor<4xf32>, %y: tensor<4xf32>, %i: tensor<4xui32>, %j: tensor<4xui32>, %b: tensor<4xi1>, %c: tensor<4xi1>, %s: tensor<f32>, %z: tensor<ui8>) -> (tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xui32>, tensor<4xi1>, tensor<4xi1>, tensor<4xi1>, tensor<4xi1>, tensor<4xi1>, tensor<4xi1>, tensor<4xi1>, tensor<4xi1>, tensor<4xi1>, tensor<4xi1>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xui8>, tensor<4xui8>) {
  %r0 = "onnx.Pow"(%x, %y) : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  %r1 = "onnx.Mod"(%x, %y) <{fmod = 1 : i64}> : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  %r2 = "onnx.Max"(%x, %y) : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  %r3 = "onnx.Min"(%x, %y) : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  %r4 = "onnx.PRelu"(%x, %y) : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  %r5 = "onnx.BitShift"(%i, %j) <{direction = "LEFT"}> : (tensor<4xui32>, tensor<4xui32>) -> tensor<4xui32>
  %r6 = "onnx.Equal"(%x, %y) : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xi1>
  %r7 = "onnx.Less"(%x, %y) : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xi1>
  %r8 = "onnx.LessOrEqual"(%x, %y) : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xi1>
  %r9 = "onnx.GreaterOrEqual"(%x, %y) : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xi1>
  %r10 = "onnx.And"(%b, %c) : (tensor<4xi1>, tensor<4xi1>) -> tensor<4xi1>
  %r11 = "onnx.Or"(%b, %c) : (tensor<4xi1>, tensor<4xi1>) -> tensor<4xi1>
  %r12 = "onnx.Xor"(%b, %c) : (tensor<4xi1>, tensor<4xi1>) -> tensor<4xi1>
  %r13 = "onnx.Not"(%b) : (tensor<4xi1>) -> tensor<4xi1>
  %r14 = "onnx.IsNaN"(%x) : (tensor<4xf32>) -> tensor<4xi1>
  %r15 = "onnx.IsInf"(%x) : (tensor<4xf32>) -> tensor<4xi1>
  %r16 = "onnx.Sign"(%x) : (tensor<4xf32>) -> tensor<4xf32>
  %r17 = "onnx.Floor"(%x) : (tensor<4xf32>) -> tensor<4xf32>
  %r18 = "onnx.Ceil"(%x) : (tensor<4xf32>) -> tensor<4xf32>
  %r19 = "onnx.Round"(%x) : (tensor<4xf32>) -> tensor<4xf32>
  %r20 = "onnx.LeakyRelu"(%x) : (tensor<4xf32>) -> tensor<4xf32>
  %r21 = "onnx.ThresholdedRelu"(%x) : (tensor<4xf32>) -> tensor<4xf32>
  %r22 = "onnx.Shrink"(%x) : (tensor<4xf32>) -> tensor<4xf32>
  %r23 = "onnx.HardSigmoid"(%x) : (tensor<4xf32>) -> tensor<4xf32>
  %r24 = "onnx.HardSwish"(%x) : (tensor<4xf32>) -> tensor<4xf32>
  %r25 = "onnx.Elu"(%x) : (tensor<4xf32>) -> tensor<4xf32>
  %r26 = "onnx.Selu"(%x) : (tensor<4xf32>) -> tensor<4xf32>
  %r27 = "onnx.Celu"(%x) : (tensor<4xf32>) -> tensor<4xf32>
  %r28 = "onnx.Softplus"(%x) : (tensor<4xf32>) -> tensor<4xf32>
  %r29 = "onnx.Softsign"(%x) : (tensor<4xf32>) -> tensor<4xf32>
  %r30 = "onnx.Log"(%x) : (tensor<4xf32>) -> tensor<4xf32>
  %r31 = "onnx.Reciprocal"(%x) : (tensor<4xf32>) -> tensor<4xf32>
  %r32 = "onnx.Sin"(%x) : (tensor<4xf32>) -> tensor<4xf32>
  %r33 = "onnx.Cos"(%x) : (tensor<4xf32>) -> tensor<4xf32>
  %r34 = "onnx.Tan"(%x) : (tensor<4xf32>) -> tensor<4xf32>
  %r35 = "onnx.Asin"(%x) : (tensor<4xf32>) -> tensor<4xf32>
  %r36 = "onnx.Acos"(%x) : (tensor<4xf32>) -> tensor<4xf32>
  %r37 = "onnx.Atan"(%x) : (tensor<4xf32>) -> tensor<4xf32>
  %r38 = "onnx.Sinh"(%x) : (tensor<4xf32>) -> tensor<4xf32>
  %r39 = "onnx.Cosh"(%x) : (tensor<4xf32>) -> tensor<4xf32>
  %r40 = "onnx.Asinh"(%x) : (tensor<4xf32>) -> tensor<4xf32>
  %r41 = "onnx.Acosh"(%x) : (tensor<4xf32>) -> tensor<4xf32>
  %r42 = "onnx.Atanh"(%x) : (tensor<4xf32>) -> tensor<4xf32>
  %q = "onnx.QuantizeLinear"(%x, %s, %z) : (tensor<4xf32>, tensor<f32>, tensor<ui8>) -> tensor<4xui8>
  %dq:3 = "onnx.DynamicQuantizeLinear"(%x) : (tensor<4xf32>) -> (tensor<4xui8>, tensor<f32>, tensor<ui8>)
  return %r0, %r1, %r2, %r3, %r4, %r5, %r6, %r7, %r8, %r9, %r10, %r11, %r12, %r13, %r14, %r15, %r16, %r17, %r18, %r19, %r20, %r21, %r22, %r23, %r24, %r25, %r26, %r27, %r28, %r29, %r30, %r31, %r32, %r33, %r34, %r35, %r36, %r37, %r38, %r39, %r40, %r41, %r42, %q, %dq#0 : tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xui32>, tensor<4xi1>, tensor<4xi1>, tensor<4xi1>, tensor<4xi1>, tensor<4xi1>, tensor<4xi1>, tensor<4xi1>, tensor<4xi1>, tensor<4xi1>, tensor<4xi1>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xui8>, tensor<4xui8>
}
