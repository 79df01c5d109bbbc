//===- AnnotateEstimate.cpp - Attach #carbon.estimate to ops ----*- C++ -*-===//
//
// This file implements carbon-annotate-estimate, which makes the hardware
// cost model visible in the IR: each op's predicted time and device energy
// on a target, and the forward pass's latency and energy on the module.
//
//===----------------------------------------------------------------------===//

#include "carbon/Analysis/Estimate.h"
#include "carbon/Transforms/Passes.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/Diagnostics.h"

#include <cmath>
#include <optional>

namespace carbon {
#define GEN_PASS_DEF_ANNOTATEESTIMATE
#include "carbon/Transforms/Passes.h.inc"
} // namespace carbon

using namespace mlir;
using namespace carbon;

static std::optional<APFloat> asAPFloat(std::optional<double> value) {
  if (!value)
    return std::nullopt;
  return APFloat(*value);
}

namespace {
struct AnnotateEstimatePass
    : public carbon::impl::AnnotateEstimateBase<AnnotateEstimatePass> {
  using AnnotateEstimateBase::AnnotateEstimateBase;

  void runOnOperation() override {
    ModuleOp module = getOperation();
    TargetDatabase targets = TargetDatabase::builtin();
    std::optional<Target> graphTarget;
    const Target *target = chooseTarget(module, targets, graphTarget);
    if (!target)
      return signalPassFailure();
    std::optional<Precision> precision;
    if (!precisionName.empty() &&
        !(precision = parsePrecision(precisionName))) {
      module.emitError() << "carbon-annotate-estimate: unknown precision '"
                         << precisionName
                         << "' (fp64, fp32, tf32, bf16, fp16, fp8 or int8)";
      return signalPassFailure();
    }
    if (fusion != "none" && fusion != "elementwise") {
      module.emitError() << "carbon-annotate-estimate: unknown fusion '"
                         << fusion << "' (none or elementwise)";
      return signalPassFailure();
    }

    // The model as carbon-opt --target costs it: one forward pass.
    CostOptions cost;
    if (precision)
      cost.floatBits = storageBits(*precision);
    cost.fuseElementwise = fusion == "elementwise";
    CostAnalysis analysis(module, cost);
    EstimateInputs inputs;
    inputs.target = target;
    inputs.precision = precision;
    inputs.fusion = cost.fuseElementwise;
    inputs.graphLaunch = graphTarget.has_value();
    Estimate estimate;
    std::string error;
    if (!estimateModel(analysis, inputs, estimate, error)) {
      module.emitError() << "carbon-annotate-estimate: " << error;
      return signalPassFailure();
    }

    // An earlier run's estimates (another target, say) must not stay on
    // ops this one cannot time.
    module->removeAttr("carbon.inference");
    module.walk([](Operation *op) { op->removeAttr("carbon.estimate"); });
    MLIRContext *ctx = &getContext();
    const std::vector<OpCostRecord> &records = analysis.getOpCosts();
    bool failed = false;
    const OpCostRecord *firstUntimed = nullptr;
    std::string untimedReason;
    int64_t missingFigure = 0;
    for (size_t i = 0; i < records.size(); ++i) {
      const OpCostRecord &r = records[i];
      const OpEstimate &op = estimate.ops[i];
      if (!r.counted) {
        ++numUntimed;
        failed |= strict;
        (strict ? r.op->emitError() : r.op->emitWarning())
            << "not estimated: not counted: " << r.reason;
        continue;
      }
      const OpRoofline &p = op.roofline;
      if (!p.predictedSeconds) {
        ++numUntimed;
        ++missingFigure;
        if (!firstUntimed) {
          firstUntimed = &r;
          untimedReason = p.known ? p.predictionGap : p.reason;
        }
        continue;
      }
      ++numTimed;
      r.op->setAttr("carbon.estimate",
                    EstimateAttr::get(
                        ctx, APFloat(*p.predictedSeconds), asAPFloat(op.joules),
                        p.computeBound ? "compute" : "memory",
                        APFloat(p.arithmeticIntensity), p.matrixUnits));
    }
    // A missing figure leaves every op that needs it untimed: said once.
    if (firstUntimed) {
      failed |= strict;
      (strict ? module.emitError() : module.emitWarning())
          << "carbon-annotate-estimate: " << missingFigure
          << (missingFigure == 1 ? " op has" : " ops have") << " no time on "
          << target->name << ", first " << firstUntimed->name << " ("
          << firstUntimed->type << "): " << untimedReason;
    }
    const MemoryEstimate &memory = estimate.memory;
    std::optional<int64_t> memoryBytes;
    if (memory.deviceBytes)
      memoryBytes = std::llround(*memory.deviceBytes);
    if (memory.fitsDeviceMemory == false)
      module.emitWarning()
          << "carbon-annotate-estimate: the module holds " << *memoryBytes
          << " bytes at once (its weights and its activations at the peak, "
          << memory.forward.peakOp << "), more than the "
          << std::llround(target->memoryCapacity.value_or(0)) << " of "
          << target->name;
    if (estimate.inference && !firstUntimed && analysis.getUncounted().empty())
      module->setAttr("carbon.inference",
                      InferenceAttr::get(
                          ctx, target->name,
                          APFloat(estimate.inference->latencySeconds),
                          asAPFloat(estimate.inference->deviceJoulesPerBatch),
                          memoryBytes));
    if (failed)
      signalPassFailure();
    markAllAnalysesPreserved();
  }

  /// The target the options name, from the built-in ones and target-file's
  /// (added to `targets`); as it replays a captured graph with launch=graph,
  /// kept in `graphTarget`. Null after an error.
  const Target *chooseTarget(ModuleOp module, TargetDatabase &targets,
                             std::optional<Target> &graphTarget) {
    std::string error;
    if (!targetFile.empty() && !targets.addFile(targetFile, error)) {
      module.emitError() << "carbon-annotate-estimate: " << error;
      return nullptr;
    }
    if (targetName.empty()) {
      module.emitError() << "carbon-annotate-estimate needs a target: "
                            "target=NAME (carbon-opt --list-targets lists "
                            "them)";
      return nullptr;
    }
    const Target *target = targets.lookup(targetName);
    if (!target) {
      module.emitError() << "carbon-annotate-estimate: "
                         << targets.unknownTargetMessage(targetName)
                         << " (carbon-opt --list-targets lists them)";
      return nullptr;
    }
    if (launch == "stream")
      return target;
    if (launch != "graph") {
      module.emitError() << "carbon-annotate-estimate: unknown launch '"
                         << launch << "' (stream or graph)";
      return nullptr;
    }
    graphTarget = withGraphLaunches(*target);
    if (!graphTarget) {
      module.emitError() << "carbon-annotate-estimate: " << target->name
                         << " has no published cost of a kernel replayed "
                            "from a graph (graph_launch_overhead_us)";
      return nullptr;
    }
    return &*graphTarget;
  }
};
} // namespace
