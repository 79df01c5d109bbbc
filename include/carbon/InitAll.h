//===- InitAll.h - Register every carbon dialect and pass -------*- C++ -*-===//
//
// This file registers what carbon-opt and the mlir-opt plugin both provide,
// so the two cannot drift apart.
//
//===----------------------------------------------------------------------===//

#ifndef CARBON_INITALL_H
#define CARBON_INITALL_H

#include "carbon/CostModels/CostModels.h"
#include "carbon/Dialect/Carbon/CarbonDialect.h"
#include "carbon/Dialect/ONNX/ONNXDialect.h"
#include "carbon/Transforms/Passes.h"

#include "mlir/IR/DialectRegistry.h"

namespace carbon {

/// Registers the dialects of this project and the cost models attached to
/// them.
inline void registerCarbonDialects(mlir::DialectRegistry &registry) {
  registry.insert<carbon::CarbonDialect, carbon::onnx::ONNXDialect>();
  registerAllCostModels(registry);
}

/// Registers the passes of this project.
inline void registerCarbonAllPasses() { registerCarbonPasses(); }

} // namespace carbon

#endif // CARBON_INITALL_H
