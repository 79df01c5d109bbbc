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

/// What the backward pass recomputes instead of keeping (--recompute).
enum class Recompute {
  None,
  /// The attention core: each Softmax with the elementwise ops and the
  /// matmuls on either side of it (Korthikanti et al. 2022, "selective").
  Selective,
  /// The whole forward pass once more.
  Full,
};

std::optional<Recompute> parseRecompute(llvm::StringRef name);
llvm::StringRef recomputeName(Recompute recompute);

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

/// The names exporters give a sequence dim, in the order a module's bound
/// dims are searched for one: seq, Hugging Face's sequence_length, seq_len.
inline constexpr llvm::StringLiteral kSequenceDimNames[] = {
    "seq", "sequence_length", "seq_len"};

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

  /// How the run is laid out (docs/cost-model.md, "Layout"); absent values
  /// are chosen by chooseLayout. The analysed module is one micro-batch.
  /// --devices: devices in the run.
  std::optional<int64_t> devices;
  /// --tensor-parallel: devices each layer's matmuls are split over.
  std::optional<int64_t> tensorParallel;
  /// --pipeline-stages: groups of layers a replica is split into.
  std::optional<int64_t> pipelineStages;
  /// --global-batch: samples per optimizer step (default: one micro-batch
  /// per replica).
  std::optional<double> globalBatch;
  /// --recompute: activation recomputation (absent: chosen with the layout
  /// when carbon-opt chooses it, else none).
  std::optional<Recompute> recompute;
  /// --comm-overlap: fraction of the last micro-batch's backward pass the
  /// gradient all-reduce hides behind.
  double commOverlap = 1;
  /// --goodput: fraction of the wall-clock that advances training (the rest
  /// is restarts, checkpoint stalls and lost work).
  double goodput = 0.9;
  /// --trials: runs of a hyper-parameter search, each the whole run.
  int64_t trials = 1;
  /// --zero-stage: what the data-parallel replicas shard of the training
  /// state (TrainingState); 0 replicates it (PyTorch DDP, Megatron-LM
  /// without its distributed optimizer).
  int zeroStage = 0;

  /// Copies of the parameters the optimizer updates a step: one per
  /// replica, or, when ZeRO shards the optimizer states, each replica its
  /// shard, so every parameter once.
  int64_t optimizerCopies(int64_t replicas) const {
    return zeroStage >= 1 ? 1 : replicas;
  }
};

/// The training state of a model by part: weights and gradients at the
/// element size the run trains in, and the optimizer's fp32 states, 16 bytes
/// a parameter in all with Adam and AdamW and 12 with SGD with momentum, in
/// mixed precision as in fp32 (Rajbhandari et al. 2020, ZeRO, section 3.1:
/// 2 + 2 + 12 for Adam's fp32 weight copy, momentum and variance; fp32:
/// 4 + 4 + 8). With a ZeRO stage the data-parallel replicas shard parts of it
/// among themselves (section 5): stage 1 the optimizer states, 2 the
/// gradients too, 3 the weights too (PyTorch FSDP's FULL_SHARD).
struct TrainingState {
  double weightBytes = 0;
  double gradientBytes = 0;
  double optimizerBytes = 0;
  int zeroStage = 0;

  double totalBytes() const {
    return weightBytes + gradientBytes + optimizerBytes;
  }
  /// Bytes each device holds in a model-parallel group of `group` devices
  /// (each holds 1/group of every part) replicated `replicas` times.
  double bytesPerDevice(int64_t group, int64_t replicas) const;
};

double trainingStateBytesPerParameter(Optimizer optimizer);
/// The training state of the analysed model with weights and gradients of
/// `weightElementBytes` each (2 in mixed precision, 4 in fp32).
TrainingState trainingState(const CostAnalysis &analysis, Optimizer optimizer,
                            double weightElementBytes, int zeroStage);

/// How a run's devices hold the model.
struct TrainingLayout {
  int64_t tensorParallel = 1;
  int64_t pipelineStages = 1;
  int64_t replicas = 1;
  /// tensorParallel x pipelineStages x replicas.
  int64_t devices = 1;
  /// The training state each device holds, bytes.
  double stateBytesPerDevice = 0;
  /// The recomputation the run uses.
  Recompute recompute = Recompute::None;
  /// Activations each device keeps for the backward pass, bytes: one
  /// micro-batch's under the recomputation (the first of the pipeline
  /// stages holds its 1/p of the layers for the p micro-batches 1F1B keeps
  /// in flight, Narayanan et al. 2021), split by tensor parallelism.
  double activationBytesPerDevice = 0;
  /// Whether a device holds its state and activations (absent when the
  /// target has no memory capacity).
  std::optional<bool> fitsDeviceMemory;
  /// The largest micro-batch whose state and activations fit a device in
  /// this layout (set by the driver, which costs the model at other
  /// batches; absent when it did not).
  std::optional<int64_t> largestMicroBatch;
  /// The degrees carbon-opt chose (no flag gave them), and why.
  bool chosen = false;
  std::string reason;

  /// What each device holds of the run: its training state and the
  /// activations it keeps.
  double deviceBytes() const {
    return stateBytesPerDevice + activationBytesPerDevice;
  }

  /// Sets the degrees, and the replicas of that group that `devices` hold
  /// (one without it), each device holding its share of `state`.
  void setGroup(int64_t tensor, int64_t stages, std::optional<int64_t> devices,
                const TrainingState &state);
};

/// Whether tensor parallelism of `degree` splits a model's attention heads
/// whole (Shoeybi et al. 2019); true where the head count is unknown.
inline bool splitsWholeHeads(std::optional<int64_t> attentionHeads,
                             int64_t degree) {
  return !attentionHeads || *attentionHeads % degree == 0;
}

/// Fails with `error` naming the flag when a --tensor-parallel `degree`
/// does not split the attention heads whole (splitsWholeHeads).
bool checkTensorParallelHeads(std::optional<int64_t> attentionHeads,
                              int64_t degree, std::string &error);

/// The layout of `run`: the flags' degrees, or the smallest model-parallel
/// group whose devices hold their share of `state` (activations not
/// counted), with tensor parallelism
/// inside a node first and pipeline stages across nodes (Narayanan et al.
/// 2021, "use tensor model parallelism up to degree g on g-GPU servers, then
/// pipeline model parallelism"); tensor parallelism only for models with
/// attention layers, in degrees that divide `attentionHeads` where known
/// (it splits whole heads). `memoryBytes` and `nodeDevices` are the
/// target's (absent: no layout is chosen, 1 unless flags say). The
/// remaining devices are data-parallel replicas. Fails with `error` when
/// --devices cannot hold one replica.
bool chooseLayout(const TrainingRun &run, const TrainingState &state,
                  std::optional<double> memoryBytes,
                  std::optional<int64_t> nodeDevices, bool hasAttention,
                  std::optional<int64_t> attentionHeads, TrainingLayout &layout,
                  std::string &error);

struct TrainingEstimate {
  /// Forward + backward passes of the module (micro-batches) over the run,
  /// and optimizer steps (global batches).
  double microBatches = 0;
  double steps = 0;
  /// Data-parallel replicas and micro-batches per replica per step.
  int64_t replicas = 1;
  double microBatchesPerStep = 1;
  /// Forward + backward FLOPs of one micro-batch, and the optimizer's per
  /// step (each replica updates its copy of every parameter; with a ZeRO
  /// stage each updates its shard, so every parameter once).
  double stepFlops = 0;
  double optimizerFlopsPerStep = 0;
  /// FLOPs of the job: every micro-batch and every optimizer step of each
  /// of the --trials runs (as its device-hours count them all).
  double flops = 0;
};

/// The FLOPs of `run`; fails with `error` when the run cannot be sized
/// (--tokens on a model without a 'seq' dim, no --tokens nor --samples, a
/// layout that does not divide, a global batch below one micro-batch per
/// replica).
bool estimateTraining(const CostAnalysis &analysis, const TrainingRun &run,
                      const TrainingLayout &layout, TrainingEstimate &estimate,
                      std::string &error);

} // namespace carbon

#endif // CARBON_ANALYSIS_TRAINING_H
