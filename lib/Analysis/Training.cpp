//===- Training.cpp - Compute of a training run -----------------*- C++ -*-===//
//
// This file sizes a training run: steps from tokens or samples, FLOPs from
// the analysed step (forward + backward) and the optimizer update of every
// parameter once per step.
//
//===----------------------------------------------------------------------===//

#include "carbon/Analysis/Training.h"

#include "llvm/Support/Format.h"
#include "llvm/Support/FormatVariadic.h"

#include <algorithm>
#include <cmath>

using namespace carbon;

std::optional<Optimizer> carbon::parseOptimizer(llvm::StringRef name) {
  if (name.equals_insensitive("sgd"))
    return Optimizer::SGD;
  if (name.equals_insensitive("adam"))
    return Optimizer::Adam;
  if (name.equals_insensitive("adamw"))
    return Optimizer::AdamW;
  return std::nullopt;
}

llvm::StringRef carbon::optimizerName(Optimizer optimizer) {
  switch (optimizer) {
  case Optimizer::SGD:
    return "sgd";
  case Optimizer::Adam:
    return "adam";
  case Optimizer::AdamW:
    return "adamw";
  }
  return "";
}

std::optional<Recompute> carbon::parseRecompute(llvm::StringRef name) {
  if (name == "none")
    return Recompute::None;
  if (name == "selective")
    return Recompute::Selective;
  if (name == "full")
    return Recompute::Full;
  return std::nullopt;
}

llvm::StringRef carbon::recomputeName(Recompute recompute) {
  switch (recompute) {
  case Recompute::None:
    return "none";
  case Recompute::Selective:
    return "selective";
  case Recompute::Full:
    return "full";
  }
  return "";
}

WorkCounts carbon::optimizerWorkPerParameter(Optimizer optimizer) {
  switch (optimizer) {
  case Optimizer::SGD:
    return WorkCounts::arithmetic(4);
  case Optimizer::Adam:
    return {0, 12, 1};
  case Optimizer::AdamW:
    return {0, 14, 1};
  }
  return {};
}

double carbon::trainingStateBytesPerParameter(Optimizer optimizer) {
  return optimizer == Optimizer::SGD ? 12 : 16;
}

TrainingState carbon::trainingState(const CostAnalysis &analysis,
                                    Optimizer optimizer,
                                    double weightElementBytes, int zeroStage) {
  double params = static_cast<double>(analysis.getTotals().params);
  TrainingState state;
  state.weightBytes = params * weightElementBytes;
  state.gradientBytes = params * weightElementBytes;
  state.optimizerBytes =
      std::max(0.0, params * trainingStateBytesPerParameter(optimizer) -
                        state.weightBytes - state.gradientBytes);
  state.zeroStage = zeroStage;
  return state;
}

double TrainingState::bytesPerDevice(int64_t group, int64_t replicas) const {
  double shards = static_cast<double>(std::max<int64_t>(1, replicas));
  double bytes = (zeroStage >= 3 ? weightBytes / shards : weightBytes) +
                 (zeroStage >= 2 ? gradientBytes / shards : gradientBytes) +
                 (zeroStage >= 1 ? optimizerBytes / shards : optimizerBytes);
  return bytes / static_cast<double>(group);
}

void TrainingLayout::setGroup(int64_t tensor, int64_t stages,
                              std::optional<int64_t> runDevices,
                              const TrainingState &state) {
  tensorParallel = tensor;
  pipelineStages = stages;
  int64_t group = tensor * stages;
  replicas = runDevices ? *runDevices / group : 1;
  devices = replicas * group;
  stateBytesPerDevice = state.bytesPerDevice(group, replicas);
}

bool carbon::chooseLayout(const TrainingRun &run, const TrainingState &state,
                          std::optional<double> memoryBytes,
                          std::optional<int64_t> nodeDevices, bool hasAttention,
                          std::optional<int64_t> attentionHeads,
                          TrainingLayout &layout, std::string &error) {
  for (auto [flag, value] : {std::pair{"devices", run.devices},
                             std::pair{"tensor-parallel", run.tensorParallel},
                             std::pair{"pipeline-stages", run.pipelineStages}})
    if (value && *value < 1) {
      error = std::string("--") + flag + " must be at least 1";
      return false;
    }
  if (run.zeroStage < 0 || run.zeroStage > 3) {
    error = "--zero-stage must be 0, 1, 2 or 3";
    return false;
  }
  // The devices one replica needs to hold its share of the training state:
  // with a ZeRO stage the replicas the rest of the devices make shard it too.
  // No group beyond the one that holds the whole state on its own is needed.
  int64_t shards = 1;
  if (memoryBytes) {
    int64_t unsharded = std::max<int64_t>(
        1, static_cast<int64_t>(std::ceil(state.totalBytes() / *memoryBytes)));
    for (shards = 1; shards < unsharded; ++shards)
      if (state.bytesPerDevice(shards, run.devices ? *run.devices / shards
                                                   : 1) <= *memoryBytes)
        break;
  }
  if (run.tensorParallel &&
      !checkTensorParallelHeads(attentionHeads, *run.tensorParallel, error))
    return false;
  int64_t node = nodeDevices.value_or(1);
  // Tensor parallelism in powers of two up to the node, splitting whole
  // heads, until the group holds `needed` shards.
  auto tensorDegree = [&](int64_t needed) {
    int64_t degree = 1;
    if (hasAttention)
      while (degree < needed && degree * 2 <= node &&
             splitsWholeHeads(attentionHeads, degree * 2))
        degree *= 2;
    return degree;
  };
  int64_t t = run.tensorParallel.value_or(0),
          p = run.pipelineStages.value_or(0);
  if (!t && !p) {
    // Tensor parallelism first, then stages.
    t = tensorDegree(shards);
    p = (shards + t - 1) / t;
  } else if (!t) {
    t = tensorDegree((shards + p - 1) / p);
  } else if (!p) {
    p = (shards + t - 1) / t;
  }
  layout.recompute = run.recompute.value_or(Recompute::None);
  layout.chosen = !run.tensorParallel || !run.pipelineStages;
  int64_t group = t * p;
  if (run.devices && *run.devices < group) {
    error = llvm::formatv("--devices {0} cannot hold one replica: its {1} GB "
                          "of weights, gradients and optimizer states need "
                          "{2} devices of the target ({3}-way tensor-parallel "
                          "x {4} pipeline {5})",
                          *run.devices,
                          llvm::format("%.4g", state.totalBytes() / 1e9), group,
                          t, p, p == 1 ? "stage" : "stages")
                .str();
    return false;
  }
  // Degrees the flags give must divide the devices; a chosen group may
  // leave a remainder of devices unused (a published "10,000 GPUs").
  if (run.devices && (run.tensorParallel || run.pipelineStages) &&
      *run.devices % group != 0) {
    error = llvm::formatv("--devices {0} is not a multiple of tensor-parallel "
                          "{1} x {2} pipeline stages",
                          *run.devices, t, p)
                .str();
    return false;
  }
  layout.setGroup(t, p, run.devices, state);
  if (layout.chosen && memoryBytes)
    layout.reason =
        llvm::formatv("{0} GB of training state over {1} GB per device",
                      llvm::format("%.4g", state.totalBytes() / 1e9),
                      llvm::format("%.4g", *memoryBytes / 1e9))
            .str();
  return true;
}

bool carbon::checkTensorParallelHeads(std::optional<int64_t> attentionHeads,
                                      int64_t degree, std::string &error) {
  if (splitsWholeHeads(attentionHeads, degree))
    return true;
  error = llvm::formatv("--tensor-parallel {0} does not divide the model's "
                        "{1} attention heads (tensor parallelism splits "
                        "whole heads)",
                        degree, *attentionHeads)
              .str();
  return false;
}

bool carbon::estimateTraining(const CostAnalysis &analysis,
                              const TrainingRun &run,
                              const TrainingLayout &layout,
                              TrainingEstimate &estimate, std::string &error) {
  if (run.tokens) {
    if (!run.tokensPerStep) {
      error = "--tokens needs the model's sequence dim bound (--dim seq=N; "
              "--seq-dim names another dim); use --samples otherwise";
      return false;
    }
    estimate.microBatches =
        *run.tokens / static_cast<double>(*run.tokensPerStep);
  } else if (run.samples) {
    estimate.microBatches =
        *run.samples * run.epochs / static_cast<double>(run.samplesPerStep);
  } else {
    error = "--train needs --tokens N or --samples N (with --epochs E)";
    return false;
  }
  estimate.replicas = layout.replicas;
  double perStep = static_cast<double>(estimate.replicas * run.samplesPerStep);
  double globalBatch = run.globalBatch.value_or(perStep);
  if (globalBatch < perStep) {
    error = llvm::formatv("--global-batch {0} is below one micro-batch of {1} "
                          "samples on each of {2} replicas",
                          llvm::format("%g", globalBatch), run.samplesPerStep,
                          estimate.replicas)
                .str();
    return false;
  }
  estimate.microBatchesPerStep = globalBatch / perStep;
  estimate.steps = estimate.microBatches /
                   (estimate.replicas * estimate.microBatchesPerStep);
  const CostTotals &totals = analysis.getTotals();
  estimate.stepFlops = static_cast<double>(totals.forward.work.flops) +
                       static_cast<double>(totals.backward().work.flops);
  estimate.optimizerFlopsPerStep =
      static_cast<double>(run.optimizerCopies(estimate.replicas)) *
      static_cast<double>(totals.params) *
      static_cast<double>(optimizerWorkPerParameter(run.optimizer).flops);
  estimate.flops = (estimate.microBatches * estimate.stepFlops +
                    estimate.steps * estimate.optimizerFlopsPerStep) *
                   static_cast<double>(run.trials);
  return true;
}
