// The carbon dialect's attributes print and parse back, doubles exactly.
// RUN: carbon-opt %s -split-input-file | carbon-opt -split-input-file | FileCheck %s

// CHECK-LABEL: module attributes {carbon.inference = #carbon.inference<target = "toy", latency_s = 0.0021620000000000003, energy_j = 0.6174400000000001, memory_bytes = 26829621>}
// CHECK: carbon.cost = #carbon.cost<macs = 24, flops = 48, transcendentals = 0, bytes_read = 80, bytes_written = 32, params = 12, param_bytes = 48, bwd_flops = 96, bwd_bytes_read = 112, bwd_bytes_written = 72, saves_activations = true, compute_type = f32>
// CHECK-SAME: carbon.estimate = #carbon.estimate<time_s = 2.001000e-03, energy_j = 0.60030000000000006, bound = "compute", intensity = 166.66666666666666, matrix_units = true>
module attributes {carbon.inference = #carbon.inference<target = "toy", latency_s = 0.0021620000000000003, energy_j = 0.6174400000000001, memory_bytes = 26829621>} {
  func.func private @f() attributes {
    carbon.cost = #carbon.cost<macs = 24, flops = 48, transcendentals = 0, bytes_read = 80, bytes_written = 32, params = 12, param_bytes = 48, bwd_flops = 96, bwd_bytes_read = 112, bwd_bytes_written = 72, saves_activations = true, compute_type = f32>,
    carbon.estimate = #carbon.estimate<time_s = 2.001e-3, energy_j = 0.60030000000000006, bound = "compute", intensity = 166.66666666666666, matrix_units = true>}
}

// -----

// Without the target's energy figures there is no energy_j, and without
// static sizes no memory_bytes: absent, not 0.
// CHECK-LABEL: module attributes {carbon.inference = #carbon.inference<target = "edge", latency_s = 1.000000e-03>}
// CHECK: carbon.estimate = #carbon.estimate<time_s = 1.000000e-03, bound = "memory", intensity = 1.250000e-01, matrix_units = false>
module attributes {carbon.inference = #carbon.inference<target = "edge", latency_s = 1.0e-3>} {
  func.func private @g() attributes {
    carbon.estimate = #carbon.estimate<time_s = 1.0e-3, bound = "memory", intensity = 0.125, matrix_units = false>}
}

// -----

// A training run: without the target's timing figures no device-hours and
// no energy, absent rather than 0.
// CHECK-LABEL: module attributes {carbon.training = #carbon.training<target = "toy", flops = 4.016000e+12, devices = 1, device_hours = 0.0015324074074074075, energy_j = 1362.3066666666668, memory_bytes = 24000000>}
module attributes {carbon.training = #carbon.training<target = "toy", flops = 4.016e12, devices = 1, device_hours = 0.0015324074074074075, energy_j = 1362.3066666666668, memory_bytes = 24000000>} {
}

// -----

// CHECK-LABEL: module attributes {carbon.training = #carbon.training<target = "edge", flops = 1.000000e+09, devices = 2, memory_bytes = 100>}
module attributes {carbon.training = #carbon.training<target = "edge", flops = 1.0e9, devices = 2, memory_bytes = 100>} {
}
