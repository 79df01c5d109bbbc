//===- Estimate.cpp - Time, energy and emissions of a model -----*- C++ -*-===//
//
// This file turns a cost analysis into time, energy and emissions on a
// target: per op, for a batch of inference, a serving deployment and a
// training run. The model and every default are in docs/cost-model.md.
//
//===----------------------------------------------------------------------===//

#include "carbon/Analysis/Estimate.h"

#include "carbon/Dialect/ONNX/ONNXOps.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/FormatVariadic.h"

#include <algorithm>
#include <cmath>
#include <map>

using namespace carbon;

double carbon::optimizerBytesPerParameter(Optimizer optimizer) {
  return optimizer == Optimizer::SGD ? 20 : 28;
}

/// Device energy of `r`'s forward (or backward) pass taking `seconds`, with
/// its work and traffic split `split` ways; absent when the target cannot
/// price its FLOPs.
static std::optional<double>
opJoules(const Target &target, const DeviceEnergyModel &model,
         PowerModel powerModel, const OpCostRecord &r, const OpRoofline &p,
         bool backward, double seconds, double split) {
  if (powerModel == PowerModel::TDP)
    return model.tdpWatts * seconds;
  PassCost pass = r.forward;
  if (backward) {
    pass = r.backwardData;
    pass += r.backwardWeights;
  }
  double flops = static_cast<double>(pass.work.flops) / split;
  std::optional<double> perFlop =
      joulesPerFlop(target, model, p.precision, p.matrixUnits);
  // Gradient arithmetic of an op without forward FLOPs runs on the vector
  // units (predictOpSeconds).
  if (!perFlop && backward)
    perFlop = joulesPerFlop(target, model, p.precision, false);
  if (flops > 0 && !perFlop)
    return std::nullopt;
  return kernelJoules(model, seconds, flops, perFlop.value_or(0),
                      dramBytes(r, p, backward) / split);
}

/// An op's forward pass on one of `split` devices: its time on its share
/// (`gap` says why when absent) and the energy of all `split` devices
/// (absent without an energy model or a price for its FLOPs).
struct ShareCost {
  std::optional<double> seconds;
  std::optional<double> joules;
};
static ShareCost forwardOnShare(const EstimateInputs &inputs,
                                const std::optional<DeviceEnergyModel> &model,
                                const OpCostRecord &r, const OpRoofline &p,
                                double split, std::string &gap) {
  ShareCost c;
  c.seconds = split > 1 && p.predictedSeconds
                  ? predictOpSeconds(*inputs.target, r, p, false, split, gap)
                  : p.predictedSeconds;
  if (c.seconds && model)
    if ((c.joules = opJoules(*inputs.target, *model, inputs.powerModel, r, p,
                             /*backward=*/false, *c.seconds, split)))
      *c.joules *= split;
  return c;
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
  // An inference replica over tensor-parallel devices: each op's time on
  // its share, and the energy of them all.
  const double split = static_cast<double>(inputs.tensorParallel);
  for (size_t i = 0; i < placements.size(); ++i) {
    OpEstimate op;
    op.roofline = std::move(placements[i]);
    OpRoofline &p = op.roofline;
    const OpCostRecord &r = records[i];
    ShareCost share = forwardOnShare(inputs, estimate.energyModel, r, p, split,
                                     p.predictionGap);
    p.predictedSeconds = share.seconds;
    if (estimate.timeGap.empty() && (!p.known || !p.predictedSeconds))
      estimate.timeGap = p.known ? p.predictionGap : r.name + ": " + p.reason;
    if (p.predictedSeconds && estimate.energyModel) {
      op.joules = share.joules;
      if (!op.joules && estimate.energyGap.empty())
        estimate.energyGap = target.name + " has no " +
                             precisionName(p.precision).str() +
                             " peak and efficiency to price a FLOP with";
      if (op.joules && p.backwardPredictedSeconds)
        op.backwardJoules =
            opJoules(target, *estimate.energyModel, inputs.powerModel, r, p,
                     /*backward=*/true, *p.backwardPredictedSeconds, 1);
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

/// One all-reduce of `bytes` over `split` devices of a node: a ring over one
/// direction of the interconnect, 2 (n - 1) / n of the bytes through each
/// device's link (NCCL's bus bandwidth), after the target's small-message
/// latency where it is published.
static std::optional<double>
tensorParallelAllReduceSeconds(const Target &target, double bytes,
                               double split) {
  if (!target.interconnectBandwidth)
    return std::nullopt;
  return target.allReduceLatencySeconds.value_or(0) +
         2 * (split - 1) / split * bytes / (*target.interconnectBandwidth / 2);
}

/// Fails with `error` when `target` cannot time tensor parallelism's
/// all-reduces (tensorParallelAllReduceSeconds).
static bool checkTensorParallelLink(const Target &target, std::string &error) {
  if (target.interconnectBandwidth)
    return true;
  error = target.name + " has no published interconnect bandwidth to time "
                        "tensor parallelism";
  return false;
}

/// The time and the energy of a tensor-parallel group's devices for one
/// forward pass over `records` (placed as `placements`), each op split
/// `split` ways; false, with `gap`, when an op lacks a figure.
static bool
splitForwardPass(const EstimateInputs &inputs, const Estimate &estimate,
                 llvm::ArrayRef<OpCostRecord> records,
                 llvm::ArrayRef<OpRoofline> placements, double split,
                 llvm::function_ref<bool(size_t)> skip, double &seconds,
                 std::optional<double> &joules, std::string &gap) {
  seconds = 0;
  joules = estimate.energyModel ? std::optional(0.0) : std::nullopt;
  for (size_t i = 0; i < records.size(); ++i) {
    if (skip(i))
      continue;
    const OpRoofline &p = placements[i];
    if (!p.known || !p.predictedSeconds) {
      gap = records[i].name + ": " + (p.known ? p.predictionGap : p.reason);
      return false;
    }
    ShareCost share =
        forwardOnShare(inputs, estimate.energyModel, records[i], p, split, gap);
    if (!share.seconds)
      return false;
    seconds += *share.seconds;
    if (joules)
      joules =
          share.joules ? std::optional(*joules + *share.joules) : std::nullopt;
  }
  return true;
}

/// The all-reduces of one forward pass split over T =
/// EstimateInputs::tensorParallel devices: their time, and the static
/// energy the T devices draw through it (when the target has an energy
/// model).
struct AllReduceCost {
  double seconds = 0;
  double staticJoules = 0;
};

struct AttentionLayers;
static bool estimateDecode(const EstimateInputs &inputs,
                           const Estimate &estimate,
                           const AttentionLayers &attention,
                           GenerationEstimate &g, std::string &gap);
static AllReduceCost
hiddenStateAllReduces(const EstimateInputs &inputs, const Estimate &estimate,
                      const AttentionLayers &attention,
                      llvm::ArrayRef<OpCostRecord> records);

/// One batch, or with a generation one request; `attention` is the
/// analysed model's, `decodeAttention` the generation's one-token model's.
static void estimateInference(const CostAnalysis &analysis,
                              const EstimateInputs &inputs,
                              const AttentionLayers *attention,
                              const AttentionLayers *decodeAttention,
                              Estimate &estimate) {
  std::optional<double> latency = sumOps(estimate, [](const OpEstimate &op) {
    return op.roofline.predictedSeconds;
  });
  if (!latency || *latency <= 0)
    return;
  InferenceEstimate inference;
  inference.batch = inputs.batch;
  inference.devices = inputs.tensorParallel;
  inference.deviceJoulesPerBatch =
      sumOps(estimate, [](const OpEstimate &op) { return op.joules; });
  // Each op's time and energy are already its tensor-parallel share's
  // (estimateOps); the all-reduces add.
  const double split = static_cast<double>(inputs.tensorParallel);
  if (split > 1) {
    AllReduceCost comm = hiddenStateAllReduces(inputs, estimate, *attention,
                                               analysis.getOpCosts());
    inference.tensorParallelSeconds = comm.seconds;
    *latency += comm.seconds;
    if (inference.deviceJoulesPerBatch)
      *inference.deviceJoulesPerBatch += comm.staticJoules;
  }
  if (inputs.generation) {
    // A request: the prompt's pass, then the decode steps.
    GenerationEstimate g;
    g.promptTokens = inputs.generation->promptTokens;
    g.outputTokens = inputs.generation->outputTokens;
    g.prefillSeconds = *latency;
    g.prefillDeviceJoules = inference.deviceJoulesPerBatch;
    std::string gap;
    if (!estimateDecode(inputs, estimate, *decodeAttention, g, gap)) {
      if (estimate.timeGap.empty())
        estimate.timeGap = "decode step: " + gap;
      return;
    }
    *latency += g.decodeSeconds;
    inference.deviceJoulesPerBatch =
        g.prefillDeviceJoules && g.decodeDeviceJoules
            ? std::optional(*g.prefillDeviceJoules + *g.decodeDeviceJoules)
            : std::nullopt;
    g.outputTokensPerSecond =
        static_cast<double>(inputs.batch * g.outputTokens) / *latency;
    if (inference.deviceJoulesPerBatch)
      g.joulesPerOutputToken =
          estimate.scope.facilityJoules(*inference.deviceJoulesPerBatch,
                                        *latency * split) /
          static_cast<double>(inputs.batch * g.outputTokens);
    inference.generation = g;
  }
  inference.latencySeconds = *latency;
  inference.throughputPerSecond = inputs.batch / *latency;
  if (inference.deviceJoulesPerBatch) {
    double facility = estimate.scope.facilityJoules(
        *inference.deviceJoulesPerBatch, *latency * split);
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
  // A replica is `inference.devices` devices, busy together.
  double replicaBusySeconds =
      serving.requests / inputs.batch * inference.latencySeconds;
  serving.busySeconds = replicaBusySeconds * inference.devices;
  serving.devices = inference.devices;
  if (run.ratePerSecond) {
    // Requests arrive over the days: provision enough replicas that none is
    // busier than the utilization.
    serving.wallSeconds = *run.days * 86400;
    serving.devices *= std::max<int64_t>(
        1, static_cast<int64_t>(std::ceil(
               replicaBusySeconds / (serving.wallSeconds * run.utilization))));
  } else {
    serving.wallSeconds = replicaBusySeconds / run.utilization;
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
  std::optional<UnitPeak> unit =
      unitPeak(target, Precision::FP32, /*contraction=*/false);
  if (!unit) {
    gap = target.name + " has no published fp32 peak for the optimizer step";
    return std::nullopt;
  }
  std::optional<double> seconds =
      predictKernelSeconds(target, flops, unit->flopsPerSecond,
                           target.vectorEfficiency, false, bytes, 1, gap);
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

/// The attention layers of a model: each Softmax with the elementwise ops
/// back to the matmul that makes its scores (scaling, masking), that matmul,
/// and the matmul that weights the values. Selective recomputation runs this
/// "core attention" again (Korthikanti et al. 2022, section 5); the value
/// matmul's output is the layer's hidden state, which tensor parallelism
/// all-reduces.
struct AttentionLayers {
  /// Each op's row in CostAnalysis::getOpCosts().
  llvm::DenseMap<mlir::Operation *, size_t> index;
  std::vector<bool> core;
  size_t softmaxes = 0;
  /// One per Softmax whose value matmul was found, and one per fused
  /// attention op (whose output is the layer's context).
  std::vector<size_t> valueMatMuls;
  /// Fused attention ops (com.microsoft Attention, MultiHeadAttention,
  /// GroupQueryAttention): a layer in one kernel each, keeping its own
  /// key-value cache when it has one.
  size_t fused = 0;
  /// The fewest attention heads of a layer: the dims of a Softmax's scores
  /// between the batch and the [queries, keys] square (heads, or key-value
  /// heads x the queries of each group). Tensor parallelism splits whole
  /// heads (Shoeybi et al. 2019), so its degree divides this. Absent when a
  /// Softmax's shape is unknown or of rank 3, [batch x heads, queries,
  /// keys] as exporters that fold the heads into the batch write it.
  std::optional<int64_t> heads;
};

/// The operand of an op between an attention's scores matmul and its
/// Softmax that carries the scores: the floating-point operand with the
/// most elements (not a Where's mask, a scale or a broadcast mask); null
/// when shapes are unknown.
static mlir::Value scoresOf(mlir::Operation *op) {
  mlir::Value best;
  int64_t most = -1;
  for (mlir::Value v : op->getOperands()) {
    auto t = mlir::dyn_cast<mlir::ShapedType>(v.getType());
    if (!t || !t.hasStaticShape() ||
        !mlir::isa<mlir::FloatType>(t.getElementType()))
      continue;
    if (t.getNumElements() > most) {
      most = t.getNumElements();
      best = v;
    }
  }
  return best;
}

static AttentionLayers findAttention(const CostAnalysis &analysis) {
  const auto &records = analysis.getOpCosts();
  AttentionLayers layers;
  llvm::DenseMap<mlir::Operation *, size_t> &index = layers.index;
  for (size_t i = 0; i < records.size(); ++i)
    index[records[i].op] = i;
  layers.core.assign(records.size(), false);
  auto isMatMul = [&](size_t i) { return records[i].forward.work.macs > 0; };
  for (size_t i = 0; i < records.size(); ++i) {
    auto custom = mlir::dyn_cast<carbon::onnx::CustomOp>(records[i].op);
    bool standardDomain = custom && custom.isDefaultDomain();
    if (custom && ((custom.getDomain() == "com.microsoft" &&
                    llvm::is_contained({llvm::StringRef("Attention"),
                                        llvm::StringRef("MultiHeadAttention"),
                                        llvm::StringRef("GroupQueryAttention")},
                                       custom.getOpType())) ||
                   (standardDomain && custom.getOpType() == "Attention"))) {
      ++layers.fused;
      layers.core[i] = true;
      layers.valueMatMuls.push_back(i);
      // Tensor parallelism splits the key-value heads of a group.
      mlir::DictionaryAttr attrs = custom.getNodeAttributes();
      auto heads = attrs.getAs<mlir::IntegerAttr>("kv_num_heads");
      if (!heads)
        heads = attrs.getAs<mlir::IntegerAttr>("num_heads");
      std::optional<int64_t> count;
      if (heads && heads.getInt() > 0)
        count = heads.getInt();
      // Attention-23 on 4-D inputs: K's heads dim.
      if (auto key = records[i].op->getNumOperands() > 1
                         ? mlir::dyn_cast<mlir::ShapedType>(
                               records[i].op->getOperand(1).getType())
                         : nullptr;
          !count && standardDomain && key && key.hasStaticShape() &&
          key.getRank() == 4)
        count = key.getDimSize(1);
      if (count)
        layers.heads = std::min(layers.heads.value_or(*count), *count);
      continue;
    }
    if (records[i].type != "onnx.Softmax")
      continue;
    ++layers.softmaxes;
    layers.core[i] = true;
    auto scores = mlir::dyn_cast<mlir::ShapedType>(
        records[i].op->getOperand(0).getType());
    if (scores && scores.hasStaticShape() && scores.getRank() >= 4) {
      int64_t heads = 1;
      for (int64_t d : scores.getShape().drop_front().drop_back(2))
        heads *= d;
      layers.heads = std::min(layers.heads.value_or(heads), heads);
    }
    // Back to the scores' matmul, through the elementwise ops that scale
    // and mask the scores.
    mlir::Operation *op = records[i].op;
    for (int depth = 0; depth < 8 && op->getNumOperands() > 0; ++depth) {
      mlir::Value scoresOperand = scoresOf(op);
      mlir::Operation *def =
          scoresOperand ? scoresOperand.getDefiningOp() : nullptr;
      auto it = def ? index.find(def) : index.end();
      if (it == index.end())
        break;
      layers.core[it->second] = true;
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
      layers.core[it->second] = true;
      if (isMatMul(it->second)) {
        layers.valueMatMuls.push_back(it->second);
        break;
      }
      op = user;
    }
  }
  return layers;
}

/// Each attention layer all-reduces its hidden state after the attention
/// and after the MLP (Shoeybi et al. 2019), sized as the value matmul's
/// (a fused attention op's) output. The interconnect is checked by
/// estimateModel.
static AllReduceCost
hiddenStateAllReduces(const EstimateInputs &inputs, const Estimate &estimate,
                      const AttentionLayers &attention,
                      llvm::ArrayRef<OpCostRecord> records) {
  const double split = static_cast<double>(inputs.tensorParallel);
  AllReduceCost cost;
  if (split <= 1)
    return cost;
  unsigned floatBits = inputs.precision ? storageBits(*inputs.precision) : 0;
  for (size_t v : attention.valueMatMuls)
    cost.seconds +=
        2 * *tensorParallelAllReduceSeconds(
                *inputs.target,
                static_cast<double>(
                    bytesOf(records[v].op->getResult(0).getType(), floatBits)
                        .value_or(0)),
                split);
  if (estimate.energyModel)
    cost.staticJoules =
        estimate.energyModel->staticWatts * split * cost.seconds;
  return cost;
}

/// What a core-attention op does with the keys (attendingTo).
enum class CoreRole { Scores, Between, Values };

/// A core-attention op of the one-token model (GenerationRun::stepAnalysis)
/// as a decode step runs it against a cache of `keys` keys: its work, and
/// the tensors along the key axis, grow `keys`-fold. The scores matmul
/// reads the query once and the keys (operand 1) `keys` times over; the
/// value matmul reads the probabilities and the values (both operands)
/// `keys` times over and writes one row; the ops between (scale, mask,
/// Softmax) scale each tensor with as many elements as their result, while
/// broadcast operands (a scale, a one-token mask) stay. Traffic that
/// elementwise fusion removed at one key is removed `keys`-fold.
static OpCostRecord attendingTo(const OpCostRecord &r, CoreRole role,
                                int64_t keys, unsigned floatBits) {
  if (r.folded != Folded::No)
    return r;
  OpCostRecord scaled = r;
  scaled.forward.work = r.forward.work.scaled(keys);
  auto bytes = [&](mlir::Value v) {
    return bytesOf(v.getType(), floatBits).value_or(0);
  };
  auto elements = [](mlir::Value v) -> int64_t {
    auto t = mlir::dyn_cast<mlir::ShapedType>(v.getType());
    return t && t.hasStaticShape() ? t.getNumElements() : -1;
  };
  int64_t resultElements =
      r.op->getNumResults() ? elements(r.op->getResult(0)) : -1;
  int64_t readAtOne = 0, readAtKeys = 0;
  for (auto [i, v] : llvm::enumerate(r.op->getOperands())) {
    bool keyed =
        role == CoreRole::Values ||
        (role == CoreRole::Scores ? i == 1 : elements(v) == resultElements);
    readAtOne += bytes(v);
    readAtKeys += bytes(v) * (keyed ? keys : 1);
  }
  int64_t writtenAtOne = 0;
  for (mlir::Value v : r.op->getResults())
    writtenAtOne += bytes(v);
  int64_t writeScale = role == CoreRole::Values ? 1 : keys;
  int64_t fusedRead =
      std::max<int64_t>(0, readAtOne - r.forward.traffic.bytesRead);
  int64_t fusedWrite =
      std::max<int64_t>(0, writtenAtOne - r.forward.traffic.bytesWritten);
  scaled.forward.traffic.bytesRead =
      std::max<int64_t>(0, readAtKeys - fusedRead * keys);
  scaled.forward.traffic.bytesWritten =
      std::max<int64_t>(0, (writtenAtOne - fusedWrite) * writeScale);
  return scaled;
}

/// The bytes a decode step keeps in its cache of `tensor`, the keys or
/// values a core-attention matmul reads at one token: the smallest tensor
/// it is rearranged (a view, a Transpose) or broadcast (an Expand) from.
/// An exporter that repeats grouped-query keys with an Expand (Hugging
/// Face's repeat_kv: Llama 2 70B has 8 key-value heads for 64 query
/// heads) copies the repeat each step, as the graph says, but the cache
/// holds the heads before it.
static int64_t
cachedBytes(mlir::Value tensor, llvm::ArrayRef<OpCostRecord> records,
            const llvm::DenseMap<mlir::Operation *, size_t> &index,
            unsigned floatBits) {
  int64_t bytes = bytesOf(tensor.getType(), floatBits).value_or(0);
  while (mlir::Operation *def = tensor.getDefiningOp()) {
    auto it = index.find(def);
    if (it == index.end() || def->getNumOperands() == 0 ||
        !(records[it->second].folded == Folded::View ||
          mlir::isa<carbon::onnx::TransposeOp, carbon::onnx::ExpandOp>(def)))
      break;
    tensor = def->getOperand(0);
    if (std::optional<int64_t> b = bytesOf(tensor.getType(), floatBits))
      bytes = std::min(bytes, *b);
  }
  return bytes;
}

/// Bytes the key-value cache of `step` (the model at one token) grows by a
/// token: the keys of each scores matmul and the values of each value
/// matmul of its attention cores.
static int64_t kvCacheBytesPerToken(const CostAnalysis &step,
                                    const AttentionLayers &attention,
                                    unsigned floatBits) {
  const auto &records = step.getOpCosts();
  llvm::DenseMap<mlir::Operation *, size_t> index;
  for (size_t i = 0; i < records.size(); ++i)
    index[records[i].op] = i;
  int64_t bytes = 0;
  for (size_t i = 0; i < records.size(); ++i)
    // Operand 1: the keys of the scores matmul, the values of the other.
    if (attention.core[i] && (records[i].forward.work.macs > 0 ||
                              llvm::is_contained(attention.valueMatMuls, i)))
      bytes +=
          cachedBytes(records[i].op->getOperand(1), records, index, floatBits);
  return bytes;
}

/// The decode steps of a generation: step j feeds the token at position
/// prompt + j and attends to prompt + j + 1 keys. The one-token model's ops
/// outside the attention core cost the same every step (each reads its
/// weights whole); the core's are re-placed at each step's cache length.
static bool estimateDecode(const EstimateInputs &inputs,
                           const Estimate &estimate,
                           const AttentionLayers &attention,
                           GenerationEstimate &g, std::string &gap) {
  const GenerationRun &run = *inputs.generation;
  const Target &target = *inputs.target;
  const CostAnalysis &step = *run.stepAnalysis;
  const auto &records = step.getOpCosts();
  unsigned floatBits = 0;
  if (inputs.precision)
    floatBits = storageBits(*inputs.precision);
  std::vector<OpRoofline> placements =
      placeOnRoofline(step, target, inputs.precision);
  std::vector<CoreRole> roles(records.size(), CoreRole::Between);
  for (size_t i : attention.valueMatMuls)
    roles[i] = CoreRole::Values;
  const double split = static_cast<double>(inputs.tensorParallel);
  double fixedSeconds = 0;
  std::optional<double> fixedJoules;
  if (!splitForwardPass(
          inputs, estimate, records, placements, split,
          [&](size_t i) { return attention.core[i]; }, fixedSeconds,
          fixedJoules, gap))
    return false;
  // Each step all-reduces the hidden states of its one token.
  AllReduceCost comm =
      hiddenStateAllReduces(inputs, estimate, attention, records);
  fixedSeconds += comm.seconds;
  if (fixedJoules)
    *fixedJoules += comm.staticJoules;
  // The core ops, grouped: every layer of a model has the same shapes.
  std::map<std::string, std::pair<size_t, int64_t>> coreGroups;
  for (size_t i = 0; i < records.size(); ++i) {
    const OpCostRecord &r = records[i];
    if (attention.core[i]) {
      if (r.forward.work.macs > 0 && roles[i] != CoreRole::Values)
        roles[i] = CoreRole::Scores;
      std::string key;
      llvm::raw_string_ostream os(key);
      os << static_cast<int>(roles[i]) << r.type << r.forward.traffic.bytesRead
         << '|' << r.forward.traffic.bytesWritten << '|';
      llvm::interleave(r.op->getOperandTypes(), os, ",");
      auto [it, inserted] = coreGroups.try_emplace(key, i, 0);
      ++it->second.second;
    }
  }
  int64_t steps = run.outputTokens - 1;
  std::optional<double> joules =
      fixedJoules ? std::optional(*fixedJoules * steps) : std::nullopt;
  double seconds = fixedSeconds * static_cast<double>(steps);
  for (int64_t j = 0; j < steps; ++j) {
    int64_t keys = run.promptTokens + j + 1;
    for (const auto &[key, group] : coreGroups) {
      auto [i, count] = group;
      OpCostRecord r = attendingTo(records[i], roles[i], keys, floatBits);
      OpRoofline p = placeOp(target, r, inputs.precision);
      double groupSeconds;
      std::optional<double> groupJoules;
      if (!splitForwardPass(
              inputs, estimate, r, p, split, [](size_t) { return false; },
              groupSeconds, groupJoules, gap))
        return false;
      seconds += count * groupSeconds;
      if (joules)
        joules = groupJoules ? std::optional(*joules + count * *groupJoules)
                             : std::nullopt;
    }
  }
  g.decodeSeconds = seconds;
  g.secondsPerOutputToken =
      steps > 0 ? seconds / static_cast<double>(steps) : 0;
  g.decodeDeviceJoules = joules;
  return true;
}

/// The time, energy and emissions of `run` laid out as `layout` (FLOPs in
/// `flops`). Sets `out`, or leaves it empty with `gap` naming a missing
/// figure; fails with `error` on a layout the target cannot time.
static bool trainingTime(const CostAnalysis &analysis,
                         const EstimateInputs &inputs, const Estimate &estimate,
                         const AttentionLayers &attention,
                         const TrainingRun &run, const TrainingLayout &layout,
                         const TrainingEstimate &flops,
                         std::optional<TrainingTimeEstimate> &out,
                         std::string &gap, std::string &error) {
  const Target &target = *inputs.target;
  const double split = static_cast<double>(layout.tensorParallel);
  const double stages = static_cast<double>(layout.pipelineStages);
  const double replicas = static_cast<double>(layout.replicas);
  const double devices = static_cast<double>(layout.devices);
  const auto &records = analysis.getOpCosts();

  // One micro-batch on one tensor-parallel group: each op's forward and
  // backward pass split over the group's devices, what recomputation adds,
  // and the energy of the whole group.
  double forward = 0, backward = 0, recompute = 0;
  // The group's energy for one micro-batch, while every op's is known.
  double joulesSum = 0;
  bool joulesKnown = estimate.energyModel.has_value();
  for (size_t i = 0; i < estimate.ops.size(); ++i) {
    const OpEstimate &op = estimate.ops[i];
    const OpRoofline &p = op.roofline;
    if (!p.known || !p.predictedSeconds)
      return true; // estimate.timeGap says why
    if (!p.backwardPredictedSeconds) {
      gap = records[i].name + " (backward): " + p.backwardPredictionGap;
      return true;
    }
    std::optional<double> f = p.predictedSeconds,
                          b = p.backwardPredictedSeconds;
    if (split > 1) {
      f = predictOpSeconds(target, records[i], p, false, split, gap);
      b = predictOpSeconds(target, records[i], p, true, split, gap);
      if (!f || !b)
        return true;
    }
    bool again =
        layout.recompute == Recompute::Full ||
        (layout.recompute == Recompute::Selective && attention.core[i]);
    forward += *f;
    backward += *b;
    recompute += again ? *f : 0;
    if (joulesKnown) {
      std::optional<double> jf =
          split > 1 ? opJoules(target, *estimate.energyModel, inputs.powerModel,
                               records[i], p, false, *f, split)
                    : op.joules;
      std::optional<double> jb =
          split > 1 ? opJoules(target, *estimate.energyModel, inputs.powerModel,
                               records[i], p, true, *b, split)
                    : op.backwardJoules;
      if (jf && jb)
        joulesSum += (*jf * (again ? 2 : 1) + *jb) * split;
      else
        joulesKnown = false;
    }
  }
  auto optimizer =
      optimizerStep(analysis, run, estimate, target, inputs.powerModel, gap);
  if (!optimizer)
    return true;
  TrainingTimeEstimate t;
  // Tensor parallelism all-reduces each attention layer's hidden state
  // twice forward and twice backward (Shoeybi et al. 2019; with sequence
  // parallelism as all-gathers and reduce-scatters of the same volume,
  // Korthikanti et al. 2022), over one direction of the interconnect; full
  // recomputation replays the forward pair.
  if (split > 1) {
    if (!checkTensorParallelLink(target, error))
      return false;
    double perLayer = layout.recompute == Recompute::Full ? 6 : 4;
    for (size_t v : attention.valueMatMuls)
      t.tensorParallelSeconds +=
          perLayer *
          *tensorParallelAllReduceSeconds(
              target,
              static_cast<double>(records[v].forward.traffic.bytesWritten),
              split);
  }
  const double m = flops.microBatchesPerStep;
  t.microBatchSeconds =
      forward + backward + recompute + t.tensorParallelSeconds;
  t.optimizerSeconds = optimizer->first;
  // Pipeline: each stage holds 1/stages of the model; the m micro-batches
  // of a step flow through with (stages - 1) stage-times of fill and drain
  // (Huang et al. 2019, GPipe; Narayanan et al. 2021: bubble (p - 1) / m).
  t.bubbleSeconds = (stages - 1) * t.microBatchSeconds / stages;
  // The data-parallel collectives over each device's share of the gradients
  // (and, with ZeRO, of the weights), ring algorithms over the replicas:
  // (n - 1) / n of the bytes cross each device's link per reduce-scatter or
  // all-gather, twice that per all-reduce (NCCL's bus bandwidth). Inside one
  // node the link is the device interconnect (one direction of it), across
  // nodes the device's share of the node's network.
  if (layout.replicas > 1) {
    double bytes = static_cast<double>(analysis.getTotals().params) /
                   (stages * split) *
                   gradientBytesPerParameter(analysis, inputs);
    std::optional<double> bandwidth;
    bool inNode = target.node.devices && layout.devices <= *target.node.devices;
    if (inNode && target.interconnectBandwidth)
      bandwidth = *target.interconnectBandwidth / 2;
    else if (!inNode)
      bandwidth = target.node.networkBandwidth;
    if (!bandwidth) {
      error = target.name + " has no published " +
              (inNode ? "interconnect" : "node network") +
              " bandwidth to time the gradient all-reduce of " +
              std::to_string(layout.devices) + " devices";
      return false;
    }
    double pass = (replicas - 1) / replicas * bytes / *bandwidth;
    // What each step and each micro-batch move (Rajbhandari et al. 2020,
    // section 7): without ZeRO and at stage 1, one all-reduce of the
    // gradients a step (stage 1 as its reduce-scatter and the all-gather of
    // the updated weights); at stage 2 each micro-batch reduce-scatters its
    // gradients into the shards (DeepSpeed and FSDP's SHARD_GRAD_OP reduce
    // every micro-batch) and the step all-gathers the weights; at stage 3
    // each micro-batch all-gathers the weights for its forward and its
    // backward pass and reduce-scatters its gradients (FSDP's FULL_SHARD).
    double perStepComm = run.zeroStage <= 1   ? 2 * pass
                         : run.zeroStage == 2 ? pass
                                              : 0;
    double perMicroBatchComm = run.zeroStage == 2   ? pass
                               : run.zeroStage == 3 ? 3 * pass
                                                    : 0;
    // The step's collective overlaps the last micro-batch's backward pass
    // (gradient buckets reduce while it runs: Li et al., VLDB 2020, PyTorch
    // DDP); a micro-batch's own collectives overlap its backward pass, and
    // at stage 3 the weight prefetch its forward pass too.
    double backwardPerDevice = backward / stages;
    double hideStep = run.commOverlap * backwardPerDevice;
    double perMicroBatchHidden =
        run.commOverlap * (run.zeroStage == 3
                               ? (forward + backward + recompute) / stages
                               : backwardPerDevice);
    t.allReduceSeconds = perStepComm + m * perMicroBatchComm;
    t.exposedCommSeconds =
        std::max(0.0, perStepComm - hideStep) +
        m * std::max(0.0, perMicroBatchComm - perMicroBatchHidden);
  }
  const double updatingReplicas =
      static_cast<double>(run.optimizerCopies(layout.replicas));
  t.stepSeconds =
      m * t.microBatchSeconds / stages + t.bubbleSeconds +
      t.optimizerSeconds * updatingReplicas / (stages * split * replicas) +
      t.exposedCommSeconds;
  double trials = static_cast<double>(run.trials);
  double wallSeconds = flops.steps * t.stepSeconds / run.goodput;
  t.wallHours = wallSeconds * trials / 3600;
  double deviceSeconds = wallSeconds * devices * trials;
  t.deviceHours = deviceSeconds / 3600;
  // MFU against the peak the run's costliest contraction runs at.
  const OpEstimate *costliest = nullptr;
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
  // (communication, bubbles, the goodput losses).
  if (joulesKnown && optimizer->second) {
    double busyJoules = (flops.microBatches * joulesSum +
                         flops.steps * updatingReplicas * *optimizer->second) *
                        trials;
    double busySeconds =
        (flops.microBatches * (forward + backward + recompute) * split +
         flops.steps * updatingReplicas * t.optimizerSeconds) *
        trials;
    t.deviceJoules = busyJoules + std::max(0.0, deviceSeconds - busySeconds) *
                                      estimate.energyModel->staticWatts;
    t.joules = estimate.scope.facilityJoules(*t.deviceJoules, deviceSeconds);
    t.kgCO2e = operationalKgCO2e(*t.joules, inputs.gridIntensity);
  }
  t.embodiedKgCO2e = embodiedKgCO2e(target, t.deviceHours);
  out = t;
  return true;
}

/// By op, the bytes of the activations it keeps for the backward pass
/// (OpCostRecord::savedForBackward, and the indices of savedIndexBytes)
/// that no op before it keeps, leaving out
/// those `recomputed` says the backward pass computes again.
static std::vector<double>
keptBytesByOp(const CostAnalysis &analysis, std::optional<Precision> precision,
              llvm::function_ref<bool(mlir::Value)> recomputed) {
  const auto &records = analysis.getOpCosts();
  std::vector<double> bytes(records.size(), 0);
  llvm::DenseSet<mlir::Value> kept;
  for (size_t i = 0; i < records.size(); ++i) {
    const OpCostRecord &r = records[i];
    PassCost backward = r.backwardData;
    backward += r.backwardWeights;
    if (backward.work.flops == 0 && backward.traffic.bytesWritten == 0)
      continue;
    for (mlir::Value v : r.savedForBackward)
      if (!recomputed(v) && kept.insert(v).second)
        bytes[i] += valueBytes(v, precision).value_or(0);
    // Integer indices keep their width at every --precision.
    if (r.savedIndexBytes > 0 && !recomputed(r.op->getResult(0)))
      bytes[i] += r.savedIndexBytes;
  }
  return bytes;
}

/// What one micro-batch keeps for its backward pass under each kind of
/// recomputation, measured once per model (the layout search prices every
/// candidate from it).
struct KeptActivations {
  /// By op, without recomputation (Estimate::keptActivationBytes).
  std::vector<double> byOp;
  /// Their sum; without the attention cores' scores and probabilities
  /// (selective recomputation); each attention layer's hidden state (the
  /// layer's input, Korthikanti et al. 2022) or, without attention layers,
  /// the graph's inputs (full recomputation).
  double none = 0, selective = 0, full = 0;
  /// Attention layers (valueMatMuls): the segments recomputation holds.
  double layers = 0;
};

static KeptActivations keptActivations(const CostAnalysis &analysis,
                                       const AttentionLayers &attention,
                                       std::optional<Precision> precision) {
  const auto &records = analysis.getOpCosts();
  auto bytesOfValue = [&](mlir::Value v) {
    return valueBytes(v, precision).value_or(0);
  };
  KeptActivations k;
  k.byOp =
      keptBytesByOp(analysis, precision, [](mlir::Value) { return false; });
  for (double b : k.byOp)
    k.none += b;
  // Selective recomputation drops what the attention cores compute.
  for (double b : keptBytesByOp(analysis, precision, [&](mlir::Value v) {
         mlir::Operation *def = v.getDefiningOp();
         if (!def)
           return false;
         auto it = attention.index.find(def);
         return it != attention.index.end() && attention.core[it->second] &&
                !llvm::is_contained(attention.valueMatMuls, it->second);
       }))
    k.selective += b;
  for (size_t v : attention.valueMatMuls)
    k.full += bytesOfValue(records[v].op->getResult(0));
  if (attention.valueMatMuls.empty() && !records.empty())
    if (auto f = records.front().op->getParentOfType<mlir::func::FuncOp>())
      for (mlir::Value arg : f.getArguments())
        k.full += bytesOfValue(arg);
  k.layers = static_cast<double>(attention.valueMatMuls.size());
  return k;
}

/// Bytes of the activations one micro-batch holds for its backward pass at
/// its peak: what it keeps (KeptActivations) and, with recomputation, the
/// part it holds again while that part's backward pass runs, one segment
/// at a time (Chen et al. 2016, "Training Deep Nets with Sublinear Memory
/// Cost", section 3: checkpoints plus one segment): with full
/// recomputation one layer's activations (the layers alike, the whole
/// graph's keep over the attention layers) or, without attention layers,
/// a pipeline stage's share of the whole graph's (each of the `stages`
/// one segment); with selective recomputation one layer's attention core.
static double activationBytes(const KeptActivations &k, Recompute recompute,
                              int64_t stages) {
  switch (recompute) {
  case Recompute::None:
    return k.none;
  case Recompute::Selective:
    return k.selective + (k.layers > 0 ? (k.none - k.selective) / k.layers : 0);
  case Recompute::Full:
    return k.full +
           k.none / (k.layers > 0 ? k.layers : static_cast<double>(stages));
  }
  return k.none;
}

/// With a layout carbon-opt chooses (no flag fixes both degrees): the
/// layout and recomputation with the fewest device-hours whose devices hold
/// the training state and the activations in flight (one micro-batch's
/// worth on each tensor-parallel group with 1F1B scheduling, Narayanan et
/// al. 2021), among tensor-parallel degrees up to the node that divide the
/// attention heads and pipeline stages up to the layer count. Keeps `layout`
/// (and `flops`) when nothing fits.
static void searchLayout(const CostAnalysis &analysis,
                         const EstimateInputs &inputs, const Estimate &estimate,
                         const AttentionLayers &attention,
                         const KeptActivations &kept,
                         const TrainingState &state, TrainingLayout &layout,
                         TrainingEstimate &flops) {
  const Target &target = *inputs.target;
  const TrainingRun &run = *inputs.training;
  if (!target.memoryCapacity || (run.tensorParallel && run.pipelineStages))
    return;
  bool attentionModel = !attention.valueMatMuls.empty();
  int64_t node = target.node.devices.value_or(1);
  int64_t maxStages = std::max<int64_t>(
      1, std::min<int64_t>(
             64, attentionModel
                     ? static_cast<int64_t>(attention.valueMatMuls.size())
                     : 64));
  std::vector<int64_t> degrees;
  if (run.tensorParallel)
    degrees.push_back(*run.tensorParallel);
  else
    for (int64_t t = 1; t <= (attentionModel ? node : 1); t *= 2)
      if (splitsWholeHeads(attention.heads, t))
        degrees.push_back(t);
  std::vector<Recompute> modes;
  if (run.recompute)
    modes.push_back(*run.recompute);
  else
    modes = {Recompute::None, Recompute::Selective, Recompute::Full};
  std::optional<double> best;
  bool activationsFit = false;
  for (Recompute mode : modes) {
    for (int64_t t : degrees) {
      int64_t firstFit = 0;
      for (int64_t p = run.pipelineStages.value_or(1);
           p <= (run.pipelineStages ? *run.pipelineStages : maxStages); ++p) {
        if (firstFit && p > firstFit + 2)
          break;
        // Stages hold whole layers, the same number each (Megatron-LM
        // requires the layer count to divide by the stages).
        if (attentionModel && !run.pipelineStages &&
            static_cast<int64_t>(attention.valueMatMuls.size()) % p != 0)
          continue;
        int64_t group = t * p;
        if (run.devices && group > *run.devices)
          break;
        double activations = activationBytes(kept, mode, p);
        TrainingLayout candidate;
        candidate.setGroup(t, p, run.devices, state);
        candidate.activationBytesPerDevice =
            activations / static_cast<double>(t);
        if (candidate.deviceBytes() > *target.memoryCapacity)
          continue;
        firstFit = firstFit ? firstFit : p;
        activationsFit = true;
        candidate.recompute = mode;
        candidate.chosen = true;
        TrainingEstimate candidateFlops;
        std::string ignored, gap;
        if (!estimateTraining(analysis, run, candidate, candidateFlops,
                              ignored))
          continue;
        std::optional<TrainingTimeEstimate> time;
        if (!trainingTime(analysis, inputs, estimate, attention, run, candidate,
                          candidateFlops, time, gap, ignored) ||
            !time)
          continue;
        if (!best || time->deviceHours < *best * (1 - 1e-9)) {
          best = time->deviceHours;
          candidate.reason =
              llvm::formatv("{0} GB of training state and {1} GB of "
                            "activations a micro-batch over {2} GB per "
                            "device; the fewest device-hours",
                            llvm::format("%.4g", state.totalBytes() / 1e9),
                            llvm::format("%.4g", activations / 1e9),
                            llvm::format("%.4g", *target.memoryCapacity / 1e9))
                  .str();
          layout = candidate;
          flops = candidateFlops;
        }
      }
    }
  }
  if (!activationsFit)
    layout.reason += "; no layout searched also holds a micro-batch's "
                     "activations, so this one is timed without them fitting";
}

/// estimateMemory, with `decodeAttention` the attention layers of a
/// generation's one-token model when the caller has found them.
static MemoryEstimate replicaMemory(const CostAnalysis &analysis,
                                    const EstimateInputs &inputs,
                                    const AttentionLayers *decodeAttention) {
  MemoryEstimate m;
  unsigned floatBits = inputs.precision ? storageBits(*inputs.precision) : 0;
  m.forward = forwardMemory(analysis, floatBits);
  m.devices = inputs.tensorParallel;
  if (inputs.generation) {
    const GenerationRun &run = *inputs.generation;
    std::optional<AttentionLayers> found;
    if (!decodeAttention)
      decodeAttention = &found.emplace(findAttention(*run.stepAnalysis));
    ForwardMemory step = forwardMemory(*run.stepAnalysis, floatBits);
    if (!step.peakActivationBytes) {
      m.forward.peakActivationBytes.reset();
      m.forward.unknownReason = "the decode step: " + step.unknownReason;
    } else if (m.forward.peakActivationBytes &&
               *step.peakActivationBytes > *m.forward.peakActivationBytes) {
      m.forward.peakActivationBytes = step.peakActivationBytes;
      m.forward.peakOp = step.peakOp + " (decode step)";
    }
    m.kvCacheBytes = static_cast<double>(
        kvCacheBytesPerToken(*run.stepAnalysis, *decodeAttention, floatBits) *
        (run.promptTokens + run.outputTokens - 1));
  }
  if (!m.forward.peakActivationBytes)
    return m;
  m.deviceBytes =
      (static_cast<double>(m.forward.weightBytes) +
       static_cast<double>(*m.forward.peakActivationBytes) + m.kvCacheBytes) /
      static_cast<double>(m.devices);
  if (inputs.target && inputs.target->memoryCapacity)
    m.fitsDeviceMemory = *m.deviceBytes <= *inputs.target->memoryCapacity;
  return m;
}

MemoryEstimate carbon::estimateMemory(const CostAnalysis &analysis,
                                      const EstimateInputs &inputs) {
  return replicaMemory(analysis, inputs, nullptr);
}

bool carbon::estimateModel(const CostAnalysis &analysis,
                           const EstimateInputs &inputs, Estimate &estimate,
                           std::string &error) {
  estimate.scope.pue = inputs.pue;
  std::optional<AttentionLayers> attention;
  std::optional<KeptActivations> kept;
  std::optional<TrainingState> state;
  if (inputs.training) {
    for (const OpCostRecord &r : analysis.getOpCosts())
      if (r.inferenceOnly) {
        std::string type = r.type;
        if (auto custom = mlir::dyn_cast<carbon::onnx::CustomOp>(r.op))
          type = (custom.getDomain() + "." + custom.getOpType()).str();
        error = "--train: " + r.name + " (" + type +
                ") is an operator models are served with, not trained "
                "through (it has no gradient): cost the model's trainable "
                "graph";
        return false;
      }
    attention = findAttention(analysis);
    bool hasAttention = attention->softmaxes > 0;
    TrainingLayout layout;
    const Target *target = inputs.target;
    state = trainingState(analysis, inputs.training->optimizer,
                          gradientBytesPerParameter(analysis, inputs),
                          inputs.training->zeroStage);
    if (!chooseLayout(*inputs.training, *state,
                      target ? target->memoryCapacity : std::nullopt,
                      target ? target->node.devices : std::nullopt,
                      hasAttention, attention->heads, layout, error))
      return false;
    if (layout.tensorParallel > 1 && !hasAttention) {
      error = "--tensor-parallel is timed for models with attention layers "
              "(it all-reduces their hidden states); use --pipeline-stages";
      return false;
    }
    kept = keptActivations(analysis, *attention, inputs.precision);
    layout.activationBytesPerDevice =
        activationBytes(*kept, layout.recompute, layout.pipelineStages) /
        static_cast<double>(layout.tensorParallel);
    estimate.keptActivationBytes = kept->byOp;
    TrainingEstimate training;
    if (!estimateTraining(analysis, *inputs.training, layout, training, error))
      return false;
    estimate.layout = layout;
    estimate.training = training;
  }
  if (!inputs.target) {
    estimate.memory = replicaMemory(analysis, inputs, nullptr);
    return true;
  }
  estimate.scope.nodeOverheadWatts = inputs.target->node.overheadWatts;
  if (inputs.powerModel == PowerModel::TDP)
    estimate.scope.nodeOverheadWatts = std::nullopt;
  std::optional<AttentionLayers> decodeAttention;
  if (inputs.generation) {
    const CostAnalysis &step = *inputs.generation->stepAnalysis;
    if (std::vector<const OpCostRecord *> uncounted = step.getUncounted();
        !uncounted.empty()) {
      error = "--generate: the model at one token has ops it cannot count, "
              "first " +
              uncounted.front()->name + " (" + uncounted.front()->type +
              "): " + uncounted.front()->reason;
      return false;
    }
    decodeAttention = findAttention(step);
    if (decodeAttention->fused > 0) {
      error = "--generate: the model's attention is fused into ops that "
              "keep their own key-value cache (" +
              std::to_string(decodeAttention->fused) +
              " of them: an exported decode step): cost it without "
              "--generate, its past bound with --dim";
      return false;
    }
    if (decodeAttention->softmaxes == 0 ||
        decodeAttention->valueMatMuls.size() != decodeAttention->softmaxes) {
      error = "--generate: no attention layer to hold a key-value cache "
              "(a Softmax between a scores MatMul and a value MatMul)";
      return false;
    }
  }
  std::optional<AttentionLayers> inferenceAttention;
  if (inputs.tensorParallel > 1) {
    inferenceAttention = findAttention(analysis);
    if (inferenceAttention->valueMatMuls.empty()) {
      error = "--tensor-parallel is timed for models with attention layers "
              "(it all-reduces their hidden states)";
      return false;
    }
    const Target &target = *inputs.target;
    if (!checkTensorParallelHeads(inferenceAttention->heads,
                                  inputs.tensorParallel, error) ||
        !checkTensorParallelLink(target, error))
      return false;
    if (target.node.devices && inputs.tensorParallel > *target.node.devices) {
      error = llvm::formatv("--tensor-parallel {0} is more devices than a "
                            "{1} holds ({2}): its all-reduces would leave "
                            "the interconnect",
                            inputs.tensorParallel, target.node.name,
                            *target.node.devices)
                  .str();
      return false;
    }
  }
  estimate.memory = replicaMemory(
      analysis, inputs, decodeAttention ? &*decodeAttention : nullptr);
  estimateOps(analysis, inputs, estimate);
  estimateInference(analysis, inputs,
                    inferenceAttention ? &*inferenceAttention : nullptr,
                    decodeAttention ? &*decodeAttention : nullptr, estimate);
  if (inputs.serving && estimate.inference)
    estimateServing(inputs, estimate);
  if (inputs.training) {
    searchLayout(analysis, inputs, estimate, *attention, *kept, *state,
                 *estimate.layout, *estimate.training);
    if (const std::optional<double> &capacity = inputs.target->memoryCapacity)
      estimate.layout->fitsDeviceMemory =
          estimate.layout->deviceBytes() <= *capacity;
    std::string gap;
    if (!trainingTime(analysis, inputs, estimate, *attention, *inputs.training,
                      *estimate.layout, *estimate.training,
                      estimate.trainingTime, gap, error))
      return false;
    if (!estimate.trainingTime && estimate.timeGap.empty())
      estimate.timeGap = gap;
  }
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
