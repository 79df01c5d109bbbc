//===- ONNXDialect.cpp - The onnx dialect -----------------------*- C++ -*-===//
//
// This file registers the onnx dialect's types and ops and implements what
// ODS cannot generate for the hand-written ops.
//
//===----------------------------------------------------------------------===//

#include "carbon/Dialect/ONNX/ONNXOps.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/DialectImplementation.h"
#include "llvm/ADT/TypeSwitch.h"

using namespace mlir;
using namespace carbon::onnx;

#include "carbon/Dialect/ONNX/ONNXDialect.cpp.inc"

#define GET_TYPEDEF_CLASSES
#include "carbon/Dialect/ONNX/ONNXTypes.cpp.inc"

void ONNXDialect::initialize() {
  addTypes<
#define GET_TYPEDEF_LIST
#include "carbon/Dialect/ONNX/ONNXTypes.cpp.inc"
      >();
  registerONNXDialectOperations(this);
}

//===----------------------------------------------------------------------===//
// CustomOp
//===----------------------------------------------------------------------===//

LogicalResult CustomOp::verify() {
  ArrayAttr names = getRegionNamesAttr();
  size_t numNames = names ? names.size() : 0;
  if (numNames != getSubgraphs().size())
    return emitOpError("has ")
           << getSubgraphs().size() << " subgraph regions but " << numNames
           << " region names";
  if (DenseI64ArrayAttr absent = getAbsentInputsAttr()) {
    int64_t numInputs = getInputs().size() + absent.size();
    for (int64_t position : absent.asArrayRef())
      if (position < 0 || position >= numInputs)
        return emitOpError("absent input position ")
               << position << " is outside the node's " << numInputs
               << " inputs";
  }
  return success();
}
