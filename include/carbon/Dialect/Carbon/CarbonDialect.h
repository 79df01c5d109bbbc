//===- CarbonDialect.h - The carbon dialect ---------------------*- C++ -*-===//
//
// This file declares the carbon dialect and its attributes.
//
//===----------------------------------------------------------------------===//

#ifndef CARBON_DIALECT_CARBON_CARBONDIALECT_H
#define CARBON_DIALECT_CARBON_CARBONDIALECT_H

#include "mlir/IR/Attributes.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/Dialect.h"

#include "carbon/Dialect/Carbon/CarbonDialect.h.inc"

#define GET_ATTRDEF_CLASSES
#include "carbon/Dialect/Carbon/CarbonAttributes.h.inc"

#endif // CARBON_DIALECT_CARBON_CARBONDIALECT_H
