//===- Estimate.h - Time, energy and emissions of a model -------*- C++ -*-===//
//
// This file declares the estimate every report renders: per-op time and
// energy on a target, one batch of inference, a serving deployment, a
// training run and the lifecycle of both, with their emissions
// (docs/cost-model.md, "From counts to a budget").
//
//===----------------------------------------------------------------------===//

#ifndef CARBON_ANALYSIS_ESTIMATE_H
#define CARBON_ANALYSIS_ESTIMATE_H

#include "carbon/Analysis/CostAnalysis.h"
#include "carbon/Analysis/Energy.h"
#include "carbon/Analysis/Memory.h"
#include "carbon/Analysis/Roofline.h"
#include "carbon/Analysis/Training.h"
#include "carbon/Targets/Grid.h"
#include "carbon/Targets/Target.h"

#include <optional>
#include <string>
#include <vector>

namespace carbon {

/// What a device draws while it works.
enum class PowerModel {
  /// Static power plus energy per FLOP and per byte, capped at TDP.
  Physical,
  /// TDP whenever the device is held: the convention of model cards
  /// (Touvron et al. 2023), for reproducing their figures.
  TDP,
};

/// A serving deployment: --requests, or --rate over --days.
struct ServingRun {
  std::optional<double> requests;
  std::optional<double> ratePerSecond;
  std::optional<double> days;
  /// --utilization: the busy fraction of the devices serving. Default 0.3,
  /// the middle of the 10-50% where servers spend most of their time
  /// (Barroso and Hoelzle, "The Case for Energy-Proportional Computing",
  /// IEEE Computer 2007).
  double utilization = 0.3;
};

/// Autoregressive generation (--generate): each request's prompt is one
/// forward pass of the analysed model (its bound sequence), and each
/// further token a decode step: the model at one token, its attention
/// reading the key-value cache of every token before.
struct GenerationRun {
  int64_t promptTokens = 1;
  /// Tokens generated a request; the prompt's pass yields the first.
  int64_t outputTokens = 1;
  /// The model costed at one token (the sequence bound to 1).
  const CostAnalysis *stepAnalysis = nullptr;
};

/// Everything an estimate is told beyond the analysis.
struct EstimateInputs {
  const Target *target = nullptr;
  std::optional<Precision> precision;
  /// Samples per forward pass of the module.
  int64_t batch = 1;
  /// The named dims that sized the model's inputs and their values (the
  /// importer's onnx.dim_bindings), and which of them is the batch, for
  /// reports.
  std::vector<std::pair<std::string, int64_t>> boundDims;
  std::string batchDim = "batch";
  /// Whether the analysis fused elementwise ops (CostOptions), for reports.
  bool fusion = false;
  /// Whether kernels are replayed from a captured graph (--launch graph:
  /// `target` is then withGraphLaunches of the named one), for reports.
  bool graphLaunch = false;
  /// The grid: a region, or --grid-intensity alone.
  const GridRegion *region = nullptr;
  double gridIntensity = 0;
  std::string gridSource;
  double pue = 1;
  std::string pueSource;
  PowerModel powerModel = PowerModel::Physical;
  std::optional<TrainingRun> training;
  std::optional<ServingRun> serving;
  std::optional<GenerationRun> generation;
  /// Devices an inference replica splits each op over (--tensor-parallel
  /// without --train), all-reducing each attention layer's hidden state
  /// after the attention and after the MLP.
  int64_t tensorParallel = 1;
};

/// One op on the target.
struct OpEstimate {
  OpRoofline roofline;
  /// Device energy of its forward pass and of its backward pass.
  std::optional<double> joules;
  std::optional<double> backwardJoules;
};

/// A batch of requests generating together (GenerationRun), in lockstep.
struct GenerationEstimate {
  int64_t promptTokens = 0;
  int64_t outputTokens = 0;
  /// The prompt's pass: the time to the first token.
  double prefillSeconds = 0;
  /// The outputTokens - 1 decode steps, and their mean: the time per
  /// output token after the first.
  double decodeSeconds = 0;
  double secondsPerOutputToken = 0;
  /// Tokens the batch generates a second, over the whole request.
  double outputTokensPerSecond = 0;
  /// Device energy of the prompt's pass and of the decode steps.
  std::optional<double> prefillDeviceJoules;
  std::optional<double> decodeDeviceJoules;
  /// Facility energy per generated token.
  std::optional<double> joulesPerOutputToken;
};

/// One batch: a forward pass, or with GenerationRun a whole request (the
/// prompt's pass and the decode steps), which samples and requests count.
struct InferenceEstimate {
  int64_t batch = 1;
  double latencySeconds = 0;
  double throughputPerSecond = 0;
  /// Device energy of one batch, and facility energy and emissions per sample.
  std::optional<double> deviceJoulesPerBatch;
  std::optional<double> joulesPerSample;
  std::optional<double> gramsCO2ePer1k;
  std::optional<GenerationEstimate> generation;
  /// The devices of one replica (EstimateInputs::tensorParallel), and the
  /// time a batch spends in their all-reduces.
  int64_t devices = 1;
  double tensorParallelSeconds = 0;
};

/// What each device of an inference replica holds at once: the weights,
/// the forward pass's activations at their peak (with GenerationRun the
/// larger of the prompt's pass and a decode step) and the key-value cache
/// at the last step, split evenly over the replica's devices.
struct MemoryEstimate {
  ForwardMemory forward;
  /// With GenerationRun: the batch's key-value cache at the last step.
  double kvCacheBytes = 0;
  int64_t devices = 1;
  /// Absent when the activation peak is (a tensor's size is not static).
  std::optional<double> deviceBytes;
  /// Whether deviceBytes fits the target's memory (absent without a target
  /// that publishes its capacity).
  std::optional<bool> fitsDeviceMemory;
  /// The largest batch whose deviceBytes fits (set by the driver, which
  /// costs the model at other batches; absent when it did not).
  std::optional<int64_t> largestBatch;
};

struct ServingEstimate {
  double requests = 0;
  /// Device-seconds busy serving, the deployment's wall-clock and the
  /// devices it needs at the utilization.
  double busySeconds = 0;
  double wallSeconds = 0;
  int64_t devices = 1;
  double utilization = 0;
  double deviceHours = 0;
  /// Facility energy and operational emissions, in total and per 1,000
  /// requests (idle time between requests included).
  std::optional<double> joules;
  std::optional<double> kgCO2e;
  std::optional<double> joulesPer1k;
  std::optional<double> gramsCO2ePer1k;
  std::optional<double> embodiedKgCO2e;
};

struct TrainingTimeEstimate {
  /// One micro-batch (forward, backward, recomputation) on one device, the
  /// optimizer update of one replica, and one optimizer step's wall-clock
  /// with its pipeline bubble and exposed all-reduce.
  double microBatchSeconds = 0;
  double optimizerSeconds = 0;
  double stepSeconds = 0;
  double bubbleSeconds = 0;
  /// Tensor parallelism's activation all-reduces of one micro-batch.
  double tensorParallelSeconds = 0;
  double allReduceSeconds = 0;
  double exposedCommSeconds = 0;
  /// Over all trials, with goodput losses.
  double deviceHours = 0;
  double wallHours = 0;
  /// Model FLOPs over device time at the peak the contractions run at.
  double mfu = 0;
  double peakFlops = 0;
  std::optional<double> deviceJoules;
  std::optional<double> joules;
  std::optional<double> kgCO2e;
  std::optional<double> embodiedKgCO2e;
};

/// Training once and serving over the deployment.
struct LifecycleEstimate {
  double trainingKgCO2e = 0;
  double servingKgCO2e = 0;
  /// Requests after which serving has emitted as much as training.
  double crossoverRequests = 0;
};

struct Estimate {
  std::vector<OpEstimate> ops;
  /// Why times or energies are absent (the first missing figure).
  std::string timeGap;
  std::string energyGap;
  std::optional<DeviceEnergyModel> energyModel;
  EnergyScope scope;
  std::optional<InferenceEstimate> inference;
  MemoryEstimate memory;
  std::optional<ServingEstimate> serving;
  std::optional<TrainingLayout> layout;
  /// With --train, by op (the analysis's records): the activations each op
  /// keeps for the backward pass that no op before it keeps, bytes, one
  /// micro-batch on one device without recomputation. They sum to the
  /// layout's activations without recomputation or tensor parallelism.
  std::vector<double> keptActivationBytes;
  std::optional<TrainingEstimate> training;
  std::optional<TrainingTimeEstimate> trainingTime;
  std::optional<LifecycleEstimate> lifecycle;
};

/// Bytes per parameter an optimizer step reads and writes with fp32 states:
/// SGD with momentum reads p, g, v and writes p, v (20); Adam and AdamW
/// read p, g, m, v and write p, m, v (28).
double optimizerBytesPerParameter(Optimizer optimizer);

/// What each device of an inference replica running `analysis` under
/// `inputs` holds (MemoryEstimate; estimateModel's `memory`).
MemoryEstimate estimateMemory(const CostAnalysis &analysis,
                              const EstimateInputs &inputs);

/// Estimates `analysis` under `inputs`; fails with `error` on a training
/// run that cannot be sized or laid out.
bool estimateModel(const CostAnalysis &analysis, const EstimateInputs &inputs,
                   Estimate &estimate, std::string &error);

} // namespace carbon

#endif // CARBON_ANALYSIS_ESTIMATE_H
