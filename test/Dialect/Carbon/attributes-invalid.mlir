// A carbon attribute missing a parameter, or with one of the wrong kind, is
// a parse error at the attribute.
// RUN: carbon-opt %s -split-input-file -verify-diagnostics

// expected-error @+2 {{struct is missing required parameter: time_s}}
func.func private @f() attributes {
  carbon.estimate = #carbon.estimate<bound = "compute", intensity = 1.0, matrix_units = true>}

// -----

// expected-error @+3 {{expected floating point literal}}
// expected-error @+2 {{failed to parse Carbon_EstimateAttr parameter 'time_s'}}
func.func private @g() attributes {
  carbon.estimate = #carbon.estimate<time_s = "fast", bound = "compute", intensity = 1.0, matrix_units = true>}

// -----

// Memory is a number of bytes.
// expected-error @+3 {{expected integer value}}
// expected-error @+2 {{failed to parse Carbon_InferenceAttr parameter 'memory_bytes'}}
module attributes {
  carbon.inference = #carbon.inference<target = "toy", latency_s = 1.0, memory_bytes = "lots">} {
}

// -----

// A training run names its devices.
// expected-error @+2 {{struct is missing required parameter: devices}}
module attributes {
  carbon.training = #carbon.training<target = "toy", flops = 1.0>} {
}
