//===- Roofline.cpp - Where each op sits on a target's roofline -*- C++ -*-===//
//
// This file places ops on a target's roofline. Compute time is FLOPs at the
// target's dense peak for the op's precision and units; memory time is the
// op's bytes (every operand and result once) at its memory bandwidth; the
// op is bound by the larger (Williams et al., CACM 2009). Transcendentals run
// on special-function units whose throughput vendors rarely publish; they
// are not in the compute time (docs/cost-model.md).
//
//===----------------------------------------------------------------------===//

#include "carbon/Analysis/Roofline.h"

#include "mlir/IR/BuiltinTypes.h"

#include "llvm/ADT/DenseMap.h"

#include <algorithm>

using namespace mlir;
using namespace carbon;

std::optional<Precision> carbon::precisionOf(Type t) {
  if (!t)
    return std::nullopt;
  if (t.isF64())
    return Precision::FP64;
  if (t.isF32())
    return Precision::FP32;
  if (t.isF16())
    return Precision::FP16;
  if (t.isBF16())
    return Precision::BF16;
  if (auto f = dyn_cast<FloatType>(t); f && f.getWidth() == 8)
    return Precision::FP8;
  if (auto i = dyn_cast<IntegerType>(t); i && i.getWidth() == 8)
    return Precision::INT8;
  return std::nullopt;
}

unsigned carbon::storageBits(Precision precision) {
  switch (precision) {
  case Precision::FP64:
    return 64;
  case Precision::FP32:
  case Precision::TF32:
    return 32;
  case Precision::FP16:
  case Precision::BF16:
    return 16;
  case Precision::FP8:
  case Precision::INT8:
    return 8;
  }
  return 32;
}

std::optional<double> carbon::predictKernelSeconds(
    const Target &target, double flops, double peakFlops,
    std::optional<double> computeEfficiency, bool matrixUnits, double bytes,
    unsigned kernels, std::string &gap) {
  if (flops > 0 && !computeEfficiency) {
    gap = target.name + " has no published achievable " +
          (matrixUnits ? "matrix" : "vector") + " efficiency";
    return std::nullopt;
  }
  if (bytes > 0 && !target.memoryEfficiency) {
    gap = target.name + " has no published achievable memory bandwidth";
    return std::nullopt;
  }
  if (!target.launchOverheadSeconds) {
    gap = target.name + " has no published kernel launch overhead";
    return std::nullopt;
  }
  double compute = flops > 0 ? flops / peakFlops / *computeEfficiency : 0.0;
  double memory =
      bytes > 0 ? bytes / *target.memoryBandwidth / *target.memoryEfficiency
                : 0.0;
  return std::max(compute, memory) + kernels * *target.launchOverheadSeconds;
}

/// Whether `target` multiplies matrices on its general units where a
/// precision has no matrix peak (CPUs and GPUs do); a TPU multiplies on
/// its MXUs only, its vector units doing the elementwise work.
static bool contractsOnVectorUnits(const Target &target) {
  return target.kind != "tpu";
}

std::optional<UnitPeak>
carbon::unitPeak(const Target &target, Precision precision, bool contraction) {
  auto it = target.peaks.find(precision);
  if (it == target.peaks.end())
    return std::nullopt;
  const PeakThroughput &peak = it->second;
  if (contraction && peak.matrix)
    return UnitPeak{*peak.matrix, true};
  if (peak.vector && (!contraction || contractsOnVectorUnits(target)))
    return UnitPeak{*peak.vector, false};
  if (peak.matrix)
    return UnitPeak{*peak.matrix, true};
  return std::nullopt;
}

std::optional<double> carbon::valueBytes(mlir::Value value,
                                         std::optional<Precision> precision) {
  std::optional<int64_t> bytes =
      bytesOf(value.getType(), precision ? storageBits(*precision) : 0);
  return bytes ? std::optional<double>(static_cast<double>(*bytes))
               : std::nullopt;
}

double carbon::dramBytes(const OpCostRecord &r, const OpRoofline &p,
                         bool backward) {
  if (backward) {
    PassCost pass = r.backwardData;
    pass += r.backwardWeights;
    return static_cast<double>(pass.traffic.bytesRead +
                               pass.traffic.bytesWritten);
  }
  return static_cast<double>(r.forward.traffic.bytesRead +
                             r.forward.traffic.bytesWritten) -
         p.cacheReadBytes;
}

/// Forward reads the on-chip cache serves. A kernel that reads a tensor the
/// kernel before it wrote (that kernel's op, or an op fused into it) finds
/// it in the last-level cache when the tensor takes no more than half of
/// it, the rest left to the reader's other operands and its output (a
/// modelling rule, docs/cost-model.md), also through a view (a Reshape of
/// it). The write still reaches DRAM: the cache writes dirty lines back.
/// Ops are taken in the analysis's order, which is the graph's.
static std::vector<double>
cacheResidentReads(const CostAnalysis &analysis, const Target &target,
                   std::optional<Precision> precision) {
  const auto &records = analysis.getOpCosts();
  std::vector<double> reads(records.size(), 0);
  if (!target.cacheBytes)
    return reads;
  llvm::DenseMap<Operation *, size_t> index;
  for (size_t i = 0; i < records.size(); ++i)
    index[records[i].op] = i;
  std::optional<size_t> lastKernel;
  for (size_t i = 0; i < records.size(); ++i) {
    const OpCostRecord &r = records[i];
    bool kernel =
        r.launchesKernel() &&
        (r.forward.work.flops > 0 ||
         r.forward.traffic.bytesRead + r.forward.traffic.bytesWritten > 0);
    if (!kernel)
      continue;
    if (lastKernel)
      for (Value operand : r.op->getOperands()) {
        Operation *def = viewedValue(operand, records, index).getDefiningOp();
        auto it = def ? index.find(def) : index.end();
        // No kernel writes folded values (shape arithmetic, constants).
        if (it == index.end() || it->second < *lastKernel ||
            !records[it->second].counted ||
            records[it->second].folded != Folded::No)
          continue;
        std::optional<double> bytes = valueBytes(operand, precision);
        if (bytes && *bytes <= *target.cacheBytes / 2)
          reads[i] += *bytes;
      }
    reads[i] =
        std::min(reads[i], static_cast<double>(r.forward.traffic.bytesRead));
    lastKernel = i;
  }
  return reads;
}

std::optional<double> carbon::predictOpSeconds(const Target &target,
                                              const OpCostRecord &r,
                                              const OpRoofline &p, bool backward,
                                              double split, std::string &gap) {
  const PassCost &forward = r.forward;
  PassCost pass = forward;
  unsigned kernels = r.launchesKernel() ? 1 : 0;
  if (backward) {
    pass = r.backwardData;
    pass += r.backwardWeights;
    // One kernel per gradient (inputs, weights).
    kernels = (r.backwardData.work.flops > 0 ||
               r.backwardData.traffic.bytesWritten > 0) +
              (r.backwardWeights.work.flops > 0 ||
               r.backwardWeights.traffic.bytesWritten > 0);
  }
  double flops = static_cast<double>(pass.work.flops) / split;
  double bytes = dramBytes(r, p, backward) / split;
  if (backward && flops == 0 && bytes == 0)
    return 0.0;
  // Each gradient contraction has the forward's size, so it gets the
  // forward's matrix efficiency.
  double peak = p.peakFlops;
  std::optional<double> efficiency =
      p.matrixUnits
          ? matrixEfficiencyFor(target,
                                static_cast<double>(forward.work.macs) / split)
          : target.vectorEfficiency;
  // Backward work of an op without forward arithmetic (a data-movement op
  // whose gradient adds) runs on the vector units of its precision, or on
  // the matrix units of a precision that publishes only those (as the
  // forward work of such a precision does).
  bool matrixUnits = p.matrixUnits;
  if (peak == 0 && flops > 0) {
    std::optional<UnitPeak> unit =
        unitPeak(target, p.precision, /*contraction=*/false);
    if (!unit) {
      gap = target.name + " has no published " +
            precisionName(p.precision).str() + " peak";
      return std::nullopt;
    }
    peak = unit->flopsPerSecond;
    matrixUnits = unit->matrixUnits;
    efficiency =
        matrixUnits ? matrixEfficiencyFor(target, 0) : target.vectorEfficiency;
  }
  return predictKernelSeconds(target, flops, peak, efficiency, matrixUnits,
                              bytes, std::max(kernels, backward ? 1u : 0u),
                              gap);
}

OpRoofline carbon::placeOp(const Target &target, const OpCostRecord &r,
                           std::optional<Precision> override,
                           double cacheReadBytes) {
  OpRoofline p;
  p.cacheReadBytes = cacheReadBytes;
  if (!r.counted) {
    p.reason = "the op is not counted";
    return p;
  }
  double flops = static_cast<double>(r.forward.work.flops);
  double bytes = dramBytes(r, p, /*backward=*/false);
  p.arithmeticIntensity = bytes > 0 ? flops / bytes : 0;
  if (bytes > 0) {
    if (!target.memoryBandwidth) {
      p.reason = target.name + " has no published memory bandwidth";
      return p;
    }
    p.memorySeconds = bytes / *target.memoryBandwidth;
  }
  // The precision of the op's element type, also for ops without
  // arithmetic: the gradient of a data-movement op adds in it.
  std::optional<Precision> precision = precisionOf(r.computeType);
  if (override && r.computeType && isa<FloatType>(r.computeType))
    precision = override;
  // Integer and boolean arithmetic wider or narrower than int8 has no
  // published peak; it runs on the 32-bit ALUs, which NVIDIA's SMs since
  // Volta issue at the fp32 rate or half of it (docs/cost-model.md).
  // Such ops are memory-bound by orders of magnitude either way.
  bool otherInteger = !precision && r.computeType &&
                      isa<IntegerType, IndexType>(r.computeType);
  if (otherInteger)
    precision = Precision::FP32;
  if (precision)
    p.precision = *precision;
  if (flops > 0) {
    if (!precision) {
      std::string type;
      llvm::raw_string_ostream os(type);
      os << r.computeType;
      p.reason = "no target precision for element type " + type;
      return p;
    }
    bool contraction = r.forward.work.macs > 0;
    // TF32 is a matrix-unit format: elementwise work stays in fp32.
    if (*precision == Precision::TF32 && !contraction)
      p.precision = Precision::FP32;
    std::optional<UnitPeak> unit = unitPeak(target, p.precision, contraction);
    if (!unit) {
      p.reason = target.name + " has no published " +
                 precisionName(p.precision).str() + " peak";
      // TPUs multiply in bf16 on their MXUs; fp32 models run there in
      // bf16 passes that the framework chooses.
      if (!contractsOnVectorUnits(target) && p.precision == Precision::FP32)
        p.reason = target.name + " has no published fp32 matrix peak (a "
                                 "TPU runs models in bf16: --precision "
                                 "bf16)";
      return p;
    }
    p.matrixUnits = unit->matrixUnits;
    p.peakFlops = unit->flopsPerSecond;
    p.computeSeconds = flops / unit->flopsPerSecond;
  }
  p.seconds = std::max(p.computeSeconds, p.memorySeconds);
  p.computeBound = p.computeSeconds > p.memorySeconds;
  p.known = true;
  p.predictedSeconds =
      predictOpSeconds(target, r, p, /*backward=*/false, 1, p.predictionGap);
  if (p.predictedSeconds)
    p.backwardPredictedSeconds = predictOpSeconds(
        target, r, p, /*backward=*/true, 1, p.backwardPredictionGap);
  return p;
}

std::vector<OpRoofline>
carbon::placeOnRoofline(const CostAnalysis &analysis, const Target &target,
                        std::optional<Precision> override) {
  std::vector<OpRoofline> placements;
  std::vector<double> cacheReads =
      cacheResidentReads(analysis, target, override);
  for (const OpCostRecord &r : analysis.getOpCosts())
    placements.push_back(
        placeOp(target, r, override, cacheReads[placements.size()]));
  return placements;
}
