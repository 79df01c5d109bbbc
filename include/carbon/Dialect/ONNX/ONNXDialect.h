//===- ONNXDialect.h - The onnx dialect -------------------------*- C++ -*-===//
//
// This file declares the onnx dialect and its types.
//
//===----------------------------------------------------------------------===//

#ifndef CARBON_DIALECT_ONNX_ONNXDIALECT_H
#define CARBON_DIALECT_ONNX_ONNXDIALECT_H

#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Dialect.h"

#include "carbon/Dialect/ONNX/ONNXDialect.h.inc"

#define GET_TYPEDEF_CLASSES
#include "carbon/Dialect/ONNX/ONNXTypes.h.inc"

#endif // CARBON_DIALECT_ONNX_ONNXDIALECT_H
