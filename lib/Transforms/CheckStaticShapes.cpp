//===- CheckStaticShapes.cpp - Report results of unknown shape --*- C++ -*-===//
//
// This file implements carbon-check-static-shapes, which reports every op
// result whose tensor shape is not fully static.
//
//===----------------------------------------------------------------------===//

#include "carbon/Transforms/Passes.h"

#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Diagnostics.h"

namespace carbon {
#define GEN_PASS_DEF_CHECKSTATICSHAPES
#include "carbon/Transforms/Passes.h.inc"
} // namespace carbon

using namespace mlir;

namespace {
struct CheckStaticShapesPass
    : public carbon::impl::CheckStaticShapesBase<CheckStaticShapesPass> {
  using CheckStaticShapesBase::CheckStaticShapesBase;

  void runOnOperation() override {
    bool anyDynamic = false;
    getOperation()->walk([&](Operation *op) {
      for (OpResult result : op->getResults()) {
        auto shaped = dyn_cast<ShapedType>(result.getType());
        if (!shaped || (shaped.hasRank() && shaped.hasStaticShape()))
          continue;
        ++numDynamicResults;
        anyDynamic = true;
        InFlightDiagnostic diag =
            strict ? op->emitError() : op->emitWarning();
        diag << "result #" << result.getResultNumber()
             << " has a shape that is not static: " << result.getType();
      }
    });
    if (strict && anyDynamic)
      signalPassFailure();
  }
};
} // namespace
