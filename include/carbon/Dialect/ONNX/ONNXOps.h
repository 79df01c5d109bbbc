//===- ONNXOps.h - Ops of the onnx dialect ----------------------*- C++ -*-===//
//
// This file declares the ops of the onnx dialect: one per ONNX schema
// version (generated), plus Initializer, Custom and Yield.
//
//===----------------------------------------------------------------------===//

#ifndef CARBON_DIALECT_ONNX_ONNXOPS_H
#define CARBON_DIALECT_ONNX_ONNXOPS_H

#include "carbon/Dialect/ONNX/ONNXDialect.h"

#include "mlir/Bytecode/BytecodeOpInterface.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/OpDefinition.h"
#include "mlir/IR/OpImplementation.h"
#include "mlir/Interfaces/ControlFlowInterfaces.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

#define GET_OP_CLASSES
#include "carbon/Dialect/ONNX/ONNXOps.h.inc"

#endif // CARBON_DIALECT_ONNX_ONNXOPS_H
