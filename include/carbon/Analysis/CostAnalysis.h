//===- CostAnalysis.h - FLOPs, bytes and parameters of a module -*- C++ -*-===//
//
// This file declares CostAnalysis: the per-op and total cost of a module,
// forward and backward, with the ops it could not count and why. Passes
// and the reports reuse it through getAnalysis<CostAnalysis>().
//
//===----------------------------------------------------------------------===//

#ifndef CARBON_ANALYSIS_COSTANALYSIS_H
#define CARBON_ANALYSIS_COSTANALYSIS_H

#include "carbon/Interfaces/CostOpInterface.h"

#include "mlir/IR/Operation.h"
#include "mlir/Pass/AnalysisManager.h"
#include "llvm/ADT/DenseMap.h"

#include <string>
#include <vector>

namespace carbon {

/// Bytes an op reads and writes: every operand and result once.
struct TrafficCounts {
  int64_t bytesRead = 0;
  int64_t bytesWritten = 0;

  TrafficCounts &operator+=(const TrafficCounts &other) {
    bytesRead += other.bytesRead;
    bytesWritten += other.bytesWritten;
    return *this;
  }
  TrafficCounts scaled(int64_t factor) const {
    return {bytesRead * factor, bytesWritten * factor};
  }
};

/// Work and traffic of one pass (forward or backward) over some ops.
struct PassCost {
  WorkCounts work;
  TrafficCounts traffic;

  PassCost &operator+=(const PassCost &other) {
    work += other.work;
    traffic += other.traffic;
    return *this;
  }
  PassCost scaled(int64_t factor) const {
    return {work.scaled(factor), traffic.scaled(factor)};
  }
};

/// Why a counted op costs nothing: no work, no traffic and no kernel,
/// forward or backward (a parameter it reads still counts).
enum class Folded {
  No,
  /// Shape arithmetic: a small integer tensor computed from static shapes
  /// and constants alone, which compilers fold.
  ShapeArithmetic,
  /// Operand 0's buffer under another shape or name (OpWork::viewOfOperand).
  View,
  /// Data the model holds (OpWork::isConstantData).
  Constant,
};

/// The cost of one op as the analysis derives it. For an op with regions
/// (If, Loop, func.call) it includes what its regions or callee do.
struct OpCostRecord {
  mlir::Operation *op = nullptr;
  /// The ONNX node name where the op came from one, else `<op name>#<n>`.
  std::string name;
  std::string type;
  bool counted = false;
  /// Why the op is not counted (when !counted).
  std::string reason;
  PassCost forward;
  /// Gradient with respect to inputs, and with respect to weights.
  PassCost backwardData;
  PassCost backwardWeights;
  int64_t params = 0;
  int64_t paramBytes = 0;
  bool savesActivations = false;
  /// The tensors a training run keeps from this op's forward pass for its
  /// backward pass, as OpWork::saved names them (of a product, only the
  /// factors a computed gradient reads), weights and initializers left
  /// out; empty when the op takes no part in the backward pass.
  llvm::SmallVector<mlir::Value, 2> savedForBackward;
  /// Bytes of an index tensor kept for the backward pass that the graph
  /// has no value for (OpWork::argmaxElements, 8 bytes each).
  int64_t savedIndexBytes = 0;
  /// OpWork::inferenceOnly.
  bool inferenceOnly = false;
  mlir::Type computeType;
  /// With CostOptions::fuseElementwise: the op runs in its producer's
  /// kernel (its input never goes through DRAM and it has no launch).
  bool fused = false;
  /// The operand a fused op reads on chip.
  unsigned fusedOperand = 0;
  Folded folded = Folded::No;

  /// Whether the forward pass runs the op as a kernel of its own.
  bool launchesKernel() const {
    return counted && !fused && folded == Folded::No;
  }
};

/// The tensor that holds `v`'s data: `v` itself or, through the views
/// among `records` (Folded::View; `index` maps each record's op to
/// its position), the operand the first of them views. With
/// `requireSingleUse`, null when a value on the way has another use.
mlir::Value viewedValue(mlir::Value v, llvm::ArrayRef<OpCostRecord> records,
                        const llvm::DenseMap<mlir::Operation *, size_t> &index,
                        bool requireSingleUse = false);

/// Totals over a module.
struct CostTotals {
  PassCost forward;
  PassCost backwardData;
  PassCost backwardWeights;
  int64_t params = 0;
  int64_t paramBytes = 0;
  /// Ops that carry work (terminators and initializers excluded).
  int64_t ops = 0;
  int64_t counted = 0;
  /// Forward FLOPs that do not depend on a data-dependent choice: an If's
  /// cost is its costliest branch, and the gap to the cheapest is uncertain.
  int64_t certainFlops = 0;

  PassCost backward() const {
    PassCost b = backwardData;
    b += backwardWeights;
    return b;
  }
};

/// Bytes of a value of type `t` as the analysis counts its traffic, when
/// its size is static; floating-point elements take `floatBits` bits when
/// that is non-zero (--precision), booleans a byte, sub-byte types pack.
std::optional<int64_t> bytesOf(mlir::Type t, unsigned floatBits = 0);

/// What the analysis is told beyond the IR.
struct CostOptions {
  /// Bits per element of floating-point tensors when the model is re-costed
  /// as if run in another type (--precision); 0 keeps the types of the IR.
  unsigned floatBits = 0;
  /// Model an inference compiler's elementwise fusion (TensorRT, XLA,
  /// torch.compile; --fusion elementwise): an elementwise op whose input is
  /// the only use of another op's result runs in that op's kernel, so the
  /// tensor is neither written nor read back. The forward pass only; the
  /// backward pass stays as an eager framework runs it.
  bool fuseElementwise = false;
};

/// Costs every op of the module's entry functions (those marked
/// onnx.main_graph, else every public function), following calls into
/// their callees and regions into their bodies.
class CostAnalysis {
public:
  explicit CostAnalysis(mlir::Operation *root, CostOptions options = {});
  CostAnalysis(mlir::Operation *root, mlir::AnalysisManager &)
      : CostAnalysis(root) {}

  /// One record per op, in program order (ops inside regions and callees
  /// are summed into the op that holds them, not listed).
  const std::vector<OpCostRecord> &getOpCosts() const { return records; }
  const CostTotals &getTotals() const { return totals; }
  /// The records of the ops that could not be counted.
  std::vector<const OpCostRecord *> getUncounted() const;

private:
  std::vector<OpCostRecord> records;
  CostTotals totals;
};

} // namespace carbon

#endif // CARBON_ANALYSIS_COSTANALYSIS_H
