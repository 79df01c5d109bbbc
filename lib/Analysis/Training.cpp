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

bool carbon::estimateTraining(const CostAnalysis &analysis,
                              const TrainingRun &run,
                              TrainingEstimate &estimate, std::string &error) {
  if (run.devices < 1 || run.pipelineStages < 1 ||
      run.devices % run.pipelineStages != 0) {
    error = "--devices must be a positive multiple of --pipeline-stages";
    return false;
  }
  if (run.tokens) {
    if (!run.tokensPerStep) {
      error = "--tokens needs a model with a dynamic dim named 'seq' (bind it "
              "with --dim seq=N); use --samples otherwise";
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
  estimate.replicas = run.devices / run.pipelineStages;
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
      static_cast<double>(estimate.replicas) *
      static_cast<double>(totals.params) *
      static_cast<double>(optimizerWorkPerParameter(run.optimizer).flops);
  estimate.flops = estimate.microBatches * estimate.stepFlops +
                   estimate.steps * estimate.optimizerFlopsPerStep;
  return true;
}
