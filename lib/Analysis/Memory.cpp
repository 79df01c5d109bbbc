//===- Memory.cpp - Device memory an inference pass holds -------*- C++ -*-===//
//
// This file computes the weights and the live-activation peak of a forward
// pass: a walk over each entry function in program order that allocates
// every op's results and frees each tensor after its last reader
// (docs/cost-model.md, "Memory").
//
//===----------------------------------------------------------------------===//

#include "carbon/Analysis/Memory.h"

#include "carbon/Dialect/ONNX/ONNXOps.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/Interfaces/CallInterfaces.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/MapVector.h"

#include <limits>

using namespace mlir;
using namespace carbon;

namespace {
/// The buffers of one block, from the op that allocates each to the op
/// after which it is freed.
class BlockLiveness {
public:
  BlockLiveness(Block &block, unsigned floatBits,
                llvm::DenseSet<Operation *> &activeCallees)
      : block(block), floatBits(floatBits), activeCallees(activeCallees) {}

  /// The position of the op of this block that holds `user`, or `end()`
  /// for the terminator (what it yields lives to the end).
  size_t positionOf(Operation *user) const;
  static size_t end() { return std::numeric_limits<size_t>::max(); }

  /// The most bytes a nested block holds at once while its op runs: each
  /// result of each of its ops a buffer of its own. Values from outside
  /// the block are live already, and what it yields is the op's results:
  /// neither is counted again.
  std::optional<int64_t> nestedPeak(std::string &reason);
  /// The most bytes the regions or callee of `op` hold while it runs.
  std::optional<int64_t> transientBytes(Operation *op, std::string &reason);

  Block &block;
  unsigned floatBits;
  llvm::DenseSet<Operation *> &activeCallees;
  llvm::DenseMap<Operation *, size_t> positions;
};
} // namespace

static std::string describe(Value v) {
  std::string text;
  llvm::raw_string_ostream os(text);
  os << v.getType();
  return text;
}

/// Data a runtime holds from load time rather than computes.
static bool isHeldData(Operation *op) {
  return op->hasTrait<OpTrait::ConstantLike>() ||
         isa<carbon::onnx::InitializerOp>(op);
}

size_t BlockLiveness::positionOf(Operation *user) const {
  Operation *ancestor = block.findAncestorOpInBlock(*user);
  if (!ancestor || ancestor->hasTrait<OpTrait::IsTerminator>())
    return end();
  auto it = positions.find(ancestor);
  return it == positions.end() ? end() : it->second;
}

std::optional<int64_t> BlockLiveness::transientBytes(Operation *op,
                                                     std::string &reason) {
  int64_t most = 0;
  auto visit = [&](Block &inner) -> bool {
    BlockLiveness nested(inner, floatBits, activeCallees);
    std::optional<int64_t> peak = nested.nestedPeak(reason);
    if (!peak)
      return false;
    most = std::max(most, *peak);
    return true;
  };
  if (auto call = dyn_cast<CallOpInterface>(op)) {
    auto callee = dyn_cast_if_present<func::FuncOp>(call.resolveCallable());
    if (!callee || callee.isExternal() || callee.getBody().empty())
      return most;
    if (!activeCallees.insert(callee).second) {
      reason = "callee @" + callee.getSymName().str() + " is recursive";
      return std::nullopt;
    }
    bool ok = visit(callee.front());
    activeCallees.erase(callee);
    return ok ? std::optional(most) : std::nullopt;
  }
  // A body that spells out the op's per-element arithmetic (linalg's)
  // holds scalars, not tensors.
  auto costOp = dyn_cast<CostOpInterface>(op);
  std::string ignored;
  if (op->getNumRegions() == 0 || !costOp)
    return most;
  FailureOr<RegionCostRule> rule = costOp.getRegionCostRule(ignored);
  if (failed(rule) || rule->combine == RegionCostRule::Combine::None)
    return most;
  for (Region &region : op->getRegions())
    if (!region.empty() && !visit(region.front()))
      return std::nullopt;
  return most;
}

std::optional<int64_t> BlockLiveness::nestedPeak(std::string &reason) {
  std::vector<Operation *> ops;
  for (Operation &op : block)
    if (!op.hasTrait<OpTrait::IsTerminator>()) {
      positions[&op] = ops.size();
      ops.push_back(&op);
    }
  std::vector<int64_t> freedAfter(ops.size(), 0);
  int64_t live = 0, peak = 0;
  for (auto [i, op] : llvm::enumerate(ops)) {
    if (isHeldData(op))
      continue;
    int64_t allocated = 0;
    for (Value r : op->getResults()) {
      std::optional<int64_t> bytes = bytesOf(r.getType(), floatBits);
      if (!bytes) {
        reason = "a result of " + op->getName().getStringRef().str() +
                 " in a body has no static size: " + describe(r);
        return std::nullopt;
      }
      size_t last = i;
      for (Operation *user : r.getUsers())
        last = std::max(last, positionOf(user));
      // What the body yields is written into the op's results, which the
      // block that holds the op counts.
      if (last == end())
        continue;
      allocated += *bytes;
      freedAfter[last] += *bytes;
    }
    std::optional<int64_t> transient = transientBytes(op, reason);
    if (!transient)
      return std::nullopt;
    live += allocated;
    peak = std::max(peak, live + *transient);
    live -= freedAfter[i];
  }
  return peak;
}

/// The forward memory of one entry function, whose records are
/// `records[first, last)`.
static void functionMemory(func::FuncOp f, ArrayRef<OpCostRecord> records,
                           const llvm::DenseMap<Operation *, size_t> &index,
                           size_t first, size_t last, unsigned floatBits,
                           ForwardMemory &out) {
  Block &body = f.front();
  for (Operation &op : body)
    if (isHeldData(&op))
      for (Value r : op.getResults())
        out.weightBytes += bytesOf(r.getType(), floatBits).value_or(0);
  for (size_t i = first; i < last; ++i)
    if (records[i].folded == Folded::Constant)
      for (Value r : records[i].op->getResults())
        out.weightBytes += bytesOf(r.getType(), floatBits).value_or(0);
  if (!out.unknownReason.empty())
    return;

  llvm::DenseSet<Operation *> activeCallees{f};
  BlockLiveness liveness(body, floatBits, activeCallees);
  for (size_t i = first; i < last; ++i)
    liveness.positions[records[i].op] = i;

  // Each activation buffer (a graph input, or a result of an op that
  // computes one) with its bytes and the op after which it is freed;
  // `bufferOf` maps a view to the buffer it reads.
  struct Buffer {
    int64_t bytes = 0;
    size_t lastUse = 0;
  };
  llvm::MapVector<Value, Buffer> buffers;
  llvm::DenseMap<Value, Value> bufferOf;
  // A result an elementwise op fuses is never stored, and the fused chain
  // runs as one kernel at its last op: what any op of it reads lives until
  // then.
  llvm::DenseMap<Value, size_t> fusedInto;
  for (size_t i = first; i < last; ++i)
    if (records[i].fused)
      if (Value source =
              viewedValue(records[i].op->getOperand(records[i].fusedOperand),
                          records, index, /*requireSingleUse=*/true))
        fusedInto[source] = i;
  std::vector<size_t> chainEnd(last - first);
  for (size_t i = last; i-- > first;) {
    chainEnd[i - first] = i;
    for (Value r : records[i].op->getResults())
      if (auto it = fusedInto.find(r); it != fusedInto.end())
        chainEnd[i - first] = chainEnd[it->second - first];
  }
  auto kernelPosition = [&](Operation *user) {
    size_t p = liveness.positionOf(user);
    return p == BlockLiveness::end() ? p : chainEnd[p - first];
  };
  auto addBuffer = [&](Value v, size_t position) -> bool {
    std::optional<int64_t> bytes = bytesOf(v.getType(), floatBits);
    if (!bytes) {
      out.unknownReason =
          v.getDefiningOp()
              ? records[position].name + " (" + records[position].type +
                    "): a result has no static size: " + describe(v)
              : "an input has no static size: " + describe(v);
      return false;
    }
    buffers[v] = {fusedInto.count(v) ? 0 : *bytes, position};
    bufferOf[v] = v;
    return true;
  };
  for (BlockArgument arg : body.getArguments())
    if (!addBuffer(arg, BlockLiveness::end()))
      return;
  for (size_t i = first; i < last; ++i) {
    const OpCostRecord &r = records[i];
    if (r.folded == Folded::Constant || r.folded == Folded::ShapeArithmetic)
      continue;
    for (Value result : r.op->getResults()) {
      if (r.folded == Folded::View) {
        // (A copy: inserting may move the map's entries.)
        if (Value source = bufferOf.lookup(r.op->getOperand(0)))
          bufferOf[result] = source;
        continue;
      }
      if (!addBuffer(result, i))
        return;
    }
  }
  // A buffer lives to the last reader of it or of a view of it.
  for (auto [value, buffer] : bufferOf) {
    Buffer &b = buffers[buffer];
    for (Operation *user : value.getUsers())
      if (b.lastUse != BlockLiveness::end())
        b.lastUse = std::max(b.lastUse, kernelPosition(user));
  }

  std::vector<int64_t> allocatedAt(last - first, 0),
      freedAfter(last - first, 0);
  int64_t live = 0;
  for (auto &[value, b] : buffers) {
    if (isa<BlockArgument>(value)) {
      live += b.bytes;
      continue;
    }
    size_t at = records.size();
    if (Operation *def = value.getDefiningOp())
      at = index.lookup(def);
    allocatedAt[at - first] += b.bytes;
    if (b.lastUse != BlockLiveness::end())
      freedAfter[b.lastUse - first] += b.bytes;
  }
  int64_t peak = live;
  std::string peakOp = "the graph's inputs";
  for (size_t i = first; i < last; ++i) {
    std::optional<int64_t> transient =
        liveness.transientBytes(records[i].op, out.unknownReason);
    if (!transient) {
      out.unknownReason =
          records[i].name + " (" + records[i].type + "): " + out.unknownReason;
      return;
    }
    live += allocatedAt[i - first];
    if (live + *transient > peak) {
      peak = live + *transient;
      peakOp = records[i].name;
    }
    live -= freedAfter[i - first];
  }
  if (!out.peakActivationBytes || peak > *out.peakActivationBytes) {
    out.peakActivationBytes = peak;
    out.peakOp = peakOp;
  }
}

ForwardMemory carbon::forwardMemory(const CostAnalysis &analysis,
                                    unsigned floatBits) {
  ForwardMemory memory;
  ArrayRef<OpCostRecord> records = analysis.getOpCosts();
  llvm::DenseMap<Operation *, size_t> index;
  for (size_t i = 0; i < records.size(); ++i)
    index[records[i].op] = i;
  // The records of each entry function follow one another.
  size_t first = 0;
  while (first < records.size()) {
    auto f = records[first].op->getParentOfType<func::FuncOp>();
    size_t last = first + 1;
    while (last < records.size() &&
           records[last].op->getParentOfType<func::FuncOp>() == f)
      ++last;
    if (f)
      functionMemory(f, records, index, first, last, floatBits, memory);
    if (!memory.unknownReason.empty()) {
      memory.peakActivationBytes.reset();
      memory.peakOp.clear();
    }
    first = last;
  }
  return memory;
}
