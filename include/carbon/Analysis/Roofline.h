//===- Roofline.h - Where each op sits on a target's roofline ---*- C++ -*-===//
//
// This file declares the roofline placement of each op (Williams, Waterman
// and Patterson, "Roofline", CACM 2009): its arithmetic intensity, whether
// it is bound by the target's compute peak or its memory bandwidth, and the
// time it would take at those peaks, an ideal lower bound (no efficiency
// losses, no launch overhead).
//
//===----------------------------------------------------------------------===//

#ifndef CARBON_ANALYSIS_ROOFLINE_H
#define CARBON_ANALYSIS_ROOFLINE_H

#include "carbon/Analysis/CostAnalysis.h"
#include "carbon/Targets/Target.h"

#include <optional>
#include <string>
#include <vector>

namespace carbon {

/// The precision an op's element type runs at on a target's units: f32 is
/// fp32, f16 fp16, bf16 bf16, f8 types fp8, 8-bit integers int8, f64 fp64.
std::optional<Precision> precisionOf(mlir::Type elementType);

/// One op on the roofline.
struct OpRoofline {
  /// False when the target publishes no peak (or bandwidth) the op needs;
  /// `reason` says which.
  bool known = false;
  std::string reason;
  Precision precision = Precision::FP32;
  /// Contractions (ops with MACs) run on the matrix units where the target
  /// has them for the precision; everything else on the vector units.
  bool matrixUnits = false;
  double peakFlops = 0;
  /// Bytes of the forward pass's reads that the on-chip cache serves: an
  /// operand the previous kernel wrote, no larger than half the target's
  /// cache (cacheResidentReads). They leave the DRAM traffic.
  double cacheReadBytes = 0;
  /// FLOPs per DRAM byte moved (bytes read + written, less the cache's
  /// reads); 0 for ops moving nothing.
  double arithmeticIntensity = 0;
  double computeSeconds = 0;
  double memorySeconds = 0;
  /// max(compute, memory): the ideal time at the target's peaks.
  double seconds = 0;
  bool computeBound = false;
  /// The predicted time: compute and memory time at the target's
  /// achievable fractions of its peaks, plus one kernel launch. Absent,
  /// with `predictionGap` saying why, when the target has no such figures.
  std::optional<double> predictedSeconds;
  std::string predictionGap;
  /// The predicted time of the op's backward pass (gradients of its inputs
  /// and of its weights, one kernel each), on the same units at the same
  /// precision; each gradient contraction has the forward's size, so it
  /// gets the forward's matrix efficiency. Absent when predictedSeconds is,
  /// or with `backwardPredictionGap` saying why.
  std::optional<double> backwardPredictedSeconds;
  std::string backwardPredictionGap;
};

/// The units work of `precision` runs on and their peak FLOP/s:
/// contractions on the matrix units where the precision has them, else on
/// the vector units (except on a TPU, which multiplies on its MXUs only);
/// other work on the vector units, or on the matrix units of a precision
/// that publishes only those (TPU MXUs, Gaudi's MME). Absent when the
/// target publishes no such peak.
struct UnitPeak {
  double flopsPerSecond = 0;
  bool matrixUnits = false;
};
std::optional<UnitPeak> unitPeak(const Target &target, Precision precision,
                                 bool contraction);

/// Places every counted op of `analysis` on `target`'s roofline, in the
/// order of CostAnalysis::getOpCosts(); uncounted ops are unknown. With
/// `precision`, ops that compute in a floating-point type run at that
/// precision instead (--precision; the analysis must have been built with
/// the matching CostOptions::floatBits).
std::vector<OpRoofline>
placeOnRoofline(const CostAnalysis &analysis, const Target &target,
                std::optional<Precision> precision = std::nullopt);

/// One op on `target`'s roofline, `cacheReadBytes` of its reads served by
/// the last-level cache (placeOnRoofline's cache rule).
OpRoofline placeOp(const Target &target, const OpCostRecord &r,
                   std::optional<Precision> precision = std::nullopt,
                   double cacheReadBytes = 0);

/// The predicted time of a kernel of `flops` (at `peakFlops` with
/// `computeEfficiency`) moving `bytes` on `target`, launched `kernels`
/// times; absent, with `gap` set, when the target lacks a figure it needs.
std::optional<double> predictKernelSeconds(const Target &target, double flops,
                                           double peakFlops,
                                           std::optional<double> computeEfficiency,
                                           bool matrixUnits, double bytes,
                                           unsigned kernels, std::string &gap);

/// The predicted time of `r`'s forward (or backward) pass placed as `p`,
/// with its work and traffic split `split` ways (tensor parallelism: each
/// device runs 1/split of it, contractions at the efficiency of their
/// share's size); absent, with `gap` set, when the target lacks a figure.
std::optional<double> predictOpSeconds(const Target &target,
                                       const OpCostRecord &r,
                                       const OpRoofline &p, bool backward,
                                       double split, std::string &gap);

/// Bits per element a precision stores floating-point tensors in (tf32 is
/// stored as fp32).
unsigned storageBits(Precision precision);

/// Bytes of `value` as the cost analysis counts them (bytesOf), with
/// floating-point elements at `precision`'s storage size when given.
std::optional<double> valueBytes(mlir::Value value,
                                 std::optional<Precision> precision);

/// The DRAM bytes of `r`'s forward (or backward) pass placed as `p`: its
/// reads and writes, less the forward reads the cache serves.
double dramBytes(const OpCostRecord &r, const OpRoofline &p, bool backward);

} // namespace carbon

#endif // CARBON_ANALYSIS_ROOFLINE_H
