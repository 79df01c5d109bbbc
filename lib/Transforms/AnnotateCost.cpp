//===- AnnotateCost.cpp - Attach #carbon.cost to every op -------*- C++ -*-===//
//
// This file implements carbon-annotate-cost, which makes CostAnalysis
// visible in the IR: one #carbon.cost attribute per counted op, and a
// diagnostic for each op that could not be counted.
//
//===----------------------------------------------------------------------===//

#include "carbon/Analysis/CostAnalysis.h"
#include "carbon/Transforms/Passes.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/Diagnostics.h"

namespace carbon {
#define GEN_PASS_DEF_ANNOTATECOST
#include "carbon/Transforms/Passes.h.inc"
} // namespace carbon

using namespace mlir;
using namespace carbon;

namespace {
struct AnnotateCostPass
    : public carbon::impl::AnnotateCostBase<AnnotateCostPass> {
  using AnnotateCostBase::AnnotateCostBase;

  void runOnOperation() override {
    const CostAnalysis &analysis = getAnalysis<CostAnalysis>();
    MLIRContext *ctx = &getContext();
    bool anyUncounted = false;
    for (const OpCostRecord &r : analysis.getOpCosts()) {
      if (!r.counted) {
        ++numUncounted;
        anyUncounted = true;
        InFlightDiagnostic diag =
            strict ? r.op->emitError() : r.op->emitWarning();
        diag << "not counted: " << r.reason;
        continue;
      }
      ++numCounted;
      PassCost backward = r.backwardData;
      backward += r.backwardWeights;
      Type computeType = r.computeType ? r.computeType : NoneType::get(ctx);
      r.op->setAttr("carbon.cost",
                    CostAttr::get(ctx, r.forward.work.macs,
                                  r.forward.work.flops,
                                  r.forward.work.transcendentals,
                                  r.forward.traffic.bytesRead,
                                  r.forward.traffic.bytesWritten, r.params,
                                  r.paramBytes, backward.work.flops,
                                  backward.traffic.bytesRead,
                                  backward.traffic.bytesWritten,
                                  r.savesActivations, computeType));
    }
    if (strict && anyUncounted)
      signalPassFailure();
    markAllAnalysesPreserved();
  }
};
} // namespace
