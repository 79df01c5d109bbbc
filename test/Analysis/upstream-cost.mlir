// The analysis on IR lowered by other frontends: linalg counted from its
// iteration domain and body, tosa by formula, scf.for as trips x body,
// func.call as its callee. Values computed by hand in the comments.
// RUN: carbon-opt %s -split-input-file -verify-diagnostics \
// RUN:   --pass-pipeline='builtin.module(carbon-annotate-cost)' | FileCheck %s

// linalg.matmul 4x8 * 8x16: domain 4 x 16 x 8 = 512 points, one mul+add
// each: 512 MACs. Bytes 128 + 512 + 256 read, 256 written.
// CHECK-LABEL: func.func @linalg_matmul
// CHECK: linalg.matmul {{.*}}carbon.cost = #carbon.cost<macs = 512, flops = 1024, transcendentals = 0, bytes_read = 896, bytes_written = 256,
func.func @linalg_matmul(%a: tensor<4x8xf32>, %b: tensor<8x16xf32>, %c: tensor<4x16xf32>) -> tensor<4x16xf32> {
  %r = linalg.matmul ins(%a, %b : tensor<4x8xf32>, tensor<8x16xf32>) outs(%c : tensor<4x16xf32>) -> tensor<4x16xf32>
  return %r : tensor<4x16xf32>
}

// -----

// A generic over 6x10 points computing exp(x) + 1 (the constant is free):
// 60 additions, 60 exps.
#id = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-LABEL: func.func @linalg_generic
// CHECK: linalg.generic {{.*}}carbon.cost = #carbon.cost<macs = 0, flops = 60, transcendentals = 60,
func.func @linalg_generic(%x: tensor<6x10xf32>, %init: tensor<6x10xf32>) -> tensor<6x10xf32> {
  %r = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]}
      ins(%x : tensor<6x10xf32>) outs(%init : tensor<6x10xf32>) {
  ^bb0(%in: f32, %out: f32):
    %one = arith.constant 1.0 : f32
    %e = math.exp %in : f32
    %s = arith.addf %e, %one : f32
    linalg.yield %s : f32
  } -> tensor<6x10xf32>
  return %r : tensor<6x10xf32>
}

// -----

// linalg.conv_2d_nhwc_hwcf, input 1x10x10x3, filter 3x3x3x8, output
// 1x8x8x8: domain 1 x 8 x 8 x 8 x 3 x 3 x 3 = 13824 MACs.
// CHECK-LABEL: func.func @linalg_conv
// CHECK: linalg.conv_2d_nhwc_hwcf {{.*}}carbon.cost = #carbon.cost<macs = 13824, flops = 27648,
func.func @linalg_conv(%x: tensor<1x10x10x3xf32>, %w: tensor<3x3x3x8xf32>, %o: tensor<1x8x8x8xf32>) -> tensor<1x8x8x8xf32> {
  %r = linalg.conv_2d_nhwc_hwcf ins(%x, %w : tensor<1x10x10x3xf32>, tensor<3x3x3x8xf32>) outs(%o : tensor<1x8x8x8xf32>) -> tensor<1x8x8x8xf32>
  return %r : tensor<1x8x8x8xf32>
}

// -----

// tosa.conv2d, output 1x8x8x16, weight 16x3x3x4: 1024 outputs x 36 = 36864
// MACs, plus 1024 bias additions. tosa.matmul 1x4x8 * 1x8x2: 8 outputs x 8.
// CHECK-LABEL: func.func @tosa_ops
// CHECK: tosa.conv2d {{.*}}carbon.cost = #carbon.cost<macs = 36864, flops = 74752,
// CHECK: tosa.matmul {{.*}}carbon.cost = #carbon.cost<macs = 64, flops = 128,
func.func @tosa_ops(%x: tensor<1x10x10x4xf32>, %w: tensor<16x3x3x4xf32>, %b: tensor<16xf32>,
                    %a: tensor<1x4x8xf32>, %m: tensor<1x8x2xf32>) -> (tensor<1x8x8x16xf32>, tensor<1x4x2xf32>) {
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %y = tosa.conv2d %x, %w, %b, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x10x10x4xf32>, tensor<16x3x3x4xf32>, tensor<16xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x8x8x16xf32>
  %p = tosa.matmul %a, %m, %zp, %zp : (tensor<1x4x8xf32>, tensor<1x8x2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x4x2xf32>
  return %y, %p : tensor<1x8x8x16xf32>, tensor<1x4x2xf32>
}

// -----

// scf.for from 0 to 10 step 3 runs 4 times a tensor add of 16 elements:
// 64 FLOPs. A call counts its callee: a multiply of 16 elements.
// CHECK-LABEL: func.func @loop_and_call
// CHECK: scf.for
// CHECK: } {carbon.cost = #carbon.cost<macs = 0, flops = 64,
// CHECK: call @square{{.*}}carbon.cost = #carbon.cost<macs = 0, flops = 16,
func.func @loop_and_call(%x: tensor<16xf32>) -> tensor<16xf32> {
  %lb = arith.constant 0 : index
  %ub = arith.constant 10 : index
  %step = arith.constant 3 : index
  %r = scf.for %i = %lb to %ub step %step iter_args(%acc = %x) -> tensor<16xf32> {
    %s = arith.addf %acc, %x : tensor<16xf32>
    scf.yield %s : tensor<16xf32>
  }
  %q = func.call @square(%r) : (tensor<16xf32>) -> tensor<16xf32>
  return %q : tensor<16xf32>
}
func.func private @square(%v: tensor<16xf32>) -> tensor<16xf32> {
  %m = arith.mulf %v, %v : tensor<16xf32>
  return %m : tensor<16xf32>
}

// -----

func.func @dynamic_loop(%x: tensor<4xf32>, %n: index) -> tensor<4xf32> {
  %lb = arith.constant 0 : index
  %step = arith.constant 1 : index
  // expected-warning @+1 {{not counted: the loop bounds are not constants}}
  %r = scf.for %i = %lb to %n step %step iter_args(%acc = %x) -> tensor<4xf32> {
    %s = arith.addf %acc, %x : tensor<4xf32>
    scf.yield %s : tensor<4xf32>
  }
  return %r : tensor<4xf32>
}

// -----

// Reshapes of a tensor are its buffer under another shape once bufferized
// (OpWork::viewOfOperand): no bytes; tosa.reshape and tosa.identity too.
// A tosa.transpose moves its 24 x 4 bytes.
// CHECK-LABEL: func.func @views
// CHECK: tensor.collapse_shape {{.*}}carbon.cost = #carbon.cost<macs = 0, flops = 0, transcendentals = 0, bytes_read = 0, bytes_written = 0,
// CHECK: tensor.expand_shape {{.*}}carbon.cost = #carbon.cost<macs = 0, flops = 0, transcendentals = 0, bytes_read = 0, bytes_written = 0,
// CHECK: tosa.identity {{.*}}carbon.cost = #carbon.cost<macs = 0, flops = 0, transcendentals = 0, bytes_read = 0, bytes_written = 0,
// CHECK: tosa.transpose {{.*}}carbon.cost = #carbon.cost<macs = 0, flops = 0, transcendentals = 0, bytes_read = 96, bytes_written = 96,
func.func @views(%x: tensor<2x3x4xf32>) -> tensor<4x3x2xf32> {
  %c = tensor.collapse_shape %x [[0, 1], [2]] : tensor<2x3x4xf32> into tensor<6x4xf32>
  %e = tensor.expand_shape %c [[0, 1], [2]] output_shape [2, 3, 4] : tensor<6x4xf32> into tensor<2x3x4xf32>
  %i = tosa.identity %e : (tensor<2x3x4xf32>) -> tensor<2x3x4xf32>
  %t = tosa.transpose %i {perms = array<i32: 2, 1, 0>} : (tensor<2x3x4xf32>) -> tensor<4x3x2xf32>
  return %t : tensor<4x3x2xf32>
}

// -----

// arith and math ops on whole tensors, outside a linalg body: one
// operation an element (6), math.tanh a transcendental each.
// CHECK-LABEL: func.func @elementwise_tensors
// CHECK: arith.mulf {{.*}}carbon.cost = #carbon.cost<macs = 0, flops = 6, transcendentals = 0, bytes_read = 48, bytes_written = 24,
// CHECK: math.tanh {{.*}}carbon.cost = #carbon.cost<macs = 0, flops = 0, transcendentals = 6, bytes_read = 24, bytes_written = 24,
// CHECK: math.absf {{.*}}carbon.cost = #carbon.cost<macs = 0, flops = 6, transcendentals = 0,
func.func @elementwise_tensors(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %m = arith.mulf %x, %x : tensor<2x3xf32>
  %t = math.tanh %m : tensor<2x3xf32>
  %a = math.absf %t : tensor<2x3xf32>
  return %a : tensor<2x3xf32>
}
