//===- CarbonDialect.cpp - The carbon dialect -------------------*- C++ -*-===//
//
// This file registers the carbon dialect and its attributes.
//
//===----------------------------------------------------------------------===//

#include "carbon/Dialect/Carbon/CarbonDialect.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/DialectImplementation.h"
#include "llvm/ADT/TypeSwitch.h"

using namespace mlir;
using namespace carbon;

#include "carbon/Dialect/Carbon/CarbonDialect.cpp.inc"

#define GET_ATTRDEF_CLASSES
#include "carbon/Dialect/Carbon/CarbonAttributes.cpp.inc"

void CarbonDialect::initialize() {
  addAttributes<
#define GET_ATTRDEF_LIST
#include "carbon/Dialect/Carbon/CarbonAttributes.cpp.inc"
      >();
}
