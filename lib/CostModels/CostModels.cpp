//===- CostModels.cpp - Register every cost model ---------------*- C++ -*-===//
//
// This file registers all external models of CostOpInterface at once, for
// carbon-opt and the plugin alike.
//
//===----------------------------------------------------------------------===//

#include "carbon/CostModels/CostModels.h"

void carbon::registerAllCostModels(mlir::DialectRegistry &registry) {
  registerONNXCostModel(registry);
  registerUpstreamCostModels(registry);
}
