//===- CostModels.h - CostOpInterface for the dialects we cost --*- C++ -*-===//
//
// This file declares the registration of the external models that
// implement CostOpInterface for ops this project does not define the
// interface on: the onnx dialect's generated ops, and upstream dialects.
//
//===----------------------------------------------------------------------===//

#ifndef CARBON_COSTMODELS_COSTMODELS_H
#define CARBON_COSTMODELS_COSTMODELS_H

namespace mlir {
class DialectRegistry;
} // namespace mlir

namespace carbon {

/// Attaches CostOpInterface to every op of the onnx dialect.
void registerONNXCostModel(mlir::DialectRegistry &registry);

/// Attaches CostOpInterface to linalg structured ops (counted from their
/// iteration domain and body), tosa ops, arith/math/tensor ops and scf.for
/// and scf.if.
void registerUpstreamCostModels(mlir::DialectRegistry &registry);

/// Attaches CostOpInterface to every cost model this project has.
void registerAllCostModels(mlir::DialectRegistry &registry);

} // namespace carbon

#endif // CARBON_COSTMODELS_COSTMODELS_H
