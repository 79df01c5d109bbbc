//===- AnnotateEstimate.cpp - Attach #carbon.estimate to ops ----*- C++ -*-===//
//
// This file implements carbon-annotate-estimate, which makes the hardware
// cost model visible in the IR: each op's predicted time and device energy
// on a target, the forward pass's latency and energy on the module, and
// with train=true the cost of a training run of it.
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
    if (train) {
      std::optional<TrainingRun> run = trainingRun(module);
      if (!run)
        return signalPassFailure();
      inputs.training = *run;
    }
    Estimate estimate;
    std::string error;
    if (!estimateModel(analysis, inputs, estimate, error)) {
      module.emitError() << "carbon-annotate-estimate: " << error;
      return signalPassFailure();
    }

    // An earlier run's estimates (another target, say) must not stay on
    // ops this one cannot time.
    module->removeAttr("carbon.inference");
    module->removeAttr("carbon.training");
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
    if (estimate.training && analysis.getUncounted().empty())
      annotateTraining(module, estimate, *target);
    if (failed)
      signalPassFailure();
    markAllAnalysesPreserved();
  }

  /// The training run the options describe, the module one micro-batch of
  /// it (its batch and sequence length those it was imported with); absent
  /// after an error.
  std::optional<TrainingRun> trainingRun(ModuleOp module) {
    auto fail = [&](const llvm::Twine &message) -> std::optional<TrainingRun> {
      module.emitError() << "carbon-annotate-estimate: " << message;
      return std::nullopt;
    };
    if (!std::isfinite(samples) || !std::isfinite(tokens) || samples < 0 ||
        tokens < 0 || (samples > 0) == (tokens > 0))
      return fail("train=true needs the run's size: samples=N (with "
                  "epochs=E) or tokens=N, one of them a positive number");
    if (!std::isfinite(epochs) || !(epochs > 0) ||
        !std::isfinite(globalBatch) || globalBatch < 0)
      return fail("epochs must be a positive number and global-batch one "
                  "at least 0");
    TrainingRun run;
    if (samples > 0)
      run.samples = samples;
    else
      run.tokens = tokens;
    run.epochs = epochs;
    if (globalBatch > 0)
      run.globalBatch = globalBatch;
    std::optional<Optimizer> parsedOptimizer = parseOptimizer(optimizer);
    if (!parsedOptimizer)
      return fail("unknown optimizer '" + optimizer + "' (sgd, adam or adamw)");
    run.optimizer = *parsedOptimizer;
    if (!recompute.empty()) {
      run.recompute = parseRecompute(recompute);
      if (!run.recompute)
        return fail("unknown recompute '" + recompute +
                    "' (none, selective or full)");
    }
    for (auto [name, value, out] :
         {std::tuple{"devices", int64_t(devices), &run.devices},
          std::tuple{"tensor-parallel", int64_t(tensorParallel),
                     &run.tensorParallel},
          std::tuple{"pipeline-stages", int64_t(pipelineStages),
                     &run.pipelineStages}}) {
      if (value < 0)
        return fail(llvm::Twine(name) + " must be at least 1 (0: chosen)");
      if (value > 0)
        *out = value;
    }
    if (zeroStage < 0 || zeroStage > 3)
      return fail("zero-stage must be 0, 1, 2 or 3");
    if (trials < 1)
      return fail("trials must be at least 1");
    if (!(commOverlap >= 0 && commOverlap <= 1) ||
        !(goodput > 0 && goodput <= 1))
      return fail("comm-overlap must be a fraction in [0, 1] and goodput "
                  "one in (0, 1]");
    run.zeroStage = static_cast<int>(zeroStage);
    run.trials = trials;
    run.commOverlap = commOverlap;
    run.goodput = goodput;
    StringRef batchDim = "batch";
    if (auto inferred = module->getAttrOfType<StringAttr>("onnx.batch_dim"))
      batchDim = inferred.getValue();
    std::optional<int64_t> seq;
    if (auto bound =
            module->getAttrOfType<DictionaryAttr>("onnx.dim_bindings")) {
      if (auto batch = bound.getAs<IntegerAttr>(batchDim))
        run.samplesPerStep = batch.getInt();
      for (StringRef name : kSequenceDimNames)
        if (auto length = bound.getAs<IntegerAttr>(name)) {
          seq = length.getInt();
          break;
        }
    }
    if (run.samplesPerStep < 1 || (seq && *seq < 1))
      return fail("the module's batch and sequence length "
                  "(onnx.dim_bindings) must be positive");
    if (seq)
      run.tokensPerStep = run.samplesPerStep * *seq;
    if (run.tokens && !run.tokensPerStep)
      return fail("tokens=N needs the module's sequence length, and it "
                  "records none (no seq in onnx.dim_bindings); use "
                  "samples=N");
    return run;
  }

  /// #carbon.training on the module, and a warning when a device of the
  /// layout cannot hold its share.
  void annotateTraining(ModuleOp module, const Estimate &estimate,
                        const Target &target) {
    const TrainingLayout &layout = *estimate.layout;
    const std::optional<TrainingTimeEstimate> &time = estimate.trainingTime;
    int64_t memoryBytes = std::llround(layout.deviceBytes());
    if (layout.fitsDeviceMemory == false)
      module.emitWarning()
          << "carbon-annotate-estimate: each device of the training run "
             "holds "
          << memoryBytes << " bytes (its training state and activations), "
          << "more than the " << std::llround(target.memoryCapacity.value_or(0))
          << " of " << target.name;
    module->setAttr(
        "carbon.training",
        TrainingAttr::get(
            &getContext(), target.name, APFloat(estimate.training->flops),
            layout.devices,
            asAPFloat(time ? std::optional(time->deviceHours) : std::nullopt),
            asAPFloat(time ? time->deviceJoules : std::nullopt), memoryBytes));
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
