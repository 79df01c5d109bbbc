// RUN: carbon-opt %s -verify-diagnostics \
// RUN:   --pass-pipeline='builtin.module(carbon-check-static-shapes{strict=true})'

func.func @dynamic(%a: tensor<?xf32>) -> tensor<?xf32> {
  // expected-error @+1 {{result #0 has a shape that is not static: 'tensor<?xf32>'}}
  %b = arith.addf %a, %a : tensor<?xf32>
  return %b : tensor<?xf32>
}
