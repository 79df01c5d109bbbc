//===- Estimate.cpp - Time, energy and emissions of a model -----*- C++ -*-===//
//
// This file turns a cost analysis into time, energy and emissions on a
// target: per op, for a batch of inference, a serving deployment and a
// training run. The model and every default are in docs/cost-model.md.
//
//===----------------------------------------------------------------------===//

#include "carbon/Analysis/Estimate.h"

#include "llvm/ADT/DenseMap.h"

#include <algorithm>
#include <cmath>

using namespace carbon;

double carbon::optimizerBytesPerParameter(Optimizer optimizer) {
  return optimizer == Optimizer::SGD ? 20 : 28;
}

static double trafficBytes(const PassCost &pass) {
  return static_cast<double>(pass.traffic.bytesRead +
                             pass.traffic.bytesWritten);
}

/// Per-op time and energy; the graph's latency and device energy.
static void estimateOps(const CostAnalysis &analysis,
                        const EstimateInputs &inputs, Estimate &estimate) {
  const Target &target = *inputs.target;
  std::vector<OpRoofline> placements =
      placeOnRoofline(analysis, target, inputs.precision);
  estimate.energyModel = deviceEnergyModel(target, estimate.energyGap);
  if (estimate.energyModel && inputs.powerModel == PowerModel::TDP)
    estimate.energyModel->staticWatts = estimate.energyModel->tdpWatts;
  const auto &records = analysis.getOpCosts();
  for (size_t i = 0; i < placements.size(); ++i) {
    OpEstimate op;
    op.roofline = std::move(placements[i]);
    const OpRoofline &p = op.roofline;
    const OpCostRecord &r = records[i];
    if (estimate.timeGap.empty() && (!p.known || !p.predictedSeconds))
      estimate.timeGap = p.known ? p.predictionGap : r.name + ": " + p.reason;
    if (p.predictedSeconds && estimate.energyModel) {
      const DeviceEnergyModel &model = *estimate.energyModel;
      if (inputs.powerModel == PowerModel::TDP) {
        op.joules = model.tdpWatts * *p.predictedSeconds;
        op.backwardJoules =
            model.tdpWatts * p.backwardPredictedSeconds.value_or(0);
      } else {
        double flops = static_cast<double>(r.forward.work.flops);
        std::optional<double> perFlop =
            joulesPerFlop(target, model, p.precision, p.matrixUnits);
        if (flops > 0 && !perFlop) {
          if (estimate.energyGap.empty())
            estimate.energyGap = target.name + " has no " +
                                 precisionName(p.precision).str() +
                                 " peak and efficiency to price a FLOP with";
        } else {
          op.joules =
              kernelJoules(model, *p.predictedSeconds, flops,
                           perFlop.value_or(0), trafficBytes(r.forward));
          PassCost backward = r.backwardData;
          backward += r.backwardWeights;
          double backwardFlops = static_cast<double>(backward.work.flops);
          std::optional<double> backwardPerFlop = perFlop;
          if (!backwardPerFlop && backwardFlops > 0)
            backwardPerFlop = joulesPerFlop(target, model, p.precision, false);
          if (p.backwardPredictedSeconds &&
              (backwardFlops == 0 || backwardPerFlop))
            op.backwardJoules = kernelJoules(
                model, *p.backwardPredictedSeconds, backwardFlops,
                backwardPerFlop.value_or(0), trafficBytes(backward));
        }
      }
    }
    estimate.ops.push_back(std::move(op));
  }
}

/// Sums a field over the ops; absent when any counted op lacks it.
template <typename Field>
static std::optional<double> sumOps(const Estimate &estimate, Field field) {
  double total = 0;
  if (estimate.ops.empty())
    return std::nullopt;
  for (const OpEstimate &op : estimate.ops) {
    std::optional<double> v = field(op);
    if (!v)
      return std::nullopt;
    total += *v;
  }
  return total;
}

static void estimateInference(const EstimateInputs &inputs,
                              Estimate &estimate) {
  std::optional<double> latency = sumOps(estimate, [](const OpEstimate &op) {
    return op.roofline.predictedSeconds;
  });
  if (!latency || *latency <= 0)
    return;
  InferenceEstimate inference;
  inference.batch = inputs.batch;
  inference.latencySeconds = *latency;
  inference.throughputPerSecond = inputs.batch / *latency;
  inference.deviceJoulesPerBatch =
      sumOps(estimate, [](const OpEstimate &op) { return op.joules; });
  if (inference.deviceJoulesPerBatch) {
    double facility = estimate.scope.facilityJoules(
        *inference.deviceJoulesPerBatch, *latency);
    inference.joulesPerSample = facility / inputs.batch;
    inference.gramsCO2ePer1k =
        1000 *
        operationalKgCO2e(*inference.joulesPerSample, inputs.gridIntensity) *
        1000;
  }
  estimate.inference = inference;
}

static void estimateServing(const EstimateInputs &inputs, Estimate &estimate) {
  const ServingRun &run = *inputs.serving;
  const InferenceEstimate &inference = *estimate.inference;
  ServingEstimate serving;
  serving.requests =
      run.requests ? *run.requests : *run.ratePerSecond * *run.days * 86400;
  serving.busySeconds =
      serving.requests / inputs.batch * inference.latencySeconds;
  if (run.ratePerSecond) {
    // Requests arrive over the days: provision enough devices that none is
    // busier than the utilization.
    serving.wallSeconds = *run.days * 86400;
    serving.devices = std::max<int64_t>(
        1, static_cast<int64_t>(std::ceil(
               serving.busySeconds / (serving.wallSeconds * run.utilization))));
  } else {
    serving.wallSeconds = serving.busySeconds / run.utilization;
  }
  double heldSeconds = serving.devices * serving.wallSeconds;
  serving.utilization = serving.busySeconds / heldSeconds;
  serving.deviceHours = heldSeconds / 3600;
  if (inference.deviceJoulesPerBatch && estimate.energyModel) {
    double busyJoules =
        serving.requests / inputs.batch * *inference.deviceJoulesPerBatch;
    double idleJoules =
        (heldSeconds - serving.busySeconds) * estimate.energyModel->staticWatts;
    serving.joules =
        estimate.scope.facilityJoules(busyJoules + idleJoules, heldSeconds);
    serving.kgCO2e = operationalKgCO2e(*serving.joules, inputs.gridIntensity);
    serving.joulesPer1k = *serving.joules / serving.requests * 1000;
    serving.gramsCO2ePer1k = *serving.kgCO2e / serving.requests * 1e6;
  }
  serving.embodiedKgCO2e = embodiedKgCO2e(*inputs.target, serving.deviceHours);
  estimate.serving = serving;
}

/// The optimizer update of one replica's parameters: a memory-bound pass
/// over the fp32 states on the vector units.
static std::optional<std::pair<double, std::optional<double>>>
optimizerStep(const CostAnalysis &analysis, const TrainingRun &run,
              const Estimate &estimate, const Target &target,
              PowerModel powerModel, std::string &gap) {
  double params = static_cast<double>(analysis.getTotals().params);
  double flops = params * static_cast<double>(
                              optimizerWorkPerParameter(run.optimizer).flops);
  double bytes = params * optimizerBytesPerParameter(run.optimizer);
  auto fp32 = target.peaks.find(Precision::FP32);
  double peak =
      fp32 == target.peaks.end()
          ? 0
          : fp32->second.vector.value_or(fp32->second.matrix.value_or(0));
  if (peak == 0) {
    gap = target.name + " has no published fp32 peak for the optimizer step";
    return std::nullopt;
  }
  std::optional<double> seconds = predictKernelSeconds(
      target, flops, peak, target.vectorEfficiency, false, bytes, 1, gap);
  if (!seconds)
    return std::nullopt;
  std::optional<double> joules;
  if (estimate.energyModel) {
    if (powerModel == PowerModel::TDP)
      joules = estimate.energyModel->tdpWatts * *seconds;
    else if (std::optional<double> perFlop = joulesPerFlop(
                 target, *estimate.energyModel, Precision::FP32, false))
      joules =
          kernelJoules(*estimate.energyModel, *seconds, flops, *perFlop, bytes);
  }
  return std::pair{*seconds, joules};
}

/// Bytes per parameter of the gradients the replicas all-reduce: the
/// model's weight type, or the type of --precision.
static double gradientBytesPerParameter(const CostAnalysis &analysis,
                                        const EstimateInputs &inputs) {
  if (inputs.precision)
    return storageBits(*inputs.precision) / 8.0;
  const CostTotals &totals = analysis.getTotals();
  return totals.params > 0 ? static_cast<double>(totals.paramBytes) /
                                 static_cast<double>(totals.params)
                           : 4;
}

/// The ops selective recomputation runs again in the backward pass: each
/// Softmax, the elementwise ops between it and the matmul that feeds it
/// (scaling, masking) and the matmul that consumes it (attention x V), and
/// those matmuls: the "core attention" whose activations grow with the
/// sequence squared (Korthikanti et al. 2022, section 5).
static std::vector<bool> selectiveRecomputeSet(const CostAnalysis &analysis) {
  const auto &records = analysis.getOpCosts();
  llvm::DenseMap<mlir::Operation *, size_t> index;
  for (size_t i = 0; i < records.size(); ++i)
    index[records[i].op] = i;
  std::vector<bool> set(records.size(), false);
  auto isMatMul = [&](size_t i) { return records[i].forward.work.macs > 0; };
  for (size_t i = 0; i < records.size(); ++i) {
    if (records[i].type != "onnx.Softmax")
      continue;
    set[i] = true;
    // Back to the scores' matmul, through single-input-chain elementwise ops.
    mlir::Operation *op = records[i].op;
    for (int depth = 0; depth < 8 && op->getNumOperands() > 0; ++depth) {
      mlir::Operation *def = op->getOperand(0).getDefiningOp();
      auto it = def ? index.find(def) : index.end();
      if (it == index.end())
        break;
      set[it->second] = true;
      if (isMatMul(it->second))
        break;
      op = def;
    }
    // Forward to the matmul that weights the values.
    op = records[i].op;
    for (int depth = 0; depth < 8 && op->getNumResults() == 1; ++depth) {
      mlir::Value result = op->getResult(0);
      if (!result.hasOneUse())
        break;
      mlir::Operation *user = *result.getUsers().begin();
      auto it = index.find(user);
      if (it == index.end())
        break;
      set[it->second] = true;
      if (isMatMul(it->second))
        break;
      op = user;
    }
  }
  return set;
}

static bool estimateTrainingTime(const CostAnalysis &analysis,
                                 const EstimateInputs &inputs,
                                 Estimate &estimate, std::string &error) {
  const Target &target = *inputs.target;
  const TrainingRun &run = *inputs.training;
  const TrainingEstimate &flops = *estimate.training;
  std::optional<double> forward = sumOps(estimate, [](const OpEstimate &op) {
    return op.roofline.predictedSeconds;
  });
  std::optional<double> backward = sumOps(estimate, [](const OpEstimate &op) {
    return op.roofline.backwardPredictedSeconds;
  });
  if (!forward || !backward)
    return true;
  std::string gap;
  auto optimizer =
      optimizerStep(analysis, run, estimate, target, inputs.powerModel, gap);
  if (!optimizer) {
    if (estimate.timeGap.empty())
      estimate.timeGap = gap;
    return true;
  }
  TrainingTimeEstimate t;
  const double stages = static_cast<double>(run.pipelineStages);
  const double replicas = static_cast<double>(flops.replicas);
  const double devices = static_cast<double>(run.devices);
  const double m = flops.microBatchesPerStep;
  // What recomputation adds to each micro-batch: the whole forward pass, or
  // the attention core.
  double recomputeSeconds = 0;
  std::optional<double> recomputeJoules = 0.0;
  if (run.recompute == Recompute::Full) {
    recomputeSeconds = *forward;
    recomputeJoules =
        sumOps(estimate, [](const OpEstimate &op) { return op.joules; });
  } else if (run.recompute == Recompute::Selective) {
    std::vector<bool> set = selectiveRecomputeSet(analysis);
    for (size_t i = 0; i < set.size(); ++i) {
      if (!set[i])
        continue;
      recomputeSeconds += estimate.ops[i].roofline.predictedSeconds.value_or(0);
      recomputeJoules =
          recomputeJoules && estimate.ops[i].joules
              ? std::optional(*recomputeJoules + *estimate.ops[i].joules)
              : std::nullopt;
    }
  }
  t.microBatchSeconds = *forward + *backward + recomputeSeconds;
  t.optimizerSeconds = optimizer->first;
  // Pipeline: each stage holds 1/stages of the model; the m micro-batches
  // of a step flow through with (stages - 1) stage-times of fill and drain
  // (Huang et al. 2019, GPipe; Narayanan et al. 2021: bubble (p - 1) / m).
  t.bubbleSeconds = (stages - 1) * t.microBatchSeconds / stages;
  // Ring all-reduce of each device's gradients over the replicas: 2 (n - 1)
  // / n of the bytes cross each device's link (NCCL's bus bandwidth). Inside
  // one node the link is the device interconnect (one direction of it),
  // across nodes the device's share of the node's network.
  if (flops.replicas > 1) {
    double bytes = static_cast<double>(analysis.getTotals().params) / stages *
                   gradientBytesPerParameter(analysis, inputs);
    std::optional<double> bandwidth;
    bool inNode = target.node.devices && run.devices <= *target.node.devices;
    if (inNode && target.interconnectBandwidth)
      bandwidth = *target.interconnectBandwidth / 2;
    else if (!inNode)
      bandwidth = target.node.networkBandwidth;
    if (!bandwidth) {
      error = target.name + " has no published " +
              (inNode ? "interconnect" : "node network") +
              " bandwidth to time the gradient all-reduce of " +
              std::to_string(run.devices) + " devices";
      return false;
    }
    t.allReduceSeconds = 2 * (replicas - 1) / replicas * bytes / *bandwidth;
    // Buckets of gradients reduce while the last micro-batch's backward
    // pass runs (Li et al., VLDB 2020, PyTorch DDP).
    t.exposedCommSeconds = std::max(
        0.0, t.allReduceSeconds - run.commOverlap * *backward / stages);
  }
  t.stepSeconds = m * t.microBatchSeconds / stages + t.bubbleSeconds +
                  t.optimizerSeconds / stages + t.exposedCommSeconds;
  double trials = static_cast<double>(run.trials);
  double wallSeconds = flops.steps * t.stepSeconds / run.goodput;
  t.wallHours = wallSeconds * trials / 3600;
  double deviceSeconds = wallSeconds * devices * trials;
  t.deviceHours = deviceSeconds / 3600;
  // MFU against the peak the run's costliest contraction runs at.
  const OpEstimate *costliest = nullptr;
  const auto &records = analysis.getOpCosts();
  for (size_t i = 0; i < estimate.ops.size(); ++i)
    if (estimate.ops[i].roofline.matrixUnits &&
        (!costliest ||
         records[i].forward.work.flops >
             records[costliest - estimate.ops.data()].forward.work.flops))
      costliest = &estimate.ops[i];
  for (const OpEstimate &op : estimate.ops)
    if (!costliest && op.roofline.known && op.roofline.peakFlops > 0)
      costliest = &op;
  if (costliest) {
    t.peakFlops = costliest->roofline.peakFlops;
    t.mfu = flops.microBatches * flops.stepFlops * trials /
            (deviceSeconds * t.peakFlops);
  }
  // Energy: the busy work, then static power for every other held second
  // (bubbles, exposed communication, the goodput losses).
  std::optional<double> forwardJoules =
      sumOps(estimate, [](const OpEstimate &op) { return op.joules; });
  std::optional<double> backwardJoules =
      sumOps(estimate, [](const OpEstimate &op) { return op.backwardJoules; });
  if (estimate.energyModel && forwardJoules && backwardJoules &&
      recomputeJoules && optimizer->second) {
    double microJoules = *forwardJoules + *backwardJoules + *recomputeJoules;
    double busyJoules = (flops.microBatches * microJoules +
                         flops.steps * replicas * *optimizer->second) *
                        trials;
    double busySeconds = (flops.microBatches * t.microBatchSeconds +
                          flops.steps * replicas * t.optimizerSeconds) *
                         trials;
    t.deviceJoules = busyJoules + std::max(0.0, deviceSeconds - busySeconds) *
                                      estimate.energyModel->staticWatts;
    t.joules = estimate.scope.facilityJoules(*t.deviceJoules, deviceSeconds);
    t.kgCO2e = operationalKgCO2e(*t.joules, inputs.gridIntensity);
  }
  t.embodiedKgCO2e = embodiedKgCO2e(target, t.deviceHours);
  estimate.trainingTime = t;
  return true;
}

bool carbon::estimateModel(const CostAnalysis &analysis,
                           const EstimateInputs &inputs, Estimate &estimate,
                           std::string &error) {
  estimate.scope.pue = inputs.pue;
  if (inputs.training) {
    TrainingEstimate training;
    if (!estimateTraining(analysis, *inputs.training, training, error))
      return false;
    estimate.training = training;
  }
  if (!inputs.target)
    return true;
  estimate.scope.nodeOverheadWatts = inputs.target->node.overheadWatts;
  if (inputs.powerModel == PowerModel::TDP)
    estimate.scope.nodeOverheadWatts = std::nullopt;
  estimateOps(analysis, inputs, estimate);
  estimateInference(inputs, estimate);
  if (inputs.serving && estimate.inference)
    estimateServing(inputs, estimate);
  if (inputs.training &&
      !estimateTrainingTime(analysis, inputs, estimate, error))
    return false;
  if (estimate.serving && estimate.serving->kgCO2e && estimate.trainingTime &&
      estimate.trainingTime->kgCO2e) {
    LifecycleEstimate lifecycle;
    lifecycle.trainingKgCO2e = *estimate.trainingTime->kgCO2e;
    lifecycle.servingKgCO2e = *estimate.serving->kgCO2e;
    lifecycle.crossoverRequests =
        *estimate.trainingTime->joules /
        (*estimate.serving->joules / estimate.serving->requests);
    estimate.lifecycle = lifecycle;
  }
  return true;
}
