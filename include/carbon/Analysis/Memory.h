//===- Memory.h - Device memory an inference pass holds ---------*- C++ -*-===//
//
// This file declares the memory a forward pass holds at once: the model's
// weights and the peak of its live activations in program order
// (docs/cost-model.md, "Memory").
//
//===----------------------------------------------------------------------===//

#ifndef CARBON_ANALYSIS_MEMORY_H
#define CARBON_ANALYSIS_MEMORY_H

#include "carbon/Analysis/CostAnalysis.h"

#include <optional>
#include <string>

namespace carbon {

/// What one forward pass of a module holds in memory.
struct ForwardMemory {
  /// The initializers and constant tensors of the entry functions: what a
  /// runtime loads before the first request.
  int64_t weightBytes = 0;
  /// The most activation bytes live at one op, absent when a tensor's size
  /// is not static (`unknownReason` then names it).
  std::optional<int64_t> peakActivationBytes;
  /// The op at which the peak is reached.
  std::string peakOp;
  std::string unknownReason;
};

/// The memory of `analysis`'s forward pass, floating-point tensors taking
/// `floatBits` bits when that is non-zero (--precision). Activations are
/// live as a planner that reuses freed buffers, but never writes a result
/// over its input, keeps them: the graph's inputs throughout, each op's
/// results from that op to their last reader (the graph's outputs to the
/// end). A view shares its source's buffer; a result that an elementwise
/// op fuses (CostOptions::fuseElementwise) is never stored, and the fused
/// chain's reads live to its last op. Inside an If, Loop or callee every
/// result but what the body yields is a buffer of its own while the op
/// runs.
ForwardMemory forwardMemory(const CostAnalysis &analysis, unsigned floatBits);

} // namespace carbon

#endif // CARBON_ANALYSIS_MEMORY_H
