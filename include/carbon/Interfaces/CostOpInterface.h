//===- CostOpInterface.h - Ops that report their cost -----------*- C++ -*-===//
//
// This file declares the counts an op reports and the CostOpInterface.
//
//===----------------------------------------------------------------------===//

#ifndef CARBON_INTERFACES_COSTOPINTERFACE_H
#define CARBON_INTERFACES_COSTOPINTERFACE_H

#include "mlir/IR/OpDefinition.h"
#include "mlir/Support/LLVM.h"
#include "llvm/ADT/SmallVector.h"

#include <cstdint>
#include <string>

namespace carbon {

/// Arithmetic of one op. `flops` counts every arithmetic operation, two per
/// multiply-accumulate; `macs` counts the multiply-accumulates among them;
/// `transcendentals` (exp, log, tanh, erf, sqrt, reciprocal, sin, cos, ...)
/// are counted apart and are not in `flops`.
struct WorkCounts {
  int64_t macs = 0;
  int64_t flops = 0;
  int64_t transcendentals = 0;

  WorkCounts &operator+=(const WorkCounts &other) {
    macs += other.macs;
    flops += other.flops;
    transcendentals += other.transcendentals;
    return *this;
  }
  WorkCounts scaled(int64_t factor) const {
    return {macs * factor, flops * factor, transcendentals * factor};
  }
  bool operator==(const WorkCounts &other) const {
    return macs == other.macs && flops == other.flops &&
           transcendentals == other.transcendentals;
  }
  /// A contraction of `n` multiply-accumulates.
  static WorkCounts contraction(int64_t n) { return {n, 2 * n, 0}; }
  /// `n` plain arithmetic operations.
  static WorkCounts arithmetic(int64_t n) { return {0, n, 0}; }
  /// `n` transcendental evaluations.
  static WorkCounts transcendental(int64_t n) { return {0, 0, n}; }
};

/// Which tensors of a training run's forward pass an op's backward pass
/// reads (OpWork::savesActivations), as PyTorch's autograd saves them
/// (tools/autograd/derivatives.yaml, each formula's inputs).
enum class SavedTensors {
  /// Every operand.
  Operands,
  /// Each operand only where another operand's gradient reads it: the
  /// gradient of a product with respect to one factor is the incoming
  /// gradient times the other (Mul; MatMul, Gemm and Conv: d/dX reads W,
  /// d/dW reads X; Div: d/da reads b, d/db reads a and b), so a frozen
  /// weight keeps no input and a constant factor no tensor.
  OperandsForOtherGradients,
  /// The results: the derivative is a function of the output (Relu:
  /// threshold_backward(grad, result); Sigmoid, Tanh, Exp, Sqrt,
  /// Reciprocal; Softmax and LogSoftmax: _softmax_backward_data(grad,
  /// result)).
  Results,
  /// Operand 0 only: Where's gradient routes the incoming one by its
  /// condition.
  FirstOperand,
};

/// What an op reports through CostOpInterface::computeWork.
struct OpWork {
  WorkCounts forward;
  /// Work of the gradient with respect to each operand, by operand index
  /// (missing entries are free). The analysis counts an operand's entry as
  /// the gradient with respect to weights when the operand is a parameter,
  /// with respect to data when it depends on a parameter, and not at all
  /// otherwise (nothing upstream needs it).
  llvm::SmallVector<WorkCounts, 4> gradients;
  /// Whether the backward pass needs this op's inputs or outputs kept,
  /// and which.
  bool savesActivations = false;
  SavedTensors saved = SavedTensors::Operands;
  /// Elements of the argmax a max pool's backward pass routes dY by, one
  /// per output element: PyTorch's training forward makes them for the
  /// backward pass alone (max_pool2d_with_indices and
  /// adaptive_max_pool2d save `result1`, 64-bit indices, beside their
  /// input). The analysis keeps the op's Indices result where the graph
  /// has one, else this many 8-byte integers.
  int64_t argmaxElements = 0;
  /// A training run normalizes operand 0 by statistics it computes over
  /// spans too large to stay on chip (a batch's channel, a sample's group;
  /// PyTorch's train mode, whichever mode the graph was exported in), in
  /// two passes each way: ATen's CUDA batch norm collects the statistics
  /// over X before it transforms X (batch_norm_collect_statistics_kernel,
  /// batch_norm_transform_input_kernel), and reduces dY and X before it
  /// computes the input gradient from them (batch_norm_backward_reduce,
  /// then batch_norm_backward_elemt); group norm the same
  /// (RowwiseMomentsCUDAKernel before the transform,
  /// ComputeInternalGradientsCUDAKernel before the input gradient). So a
  /// training run reads X once more in the forward pass and X and dY once
  /// more in the backward pass.
  bool statisticsPasses = false;
  /// True for operators a model is served with but not trained through
  /// (4-bit and integer-quantised matmuls, fused serving attention,
  /// classical ai.onnx.ml models): they have no gradient, so a training
  /// run over them is refused rather than costed without a backward pass.
  bool inferenceOnly = false;
  /// False for ops that read only their operands' shapes (Shape, Size):
  /// their operands' bytes are not read.
  bool readsOperandData = true;
  /// True for ops whose result is operand 0's data under another shape or
  /// name (Reshape, Flatten, Squeeze, Unsqueeze, Identity): runtimes hand
  /// the result the operand's buffer (ONNX Runtime's kernels alias output 0
  /// to input 0; PyTorch's are views), so the op reads, writes and launches
  /// nothing, and neither does its gradient.
  bool viewOfOperand = false;
  /// True for ops whose result is data the model holds (Constant):
  /// runtimes load it as an initializer (onnxruntime moves every Constant
  /// node into the initializer list when it builds the graph), so the op
  /// computes, moves and launches nothing.
  bool isConstantData = false;
  /// The element type the op computes in.
  mlir::Type computeType;
  /// Parameters of an operand that packs several into one stored element,
  /// by operand index (MatMulNBits' B holds 8 / bits weights a byte);
  /// missing or 0 entries count one parameter per element.
  llvm::SmallVector<int64_t, 4> parameterElements;
  /// Elements an op reads of an operand it reads in part, by operand index:
  /// a lookup (Gather, GatherElements, GatherND, a fused embedding) reads
  /// of its data only the elements its result holds, an embedding its rows
  /// rather than the table. Missing or 0 entries read the whole operand.
  llvm::SmallVector<int64_t, 4> operandElementsRead;
  /// Elements an op writes of a result it fills in part, by result index:
  /// a key-value cache whose present output shares its past input's buffer
  /// gets only the new tokens. Missing or 0 entries write the whole result.
  llvm::SmallVector<int64_t, 4> resultElementsWritten;

  void setGradient(unsigned operand, WorkCounts work) {
    if (gradients.size() <= operand)
      gradients.resize(operand + 1);
    gradients[operand] = work;
  }
};

/// How the work of an op's regions adds up (CostOpInterface).
struct RegionCostRule {
  /// Sum the regions, take the costliest, or ignore them (a body that
  /// spells out the op's own per-element arithmetic, as linalg's does).
  enum class Combine { Sum, Max, None };
  Combine combine = Combine::Sum;
  int64_t multiplier = 1;

  static RegionCostRule sum(int64_t multiplier = 1) {
    return {Combine::Sum, multiplier};
  }
  static RegionCostRule max() { return {Combine::Max, 1}; }
  static RegionCostRule none() { return {Combine::None, 0}; }
};

} // namespace carbon

#include "carbon/Interfaces/CostOpInterface.h.inc"

#endif // CARBON_INTERFACES_COSTOPINTERFACE_H
