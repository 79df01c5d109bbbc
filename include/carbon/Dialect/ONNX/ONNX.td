//===- ONNX.td - The onnx dialect, all of it ---------------*- tablegen -*-===//
//
// This file is the root that TableGen reads to generate the onnx dialect:
// its base, the hand-written structure ops and the ops generated from the
// ONNX schema registry.
//
//===----------------------------------------------------------------------===//

#ifndef CARBON_DIALECT_ONNX_ONNX_TD
#define CARBON_DIALECT_ONNX_ONNX_TD

include "carbon/Dialect/ONNX/ONNXBase.td"
include "carbon/Dialect/ONNX/ONNXStructureOps.td"
include "carbon/Dialect/ONNX/ONNXOps.td"

#endif // CARBON_DIALECT_ONNX_ONNX_TD
