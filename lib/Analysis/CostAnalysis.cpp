//===- CostAnalysis.cpp - FLOPs, bytes and parameters of a module -*- C++ -*-//
//
// This file implements CostAnalysis. Ops report their arithmetic through
// CostOpInterface; everything that is the same for every op is derived
// here: bytes moved (each operand and result once), parameters (each
// initializer once, however many ops read it), which gradients the
// backward pass needs, and how regions and callees add up.
//
//===----------------------------------------------------------------------===//

#include "carbon/Analysis/CostAnalysis.h"

#include "carbon/Dialect/ONNX/ONNXOps.h"
#include "carbon/Interfaces/CountOverflow.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/SymbolTable.h"
#include "mlir/Interfaces/CallInterfaces.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/StringSet.h"

using namespace mlir;
using namespace carbon;

std::optional<int64_t> carbon::bytesOf(Type t, unsigned floatBits) {
  auto shaped = dyn_cast<ShapedType>(t);
  if (!shaped) {
    if (t.isIntOrIndexOrFloat())
      return t.isIndex() ? 8 : (t.getIntOrFloatBitWidth() + 7) / 8;
    return std::nullopt;
  }
  if (!shaped.hasStaticShape())
    return std::nullopt;
  Type elem = shaped.getElementType();
  int64_t bits;
  if (auto complex = dyn_cast<ComplexType>(elem))
    bits = 2 * complex.getElementType().getIntOrFloatBitWidth();
  else if (elem.isIndex())
    bits = 64;
  else if (isa<FloatType>(elem) && floatBits)
    bits = floatBits;
  else if (elem.isIntOrFloat())
    bits = elem.getIntOrFloatBitWidth();
  else
    return std::nullopt;
  // Booleans take a byte each; sub-byte types pack.
  if (bits == 1)
    bits = 8;
  return (shaped.getNumElements() * bits + 7) / 8;
}

/// Total bytes of `values`; nullopt, with `reason` naming the first value
/// whose size is not static, when one is not.
static std::optional<int64_t> sumBytes(ValueRange values, StringRef what,
                                       std::string &reason,
                                       unsigned floatBits) {
  int64_t total = 0;
  for (auto [i, v] : llvm::enumerate(values)) {
    std::optional<int64_t> bytes = bytesOf(v.getType(), floatBits);
    if (!bytes) {
      std::string type;
      llvm::raw_string_ostream os(type);
      os << v.getType();
      reason = (what + " #" + llvm::Twine(i) + " has no static size: " + type).str();
      return std::nullopt;
    }
    total += *bytes;
  }
  return total;
}

static int64_t elementsOf(Type t) {
  auto shaped = dyn_cast<ShapedType>(t);
  return shaped && shaped.hasStaticShape() ? shaped.getNumElements() : 0;
}

/// Ops that present a parameter under another shape or type without
/// computing anything new from it: a parameter seen through them is still
/// the parameter.
static bool isParameterView(Operation *op) {
  StringRef name = op->getName().getStringRef();
  for (StringRef view : {"onnx.Transpose", "onnx.Reshape", "onnx.Cast",
                         "onnx.Identity", "onnx.Squeeze", "onnx.Unsqueeze",
                         "onnx.Flatten", "onnx.DequantizeLinear"})
    if (name == view || name.starts_with((view + "V").str()))
      return true;
  return false;
}

/// The initializer a parameter value comes from, looking through views.
static Value parameterRoot(Value v) {
  while (Operation *def = v.getDefiningOp()) {
    if (isa<carbon::onnx::InitializerOp>(def))
      return v;
    if (!isParameterView(def) || def->getNumOperands() == 0)
      return {};
    v = def->getOperand(0);
  }
  return {};
}

/// Whether an initializer's elements are trainable numbers: floats, and the
/// 8- and 4-bit integers of quantized weights (not shapes or indices).
static bool isTrainableElementType(Type t) {
  Type elem = getElementTypeOrSelf(t);
  if (isa<FloatType>(elem))
    return true;
  auto integer = dyn_cast<IntegerType>(elem);
  return integer && integer.getWidth() <= 8 && integer.getWidth() > 1;
}

namespace {
/// One walk over the entry functions.
class CostWalker {
public:
  CostWalker(Operation *root, CostOptions options)
      : root(root), options(options) {}

  void run(std::vector<OpCostRecord> &records, CostTotals &totals);

private:
  /// Adds the cost of a block's ops to `sum`; `records` receives one record
  /// per op when non-null. `allCounted` turns false, with `whyNot` naming
  /// the first op that could not be counted, when one cannot.
  void walkBlock(Block &block, std::vector<OpCostRecord> *records,
                 OpCostRecord &sum, bool &allCounted, std::string &whyNot);
  /// The op's record, not counted when a count overflows int64_t.
  OpCostRecord costOp(Operation *op);
  OpCostRecord costOpUnchecked(Operation *op);
  void costCall(CallOpInterface call, OpCostRecord &record);
  void costInterfaceOp(CostOpInterface costOp, OpCostRecord &record);
  void costRegions(CostOpInterface costOp, OpCostRecord &record);
  /// The tensors of `op`'s forward pass that its backward pass reads
  /// (OpWork::saved), its weights and initializers among them.
  llvm::SmallVector<Value, 2> backwardReads(Operation *op, const OpWork &work);

  /// Whether `user` reads a parameter as its operand `index`. Views of a
  /// parameter (a Transpose of a tied embedding, an Identity in front of
  /// running statistics) never decide: their readers do, through them.
  bool isParameter(Operation *user, unsigned index, Value v) {
    if (isParameterView(user))
      return false;
    if (auto costOp = dyn_cast<CostOpInterface>(user))
      if (!costOp.isParameterOperand(index))
        return false;
    Value rootValue = parameterRoot(v);
    return rootValue && isTrainableElementType(rootValue.getType());
  }

  Operation *root;
  CostOptions options;
  SymbolTableCollection symbols;
  /// Initializers already counted as parameters.
  llvm::DenseSet<Value> countedParameters;
  /// Values that depend on a parameter: their gradients are needed.
  llvm::DenseSet<Value> needsGradient;
  /// Small integer tensors known from static shapes and constants alone
  /// (isShapeArithmetic).
  llvm::DenseSet<Value> shapeValues;
  /// Calls whose callee is being walked (recursion guard).
  llvm::DenseSet<Operation *> activeCallees;

  bool isShapeArithmetic(Operation *op, bool readsOperandData);
  int64_t uncertainFlops = 0;
  int64_t opIndex = 0;
};
} // namespace

static std::string recordName(Operation *op, int64_t index) {
  if (auto name = dyn_cast<NameLoc>(op->getLoc()))
    return name.getName().str();
  return (op->getName().getStringRef() + "#" + llvm::Twine(index)).str();
}

/// Ops that carry no work and are not listed: terminators, initializers
/// and constants (whose values are data, not computation).
static bool isFree(Operation *op) {
  return op->hasTrait<OpTrait::IsTerminator>() ||
         op->hasTrait<OpTrait::ConstantLike>() ||
         isa<carbon::onnx::InitializerOp>(op);
}

void CostWalker::costInterfaceOp(CostOpInterface costOp, OpCostRecord &record) {
  Operation *op = costOp.getOperation();
  std::string whyNot;
  FailureOr<OpWork> work = costOp.computeWork(whyNot);
  if (failed(work)) {
    record.reason = whyNot.empty() ? "its cost formula failed" : whyNot;
    return;
  }
  record.computeType = work->computeType;
  record.savesActivations = work->savesActivations;
  record.inferenceOnly = work->inferenceOnly;
  if (isShapeArithmetic(op, work->readsOperandData))
    record.folded = Folded::ShapeArithmetic;
  else if (work->viewOfOperand)
    record.folded = Folded::View;
  else if (work->isConstantData)
    record.folded = Folded::Constant;
  record.forward.work = work->forward;

  // Bytes: every tensor operand and result once (of a lookup's data, the
  // elements its result holds: OpWork::operandElementsRead). Absent
  // optional operands are not operands at all.
  TrafficCounts traffic;
  std::optional<int64_t> written =
      sumBytes(op->getResults(), "result", record.reason, options.floatBits);
  std::optional<int64_t> read =
      sumBytes(op->getOperands(), "operand", record.reason, options.floatBits);
  if (!read || !written)
    return;
  // Of a value touched in part (OpWork::operandElementsRead and
  // resultElementsWritten), the bytes left untouched.
  auto untouchedBytes = [&](ValueRange values,
                            ArrayRef<int64_t> touched) -> int64_t {
    int64_t bytes = 0;
    for (auto [v, elements] : llvm::zip(values, touched)) {
      int64_t whole = elementsOf(v.getType());
      if (elements > 0 && elements < whole)
        bytes += *bytesOf(v.getType(), options.floatBits) / whole *
                 (whole - elements);
    }
    return bytes;
  };
  *read -= untouchedBytes(op->getOperands(), work->operandElementsRead);
  *written -= untouchedBytes(op->getResults(), work->resultElementsWritten);
  traffic.bytesRead = work->readsOperandData ? *read : 0;
  traffic.bytesWritten = *written;
  record.forward.traffic = traffic;

  // Parameters, each counted at its first reader.
  bool participates = false;
  for (auto [i, v] : llvm::enumerate(op->getOperands())) {
    bool isParam = isParameter(op, i, v);
    if (isParam) {
      Value rootValue = parameterRoot(v);
      if (countedParameters.insert(rootValue).second) {
        int64_t packed =
            i < work->parameterElements.size() ? work->parameterElements[i] : 0;
        record.params += packed > 0 ? packed : elementsOf(rootValue.getType());
        record.paramBytes += *bytesOf(rootValue.getType(), options.floatBits);
      }
    }
    participates |= isParam || needsGradient.contains(v);
  }

  // Backward: only ops downstream of a parameter take part. Each operand's
  // gradient goes to the weights when it is a parameter, to the data when
  // it depends on one, and nowhere otherwise.
  if (!participates)
    return;
  for (Value r : op->getResults())
    needsGradient.insert(r);
  TrafficCounts dataTraffic, weightTraffic;
  // The incoming dY, read by the op's backward kernel; a product computes
  // each factor's gradient in a kernel of its own that reads dY (PyTorch's
  // MmBackward and MulBackward, cuDNN's backward-data and backward-filter
  // convolutions, a bias's reduction of dY), so it reads dY per gradient.
  int64_t incomingGradientBytes = traffic.bytesWritten;
  bool kernelPerGradient =
      work->saved == SavedTensors::OperandsForOtherGradients;
  if (!kernelPerGradient)
    dataTraffic.bytesRead = incomingGradientBytes;
  // And what the derivatives read: the forward reads of an op that keeps
  // its operands, else the tensors SavedTensors names, weights included
  // (a product's input gradient reads the weight). The model's own data
  // (a weight, through views too) is no activation a training run keeps.
  llvm::SmallVector<Value, 2> reads;
  if (work->savesActivations) {
    reads = backwardReads(op, *work);
    if (work->saved == SavedTensors::Operands)
      dataTraffic.bytesRead += traffic.bytesRead;
    else
      for (Value v : reads)
        dataTraffic.bytesRead +=
            bytesOf(v.getType(), options.floatBits).value_or(0);
  }
  for (Value v : reads)
    if (!parameterRoot(v))
      record.savedForBackward.push_back(v);
  // The statistics passes of a normalization (OpWork::statisticsPasses),
  // charged to the backward pass like the argmax below.
  if (work->statisticsPasses && op->getNumOperands() > 0)
    dataTraffic.bytesRead +=
        2 * bytesOf(op->getOperand(0).getType(), options.floatBits)
                .value_or(0) +
        incomingGradientBytes;
  // A max pool's argmax: the training forward pass writes it and the
  // backward pass reads it. Charged to the backward pass, which is what a
  // training run adds to the op's inference cost; the Indices result
  // where the graph computes one is in the forward traffic already.
  if (work->savesActivations && work->argmaxElements > 0) {
    if (op->getNumResults() > 1) {
      record.savedForBackward.push_back(op->getResult(1));
      dataTraffic.bytesRead +=
          bytesOf(op->getResult(1).getType(), options.floatBits).value_or(0);
    } else {
      constexpr int64_t kIndexBytes = 8; // ATen's kLong
      record.savedIndexBytes = work->argmaxElements * kIndexBytes;
      dataTraffic.bytesRead += record.savedIndexBytes;
      dataTraffic.bytesWritten += record.savedIndexBytes;
    }
  }
  for (auto [i, v] : llvm::enumerate(op->getOperands())) {
    WorkCounts g = i < work->gradients.size() ? work->gradients[i] : WorkCounts();
    int64_t bytes = bytesOf(v.getType(), options.floatBits).value_or(0);
    if (isParameter(op, i, v)) {
      record.backwardWeights.work += g;
      weightTraffic.bytesWritten += bytes;
      if (kernelPerGradient)
        weightTraffic.bytesRead += incomingGradientBytes;
    } else if (needsGradient.contains(v)) {
      record.backwardData.work += g;
      dataTraffic.bytesWritten += bytes;
      if (kernelPerGradient)
        dataTraffic.bytesRead += incomingGradientBytes;
    }
  }
  record.backwardData.traffic = dataTraffic;
  record.backwardWeights.traffic = weightTraffic;
}

llvm::SmallVector<Value, 2> CostWalker::backwardReads(Operation *op,
                                                      const OpWork &work) {
  auto getsGradient = [&](unsigned i) {
    Value v = op->getOperand(i);
    return isParameter(op, i, v) || needsGradient.contains(v);
  };
  llvm::SmallVector<Value, 2> reads;
  auto keep = [&](Value v) {
    if (!llvm::is_contained(reads, v))
      reads.push_back(v);
  };
  unsigned n = op->getNumOperands();
  switch (work.saved) {
  case SavedTensors::Operands:
    for (Value v : op->getOperands())
      keep(v);
    break;
  case SavedTensors::OperandsForOtherGradients:
    for (unsigned i = 0; i < n; ++i)
      for (unsigned j = 0; j < n; ++j)
        if (j != i && getsGradient(j)) {
          keep(op->getOperand(i));
          break;
        }
    break;
  case SavedTensors::Results:
    for (Value v : op->getResults())
      keep(v);
    break;
  case SavedTensors::FirstOperand:
    if (n > 0)
      keep(op->getOperand(0));
    break;
  }
  return reads;
}

void CostWalker::costRegions(CostOpInterface costOp, OpCostRecord &record) {
  Operation *op = costOp.getOperation();
  std::string whyNot;
  FailureOr<RegionCostRule> rule = costOp.getRegionCostRule(whyNot);
  if (failed(rule)) {
    record.reason = whyNot;
    return;
  }
  if (rule->combine == RegionCostRule::Combine::None)
    return;
  std::vector<OpCostRecord> perRegion;
  for (Region &region : op->getRegions()) {
    OpCostRecord sum;
    if (region.empty()) {
      perRegion.push_back(sum);
      continue;
    }
    bool allCounted = true;
    std::string inner;
    walkBlock(region.front(), nullptr, sum, allCounted, inner);
    if (!allCounted) {
      record.reason = "its body is not fully counted: " + inner;
      return;
    }
    perRegion.push_back(sum);
  }
  if (perRegion.empty())
    return;
  OpCostRecord combined;
  if (rule->combine == RegionCostRule::Combine::Max) {
    auto flops = [](const OpCostRecord &r) { return r.forward.work.flops; };
    auto most = std::max_element(perRegion.begin(), perRegion.end(),
                                 [&](auto &a, auto &b) { return flops(a) < flops(b); });
    auto least = std::min_element(perRegion.begin(), perRegion.end(),
                                  [&](auto &a, auto &b) { return flops(a) < flops(b); });
    uncertainFlops += flops(*most) - flops(*least);
    combined = *most;
  } else {
    for (const OpCostRecord &r : perRegion) {
      combined.forward += r.forward.scaled(rule->multiplier);
      combined.backwardData += r.backwardData.scaled(rule->multiplier);
      combined.backwardWeights += r.backwardWeights.scaled(rule->multiplier);
      combined.params += r.params;
      combined.paramBytes += r.paramBytes;
    }
  }
  record.forward += combined.forward;
  record.backwardData += combined.backwardData;
  record.backwardWeights += combined.backwardWeights;
  record.params += combined.params;
  record.paramBytes += combined.paramBytes;
}

void CostWalker::costCall(CallOpInterface call, OpCostRecord &record) {
  auto callee = dyn_cast_if_present<func::FuncOp>(
      call.resolveCallableInTable(&symbols));
  if (!callee || callee.isExternal()) {
    record.reason = "its callee has no body";
    return;
  }
  if (!activeCallees.insert(callee).second) {
    record.reason = "its callee is recursive";
    return;
  }
  bool allCounted = true;
  std::string inner;
  // Arguments that need gradients make the callee's arguments need them.
  for (auto [arg, operand] :
       llvm::zip(callee.getArguments(), call.getArgOperands()))
    if (needsGradient.contains(operand))
      needsGradient.insert(arg);
  walkBlock(callee.front(), nullptr, record, allCounted, inner);
  activeCallees.erase(callee);
  if (!allCounted) {
    record.reason = "callee @" + callee.getSymName().str() +
                    " is not fully counted: " + inner;
    return;
  }
  // Results depend on parameters when the callee's returned values do.
  auto ret = cast<func::ReturnOp>(callee.front().getTerminator());
  for (auto [result, value] : llvm::zip(call->getResults(), ret.getOperands()))
    if (needsGradient.contains(value))
      needsGradient.insert(result);
  record.counted = true;
}

/// Shape arithmetic an exporter left in the graph (a Shape of a statically
/// shaped tensor, then Gather, Div, Concat... of it and of constants): every
/// result a small integer tensor whose value the static shapes and
/// constants decide. Compilers fold it (XLA needs static shapes; ONNX
/// Runtime and TensorRT fold constant subgraphs), so it runs no kernel.
bool CostWalker::isShapeArithmetic(Operation *op, bool readsOperandData) {
  // A shape vector, or a handful of them; larger integer tensors (masks,
  // position ranges) are device work.
  constexpr int64_t maxElements = 64;
  if (op->getNumRegions() > 0 || op->getNumResults() == 0)
    return false;
  for (Value r : op->getResults()) {
    auto t = dyn_cast<ShapedType>(r.getType());
    if (!t || !t.hasStaticShape() || t.getNumElements() > maxElements ||
        !isa<IntegerType, IndexType>(t.getElementType()))
      return false;
  }
  for (Value v : op->getOperands()) {
    // Shape and Size read their operand's type only.
    if (!readsOperandData) {
      auto t = dyn_cast<ShapedType>(v.getType());
      if (!t || !t.hasStaticShape())
        return false;
      continue;
    }
    Operation *def = v.getDefiningOp();
    bool constant = def && (def->hasTrait<OpTrait::ConstantLike>() ||
                            isa<carbon::onnx::InitializerOp>(def));
    if (!constant && !shapeValues.contains(v))
      return false;
  }
  return true;
}

OpCostRecord CostWalker::costOp(Operation *op) {
  CountOverflowScope overflow;
  OpCostRecord record = costOpUnchecked(op);
  if (overflow.overflowed()) {
    OpCostRecord uncounted;
    uncounted.op = record.op;
    uncounted.name = std::move(record.name);
    uncounted.type = std::move(record.type);
    uncounted.reason = "its counts overflow 64-bit integers (over 9.2e18)";
    return uncounted;
  }
  return record;
}

OpCostRecord CostWalker::costOpUnchecked(Operation *op) {
  OpCostRecord record;
  record.op = op;
  record.name = recordName(op, opIndex++);
  record.type = op->getName().getStringRef().str();
  if (auto call = dyn_cast<CallOpInterface>(op)) {
    costCall(call, record);
    return record;
  }
  auto costOp = dyn_cast<CostOpInterface>(op);
  if (!costOp) {
    record.reason = "no cost formula for " + record.type;
    return record;
  }
  costInterfaceOp(costOp, record);
  if (!record.reason.empty())
    return record;
  if (op->getNumRegions() > 0) {
    costRegions(costOp, record);
    if (!record.reason.empty())
      return record;
  }
  record.counted = true;
  if (record.folded == Folded::ShapeArithmetic)
    for (Value r : op->getResults())
      shapeValues.insert(r);
  if (record.folded != Folded::No)
    record.forward = record.backwardData = record.backwardWeights = {};
  return record;
}

void CostWalker::walkBlock(Block &block, std::vector<OpCostRecord> *records,
                           OpCostRecord &sum, bool &allCounted,
                           std::string &whyNot) {
  for (Operation &op : block) {
    if (isFree(&op))
      continue;
    OpCostRecord record = costOp(&op);
    // The sums can overflow where no op does: from there on the ops are
    // named, not added.
    OpCostRecord next = sum;
    {
      CountOverflowScope overflow;
      next.forward += record.forward;
      next.backwardData += record.backwardData;
      next.backwardWeights += record.backwardWeights;
      next.params += record.params;
      next.paramBytes += record.paramBytes;
      if (overflow.overflowed()) {
        record.forward = record.backwardData = record.backwardWeights = {};
        record.params = record.paramBytes = 0;
        record.counted = false;
        record.reason = "the model's totals overflow 64-bit integers here "
                        "(over 9.2e18)";
        next = sum;
      }
    }
    if (!record.counted) {
      if (allCounted)
        whyNot = record.name + " (" + record.type + "): " + record.reason;
      allCounted = false;
    }
    sum = std::move(next);
    if (records)
      records->push_back(std::move(record));
  }
}

/// Ops an inference compiler fuses into the kernel that produces their
/// input: elementwise arithmetic and activations, and inference-mode batch
/// normalization (a per-channel scale and shift, folded into the
/// convolution before it).
static bool isFusibleElementwise(llvm::StringRef type) {
  static const llvm::StringSet<> names = {
      "onnx.Abs",        "onnx.Add",        "onnx.BatchNormalization",
      "onnx.Cast",       "onnx.Celu",       "onnx.Clip",
      "onnx.Div",        "onnx.Elu",        "onnx.Erf",
      "onnx.Exp",        "onnx.Gelu",       "onnx.HardSigmoid",
      "onnx.HardSwish",  "onnx.LeakyRelu",  "onnx.Log",
      "onnx.Mish",       "onnx.Mul",        "onnx.Neg",
      "onnx.Pow",        "onnx.PRelu",      "onnx.Reciprocal",
      "onnx.Relu",       "onnx.Selu",       "onnx.Sigmoid",
      "onnx.Softplus",   "onnx.Softsign",   "onnx.Sqrt",
      "onnx.Sub",        "onnx.Tanh",       "onnx.Where"};
  return names.contains(type);
}

Value carbon::viewedValue(Value v, ArrayRef<OpCostRecord> records,
                          const DenseMap<Operation *, size_t> &index,
                          bool requireSingleUse) {
  while (true) {
    if (requireSingleUse && !v.hasOneUse())
      return nullptr;
    Operation *def = v.getDefiningOp();
    auto it = def ? index.find(def) : index.end();
    if (it == index.end() || records[it->second].folded != Folded::View)
      return v;
    v = def->getOperand(0);
  }
}

/// Elementwise fusion over one list of records (CostOptions::
/// fuseElementwise): the first operand of a fusible op that is the single
/// use of a counted kernel's result (not a folded value: a Constant's data
/// is still read), with as many elements as the op's result,
/// stays on chip: its bytes leave the producer's writes and the op's reads.
static void fuseElementwise(std::vector<OpCostRecord> &records,
                            unsigned floatBits) {
  llvm::DenseMap<Operation *, size_t> index;
  for (size_t i = 0; i < records.size(); ++i)
    index[records[i].op] = i;
  for (OpCostRecord &consumer : records) {
    if (!consumer.counted || !isFusibleElementwise(consumer.type) ||
        consumer.forward.work.macs != 0 || consumer.op->getNumResults() != 1)
      continue;
    auto result = dyn_cast<ShapedType>(consumer.op->getResult(0).getType());
    for (auto [position, operand] :
         llvm::enumerate(consumer.op->getOperands())) {
      auto type = dyn_cast<ShapedType>(operand.getType());
      // A view between the two (a Reshape) keeps the tensor in the
      // producer's buffer, so the producer is the view's source's.
      Value source = viewedValue(operand, records, index,
                                 /*requireSingleUse=*/true);
      Operation *def = source ? source.getDefiningOp() : nullptr;
      auto it = def ? index.find(def) : index.end();
      if (!type || !result || !type.hasStaticShape() ||
          !result.hasStaticShape() ||
          type.getNumElements() != result.getNumElements() ||
          it == index.end() || !records[it->second].counted ||
          records[it->second].folded != Folded::No)
        continue;
      int64_t bytes = bytesOf(type, floatBits).value_or(0);
      consumer.forward.traffic.bytesRead -= bytes;
      records[it->second].forward.traffic.bytesWritten -= bytes;
      consumer.fused = true;
      consumer.fusedOperand = position;
      break;
    }
  }
}

void CostWalker::run(std::vector<OpCostRecord> &records, CostTotals &totals) {
  SmallVector<func::FuncOp> entries;
  root->walk([&](func::FuncOp f) {
    if (f->hasAttr("onnx.main_graph"))
      entries.push_back(f);
  });
  if (entries.empty())
    root->walk([&](func::FuncOp f) {
      if (f.isPublic() && !f.isExternal())
        entries.push_back(f);
    });
  OpCostRecord sum;
  for (func::FuncOp f : entries) {
    bool allCounted = true;
    std::string whyNot;
    walkBlock(f.front(), &records, sum, allCounted, whyNot);
  }
  if (options.fuseElementwise) {
    fuseElementwise(records, options.floatBits);
    sum.forward = {};
    for (const OpCostRecord &r : records)
      sum.forward += r.forward;
  }
  totals.forward = sum.forward;
  totals.backwardData = sum.backwardData;
  totals.backwardWeights = sum.backwardWeights;
  totals.params = sum.params;
  totals.paramBytes = sum.paramBytes;
  totals.ops = records.size();
  for (const OpCostRecord &r : records)
    totals.counted += r.counted;
  totals.certainFlops = totals.forward.work.flops - uncertainFlops;
}

CostAnalysis::CostAnalysis(Operation *root, CostOptions options) {
  CostWalker(root, options).run(records, totals);
}

std::vector<const OpCostRecord *> CostAnalysis::getUncounted() const {
  std::vector<const OpCostRecord *> uncounted;
  for (const OpCostRecord &r : records)
    if (!r.counted)
      uncounted.push_back(&r);
  return uncounted;
}
