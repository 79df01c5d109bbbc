//===- Training.h - Compute of a training run -------------------*- C++ -*-===//
//
// This file declares the FLOPs of a training run from the analysed forward
// and backward pass of one step and the optimizer's update rule. Time,
// energy and emissions of training build on it (docs/cost-model.md).
//
//===----------------------------------------------------------------------===//

#ifndef CARBON_ANALYSIS_TRAINING_H
#define CARBON_ANALYSIS_TRAINING_H

#include "carbon/Analysis/CostAnalysis.h"

#include "llvm/ADT/StringRef.h"

#include <optional>
#include <string>

namespace carbon {

enum class Optimizer { SGD, Adam, AdamW };

std::optional<Optimizer> parseOptimizer(llvm::StringRef name);
llvm::StringRef optimizerName(Optimizer optimizer);

/// Work of one optimizer step per parameter, from its update rule:
///   SGD with momentum (PyTorch): v = mu v + g (2), p -= lr v (2): 4 FLOPs;
///   Adam (Kingma and Ba 2015): m = b1 m + (1 - b1) g (3), v = b2 v +
///     (1 - b2) g^2 (4), bias corrections (2), p -= lr m / (sqrt(v) + eps)
///     (3): 12 FLOPs and 1 square root;
///   AdamW (Loshchilov and Hutter 2019): Adam plus the decoupled weight
///     decay p -= lr wd p (2): 14 FLOPs and 1 square root.
WorkCounts optimizerWorkPerParameter(Optimizer optimizer);

/// How much a run trains.
struct TrainingRun {
  /// Samples (the bound 'batch' dim) and tokens (batch x the bound 'seq'
  /// dim, when the model has one) of one forward pass of the module.
  int64_t samplesPerStep = 1;
  std::optional<int64_t> tokensPerStep;
  /// --tokens, or --samples x --epochs.
  std::optional<double> tokens;
  std::optional<double> samples;
  double epochs = 1;
  Optimizer optimizer = Optimizer::AdamW;
};

struct TrainingEstimate {
  double steps = 0;
  /// Forward + backward FLOPs of one step, and the optimizer's.
  double stepFlops = 0;
  double optimizerFlopsPerStep = 0;
  double flops = 0;
};

/// The FLOPs of `run`; fails with `error` when the run cannot be sized
/// (--tokens on a model without a 'seq' dim, no --tokens nor --samples).
bool estimateTraining(const CostAnalysis &analysis, const TrainingRun &run,
                      TrainingEstimate &estimate, std::string &error);

} // namespace carbon

#endif // CARBON_ANALYSIS_TRAINING_H
