//===- UpstreamCostModels.cpp - Cost of linalg, tosa and scf ops -*- C++ -*-=//
//
// This file implements CostOpInterface for upstream dialects, so the
// analysis works on IR lowered by torch-mlir, IREE or StableHLO as well as
// on imported ONNX: linalg structured ops are counted generically from
// their iteration domain and the arithmetic in their body, tosa ops by
// formula, scf.for as trip count x body and scf.if as its costlier branch.
//
//===----------------------------------------------------------------------===//

#include "carbon/CostModels/CostModels.h"

#include "carbon/Interfaces/CostOpInterface.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Tosa/IR/TosaOps.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/IR/Matchers.h"

using namespace mlir;
using namespace carbon;

static Type firstElementType(Operation *op) {
  for (Value v : op->getOperands())
    if (auto t = dyn_cast<ShapedType>(v.getType()))
      return t.getElementType();
  return {};
}

//===----------------------------------------------------------------------===//
// linalg
//===----------------------------------------------------------------------===//

/// Ops that convert or name values without arithmetic.
static bool isConversion(Operation &op) {
  return isa<arith::ExtFOp, arith::TruncFOp, arith::ExtSIOp, arith::ExtUIOp,
             arith::TruncIOp, arith::SIToFPOp, arith::UIToFPOp,
             arith::FPToSIOp, arith::FPToUIOp, arith::IndexCastOp,
             arith::BitcastOp>(op);
}

/// math ops that are plain arithmetic rather than transcendental functions.
static bool isArithmeticMathOp(Operation &op) {
  return isa<math::AbsFOp, math::AbsIOp, math::FloorOp, math::CeilOp,
             math::RoundOp, math::RoundEvenOp, math::TruncOp,
             math::CopySignOp, math::FmaOp>(op);
}

/// The arithmetic of one iteration of a linalg body: each arith and math op
/// is one FLOP or one transcendental; a multiplication whose only user is
/// an addition is one MAC (two FLOPs). Casts, constants and the yield are
/// free.
static WorkCounts bodyArithmetic(Block &body) {
  WorkCounts w;
  for (Operation &op : body) {
    if (isa<linalg::YieldOp, arith::ConstantOp, linalg::IndexOp>(op) ||
        isConversion(op))
      continue;
    if (isa<math::MathDialect>(op.getDialect())) {
      // Absolute value, rounding and sign are arithmetic; the rest (exp,
      // log, tanh, erf, sqrt, rsqrt, pow, trigonometry) transcendental.
      if (isArithmeticMathOp(op))
        w.flops += isa<math::FmaOp>(op) ? 2 : 1;
      else
        w.transcendentals += 1;
      if (isa<math::FmaOp>(op))
        w.macs += 1;
      continue;
    }
    if (isa<arith::MulFOp, arith::MulIOp>(op) && op.hasOneUse() &&
        isa<arith::AddFOp, arith::AddIOp>(*op.getUsers().begin())) {
      // Counted with its addition.
      w.macs += 1;
      w.flops += 2;
      continue;
    }
    if ((isa<arith::AddFOp, arith::AddIOp>(op)) &&
        llvm::any_of(op.getOperands(), [](Value v) {
          Operation *def = v.getDefiningOp();
          return def && isa<arith::MulFOp, arith::MulIOp>(def) &&
                 def->hasOneUse();
        }))
      continue;
    w.flops += 1;
  }
  return w;
}

namespace {
template <typename OpTy>
struct LinalgOpCostModel
    : public CostOpInterface::ExternalModel<LinalgOpCostModel<OpTy>, OpTy> {
  FailureOr<OpWork> computeWork(Operation *op, std::string &whyNot) const {
    auto linalgOp = cast<linalg::LinalgOp>(op);
    SmallVector<int64_t> ranges = linalgOp.getStaticLoopRanges();
    int64_t points = 1;
    for (int64_t r : ranges) {
      if (ShapedType::isDynamic(r)) {
        whyNot = "its iteration domain is not static";
        return failure();
      }
      points *= r;
    }
    OpWork work;
    work.computeType = firstElementType(op);
    WorkCounts perPoint = bodyArithmetic(*linalgOp.getBlock());
    work.forward = perPoint.scaled(points);
    // The gradient with respect to each input is another sweep over the
    // same domain (dA = dY B^T for a matmul: the same MACs).
    for (OpOperand *input : linalgOp.getDpsInputOperands())
      work.setGradient(input->getOperandNumber(), work.forward);
    work.savesActivations = linalgOp.getNumReductionLoops() > 0 ||
                            perPoint.transcendentals > 0;
    return work;
  }
  bool isParameterOperand(Operation *op, unsigned index) const {
    return cast<linalg::LinalgOp>(op).isDpsInput(&op->getOpOperand(index));
  }
  FailureOr<RegionCostRule> getRegionCostRule(Operation *,
                                              std::string &) const {
    // The body is the per-point arithmetic above, not more work.
    return RegionCostRule::none();
  }
};

template <typename... OpTys>
void attachLinalgModels(MLIRContext *ctx) {
  (OpTys::template attachInterface<LinalgOpCostModel<OpTys>>(*ctx), ...);
}
} // namespace

//===----------------------------------------------------------------------===//
// tosa
//===----------------------------------------------------------------------===//

static std::optional<ArrayRef<int64_t>> staticShape(Value v) {
  auto t = dyn_cast<RankedTensorType>(v.getType());
  if (!t || !t.hasStaticShape())
    return std::nullopt;
  return t.getShape();
}

static int64_t product(ArrayRef<int64_t> dims) {
  int64_t n = 1;
  for (int64_t d : dims)
    n *= d;
  return n;
}

/// tosa ops by formula (TOSA 1.0 specification operand orders).
static FailureOr<OpWork> tosaWork(Operation *op, std::string &whyNot) {
  {
    OpWork work;
    work.computeType = firstElementType(op);
    auto out = op->getNumResults() ? staticShape(op->getResult(0)) : std::nullopt;
    if (op->getNumResults() && !out) {
      whyNot = "result #0 has a shape that is not static";
      return failure();
    }
    int64_t n = out ? product(*out) : 0;
    StringRef name = op->getName().stripDialect();
    auto fail = [&](StringRef reason) -> FailureOr<OpWork> {
      whyNot = reason.str();
      return failure();
    };
    auto weightShape = [&](unsigned i) { return staticShape(op->getOperand(i)); };

    if (name == "conv2d" || name == "conv3d") {
      // Weight [Cout, KH, (KD,) KW, Cin]: each output is a dot product over
      // everything after Cout.
      auto w = weightShape(1);
      if (!w)
        return fail("the weight shape is not static");
      int64_t macs = n * product(w->drop_front());
      work.forward = {macs, 2 * macs + n, 0}; // bias add per output
      work.setGradient(0, WorkCounts::contraction(macs));
      work.setGradient(1, WorkCounts::contraction(macs));
      work.savesActivations = true;
    } else if (name == "depthwise_conv2d") {
      // Weight [KH, KW, C, M]: KH x KW MACs per output.
      auto w = weightShape(1);
      if (!w || w->size() != 4)
        return fail("the weight shape is not static");
      int64_t macs = n * (*w)[0] * (*w)[1];
      work.forward = {macs, 2 * macs + n, 0};
      work.setGradient(0, WorkCounts::contraction(macs));
      work.setGradient(1, WorkCounts::contraction(macs));
      work.savesActivations = true;
    } else if (name == "transpose_conv2d") {
      // Each input element spreads over Cout x KH x KW outputs.
      auto x = staticShape(op->getOperand(0));
      auto w = weightShape(1);
      if (!x || !w)
        return fail("an operand shape is not static");
      int64_t macs = product(*x) * (*w)[0] * (*w)[1] * (*w)[2];
      work.forward = {macs, 2 * macs + n, 0};
      work.setGradient(0, WorkCounts::contraction(macs));
      work.setGradient(1, WorkCounts::contraction(macs));
      work.savesActivations = true;
    } else if (name == "matmul") {
      // [N, H, C] x [N, C, W]: C MACs per output.
      auto a = staticShape(op->getOperand(0));
      if (!a)
        return fail("operand #0 has a shape that is not static");
      int64_t macs = n * a->back();
      work.forward = WorkCounts::contraction(macs);
      work.setGradient(0, WorkCounts::contraction(macs));
      work.setGradient(1, WorkCounts::contraction(macs));
      work.savesActivations = true;
    } else if (name == "avg_pool2d" || name == "max_pool2d") {
      auto kernel = op->getAttrOfType<DenseI64ArrayAttr>("kernel");
      if (!kernel)
        return fail("kernel is missing");
      int64_t window = product(kernel.asArrayRef());
      work.forward = WorkCounts::arithmetic(n * window + (name == "avg_pool2d" ? n : 0));
      work.setGradient(0, WorkCounts::arithmetic(name == "avg_pool2d" ? n * window : n));
    } else if (name.starts_with("reduce_") || name == "argmax") {
      auto x = staticShape(op->getOperand(0));
      if (!x)
        return fail("operand #0 has a shape that is not static");
      work.forward = WorkCounts::arithmetic(product(*x));
    } else if (llvm::is_contained({"exp", "log", "tanh", "sigmoid", "reciprocal",
                                   "rsqrt", "sin", "cos", "pow", "erf"},
                                  name)) {
      work.forward = WorkCounts::transcendental(n);
      work.forward.flops = name == "sigmoid" ? 3 * n : 0;
      work.setGradient(0, WorkCounts::arithmetic(3 * n));
      work.savesActivations = true;
    } else if (llvm::is_contained({"add", "sub", "mul", "maximum", "minimum",
                                   "abs", "negate", "floor", "ceil", "clamp",
                                   "equal", "greater", "greater_equal",
                                   "logical_and", "logical_or", "logical_not",
                                   "logical_xor", "select", "bitwise_and",
                                   "bitwise_or", "bitwise_xor", "bitwise_not",
                                   "arithmetic_right_shift", "logical_left_shift",
                                   "logical_right_shift", "intdiv", "table",
                                   "rescale"},
                                  name)) {
      work.forward = WorkCounts::arithmetic(n * (name == "clamp" ? 2 : 1));
      for (unsigned i = 0; i < op->getNumOperands(); ++i)
        work.setGradient(i, WorkCounts::arithmetic(name == "mul" ? n : 0));
      work.savesActivations = name == "mul" || name == "clamp";
    } else if (name == "reshape" || name == "identity") {
      work.viewOfOperand = true;
    } else if (llvm::is_contained({"transpose", "concat", "slice", "pad",
                                   "tile", "gather", "scatter", "const",
                                   "const_shape", "cast", "reverse", "resize",
                                   "yield"},
                                  name)) {
      // Data movement (resize in nearest mode); bytes only.
      if (name == "resize" &&
          op->getAttrOfType<StringAttr>("mode") &&
          op->getAttrOfType<StringAttr>("mode").getValue() != "NEAREST_NEIGHBOR")
        work.forward = WorkCounts::arithmetic(n * 7); // bilinear: 4 mul, 3 add
    } else {
      return fail(("no cost formula for tosa." + name).str());
    }
    return work;
  }
}

namespace {
template <typename OpTy>
struct TosaOpCostModel
    : public CostOpInterface::ExternalModel<TosaOpCostModel<OpTy>, OpTy> {
  FailureOr<OpWork> computeWork(Operation *op, std::string &whyNot) const {
    return tosaWork(op, whyNot);
  }
  bool isParameterOperand(Operation *, unsigned) const { return true; }
  FailureOr<RegionCostRule> getRegionCostRule(Operation *, std::string &) const {
    return RegionCostRule::sum();
  }
};

template <typename... OpTys>
void attachTosaModels(MLIRContext *ctx) {
  (OpTys::template attachInterface<TosaOpCostModel<OpTys>>(*ctx), ...);
}
} // namespace

//===----------------------------------------------------------------------===//
// arith, math, tensor
//===----------------------------------------------------------------------===//

namespace {
/// arith and math ops on scalars or tensors: one operation per element
/// (math's transcendental functions counted apart, as in linalg bodies);
/// casts and the tensor dialect's ops move data only.
struct ElementwiseUpstreamCostModel
    : public CostOpInterface::FallbackModel<ElementwiseUpstreamCostModel> {
  FailureOr<OpWork> computeWork(Operation *op, std::string &whyNot) const {
    OpWork work;
    work.computeType = firstElementType(op);
    // A reshape of a tensor is its buffer under another shape once
    // bufferized (memref.collapse_shape, expand_shape, reshape).
    work.viewOfOperand = isa<tensor::CollapseShapeOp, tensor::ExpandShapeOp,
                             tensor::ReshapeOp, tensor::CastOp>(op);
    if (isa<tensor::TensorDialect>(op->getDialect()) || isConversion(*op))
      return work;
    int64_t n = 1;
    if (op->getNumResults()) {
      Type t = op->getResult(0).getType();
      if (auto shaped = dyn_cast<ShapedType>(t)) {
        if (!shaped.hasStaticShape()) {
          whyNot = "result #0 has a shape that is not static";
          return failure();
        }
        n = shaped.getNumElements();
      }
    }
    bool transcendental =
        isa<math::MathDialect>(op->getDialect()) && !isArithmeticMathOp(*op);
    work.forward = transcendental ? WorkCounts::transcendental(n)
                                  : WorkCounts::arithmetic(n);
    for (unsigned i = 0; i < op->getNumOperands(); ++i)
      work.setGradient(i, WorkCounts::arithmetic(n));
    return work;
  }
  bool isParameterOperand(Operation *, unsigned) const { return true; }
  FailureOr<RegionCostRule> getRegionCostRule(Operation *, std::string &) const {
    return RegionCostRule::sum();
  }
};
} // namespace

//===----------------------------------------------------------------------===//
// scf
//===----------------------------------------------------------------------===//

namespace {
struct ForOpCostModel
    : public CostOpInterface::ExternalModel<ForOpCostModel, scf::ForOp> {
  FailureOr<OpWork> computeWork(Operation *, std::string &) const {
    return OpWork();
  }
  bool isParameterOperand(Operation *, unsigned) const { return false; }
  FailureOr<RegionCostRule> getRegionCostRule(Operation *op,
                                              std::string &whyNot) const {
    auto forOp = cast<scf::ForOp>(op);
    APInt lb, ub, step;
    if (!matchPattern(forOp.getLowerBound(), m_ConstantInt(&lb)) ||
        !matchPattern(forOp.getUpperBound(), m_ConstantInt(&ub)) ||
        !matchPattern(forOp.getStep(), m_ConstantInt(&step)) ||
        step.getSExtValue() <= 0) {
      whyNot = "the loop bounds are not constants";
      return failure();
    }
    int64_t span = ub.getSExtValue() - lb.getSExtValue();
    int64_t trips = span <= 0 ? 0 : (span + step.getSExtValue() - 1) /
                                        step.getSExtValue();
    return RegionCostRule::sum(trips);
  }
};

struct IfOpCostModel
    : public CostOpInterface::ExternalModel<IfOpCostModel, scf::IfOp> {
  FailureOr<OpWork> computeWork(Operation *, std::string &) const {
    return OpWork();
  }
  bool isParameterOperand(Operation *, unsigned) const { return false; }
  FailureOr<RegionCostRule> getRegionCostRule(Operation *,
                                              std::string &) const {
    return RegionCostRule::max();
  }
};
} // namespace

/// Attaches `Model` to every op of `dialect`. Not through
/// MLIRContext::getRegisteredOperationsByDialect: it binary-searches by
/// dialect namespace a list sorted by full op name, and returned no math
/// op here (nor tensor's once tosa loaded the dialect), which left them
/// without a cost formula.
template <typename Model>
static void attachToEveryOp(MLIRContext *ctx, Dialect *dialect) {
  for (RegisteredOperationName name : ctx->getRegisteredOperations())
    if (&name.getDialect() == dialect)
      name.attachInterface<Model>();
}

void carbon::registerUpstreamCostModels(DialectRegistry &registry) {
  registry.addExtension(+[](MLIRContext *ctx, linalg::LinalgDialect *) {
    attachLinalgModels<
#define GET_OP_LIST
#include "mlir/Dialect/Linalg/IR/LinalgStructuredOps.cpp.inc"
        >(ctx);
  });
  registry.addExtension(+[](MLIRContext *ctx, tosa::TosaDialect *) {
    attachTosaModels<
#define GET_OP_LIST
#include "mlir/Dialect/Tosa/IR/TosaOps.cpp.inc"
        >(ctx);
  });
  registry.addExtension(+[](MLIRContext *ctx, arith::ArithDialect *dialect) {
    attachToEveryOp<ElementwiseUpstreamCostModel>(ctx, dialect);
  });
  registry.addExtension(+[](MLIRContext *ctx, math::MathDialect *dialect) {
    attachToEveryOp<ElementwiseUpstreamCostModel>(ctx, dialect);
  });
  registry.addExtension(+[](MLIRContext *ctx, tensor::TensorDialect *dialect) {
    attachToEveryOp<ElementwiseUpstreamCostModel>(ctx, dialect);
  });
  registry.addExtension(+[](MLIRContext *ctx, scf::SCFDialect *) {
    scf::ForOp::attachInterface<ForOpCostModel>(*ctx);
    scf::IfOp::attachInterface<IfOpCostModel>(*ctx);
  });
}
