//===- ONNXCostModel.cpp - Cost formulas of the onnx ops --------*- C++ -*-===//
//
// This file implements CostOpInterface for every op of the onnx dialect:
// one formula per ONNX operator (all its versions share it), keyed on the
// operator type. The conventions (what a FLOP is for each op class, what the
// backward pass costs) are stated beside each formula and in
// docs/cost-model.md; an operator without a formula is reported by the
// analysis, never counted as zero.
//
//===----------------------------------------------------------------------===//

#include "carbon/CostModels/CostModels.h"

#include "carbon/Dialect/ONNX/ONNXOps.h"
#include "carbon/Interfaces/CostOpInterface.h"

#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Matchers.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringSwitch.h"

#include <cmath>
#include <functional>
#include <map>
#include <set>

using namespace mlir;
using namespace carbon;

//===----------------------------------------------------------------------===//
// Shape helpers
//===----------------------------------------------------------------------===//

namespace {
/// A formula's view of its op: static shapes and attributes, with the first
/// reason it could not be computed.
class OpView {
public:
  OpView(Operation *op, std::string &whyNot) : op(op), whyNot(whyNot) {}

  Operation *op;
  std::string &whyNot;

  bool fail(const llvm::Twine &reason) {
    if (whyNot.empty())
      whyNot = reason.str();
    return false;
  }

  /// The static shape of `v`; records a reason when it is not static.
  std::optional<ArrayRef<int64_t>> shape(Value v, StringRef what) {
    auto ranked = dyn_cast<RankedTensorType>(v.getType());
    if (!ranked || !ranked.hasStaticShape()) {
      std::string type;
      llvm::raw_string_ostream os(type);
      os << v.getType();
      fail(what + " has a shape that is not static: " + type);
      return std::nullopt;
    }
    return ranked.getShape();
  }
  std::optional<ArrayRef<int64_t>> operandShape(unsigned i) {
    if (i >= op->getNumOperands()) {
      fail("operand #" + llvm::Twine(i) + " is absent");
      return std::nullopt;
    }
    return shape(op->getOperand(i), "operand #" + std::to_string(i));
  }
  std::optional<ArrayRef<int64_t>> resultShape(unsigned i = 0) {
    return shape(op->getResult(i), "result #" + std::to_string(i));
  }
  std::optional<int64_t> operandElements(unsigned i) {
    auto s = operandShape(i);
    return s ? std::optional<int64_t>(product(*s)) : std::nullopt;
  }
  std::optional<int64_t> resultElements(unsigned i = 0) {
    auto s = resultShape(i);
    return s ? std::optional<int64_t>(product(*s)) : std::nullopt;
  }

  /// The node attribute `name`: the op's own, or for an onnx.Custom op
  /// (whose node attributes are kept in node_attributes) its node's.
  Attribute attr(StringRef name) {
    if (auto custom = dyn_cast<carbon::onnx::CustomOp>(op))
      return custom.getNodeAttributes().get(name);
    return op->getAttr(name);
  }
  int64_t intAttr(StringRef name, int64_t defaultValue) {
    if (auto a = dyn_cast_or_null<IntegerAttr>(attr(name)))
      return a.getInt();
    return defaultValue;
  }
  float floatAttr(StringRef name, float defaultValue) {
    if (auto a = dyn_cast_or_null<FloatAttr>(attr(name)))
      return a.getValueAsDouble();
    return defaultValue;
  }
  StringRef strAttr(StringRef name, StringRef defaultValue) {
    if (auto a = dyn_cast_or_null<StringAttr>(attr(name)))
      return a.getValue();
    return defaultValue;
  }
  /// The axis attribute `name` (or `value`) of a rank-`rank` tensor, made
  /// non-negative; records a reason when it is outside [-rank, rank).
  /// ONNX 1.12's inference does not check every op's axis.
  std::optional<int64_t> axis(int64_t value, int64_t rank) {
    if (value < -rank || value >= rank) {
      fail("axis " + llvm::Twine(value) + " is outside [" + llvm::Twine(-rank) +
           ", " + llvm::Twine(rank) + ") for a rank-" + llvm::Twine(rank) +
           " tensor");
      return std::nullopt;
    }
    return value < 0 ? value + rank : value;
  }
  std::optional<int64_t> axisAttr(StringRef name, int64_t defaultValue,
                                  int64_t rank) {
    return axis(intAttr(name, defaultValue), rank);
  }
  std::optional<SmallVector<int64_t>> intsAttr(StringRef name) {
    auto a = dyn_cast_or_null<ArrayAttr>(attr(name));
    if (!a)
      return std::nullopt;
    SmallVector<int64_t> v;
    for (Attribute e : a)
      v.push_back(cast<IntegerAttr>(e).getInt());
    return v;
  }

  static int64_t product(ArrayRef<int64_t> dims) {
    int64_t n = 1;
    for (int64_t d : dims)
      n *= d;
    return n;
  }
};
} // namespace

/// The element type an op computes in: its first tensor operand's that is
/// not a boolean condition (Where selects values of its second), else its
/// first result's.
static Type computeTypeOf(Operation *op) {
  for (Value v : op->getOperands())
    if (auto t = dyn_cast<ShapedType>(v.getType());
        t && !t.getElementType().isInteger(1))
      return t.getElementType();
  for (Value v : op->getResults())
    if (auto t = dyn_cast<ShapedType>(v.getType()))
      return t.getElementType();
  return {};
}

/// The integer value of a scalar operand defined by a constant (an
/// onnx.Constant or onnx.Initializer `value`), if any.
static std::optional<int64_t> constantScalar(Value v) {
  Operation *def = v.getDefiningOp();
  auto attr = def ? def->getAttrOfType<DenseIntElementsAttr>("value")
                  : DenseIntElementsAttr();
  if (!attr || attr.getNumElements() != 1)
    return std::nullopt;
  return (*attr.value_begin<APInt>()).getSExtValue();
}

//===----------------------------------------------------------------------===//
// Formulas
//===----------------------------------------------------------------------===//

using Formula = bool (*)(OpView &, OpWork &);

/// Ops that only move or reinterpret data: no arithmetic, forward or
/// backward (their gradient is the inverse data movement, whose bytes the
/// analysis counts).
static bool dataMovement(OpView &, OpWork &w) {
  w.savesActivations = false;
  return true;
}

/// Reshape, Flatten, Squeeze, Unsqueeze and Identity give their operand's
/// buffer a new shape or name (OpWork::viewOfOperand).
static bool view(OpView &v, OpWork &w) {
  w.viewOfOperand = true;
  return dataMovement(v, w);
}

/// A Constant is data (OpWork::isConstantData).
static bool constant(OpView &v, OpWork &w) {
  w.isConstantData = true;
  return dataMovement(v, w);
}

/// Shape and Size read their operand's type, not its data.
static bool shapeQuery(OpView &, OpWork &w) {
  w.readsOperandData = false;
  return true;
}

/// Elementwise ops: `flops` plain operations and `transcendentals`
/// evaluations per output element, and per-operand gradient costs per output
/// element (`gradFlops`, `gradTranscendentals`).
struct ElementwiseCost {
  int flops;
  int transcendentals;
  int gradFlops;
  int gradTranscendentals;
  bool savesActivations;
};

/// Per-element costs of elementwise operators. Division and comparison
/// count as one FLOP; exp, log, tanh, erf, sqrt, reciprocal, pow and the
/// trigonometric functions are transcendentals. Gradients follow the
/// derivative of each function (d/dx tanh = 1 - y^2: 2 FLOPs, times the
/// incoming gradient: 3).
static const llvm::StringMap<ElementwiseCost> &elementwiseCosts() {
  static const llvm::StringMap<ElementwiseCost> table = {
      // Binary arithmetic: y = a op b. Add/Sub pass the gradient through
      // (Sub negates: 1); Mul: dy * other (1); Div: da = dy / b (1),
      // db = -dy * a / b^2 (3); counted as the larger of the two.
      {"Add", {1, 0, 0, 0, false}},
      {"Sub", {1, 0, 1, 0, false}},
      {"Mul", {1, 0, 1, 0, true}},
      {"Div", {1, 0, 3, 0, true}},
      {"Pow", {0, 1, 3, 1, true}},
      {"Mod", {1, 0, 0, 0, false}},
      {"Max", {1, 0, 1, 0, true}},
      {"Min", {1, 0, 1, 0, true}},
      {"PRelu", {2, 0, 2, 0, true}},
      {"BitShift", {1, 0, 0, 0, false}},
      {"BitwiseAnd", {1, 0, 0, 0, false}},
      {"BitwiseOr", {1, 0, 0, 0, false}},
      {"BitwiseXor", {1, 0, 0, 0, false}},
      {"BitwiseNot", {1, 0, 0, 0, false}},
      // Comparisons and logic produce no gradient.
      {"Equal", {1, 0, 0, 0, false}},
      {"Less", {1, 0, 0, 0, false}},
      {"Greater", {1, 0, 0, 0, false}},
      {"LessOrEqual", {1, 0, 0, 0, false}},
      {"GreaterOrEqual", {1, 0, 0, 0, false}},
      {"And", {1, 0, 0, 0, false}},
      {"Or", {1, 0, 0, 0, false}},
      {"Xor", {1, 0, 0, 0, false}},
      {"Not", {1, 0, 0, 0, false}},
      {"IsNaN", {1, 0, 0, 0, false}},
      {"IsInf", {1, 0, 0, 0, false}},
      // Where selects: 1; its gradient routes dy by the mask (1).
      {"Where", {1, 0, 1, 0, true}},
      // Unary arithmetic.
      {"Neg", {1, 0, 1, 0, false}},
      {"Abs", {1, 0, 1, 0, true}},
      {"Sign", {1, 0, 0, 0, false}},
      {"Floor", {1, 0, 0, 0, false}},
      {"Ceil", {1, 0, 0, 0, false}},
      {"Round", {1, 0, 0, 0, false}},
      // Activations: ReLU compares (1), its gradient masks (1).
      {"Relu", {1, 0, 1, 0, true}},
      {"LeakyRelu", {2, 0, 2, 0, true}},
      {"ThresholdedRelu", {2, 0, 2, 0, true}},
      {"Clip", {2, 0, 2, 0, true}},
      {"Shrink", {3, 0, 2, 0, true}},
      // sigmoid(x) = 1 / (1 + exp(-x)): negate, add, divide + 1 exp;
      // gradient dy * y * (1 - y): 3.
      {"Sigmoid", {3, 1, 3, 0, true}},
      // Swish-24 = x sigmoid(alpha x): the scale, the sigmoid and the
      // product, 5 + 1 exp; gradient s + x s (1 - s) alpha, 5.
      {"Swish", {5, 1, 5, 0, true}},
      // hardsigmoid = clip(alpha x + beta, 0, 1): 4; hardswish = x * that: 5.
      {"HardSigmoid", {4, 0, 2, 0, true}},
      {"HardSwish", {5, 0, 4, 0, true}},
      {"Tanh", {0, 1, 3, 0, true}},
      // elu: compare, exp - 1, times alpha; selu adds a scale; celu divides
      // by alpha inside the exp.
      {"Elu", {3, 1, 3, 0, true}},
      {"Selu", {4, 1, 4, 0, true}},
      {"Celu", {4, 1, 4, 0, true}},
      // softplus = log(1 + exp x): 1 add, 2 transcendentals; gradient
      // sigmoid(x) * dy.
      {"Softplus", {1, 2, 3, 1, true}},
      {"Softsign", {3, 0, 4, 0, true}},
      // mish = x * tanh(softplus x): 2 FLOPs, 3 transcendentals.
      {"Mish", {2, 3, 6, 2, true}},
      {"Exp", {0, 1, 1, 0, true}},
      {"Log", {0, 1, 1, 0, true}},
      {"Sqrt", {0, 1, 2, 0, true}},
      {"Reciprocal", {0, 1, 2, 0, true}},
      // erf's derivative 2/sqrt(pi) exp(-x^2): 3 FLOPs + 1 exp, times dy.
      {"Erf", {0, 1, 4, 1, true}},
      {"Sin", {0, 1, 1, 1, true}},
      {"Cos", {0, 1, 1, 1, true}},
      {"Tan", {0, 1, 2, 1, true}},
      {"Asin", {0, 1, 3, 1, true}},
      {"Acos", {0, 1, 3, 1, true}},
      {"Atan", {0, 1, 3, 0, true}},
      {"Sinh", {0, 1, 1, 1, true}},
      {"Cosh", {0, 1, 1, 1, true}},
      {"Asinh", {0, 1, 3, 1, true}},
      {"Acosh", {0, 1, 3, 1, true}},
      {"Atanh", {0, 1, 3, 0, true}},
      // Gelu-20: x * 0.5 * (1 + erf(x / sqrt 2)) (Hendrycks and Gimpel
      // 2016): divide, add, two multiplies + 1 erf; its derivative
      // 0.5 (1 + erf) + x pdf(x) takes 6 + 1 exp.
      {"Gelu", {4, 1, 6, 1, true}},
      // Quantization: x / scale + zero point, round, saturate (3);
      // dequantization: (x - zero point) * scale (2).
      {"QuantizeLinear", {3, 0, 0, 0, false}},
      {"DequantizeLinear", {2, 0, 0, 0, false}},
      {"DynamicQuantizeLinear", {5, 0, 0, 0, false}},
  };
  return table;
}

static bool elementwise(StringRef type, OpView &v, OpWork &w,
                        const ElementwiseCost &c) {
  auto n = v.resultElements();
  if (!n)
    return false;
  w.forward = {0, *n * c.flops, *n * c.transcendentals};
  for (unsigned i = 0; i < v.op->getNumOperands(); ++i)
    w.setGradient(i, {0, *n * c.gradFlops, *n * c.gradTranscendentals});
  w.savesActivations = c.savesActivations;
  // What each derivative reads (SavedTensors).
  if (type == "Mul" || type == "Div")
    w.saved = SavedTensors::OperandsForOtherGradients;
  else if (llvm::is_contained(
               {"Relu", "Sigmoid", "Tanh", "Exp", "Sqrt", "Reciprocal"}, type))
    w.saved = SavedTensors::Results;
  else if (type == "Where")
    w.saved = SavedTensors::FirstOperand;
  return true;
}

/// Sum, Mean, Max, Min with n inputs: n - 1 operations per output element
/// (Mean adds a division).
static bool variadicElementwise(OpView &v, OpWork &w) {
  auto n = v.resultElements();
  if (!n)
    return false;
  int64_t inputs = v.op->getNumOperands();
  StringRef type = v.op->getName().getStringRef();
  bool isMean = type.contains("Mean");
  w.forward = WorkCounts::arithmetic(*n * (std::max<int64_t>(inputs - 1, 0) +
                                           (isMean ? 1 : 0)));
  for (unsigned i = 0; i < v.op->getNumOperands(); ++i)
    w.setGradient(i, WorkCounts::arithmetic(isMean ? *n : 0));
  return true;
}

/// MatMul with numpy broadcasting: every output element is a dot product of
/// length K (the last dim of A, or its only dim). Gradients: dA = dY B^T and
/// dB = A^T dY, each as many MACs as the forward (Goodfellow et al. 2016,
/// 6.5; the "2x forward" of the backward pass).
static bool matmul(OpView &v, OpWork &w) {
  auto a = v.operandShape(0);
  auto y = v.resultElements();
  if (!a || !y)
    return false;
  int64_t k = a->empty() ? 1 : a->back();
  int64_t macs = *y * k;
  w.forward = WorkCounts::contraction(macs);
  w.setGradient(0, WorkCounts::contraction(macs));
  w.setGradient(1, WorkCounts::contraction(macs));
  w.savesActivations = true;
  w.saved = SavedTensors::OperandsForOtherGradients;
  return true;
}

/// Gemm: Y = alpha op(A) op(B) + beta C. M N K MACs; alpha != 1 scales the
/// product (M N), C is scaled when beta != 1 and added (M N each).
static bool gemm(OpView &v, OpWork &w) {
  auto a = v.operandShape(0);
  auto y = v.resultElements();
  if (!a || !y)
    return false;
  if (a->size() != 2)
    return v.fail("Gemm's A is not a matrix");
  int64_t k = v.intAttr("transA", 0) ? (*a)[0] : (*a)[1];
  int64_t macs = *y * k;
  int64_t extra = 0;
  if (v.floatAttr("alpha", 1.0f) != 1.0f)
    extra += *y;
  if (v.op->getNumOperands() > 2)
    extra += *y * (v.floatAttr("beta", 1.0f) != 1.0f ? 2 : 1);
  w.forward = {macs, 2 * macs + extra, 0};
  w.setGradient(0, WorkCounts::contraction(macs));
  w.setGradient(1, WorkCounts::contraction(macs));
  if (v.op->getNumOperands() > 2)
    w.setGradient(2, WorkCounts::arithmetic(*y)); // sum of dY over rows
  w.savesActivations = true;
  w.saved = SavedTensors::OperandsForOtherGradients;
  return true;
}

/// Conv (1-3D, groups, dilation, padding, strides, auto_pad: all of them
/// are already in the shapes): each output element is a dot product over
/// C_in / group x kernel, i.e. the product of W's dims after the first
/// (fvcore's conv_flop_count). The bias adds one FLOP per output element.
/// Backward: the data gradient is a transposed convolution and the weight
/// gradient a correlation of input and dY, each as many MACs as the forward.
static bool conv(OpView &v, OpWork &w) {
  auto wShape = v.operandShape(1);
  auto y = v.resultElements();
  if (!wShape || !y)
    return false;
  int64_t perOutput = OpView::product(wShape->drop_front());
  int64_t macs = *y * perOutput;
  bool hasBias = v.op->getNumOperands() > 2;
  w.forward = {macs, 2 * macs + (hasBias ? *y : 0), 0};
  w.setGradient(0, WorkCounts::contraction(macs));
  w.setGradient(1, WorkCounts::contraction(macs));
  if (hasBias)
    w.setGradient(2, WorkCounts::arithmetic(*y));
  w.savesActivations = true;
  w.saved = SavedTensors::OperandsForOtherGradients;
  return true;
}

/// ConvTranspose: each input element is scattered to C_out / group x kernel
/// outputs: numel(X) x (W's dims after the first) MACs.
static bool convTranspose(OpView &v, OpWork &w) {
  auto x = v.operandElements(0);
  auto wShape = v.operandShape(1);
  auto y = v.resultElements();
  if (!x || !wShape || !y)
    return false;
  int64_t macs = *x * OpView::product(wShape->drop_front());
  bool hasBias = v.op->getNumOperands() > 2;
  w.forward = {macs, 2 * macs + (hasBias ? *y : 0), 0};
  w.setGradient(0, WorkCounts::contraction(macs));
  w.setGradient(1, WorkCounts::contraction(macs));
  if (hasBias)
    w.setGradient(2, WorkCounts::arithmetic(*y));
  w.savesActivations = true;
  w.saved = SavedTensors::OperandsForOtherGradients;
  return true;
}

/// Integer and quantized contractions count their MACs like the float ones
/// (in their integer type); QLinear* requantize each output (3 FLOPs).
static bool quantizedConv(OpView &v, OpWork &w) {
  w.inferenceOnly = true;
  // QLinearConv(x, x_scale, x_zp, w, w_scale, w_zp, y_scale, y_zp, B).
  bool qlinear = v.op->getNumOperands() >= 8;
  auto wShape = v.operandShape(qlinear ? 3 : 1);
  auto y = v.resultElements();
  if (!wShape || !y)
    return false;
  int64_t macs = *y * OpView::product(wShape->drop_front());
  w.forward = {macs, 2 * macs + (qlinear ? 3 * *y : 0), 0};
  return true;
}

static bool quantizedMatmul(OpView &v, OpWork &w) {
  w.inferenceOnly = true;
  auto a = v.operandShape(0);
  auto y = v.resultElements();
  if (!a || !y)
    return false;
  int64_t macs = *y * (a->empty() ? 1 : a->back());
  bool qlinear = v.op->getNumOperands() >= 8;
  w.forward = {macs, 2 * macs + (qlinear ? 3 * *y : 0), 0};
  return true;
}

/// Einsum: the summation runs over every distinct index; each point of that
/// space multiplies the operands (n - 1 multiplications for n operands) and
/// accumulates when some index is summed away.
static bool einsum(OpView &v, OpWork &w) {
  StringRef equation = v.strAttr("equation", "");
  auto [lhs, rhs] = equation.split("->");
  SmallVector<StringRef> terms;
  lhs.split(terms, ',');
  if (terms.size() != v.op->getNumOperands())
    return v.fail("equation '" + equation + "' does not match the operands");
  llvm::StringMap<int64_t> sizes;
  unsigned ellipsisRank = 0;
  for (auto [i, term] : llvm::enumerate(terms)) {
    auto s = v.operandShape(i);
    if (!s)
      return false;
    std::string t = term.trim().str();
    size_t dots = t.find("...");
    unsigned letters = 0;
    for (char c : t)
      letters += std::isalpha(static_cast<unsigned char>(c)) != 0;
    unsigned ell = dots == std::string::npos ? 0 : s->size() - letters;
    ellipsisRank = std::max(ellipsisRank, ell);
    unsigned dim = 0;
    for (size_t p = 0; p < t.size(); ++p) {
      if (t.compare(p, 3, "...") == 0) {
        for (unsigned e = 0; e < ell; ++e) {
          int64_t size = (*s)[dim++];
          int64_t &known = sizes["." + std::to_string(ellipsisRank - ell + e)];
          known = std::max(known, size);
        }
        p += 2;
        continue;
      }
      if (!std::isalpha(static_cast<unsigned char>(t[p])))
        continue;
      if (dim >= s->size())
        return v.fail("equation '" + equation + "' has more indices than operand #" +
                      llvm::Twine(i) + " has dims");
      int64_t &known = sizes[std::string(1, t[p])];
      known = std::max(known, (*s)[dim++]);
    }
  }
  int64_t points = 1;
  for (auto &entry : sizes)
    points *= entry.getValue();
  auto y = v.resultElements();
  if (!y)
    return false;
  int64_t n = v.op->getNumOperands();
  bool sums = points > *y;
  if (sums) {
    int64_t macs = points * std::max<int64_t>(n - 1, 1);
    w.forward = WorkCounts::contraction(macs);
    for (unsigned i = 0; i < n; ++i)
      w.setGradient(i, WorkCounts::contraction(macs));
  } else {
    w.forward = WorkCounts::arithmetic(points * (n - 1));
    for (unsigned i = 0; i < n; ++i)
      w.setGradient(i, WorkCounts::arithmetic(points * (n - 1)));
  }
  w.savesActivations = true;
  return true;
}

/// MaxPool / AveragePool / LpPool: every output element looks at one kernel
/// window: prod(kernel) comparisons (max) or additions (average, plus one
/// division); LpPool raises each to p (a transcendental) and takes a root.
/// Backward: max routes dY to the argmax (1 per output), which it keeps
/// (OpWork::argmaxElements), average spreads it over the window
/// (prod(kernel) per output).
static bool pool(OpView &v, OpWork &w) {
  auto y = v.resultElements();
  auto kernel = v.intsAttr("kernel_shape");
  if (!y)
    return false;
  if (!kernel)
    return v.fail("kernel_shape is missing");
  int64_t window = OpView::product(*kernel);
  StringRef name = v.op->getName().getStringRef();
  if (name.contains("MaxPool")) {
    w.forward = WorkCounts::arithmetic(*y * window);
    w.setGradient(0, WorkCounts::arithmetic(*y));
    w.argmaxElements = *y;
  } else if (name.contains("AveragePool")) {
    w.forward = WorkCounts::arithmetic(*y * window + *y);
    w.setGradient(0, WorkCounts::arithmetic(*y * window));
  } else {
    w.forward = {0, *y * window, *y * window + *y};
    w.setGradient(0, {0, 3 * *y * window, *y * window});
  }
  w.savesActivations = true;
  return true;
}

/// Global pools reduce each channel's plane: one operation per input
/// element (average adds a division per output).
static bool globalPool(OpView &v, OpWork &w) {
  auto x = v.operandElements(0);
  auto y = v.resultElements();
  if (!x || !y)
    return false;
  StringRef name = v.op->getName().getStringRef();
  bool isAverage = name.contains("Average");
  bool isLp = name.contains("Lp");
  w.forward = {0, *x + (isAverage ? *y : 0), isLp ? *x + *y : 0};
  w.setGradient(0, WorkCounts::arithmetic(*x));
  // Every global pool keeps its input, the average's too: PyTorch's
  // adaptive_avg_pool2d saves `self` for its backward, which reads only
  // the shape but holds the tensor.
  w.savesActivations = true;
  if (!isAverage && !isLp)
    w.argmaxElements = *y;
  return true;
}

/// Normalizations over an axis or group. Forward, per element: accumulate
/// the mean (1), subtract it (1), square (1), accumulate the variance (1),
/// scale by 1/std (1), multiply by gamma (1), add beta (1): 7 FLOPs; per
/// normalised row: two divisions and the epsilon add (3) and one rsqrt (a
/// transcendental). Backward per element: the input gradient
/// rstd * (g - mean(g) - xhat * mean(g * xhat)) with g = dY * gamma takes 8,
/// gamma's dY * xhat accumulated takes 2, beta's accumulation 1.
static bool normalization(OpView &v, OpWork &w, int64_t rows) {
  auto x = v.operandElements(0);
  if (!x)
    return false;
  w.forward = {0, 7 * *x + 3 * rows, rows};
  w.setGradient(0, WorkCounts::arithmetic(8 * *x));
  if (v.op->getNumOperands() > 1)
    w.setGradient(1, WorkCounts::arithmetic(2 * *x));
  if (v.op->getNumOperands() > 2)
    w.setGradient(2, WorkCounts::arithmetic(*x));
  w.savesActivations = true;
  return true;
}

static bool layerNormalization(OpView &v, OpWork &w) {
  auto s = v.operandShape(0);
  if (!s)
    return false;
  auto axis = v.axisAttr("axis", -1, s->size());
  if (!axis)
    return false;
  int64_t rows = OpView::product(s->take_front(*axis));
  return normalization(v, w, rows);
}

/// The work of a (fused) layer norm of `elements` in `rows`, after a
/// residual add of `residual` FLOPs: a LayerNorm (7 per element, 3 and one
/// rsqrt per row) or an RMSNorm (square, accumulate, scale, gamma: 4 per
/// element; mean and epsilon 2 and one rsqrt per row).
static void fusedLayerNormWork(OpWork &w, int64_t elements, int64_t rows,
                               int64_t residual, bool skip, bool rms) {
  int64_t perElement = rms ? 4 : 7;
  int64_t perRow = rms ? 2 : 3;
  w.forward = {0, residual + perElement * elements + perRow * rows, rows};
  w.setGradient(0, WorkCounts::arithmetic(8 * elements));
  w.setGradient(1, WorkCounts::arithmetic(skip ? 8 * elements : 2 * elements));
  w.setGradient(2, WorkCounts::arithmetic(2 * elements));
  w.savesActivations = true;
}

/// RMSNormalization-23 over the axes from `axis` on (Zhang and Sennrich
/// 2019), the work of SimplifiedLayerNormalization's RMSNorm.
static bool rmsNormalization(OpView &v, OpWork &w) {
  auto s = v.operandShape(0);
  auto x = v.operandElements(0);
  if (!s || !x)
    return false;
  auto axis = v.axisAttr("axis", -1, s->size());
  if (!axis)
    return false;
  fusedLayerNormWork(w, *x, OpView::product(s->take_front(*axis)),
                     /*residual=*/0, /*skip=*/false, /*rms=*/true);
  return true;
}

/// InstanceNormalization: ATen's instance_norm is batch_norm over the
/// input viewed as one sample of N x C channels, with its statistics
/// passes (OpWork::statisticsPasses).
static bool instanceNormalization(OpView &v, OpWork &w) {
  auto s = v.operandShape(0);
  if (!s || s->size() < 2)
    return s ? v.fail("input has rank below 2") : false;
  w.statisticsPasses = true;
  return normalization(v, w, (*s)[0] * (*s)[1]);
}

/// GroupNormalization, with its statistics passes (OpWork::statisticsPasses).
static bool groupNormalization(OpView &v, OpWork &w) {
  auto s = v.operandShape(0);
  if (!s || s->empty())
    return s ? v.fail("input is a scalar") : false;
  w.statisticsPasses = true;
  return normalization(v, w, (*s)[0] * v.intAttr("num_groups", 1));
}

static bool meanVarianceNormalization(OpView &v, OpWork &w) {
  auto s = v.operandShape(0);
  auto y = v.resultElements();
  if (!s || !y)
    return false;
  auto axes = v.intsAttr("axes").value_or(SmallVector<int64_t>{0, 2, 3});
  int64_t reduced = 1;
  for (int64_t a : axes) {
    auto axis = v.axis(a, s->size());
    if (!axis)
      return false;
    reduced *= (*s)[*axis];
  }
  return normalization(v, w, *y / std::max<int64_t>(reduced, 1));
}

/// BatchNormalization in inference folds into a per-channel scale and shift:
/// 2 FLOPs per element, and per channel var + eps, rsqrt, gamma * that,
/// beta - mean * scale (4 FLOPs, 1 transcendental). In training mode the
/// batch statistics are computed too: a normalization as above. The
/// running mean and variance (operands 3 and 4) are state, not parameters.
/// A training run makes the statistics passes (OpWork::statisticsPasses).
static bool batchNormalization(OpView &v, OpWork &w) {
  auto s = v.operandShape(0);
  auto x = v.operandElements(0);
  if (!s || !x)
    return false;
  int64_t channels = s->size() > 1 ? (*s)[1] : 1;
  w.statisticsPasses = true;
  if (v.intAttr("training_mode", 0))
    return normalization(v, w, channels);
  w.forward = {0, 2 * *x + 4 * channels, channels};
  // Trained as part of a training graph, its backward is the normalization
  // backward (batch statistics).
  w.setGradient(0, WorkCounts::arithmetic(8 * *x));
  w.setGradient(1, WorkCounts::arithmetic(2 * *x));
  w.setGradient(2, WorkCounts::arithmetic(*x));
  w.savesActivations = true;
  return true;
}

/// Softmax along an axis, per element: max (1), subtract (1), exp (a
/// transcendental), sum (1), divide (1). LogSoftmax takes a log per row and
/// subtracts it instead of dividing. Backward y * (dY - sum(dY * y)): 4 per
/// element. Hardmax compares (1).
static bool softmax(OpView &v, OpWork &w) {
  auto s = v.operandShape(0);
  auto x = v.operandElements(0);
  if (!s || !x)
    return false;
  StringRef name = v.op->getName().getStringRef();
  if (name.contains("Hardmax")) {
    w.forward = WorkCounts::arithmetic(*x);
    return true;
  }
  int64_t rowLength = 1;
  if (!s->empty()) {
    auto axis = v.axisAttr("axis", -1, s->size());
    if (!axis)
      return false;
    rowLength = (*s)[*axis];
  }
  int64_t rows = *x / std::max<int64_t>(rowLength, 1);
  bool isLog = name.contains("LogSoftmax");
  w.forward = {0, 4 * *x, *x + (isLog ? rows : 0)};
  w.setGradient(0, WorkCounts::arithmetic(4 * *x));
  w.savesActivations = true;
  w.saved = SavedTensors::Results;
  return true;
}

/// Reductions: one operation per input element, plus the op's own extras
/// (a division per output for the mean, a square per input for sum-square
/// and L2, an absolute value for L1, a root or log per output, an exp per
/// input for log-sum-exp). Backward broadcasts dY back (1 per input element
/// for mean and L-norms, which scale it).
static bool reduction(OpView &v, OpWork &w) {
  auto x = v.operandElements(0);
  auto y = v.resultElements();
  if (!x || !y)
    return false;
  StringRef name = v.op->getName().getStringRef();
  WorkCounts f = WorkCounts::arithmetic(*x);
  if (name.contains("ReduceMean"))
    f.flops += *y;
  else if (name.contains("SumSquare"))
    f.flops += *x;
  else if (name.contains("ReduceL1"))
    f.flops += *x;
  else if (name.contains("ReduceL2")) {
    f.flops += *x;
    f.transcendentals += *y;
  } else if (name.contains("LogSumExp")) {
    f.flops += *x;
    f.transcendentals += *x + *y;
  } else if (name.contains("LogSum")) {
    f.transcendentals += *y;
  }
  w.forward = f;
  bool scales = !name.contains("ReduceSum") || name.contains("SumSquare");
  w.setGradient(0, WorkCounts::arithmetic(scales ? *x : 0));
  w.savesActivations = name.contains("Max") || name.contains("Min") ||
                       name.contains("L1") || name.contains("L2") ||
                       name.contains("Prod") || name.contains("SumSquare");
  return true;
}

static bool argReduction(OpView &v, OpWork &w) {
  auto x = v.operandElements(0);
  if (!x)
    return false;
  w.forward = WorkCounts::arithmetic(*x);
  return true;
}

/// Recurrent layers (ONNX RNN, GRU, LSTM), per time step, direction and
/// batch row with hidden size H and input size I:
///   LSTM: 4 gates, 4H (I + H) MACs; 3H sigmoids and 2H tanh
///         (5H transcendentals, 2 FLOPs per sigmoid); the cell update
///         c = f c + i g and h = o tanh(c) (4H); biases 8H when present;
///         peepholes 3H MACs.
///   GRU:  3 gates, 3H (I + H) MACs; 2H sigmoids, H tanh; update
///         h = (1 - z) n + z h and the reset product (4H); biases 6H.
///   RNN:  H (I + H) MACs, H activations, biases 2H.
/// Backward through time: the data and recurrent gradients take the
/// forward's MACs again (weights: once more), elementwise work doubles.
static bool recurrent(OpView &v, OpWork &w) {
  auto x = v.operandShape(0);
  auto wShape = v.operandShape(1);
  if (!x || !wShape)
    return false;
  if (x->size() != 3 || wShape->size() != 3)
    return v.fail("X and W must have rank 3");
  bool batchFirst = v.intAttr("layout", 0) != 0;
  int64_t seq = batchFirst ? (*x)[1] : (*x)[0];
  int64_t batch = batchFirst ? (*x)[0] : (*x)[1];
  int64_t input = (*x)[2];
  int64_t dirs = (*wShape)[0];
  StringRef name = v.op->getName().getStringRef();
  int gates = name.contains("LSTM") ? 4 : name.contains("GRU") ? 3 : 1;
  int64_t h = (*wShape)[1] / gates;
  bool hasBias = v.op->getNumOperands() > 3 && v.op->getOperand(3) &&
                 isa<ShapedType>(v.op->getOperand(3).getType());
  int64_t macs = gates * h * (input + h);
  int64_t flops, transcendentals;
  if (gates == 4) {
    flops = 3 * 2 * h + 4 * h + (hasBias ? 8 * h : 0);
    transcendentals = 5 * h;
  } else if (gates == 3) {
    flops = 2 * 2 * h + 4 * h + (hasBias ? 6 * h : 0);
    transcendentals = 3 * h;
  } else {
    flops = hasBias ? 2 * h : 0;
    transcendentals = h;
  }
  int64_t steps = seq * batch * dirs;
  w.forward = {macs * steps, (2 * macs + flops) * steps,
               transcendentals * steps};
  WorkCounts back = {macs * steps, (2 * macs + 2 * flops) * steps,
                     transcendentals * steps};
  w.setGradient(0, back);
  w.setGradient(1, WorkCounts::contraction(gates * h * input * steps));
  w.setGradient(2, WorkCounts::contraction(gates * h * h * steps));
  w.savesActivations = true;
  return true;
}

/// Taps one sample blends for an interpolation `mode` over `dims` spatial
/// dims (Resize, GridSample, RoiAlign): 1 for nearest, 2^dims for
/// (bi/tri)linear, 4^dims for cubic.
static int64_t interpolationTaps(StringRef mode, int64_t dims) {
  if (mode == "nearest")
    return 1;
  int64_t base = mode == "cubic" || mode == "bicubic" ? 4 : 2;
  return static_cast<int64_t>(std::pow(base, dims));
}

/// Resize: nearest neighbour copies (no arithmetic); linear interpolation
/// blends 2^r samples per output element (r = resized dims): 2^r
/// multiplications and 2^r - 1 additions; cubic blends 4^r samples.
static bool resize(OpView &v, OpWork &w) {
  auto x = v.operandShape(0);
  auto y = v.resultShape();
  if (!x || !y)
    return false;
  int64_t n = OpView::product(*y);
  int resized = 0;
  for (auto [a, b] : llvm::zip(*x, *y))
    resized += a != b;
  int64_t taps = interpolationTaps(v.strAttr("mode", "nearest"), resized);
  int64_t samples = taps > 1 ? taps : 0;
  w.forward = WorkCounts::arithmetic(samples ? n * (2 * samples - 1) : 0);
  w.setGradient(0, WorkCounts::arithmetic(samples ? n * samples * 2 : 0));
  return true;
}

/// Scatter with a reduction combines each update (1 per update element);
/// plain scatters and gathers move data only. An embedding lookup's weight
/// gradient is a scatter-add of dY (1 per output element).
static bool gather(OpView &v, OpWork &w) {
  auto y = v.resultElements();
  if (!y)
    return false;
  w.setGradient(0, WorkCounts::arithmetic(*y));
  w.operandElementsRead = {*y};
  return true;
}

/// GatherElements and GatherND read the elements they index, as Gather.
static bool indexedLookup(OpView &v, OpWork &w) {
  auto y = v.resultElements();
  if (!y)
    return false;
  w.operandElementsRead = {*y};
  return dataMovement(v, w);
}

static bool scatter(OpView &v, OpWork &w) {
  StringRef reduction = v.strAttr("reduction", "none");
  if (reduction != "none") {
    auto updates = v.operandElements(2);
    if (!updates)
      return false;
    w.forward = WorkCounts::arithmetic(*updates);
  }
  return true;
}

/// TopK: a heap selection, log2(k) comparisons per element of each slice.
static bool topK(OpView &v, OpWork &w) {
  auto x = v.operandElements(0);
  auto y = v.resultShape(0);
  if (!x || !y)
    return false;
  auto axis = v.axisAttr("axis", -1, y->size());
  if (!axis)
    return false;
  int64_t k = (*y)[*axis];
  int64_t logK = std::max<int64_t>(1, (int64_t)std::ceil(std::log2(k + 1)));
  w.forward = WorkCounts::arithmetic(*x * logK);
  return true;
}

static bool cumSum(OpView &v, OpWork &w) {
  auto x = v.operandElements(0);
  if (!x)
    return false;
  w.forward = WorkCounts::arithmetic(*x);
  w.setGradient(0, WorkCounts::arithmetic(*x));
  return true;
}

/// LRN: per element a window of `size` squares and sums (2 size), the
/// power (a transcendental) and a division and scale (2).
static bool lrn(OpView &v, OpWork &w) {
  auto x = v.operandElements(0);
  if (!x)
    return false;
  int64_t size = v.intAttr("size", 1);
  w.forward = {0, *x * (2 * size + 2), *x};
  w.setGradient(0, {0, *x * (2 * size + 4), *x});
  w.savesActivations = true;
  return true;
}

//===----------------------------------------------------------------------===//
// Losses, signal processing, sampling, random numbers
//===----------------------------------------------------------------------===//

/// The work a negative log-likelihood adds over T target elements, with
/// `weighted` a per-class weight operand: a negation per target (and a
/// product with its class weight), and with a reduction a sum over the
/// targets; the mean divides once by T or, weighted, by the sum of the T
/// weights. A gradient scatters one scaled value per target into a
/// zero-filled dX.
static int64_t negativeLogLikelihoodFlops(int64_t targets, bool weighted,
                                          StringRef reduction) {
  int64_t flops = targets * (weighted ? 2 : 1);
  if (reduction != "none")
    flops += targets;
  if (reduction == "mean")
    flops += 1 + (weighted ? targets : 0);
  return flops;
}

/// NegativeLogLikelihoodLoss(input [N, C, d...] log-probabilities, target
/// [N, d...], weight [C]?). Every tensor is counted as read whole, as for
/// every op; a kernel reads only the T indexed log-probabilities.
static bool negativeLogLikelihoodLoss(OpView &v, OpWork &w) {
  auto targets = v.operandElements(1);
  if (!targets)
    return false;
  bool weighted = v.op->getNumOperands() > 2;
  w.forward = WorkCounts::arithmetic(negativeLogLikelihoodFlops(
      *targets, weighted, v.strAttr("reduction", "mean")));
  w.setGradient(0, WorkCounts::arithmetic(*targets));
  w.savesActivations = true;
  return true;
}

/// SoftmaxCrossEntropyLoss(scores [N, C, d...], labels [N, d...],
/// weights [C]?): a log-softmax over C (as LogSoftmax: 4 FLOPs and an exp
/// per score, a log per row of C) and the negative log-likelihood of the
/// labels. Backward (exp(log_prob) - onehot) x scale: an exp, a subtraction
/// and a product per score.
static bool softmaxCrossEntropyLoss(OpView &v, OpWork &w) {
  auto scores = v.operandElements(0);
  auto labels = v.operandElements(1);
  if (!scores || !labels)
    return false;
  bool weighted = v.op->getNumOperands() > 2;
  w.forward = {0,
               4 * *scores +
                   negativeLogLikelihoodFlops(*labels, weighted,
                                              v.strAttr("reduction", "mean")),
               *scores + *labels};
  w.setGradient(0, {0, 2 * *scores, *scores});
  w.savesActivations = true;
  return true;
}

/// Window functions of N points (ONNX-17): Hann and Hamming a - b cos(2 pi
/// n / N), an angle, a cosine, a product and a subtraction per point (3
/// FLOPs, 1 transcendental); Blackman a0 - a1 cos(2 pi n / N) + a2 cos(4 pi
/// n / N), two angles, two cosines, two products and two sums (6, 2).
static bool windowFunction(OpView &v, OpWork &w) {
  auto n = v.resultElements();
  if (!n)
    return false;
  bool blackman = v.op->getName().getStringRef().contains("Blackman");
  w.forward = {0, *n * (blackman ? 6 : 3), *n * (blackman ? 2 : 1)};
  return true;
}

/// FLOPs of one fast Fourier transform of `n` points by FFTW's benchmark
/// convention (www.fftw.org/speed/method.html): 5 n log2 n for complex
/// data, 2.5 n log2 n for real data, whatever the algorithm or radix.
static int64_t fftFlops(int64_t n, bool realInput) {
  if (n <= 1)
    return 0;
  double flops = (realInput ? 2.5 : 5.0) * static_cast<double>(n) *
                 std::log2(static_cast<double>(n));
  return static_cast<int64_t>(std::llround(flops));
}

/// DFT(input [..., 1 | 2], dft_length?) along `axis`: one transform of N
/// points (dft_length, else the input's length on the axis) for each
/// position of the other dims; an inverse also scales its N complex
/// outputs by 1 / N (2N). The gradient is the adjoint transform, the same
/// work.
static bool dft(OpView &v, OpWork &w) {
  auto x = v.operandShape(0);
  if (!x)
    return false;
  if (x->size() < 2)
    return v.fail("the input needs a signal axis and a last dim of 1 or 2");
  int64_t rank = static_cast<int64_t>(x->size());
  int64_t axis = v.intAttr("axis", 1);
  if (axis < 0)
    axis += rank;
  if (axis < 0 || axis >= rank - 1)
    return v.fail("axis " + llvm::Twine(v.intAttr("axis", 1)) +
                  " is not a signal axis of a rank-" + llvm::Twine(rank) +
                  " input");
  int64_t n = (*x)[axis];
  if (v.op->getNumOperands() > 1) {
    std::optional<int64_t> length = constantScalar(v.op->getOperand(1));
    if (!length)
      return v.fail("dft_length is not a constant");
    n = *length;
  }
  int64_t transforms =
      OpView::product(*x) / std::max<int64_t>(1, (*x)[axis] * x->back());
  bool realInput = x->back() == 1;
  int64_t perTransform =
      fftFlops(n, realInput) + (v.intAttr("inverse", 0) ? 2 * n : 0);
  w.forward = WorkCounts::arithmetic(transforms * perTransform);
  w.setGradient(0, w.forward);
  return true;
}

/// STFT(signal [B, L, 1 | 2], frame_step, window [N]?, frame_length?):
/// output [B, frames, bins, 2]; each frame multiplies by the window (N, 2N
/// for complex signals) and takes one FFT of N points. The gradient runs
/// the adjoint transforms and window products (the same work).
static bool stft(OpView &v, OpWork &w) {
  auto signal = v.operandShape(0);
  auto y = v.resultShape();
  if (!signal || !y)
    return false;
  if (signal->size() != 3 || y->size() != 4)
    return v.fail("the signal must be [batch, length, 1 | 2]");
  auto op = dyn_cast<carbon::onnx::STFTOp>(v.op);
  if (!op)
    return v.fail("not an ONNX-17 STFT");
  std::optional<int64_t> n;
  if (Value win = op.getWindow()) {
    auto windowShape = v.shape(win, "the window");
    if (!windowShape)
      return false;
    n = OpView::product(*windowShape);
  } else if (Value length = op.getFrameLength()) {
    n = constantScalar(length);
    if (!n)
      return v.fail("frame_length is not a constant");
  } else {
    return v.fail("neither a window nor a frame_length gives the frame size");
  }
  bool realInput = signal->back() == 1;
  int64_t frames = (*signal)[0] * (*y)[1];
  int64_t windowing = op.getWindow() ? (realInput ? *n : 2 * *n) : 0;
  w.forward =
      WorkCounts::arithmetic(frames * (windowing + fftFlops(*n, realInput)));
  w.setGradient(0, w.forward);
  return true;
}

/// MelWeightMatrix: [bins, mels] triangular filters; each entry a ramp (a
/// subtraction and a division, 2 FLOPs), and the mels + 2 band edges
/// converted to the mel scale and back (a log and a power each).
static bool melWeightMatrix(OpView &v, OpWork &w) {
  auto y = v.resultShape();
  if (!y)
    return false;
  if (y->size() != 2)
    return v.fail("the result must be [bins, mel bins]");
  w.forward = {0, 2 * OpView::product(*y), 2 * ((*y)[1] + 2)};
  return true;
}

/// Det of [..., M, M]: LU with partial pivoting (Golub and Van Loan,
/// Matrix Computations, 3.2): sum over k < M of (M - k)^2 multiply-adds
/// ((M - 1) M (2M - 1) / 6, 2M^3 / 3 FLOPs to leading order), M (M - 1) / 2
/// divisions for the multipliers and as many pivot comparisons, and M - 1
/// products along the diagonal. Gradient det X^-T dY: the inverse from
/// the factors, M^3 multiply-adds (2M^3 with the LU, ibid.), and M^2
/// products.
static bool determinant(OpView &v, OpWork &w) {
  auto x = v.operandShape(0);
  if (!x)
    return false;
  if (x->size() < 2 || (*x)[x->size() - 1] != (*x)[x->size() - 2])
    return v.fail("the input must end in square matrices");
  int64_t m = x->back();
  int64_t matrices = OpView::product(*x) / std::max<int64_t>(1, m * m);
  int64_t macs = (m - 1) * m * (2 * m - 1) / 6;
  int64_t flops = 2 * macs + m * (m - 1) + (m > 0 ? m - 1 : 0);
  w.forward = {matrices * macs, matrices * flops, 0};
  w.setGradient(0,
                {matrices * m * m * m, matrices * (2 * m * m * m + m * m), 0});
  w.savesActivations = true;
  return true;
}

/// GridSample(X [N, C, spatial...], grid [N, out..., r]): each of the
/// result's elements blends its taps as Resize does (taps multiplications
/// and taps - 1 additions; a nearest sample copies). The coordinates and
/// weights, one set per grid location shared by the C channels, are left
/// out, as Resize leaves them out. Gradients: X receives each tap times
/// dY, accumulated (2 per tap); the grid the tap values times dY (2 per
/// tap).
static bool gridSample(OpView &v, OpWork &w) {
  auto grid = v.operandShape(1);
  auto y = v.resultElements();
  if (!grid || !y)
    return false;
  if (grid->empty())
    return v.fail("the grid has no coordinate dim");
  int64_t taps = interpolationTaps(v.strAttr("mode", "bilinear"), grid->back());
  w.forward = WorkCounts::arithmetic(taps > 1 ? *y * (2 * taps - 1) : 0);
  w.setGradient(0, WorkCounts::arithmetic(*y * taps * 2));
  w.setGradient(1, WorkCounts::arithmetic(taps > 1 ? *y * taps * 2 : 0));
  w.savesActivations = true;
  return true;
}

/// RoiAlign(X [N, C, H, W], rois [R, 4], batch_indices [R]) -> [R, C, oh,
/// ow]: each output element averages (or takes the largest of) s x s
/// bilinear samples, s = sampling_ratio: s^2 blends of 4 taps (7 FLOPs),
/// s^2 - 1 sums or comparisons, and for the average a division. The
/// sample weights, computed once per ROI position for all channels, are
/// left out. Gradient: each sample's 4 taps scatter-add their share of dY
/// (8 per sample). sampling_ratio 0 samples each bin ceil(bin size) times,
/// a size the ROIs' run-time coordinates give.
static bool roiAlign(OpView &v, OpWork &w) {
  auto y = v.resultElements();
  if (!y)
    return false;
  int64_t s = v.intAttr("sampling_ratio", 0);
  if (s <= 0)
    return v.fail("sampling_ratio 0 takes as many samples per bin as each "
                  "ROI's run-time size gives; export with a fixed "
                  "sampling_ratio");
  bool average = v.strAttr("mode", "avg") == "avg";
  int64_t samples = s * s;
  int64_t taps = interpolationTaps("bilinear", 2);
  w.forward = WorkCounts::arithmetic(
      *y * ((2 * taps - 1) * samples + samples - 1 + average));
  w.setGradient(0, WorkCounts::arithmetic(*y * samples * taps * 2));
  return true;
}

/// Random numbers: the generator's integer work is not counted (integer
/// index and bit arithmetic never is); each element's floating-point work
/// is. RandomUniform(Like): low + (high - low) u (2). RandomNormal(Like):
/// Box-Muller, per pair of outputs a log and a square root of one uniform
/// and a cosine and a sine of the other, -2 ln u and 2 pi u (2), a product
/// each, then mean + scale z (2): 4 FLOPs and 2 transcendentals an
/// element. Bernoulli compares a uniform with each probability (1).
/// Multinomial(input [B, C] unnormalised log-probabilities): an exp per
/// class and a running sum per row (C - 1), then per sample a scaled
/// uniform (1) and a binary search of the sums (ceil(log2 C) comparisons).
static bool randomNumbers(OpView &v, OpWork &w) {
  auto y = v.resultElements();
  if (!y)
    return false;
  StringRef name = v.op->getName().getStringRef();
  if (name.contains("Bernoulli"))
    w.forward = WorkCounts::arithmetic(*y);
  else if (name.contains("RandomNormal"))
    w.forward = {0, 4 * *y, 2 * *y};
  else
    w.forward = WorkCounts::arithmetic(2 * *y);
  return true;
}

static bool multinomial(OpView &v, OpWork &w) {
  auto x = v.operandShape(0);
  auto y = v.resultElements();
  if (!x || !y)
    return false;
  if (x->size() != 2)
    return v.fail("the input must be [batch, classes]");
  int64_t classes = (*x)[1];
  int64_t search = static_cast<int64_t>(
      std::ceil(std::log2(static_cast<double>(std::max<int64_t>(classes, 2)))));
  w.forward = {0, (*x)[0] * (classes - 1) + *y * (1 + search),
               OpView::product(*x)};
  return true;
}

/// TfIdfVectorizer: matching each position's n-grams against the pool is
/// lookup, not arithmetic (the bytes count it); IDF and TFIDF weigh each
/// output count (1 per output element), TF only counts.
static bool tfIdfVectorizer(OpView &v, OpWork &w) {
  auto y = v.resultElements();
  if (!y)
    return false;
  w.forward = WorkCounts::arithmetic(v.strAttr("mode", "TF") == "TF" ? 0 : *y);
  return true;
}

/// StringNormalizer works on strings, whose sizes only the data gives.
static bool stringNormalizer(OpView &v, OpWork &) {
  return v.fail("StringNormalizer works on strings, whose lengths are known "
                "only at run time");
}

/// Operators whose result size, and so their work, the input's values
/// decide: reported by name with why, never counted as zero.
static bool nonMaxSuppression(OpView &v, OpWork &) {
  return v.fail("NonMaxSuppression keeps as many boxes as their run-time "
                "scores and overlaps allow (up to N log2 N score comparisons "
                "and N x max_output_boxes_per_class IoU tests per class)");
}
static bool unique(OpView &v, OpWork &) {
  return v.fail("Unique returns as many elements as the input has distinct "
                "values, known only at run time");
}

/// The operand that input `position` of a custom node is, as ONNX numbers
/// a node's inputs: none when the node left it empty or has fewer
/// (onnx.Custom drops empty inputs and lists their positions in
/// absent_inputs).
static std::optional<unsigned> customOperandIndex(carbon::onnx::CustomOp op,
                                                  unsigned position) {
  unsigned operand = position;
  if (auto absent = op.getAbsentInputs())
    for (int64_t a : *absent) {
      if (a == position)
        return std::nullopt;
      if (a < position)
        --operand;
    }
  if (operand >= op->getNumOperands())
    return std::nullopt;
  return operand;
}

/// The node input position of onnx.Custom's operand `operand`, the inverse
/// of customOperandIndex (absent_inputs lists positions in order).
static unsigned customInputPosition(carbon::onnx::CustomOp op,
                                    unsigned operand) {
  unsigned position = operand;
  if (auto absent = op.getAbsentInputs())
    for (int64_t a : *absent)
      if (a <= position)
        ++position;
  return position;
}

static Value customInput(carbon::onnx::CustomOp op, unsigned position) {
  std::optional<unsigned> operand = customOperandIndex(op, position);
  return operand ? op->getOperand(*operand) : nullptr;
}

/// Rotary position embedding of `elements` values in heads of `headSize`
/// of which `rotaryDim` rotate: each rotated pair (x1, x2) becomes (x1 cos
/// - x2 sin, x1 sin + x2 cos), 4 products and 2 sums, 3 FLOPs a value; the
/// rest is copied (Su et al. 2021).
static int64_t rotaryFlops(int64_t elements, int64_t headSize,
                           int64_t rotaryDim) {
  if (headSize <= 0)
    return 0;
  return 3 * elements / headSize * std::min(rotaryDim, headSize);
}

/// RotaryEmbedding of the default domain (ONNX-23: X [B, heads, S, head]
/// or [B, S, hidden] with num_heads, cos_cache, sin_cache, position_ids?;
/// rotary_embedding_dim, else the whole head): as com.microsoft's.
/// The work of a fused attention op of `macs` multiply-accumulates (its
/// projections, scores and context) over `scores` scores: 2 FLOPs a MAC,
/// the scale and softmax 4 and one exp a score; each operand's gradient
/// the op's MACs.
static void fusedAttentionWork(OpView &v, OpWork &w, int64_t macs,
                               int64_t scores) {
  w.forward = {macs, 2 * macs + 4 * scores, scores};
  for (unsigned i = 0; i < v.op->getNumOperands(); ++i)
    w.setGradient(i, WorkCounts::contraction(macs));
  w.savesActivations = true;
}

/// Attention-23 (Q [B, Hq, S, D] or [B, S, Hq D]; K and V over L keys, P
/// more from past_key): the scores Q K^T, B Hq S (P + L) D MACs, and the
/// context, B Hq S (P + L) Dv; the scale and softmax 4 and one exp a score,
/// every score of the S x (P + L) block, as the com.microsoft attention ops
/// count them (Vaswani et al. 2017).
static bool standardAttention(OpView &v, OpWork &w) {
  auto custom = cast<carbon::onnx::CustomOp>(v.op);
  auto q = v.operandShape(0);
  auto k = v.operandShape(1);
  auto y = v.resultShape(0);
  if (!q || !k || !y)
    return false;
  size_t rank = q->size();
  if ((rank != 3 && rank != 4) || k->size() != rank || y->size() != rank)
    return v.fail("Q, K and Y must have rank 3 or 4");
  int64_t b = (*q)[0];
  int64_t heads = rank == 4 ? (*q)[1] : v.intAttr("q_num_heads", 0);
  if (heads <= 0)
    return v.fail("q_num_heads is missing");
  int64_t s = rank == 4 ? (*q)[2] : (*q)[1];
  int64_t keys = rank == 4 ? (*k)[2] : (*k)[1];
  if (Value past = customInput(custom, 4)) {
    auto p = v.shape(past, "past_key");
    if (!p)
      return false;
    if (p->size() != 4)
      return v.fail("past_key must have rank 4");
    keys += (*p)[2];
  }
  // Hq D and Hq Dv: the widths of the query and of the output.
  int64_t queryWidth = rank == 4 ? (*q)[1] * (*q)[3] : (*q)[2];
  int64_t outputWidth = rank == 4 ? (*y)[1] * (*y)[3] : (*y)[2];
  int64_t macs = b * s * keys * (queryWidth + outputWidth);
  int64_t scores = b * heads * s * keys;
  fusedAttentionWork(v, w, macs, scores);
  return true;
}

static bool rotaryEmbedding(OpView &v, OpWork &w) {
  auto x = v.operandShape(0);
  if (!x)
    return false;
  int64_t heads = v.intAttr("num_heads", 0);
  int64_t rotaryDim = v.intAttr("rotary_embedding_dim", 0);
  int64_t headSize = x->size() == 4                ? (*x)[3]
                     : heads > 0 && x->size() == 3 ? (*x)[2] / heads
                                                   : 0;
  if (headSize <= 0)
    return v.fail("a 3-D input needs num_heads to give the head size");
  w.forward = WorkCounts::arithmetic(rotaryFlops(
      OpView::product(*x), headSize, rotaryDim > 0 ? rotaryDim : headSize));
  w.setGradient(0, w.forward);
  return true;
}

//===----------------------------------------------------------------------===//
// ai.onnx.ml: classical models (ONNX-ML operator specification)
//===----------------------------------------------------------------------===//

/// The post_transform of `n` scores: SOFTMAX and SOFTMAX_ZERO as Softmax
/// (4 FLOPs and an exp each), LOGISTIC 1 / (1 + e^-x) (2 and an exp),
/// PROBIT sqrt(2) erfinv(2 p - 1) (3 and an erfinv); NONE nothing.
static WorkCounts mlPostTransform(StringRef kind, int64_t n) {
  if (kind.starts_with("SOFTMAX"))
    return {0, 4 * n, n};
  if (kind == "LOGISTIC")
    return {0, 2 * n, n};
  if (kind == "PROBIT")
    return {0, 3 * n, n};
  return {};
}

/// Rows and features of an ai.onnx.ml model input ([N, F], or [F]: one
/// row).
static bool mlRowsAndFeatures(OpView &v, int64_t &rows, int64_t &features) {
  auto x = v.operandShape(0);
  if (!x)
    return false;
  if (x->empty() || x->size() > 2)
    return v.fail("the input must be [rows, features] or [features]");
  rows = x->size() == 2 ? (*x)[0] : 1;
  features = x->back();
  return true;
}

static int64_t arrayAttrSize(OpView &v, StringRef name) {
  auto a = dyn_cast_or_null<ArrayAttr>(v.attr(name));
  return a ? static_cast<int64_t>(a.size()) : 0;
}

/// LinearClassifier: C classes (the intercepts, else coefficients / F):
/// N C F MACs, N C intercepts, the post_transform, and a comparison per
/// score to pick the label. LinearRegressor: `targets` outputs, N T F
/// MACs, N T intercepts, the post_transform.
static bool mlLinear(OpView &v, OpWork &w) {
  w.inferenceOnly = true;
  int64_t rows, features;
  if (!mlRowsAndFeatures(v, rows, features))
    return false;
  bool classifier = v.op->getName().getStringRef().contains("Classifier");
  int64_t coefficients = arrayAttrSize(v, "coefficients");
  int64_t intercepts = arrayAttrSize(v, "intercepts");
  int64_t outputs =
      classifier ? (intercepts ? intercepts
                               : coefficients / std::max<int64_t>(1, features))
                 : v.intAttr("targets", 1);
  if (outputs <= 0 || coefficients != outputs * features)
    return v.fail("coefficients hold " + llvm::Twine(coefficients) +
                  " values, not " + llvm::Twine(outputs) + " outputs x " +
                  llvm::Twine(features) + " features");
  int64_t scores = rows * outputs;
  int64_t macs = scores * features;
  WorkCounts f = WorkCounts::contraction(macs);
  f.flops += (intercepts ? scores : 0) + (classifier ? scores : 0);
  f += mlPostTransform(v.strAttr("post_transform", "NONE"), scores);
  w.forward = f;
  return true;
}

/// Kernel evaluations of an SVM: N samples against S support vectors of F
/// features: LINEAR a dot product (F MACs); POLY (gamma x . s + c)^d (F
/// MACs, 2 FLOPs, a power); RBF exp(-gamma |x - s|^2) (F subtractions, F
/// MACs, a product, an exp); SIGMOID tanh(gamma x . s + c) (F MACs, 2, a
/// tanh).
static WorkCounts svmKernels(StringRef kernel, int64_t evaluations,
                             int64_t features) {
  WorkCounts k = WorkCounts::contraction(evaluations * features);
  if (kernel == "POLY" || kernel == "SIGMOID")
    k += {0, 2 * evaluations, evaluations};
  else if (kernel == "RBF")
    k += {0, evaluations * (features + 1), evaluations};
  return k;
}

/// SVMRegressor: n_supports support vectors (0: a linear model of F
/// coefficients): the kernels, then sum_s coefficient_s k_s + rho (S MACs
/// and 1 a sample), the post_transform. SVMClassifier with C classes of
/// n_c vectors (S in all): the kernels, then one-vs-one: each of the C (C
/// - 1) / 2 pairs weighs the kernels of its two classes (sum over pairs of
/// n_i + n_j = (C - 1) S MACs a sample) and votes (1); without support
/// vectors a linear model, N C F MACs.
static bool mlSVM(OpView &v, OpWork &w) {
  w.inferenceOnly = true;
  int64_t rows, features;
  if (!mlRowsAndFeatures(v, rows, features))
    return false;
  StringRef kernel = v.strAttr("kernel_type", "LINEAR");
  StringRef post = v.strAttr("post_transform", "NONE");
  if (!v.op->getName().getStringRef().contains("Classifier")) {
    int64_t supports = v.intAttr("n_supports", 0);
    if (supports <= 0) {
      w.forward = WorkCounts::contraction(rows * features);
    } else {
      w.forward = svmKernels(kernel, rows * supports, features);
      w.forward += WorkCounts::contraction(rows * supports);
      w.forward.flops += rows;
    }
    w.forward += mlPostTransform(post, rows);
    return true;
  }
  std::optional<SmallVector<int64_t>> perClass =
      v.intsAttr("vectors_per_class");
  int64_t supports = 0;
  if (perClass)
    for (int64_t n : *perClass)
      supports += n;
  int64_t classes = perClass ? static_cast<int64_t>(perClass->size()) : 0;
  if (supports <= 0) {
    classes = arrayAttrSize(v, "coefficients") / std::max<int64_t>(1, features);
    if (classes <= 0)
      return v.fail("a linear SVMClassifier needs coefficients of its "
                    "classes' features");
    w.forward = WorkCounts::contraction(rows * classes * features);
  } else {
    w.forward = svmKernels(kernel, rows * supports, features);
    w.forward += WorkCounts::contraction(rows * (classes - 1) * supports);
    w.forward.flops += rows * classes * (classes - 1) / 2;
  }
  w.forward += mlPostTransform(post, rows * classes);
  return true;
}

/// TreeEnsembleClassifier/Regressor: each sample walks every tree from its
/// root to a leaf, one comparison per branch node on the way; counted at
/// each tree's longest path (an upper bound, as Loop's trip count is, since
/// the path taken depends on the features), then per tree an addition per
/// output it weighs (the aggregate) and the post_transform of the outputs.
static bool mlTreeEnsemble(OpView &v, OpWork &w) {
  w.inferenceOnly = true;
  int64_t rows, features;
  if (!mlRowsAndFeatures(v, rows, features))
    return false;
  auto trees = v.intsAttr("nodes_treeids");
  auto nodes = v.intsAttr("nodes_nodeids");
  auto trueIds = v.intsAttr("nodes_truenodeids");
  auto falseIds = v.intsAttr("nodes_falsenodeids");
  auto modes = dyn_cast_or_null<ArrayAttr>(v.attr("nodes_modes"));
  size_t n = nodes ? nodes->size() : 0;
  if (!trees || !nodes || !trueIds || !falseIds || !modes ||
      trees->size() != n || trueIds->size() != n || falseIds->size() != n ||
      modes.size() != n)
    return v.fail("the nodes_* attributes must describe every node once");
  std::map<std::pair<int64_t, int64_t>, size_t> index;
  for (size_t i = 0; i < n; ++i)
    index[{(*trees)[i], (*nodes)[i]}] = i;
  auto isLeaf = [&](size_t i) {
    auto mode = dyn_cast<StringAttr>(modes[i]);
    return !mode || mode.getValue() == "LEAF";
  };
  auto child = [&](size_t i, int which) -> std::optional<size_t> {
    auto it =
        index.find({(*trees)[i], which == 0 ? (*trueIds)[i] : (*falseIds)[i]});
    return it == index.end() ? std::nullopt : std::optional(it->second);
  };
  // Roots: nodes no branch of their tree points to.
  std::set<std::pair<int64_t, int64_t>> children;
  for (size_t i = 0; i < n; ++i)
    if (!isLeaf(i)) {
      children.insert({(*trees)[i], (*trueIds)[i]});
      children.insert({(*trees)[i], (*falseIds)[i]});
    }
  // Longest path (branch nodes) below each node, by an explicit post-order
  // walk (a deep tree must not exhaust the stack); a node met again on the
  // current path is a cycle, which is malformed input.
  enum class Visit { No, OnPath, Done };
  std::vector<Visit> visit(n, Visit::No);
  std::vector<int64_t> depth(n, 0);
  int64_t comparisons = 0, treeCount = 0;
  for (size_t root = 0; root < n; ++root) {
    if (children.count({(*trees)[root], (*nodes)[root]}))
      continue;
    std::vector<std::pair<size_t, int>> path = {{root, 0}};
    visit[root] = Visit::OnPath;
    while (!path.empty()) {
      auto [i, next] = path.back();
      if (!isLeaf(i) && next < 2) {
        path.back().second = next + 1;
        std::optional<size_t> c = child(i, next);
        if (!c || visit[*c] == Visit::Done)
          continue;
        if (visit[*c] == Visit::OnPath)
          return v.fail("tree " + llvm::Twine((*trees)[i]) + " has a cycle");
        visit[*c] = Visit::OnPath;
        path.push_back({*c, 0});
        continue;
      }
      if (!isLeaf(i)) {
        depth[i] = 1;
        for (int which : {0, 1})
          if (std::optional<size_t> c = child(i, which))
            depth[i] = std::max(depth[i], depth[*c] + 1);
      }
      visit[i] = Visit::Done;
      path.pop_back();
    }
    comparisons += depth[root];
    ++treeCount;
  }
  // A branch no root reaches sits on a cycle (every node has a parent).
  for (size_t i = 0; i < n; ++i)
    if (visit[i] != Visit::Done)
      return v.fail("tree " + llvm::Twine((*trees)[i]) + " has a cycle");
  bool classifier = v.op->getName().getStringRef().contains("Classifier");
  int64_t outputs = 1;
  if (classifier) {
    outputs = std::max<int64_t>(1, arrayAttrSize(v, "classlabels_int64s") +
                                       arrayAttrSize(v, "classlabels_strings"));
  } else {
    outputs = v.intAttr("n_targets", 1);
  }
  w.forward =
      WorkCounts::arithmetic(rows * (comparisons + treeCount * outputs));
  w.forward +=
      mlPostTransform(v.strAttr("post_transform", "NONE"), rows * outputs);
  return true;
}

/// Normalizer per element: MAX |x| and a comparison, then a division (2);
/// L1 |x| and a sum, then a division (3); L2 a square and a sum, then a
/// division (3), and a square root per row. Scaler (x - offset) x scale
/// (2); Imputer a test and a select (2); Binarizer a comparison (1).
static bool mlElementwise(OpView &v, OpWork &w) {
  w.inferenceOnly = true;
  auto x = v.operandElements(0);
  auto s = v.operandShape(0);
  if (!x || !s)
    return false;
  StringRef name = v.op->getName().getStringRef();
  if (name.contains("Normalizer")) {
    StringRef norm = v.strAttr("norm", "MAX");
    int64_t rows = *x / std::max<int64_t>(1, s->empty() ? 1 : s->back());
    w.forward = {0, (norm == "MAX" ? 2 : 3) * *x, norm == "L2" ? rows : 0};
  } else if (name.contains("Binarizer")) {
    w.forward = WorkCounts::arithmetic(*x);
  } else {
    w.forward = WorkCounts::arithmetic(2 * *x);
  }
  return true;
}

/// Control flow carries no work of its own; its regions' is combined by
/// getRegionCostRule.
static bool controlFlow(OpView &, OpWork &) { return true; }

static const llvm::StringMap<Formula> &formulas() {
  static const llvm::StringMap<Formula> table = [] {
    llvm::StringMap<Formula> t;
    for (StringRef name :
         {"Transpose", "Concat", "Split", "Slice", "Pad", "Expand", "Tile",
          "Shape", "Size", "ConstantOfShape", "Cast", "CastLike",
          "DepthToSpace", "SpaceToDepth", "Compress", "OneHot", "Range",
          "Trilu", "EyeLike", "Dropout", "ReverseSequence",
          "SequenceConstruct", "SequenceEmpty", "SequenceInsert", "SequenceAt",
          "SequenceErase", "SequenceLength", "SplitToSequence",
          "ConcatFromSequence", "Optional", "OptionalGetElement",
          "OptionalHasElement", "NonZero", "Upsample", "MaxUnpool"})
      t[name] = dataMovement;
    for (StringRef name : {"Identity", "Reshape", "Flatten", "Squeeze",
                           "Unsqueeze"})
      t[name] = view;
    t["Constant"] = constant;
    t["Upsample"] = resize;
    t["Shape"] = t["Size"] = shapeQuery;
    t["Sum"] = t["Mean"] = variadicElementwise;
    t["MatMul"] = matmul;
    t["Gemm"] = gemm;
    t["Conv"] = conv;
    t["ConvTranspose"] = convTranspose;
    t["ConvInteger"] = t["QLinearConv"] = quantizedConv;
    t["MatMulInteger"] = t["QLinearMatMul"] = quantizedMatmul;
    t["Einsum"] = einsum;
    t["MaxPool"] = t["AveragePool"] = t["LpPool"] = pool;
    t["GlobalAveragePool"] = t["GlobalMaxPool"] = t["GlobalLpPool"] =
        globalPool;
    t["BatchNormalization"] = batchNormalization;
    t["LayerNormalization"] = layerNormalization;
    t["InstanceNormalization"] = instanceNormalization;
    t["GroupNormalization"] = groupNormalization;
    t["RMSNormalization"] = rmsNormalization;
    t["MeanVarianceNormalization"] = meanVarianceNormalization;
    t["LRN"] = lrn;
    t["Softmax"] = t["LogSoftmax"] = t["Hardmax"] = softmax;
    for (StringRef name :
         {"ReduceSum", "ReduceMean", "ReduceMax", "ReduceMin", "ReduceProd",
          "ReduceL1", "ReduceL2", "ReduceLogSum", "ReduceLogSumExp",
          "ReduceSumSquare"})
      t[name] = reduction;
    t["ArgMax"] = t["ArgMin"] = argReduction;
    t["LSTM"] = t["GRU"] = t["RNN"] = recurrent;
    t["Resize"] = resize;
    t["Gather"] = gather;
    t["GatherElements"] = indexedLookup;
    t["GatherND"] = indexedLookup;
    t["Scatter"] = t["ScatterElements"] = t["ScatterND"] = scatter;
    t["TopK"] = topK;
    t["CumSum"] = cumSum;
    t["NegativeLogLikelihoodLoss"] = negativeLogLikelihoodLoss;
    t["SoftmaxCrossEntropyLoss"] = softmaxCrossEntropyLoss;
    t["HannWindow"] = t["HammingWindow"] = t["BlackmanWindow"] = windowFunction;
    t["DFT"] = dft;
    t["STFT"] = stft;
    t["MelWeightMatrix"] = melWeightMatrix;
    t["Det"] = determinant;
    t["GridSample"] = gridSample;
    t["RoiAlign"] = roiAlign;
    t["RandomUniform"] = t["RandomUniformLike"] = t["RandomNormal"] =
        t["RandomNormalLike"] = t["Bernoulli"] = randomNumbers;
    t["Multinomial"] = multinomial;
    t["RotaryEmbedding"] = rotaryEmbedding;
    t["Attention"] = standardAttention;
    t["ml.LinearClassifier"] = t["ml.LinearRegressor"] = mlLinear;
    t["ml.SVMClassifier"] = t["ml.SVMRegressor"] = mlSVM;
    t["ml.TreeEnsembleClassifier"] = t["ml.TreeEnsembleRegressor"] =
        mlTreeEnsemble;
    t["ml.Normalizer"] = t["ml.Scaler"] = t["ml.Imputer"] = t["ml.Binarizer"] =
        mlElementwise;
    for (StringRef name :
         {"ml.ArrayFeatureExtractor", "ml.FeatureVectorizer",
          "ml.OneHotEncoder", "ml.LabelEncoder", "ml.CategoryMapper",
          "ml.CastMap", "ml.DictVectorizer", "ml.ZipMap"})
      t[name] = dataMovement;
    t["TfIdfVectorizer"] = tfIdfVectorizer;
    t["StringNormalizer"] = stringNormalizer;
    t["NonMaxSuppression"] = nonMaxSuppression;
    t["Unique"] = unique;
    t["If"] = t["Loop"] = t["Scan"] = controlFlow;
    return t;
  }();
  return table;
}

/// The ONNX operator type of an onnx op: `onnx.ConvV1` is Conv; ai.onnx.ml's
/// keep their prefix (`onnx.ml.TreeEnsembleClassifierV1` is
/// ml.TreeEnsembleClassifier).
static StringRef onnxOpType(Operation *op) {
  StringRef name = op->getName().getStringRef();
  name.consume_front("onnx.");
  size_t v = name.find_last_of('V');
  if (v != StringRef::npos && v + 1 < name.size() &&
      llvm::all_of(name.drop_front(v + 1),
                   [](char c) { return std::isdigit(c); }))
    name = name.take_front(v);
  return name;
}

//===----------------------------------------------------------------------===//
// onnx.Custom: contrib operators
//===----------------------------------------------------------------------===//

/// com.microsoft Attention(input [B, S, D], weights [D, 3 D'], bias, ...):
/// the fused QKV projection (B S D 3D' MACs), the scores and their product
/// with V (B heads S S head_dim MACs each), and the softmax over the scores.
/// MultiHeadAttention(query [B, S, D], key [B, L, D], value [B, L, Dv]):
/// projections are outside; scores and product B S L D MACs each.
static bool contribAttention(OpView &v, OpWork &w, bool fusedProjection) {
  auto q = v.operandShape(0);
  if (!q)
    return false;
  if (q->size() != 3)
    return v.fail("query must have rank 3 [batch, sequence, hidden]");
  int64_t b = (*q)[0], s = (*q)[1], d = (*q)[2];
  int64_t kvLength = s, proj = 0;
  if (fusedProjection) {
    auto wShape = v.operandShape(1);
    if (!wShape)
      return false;
    proj = b * s * (*wShape)[0] * (*wShape)[1];
    d = (*wShape)[1] / 3;
  } else if (Value key = customInput(cast<carbon::onnx::CustomOp>(v.op), 1)) {
    auto k = v.shape(key, "key");
    if (!k)
      return false;
    kvLength = k->size() == 3 ? (*k)[1] : (*k)[2];
  }
  int64_t attention = 2 * b * s * kvLength * d;
  int64_t scores = b * s * kvLength;
  int64_t heads = v.intAttr("num_heads", 0);
  if (heads <= 0)
    return v.fail("num_heads is missing");
  scores *= heads;
  fusedAttentionWork(v, w, proj + attention, scores);
  return true;
}

/// com.microsoft FusedMatMul: a MatMul of (transposed) inputs, scaled by
/// alpha when alpha != 1 (one multiplication per output).
static bool contribFusedMatMul(OpView &v, OpWork &w) {
  auto a = v.operandShape(0);
  auto y = v.resultElements();
  if (!a || !y)
    return false;
  int64_t k = a->size() < 2            ? 1
              : v.intAttr("transA", 0) ? (*a)[a->size() - 2]
                                       : a->back();
  int64_t macs = *y * k;
  bool scales = v.floatAttr("alpha", 1.0f) != 1.0f;
  w.forward = {macs, 2 * macs + (scales ? *y : 0), 0};
  w.setGradient(0, WorkCounts::contraction(macs));
  w.setGradient(1, WorkCounts::contraction(macs));
  w.savesActivations = true;
  w.saved = SavedTensors::OperandsForOtherGradients;
  return true;
}

/// com.microsoft fused layer norms over the last axis: the residual add
/// (1 per element; the optional bias 1 more) then the layer norm.
static bool contribLayerNorm(OpView &v, OpWork &w, bool skip, bool rms) {
  auto s = v.operandShape(0);
  auto x = v.operandElements(0);
  if (!s || !x)
    return false;
  int64_t rows = s->empty() ? 1 : *x / std::max<int64_t>(s->back(), 1);
  int64_t residual = 0;
  if (skip) {
    residual = *x;
    // SkipLayerNormalization(input, skip, gamma, beta?, bias?);
    // SkipSimplifiedLayerNormalization(input, skip, gamma, bias?).
    unsigned biasIndex = rms ? 3 : 4;
    if (customInput(cast<carbon::onnx::CustomOp>(v.op), biasIndex))
      residual += *x;
  }
  fusedLayerNormWork(w, *x, rows, residual, skip, rms);
  return true;
}

/// com.microsoft activations, per element: Gelu x/2 (1 + erf(x / sqrt 2)):
/// 4 + 1 erf; BiasGelu adds the bias first (+1); FastGelu, the tanh
/// approximation x/2 (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3))): 8 + 1 tanh
/// (+1 with its bias); QuickGelu x sigmoid(alpha x): 5 + 1 exp.
static bool contribActivation(OpView &v, OpWork &w, int flops, int biasInput) {
  auto n = v.resultElements();
  if (!n)
    return false;
  std::optional<unsigned> bias =
      biasInput >= 0
          ? customOperandIndex(cast<carbon::onnx::CustomOp>(v.op), biasInput)
          : std::nullopt;
  w.forward = {0, *n * (flops + (bias ? 1 : 0)), *n};
  w.setGradient(0, {0, *n * 6, *n});
  if (bias)
    w.setGradient(*bias, WorkCounts::arithmetic(*n));
  w.savesActivations = true;
  return true;
}

/// com.microsoft RotaryEmbedding(input [B, S, hidden] or [B, heads, S,
/// head], position_ids, cos_cache [max, rotary / 2], sin_cache): the
/// rotary width is the cache's, the head rotary_embedding_dim / num_heads
/// give (hidden / num_heads), else the rotary width (the whole head). Its
/// gradient rotates back (the same work).
static bool contribRotaryEmbedding(OpView &v, OpWork &w) {
  auto custom = cast<carbon::onnx::CustomOp>(v.op);
  Value cosCache = customInput(custom, 2);
  auto x = v.operandShape(0);
  if (!x || !cosCache)
    return x ? v.fail("cos_cache is absent") : false;
  auto cos = v.shape(cosCache, "cos_cache");
  if (!cos)
    return false;
  if (cos->size() != 2 || (x->size() != 3 && x->size() != 4))
    return v.fail("the input must be [batch, sequence, hidden] or [batch, "
                  "heads, sequence, head] and cos_cache [positions, "
                  "rotary / 2]");
  int64_t rotaryDim = 2 * (*cos)[1];
  int64_t heads = v.intAttr("num_heads", 0);
  int64_t headSize = x->size() == 4 ? (*x)[3]
                     : heads > 0    ? (*x)[2] / heads
                                    : rotaryDim;
  w.forward = WorkCounts::arithmetic(
      rotaryFlops(OpView::product(*x), headSize, rotaryDim));
  w.setGradient(0, w.forward);
  return true;
}

/// com.microsoft GroupQueryAttention(query [B, S, D], key?, value?,
/// past_key? [B, Nkv, P, H], past_value?, seqlens_k, total_sequence_length,
/// cos_cache?, sin_cache?, ...): num_heads Nq query heads attend, in groups,
/// to Nkv key-value heads over L keys: scores and context 2 B Nq S L H
/// MACs and a softmax over B Nq S L scores (4 FLOPs and an exp each, as
/// Attention); with do_rotary, the queries and new keys are rotated at the
/// cache's width. L is total_sequence_length when it is a constant, else
/// P + the new keys (the separate buffers the graph describes); every
/// score of the S x L block is counted (a causal kernel skips the masked
/// ones, as Attention counts them). When a constant total fits the past,
/// past is present's buffer and the op writes only the new keys and
/// values into it.
static bool contribGroupQueryAttention(OpView &v, OpWork &w) {
  w.inferenceOnly = true;
  auto custom = cast<carbon::onnx::CustomOp>(v.op);
  auto q = v.operandShape(0);
  if (!q)
    return false;
  if (q->size() != 3)
    return v.fail("query must have rank 3 [batch, sequence, hidden]");
  int64_t heads = v.intAttr("num_heads", 0);
  int64_t kvHeads = v.intAttr("kv_num_heads", 0);
  if (heads <= 0 || kvHeads <= 0 || heads % kvHeads)
    return v.fail("num_heads must be a positive multiple of kv_num_heads");
  int64_t b = (*q)[0], s = (*q)[1];
  Value key = customInput(custom, 1), pastKey = customInput(custom, 3);
  bool packed = !key;
  int64_t queryHeads = packed ? heads + 2 * kvHeads : heads;
  if ((*q)[2] % queryHeads || (*q)[2] < queryHeads)
    return v.fail("the query's hidden size " + llvm::Twine((*q)[2]) +
                  " is not a whole number of " + llvm::Twine(queryHeads) +
                  (packed ? " packed" : "") + " heads");
  int64_t headSize = (*q)[2] / queryHeads;
  int64_t newKeys = s;
  if (key) {
    auto k = v.shape(key, "key");
    if (!k)
      return false;
    newKeys = (*k)[1];
  }
  std::optional<int64_t> past;
  if (pastKey) {
    auto p = v.shape(pastKey, "past_key");
    if (!p)
      return false;
    if (p->size() != 4)
      return v.fail("past_key must be [batch, kv heads, length, head]");
    past = (*p)[2];
  }
  // With a run-time total, the graph's own semantics: separate buffers,
  // past + new keys.
  int64_t keys = past.value_or(0) + newKeys;
  std::optional<int64_t> total;
  if (Value t = customInput(custom, 6))
    total = constantScalar(t);
  if (total)
    keys = *total;
  int64_t attention = 2 * b * heads * s * keys * headSize;
  int64_t scores = b * heads * s * keys;
  int64_t rotary = 0;
  if (v.intAttr("do_rotary", 0)) {
    Value cosCache = customInput(custom, 7);
    if (!cosCache)
      return v.fail("do_rotary is set without a cos_cache");
    auto cos = v.shape(cosCache, "cos_cache");
    if (!cos)
      return false;
    rotary = rotaryFlops(b * s * (heads + kvHeads) * headSize, headSize,
                         2 * cos->back());
  }
  w.forward = {attention, 2 * attention + 4 * scores + rotary, scores};
  // A constant total within the past's length: past is the present's
  // buffer (ONNX Runtime's max(total, past)).
  if (past && total && *total <= *past)
    for (unsigned result : {1u, 2u})
      if (result < v.op->getNumResults()) {
        w.resultElementsWritten.resize(result + 1);
        w.resultElementsWritten[result] = b * kvHeads * newKeys * headSize;
      }
  return true;
}

/// com.microsoft MatMulNBits(A [..., K], B packed [N, K / block_size,
/// block_size bits / 8] uint8, scales, zero_points?, g_idx?, bias?): A
/// times the dequantised weights, rows x N x K MACs; each weight
/// dequantised once, (q - zero_point) x scale (2 FLOPs); the bias adds rows
/// x N. B is read as stored (bits / 8 bytes a weight) and holds N K
/// parameters.
static bool contribMatMulNBits(OpView &v, OpWork &w) {
  w.inferenceOnly = true;
  auto custom = cast<carbon::onnx::CustomOp>(v.op);
  auto a = v.operandShape(0);
  if (!a)
    return false;
  int64_t k = v.intAttr("K", 0), n = v.intAttr("N", 0);
  if (k <= 0 || n <= 0)
    return v.fail("K and N must be positive");
  if (a->empty() || a->back() != k)
    return v.fail("A's last dim must be K = " + llvm::Twine(k));
  int64_t rows = OpView::product(*a) / k;
  int64_t macs = rows * n * k;
  bool bias = customInput(custom, 5) != nullptr;
  w.forward = {macs, 2 * macs + 2 * n * k + (bias ? rows * n : 0), 0};
  if (std::optional<unsigned> packedWeights = customOperandIndex(custom, 1)) {
    w.parameterElements.resize(*packedWeights + 1);
    w.parameterElements[*packedWeights] = n * k;
  }
  return true;
}

/// ai.onnx.preview.training optimizers (R, T, then n tensors X, n
/// gradients G and, per optimizer, n accumulators each), per element of
/// the X's, from the ONNX specification's update rules:
///   Adagrad: G' = lambda X + G (2), H' = H + G'^2 (2), X - r G' /
///     (sqrt(H') + eps) (4 and a square root): 8 FLOPs, 1 transcendental;
///   Momentum: G' (2), V' = alpha V + beta G' (3), X - R V' (2): 7, the
///     Nesterov form X - R (G' + alpha V') (4): 9;
///   Adam: G' (2), V' = alpha V + (1 - alpha) G' (3), H' = beta H + (1 -
///     beta) G'^2 (4), sqrt(H') + eps (1 and a square root), X - R' V' /
///     sqrt(H') (3), then (1 - lambda_post) X (1): 14 FLOPs, 1
///     transcendental.
/// The learning-rate scalars (R / (1 + T decay), Adam's bias correction)
/// are per step, not per element.
static bool previewTrainingOptimizer(OpView &v, OpWork &w) {
  auto custom = cast<carbon::onnx::CustomOp>(v.op);
  StringRef type = custom.getOpType();
  unsigned groups = type == "Adam" ? 4 : 3;
  unsigned tensors = v.op->getNumOperands() - 2;
  if (v.op->getNumOperands() < 2 + groups || tensors % groups)
    return v.fail(type + " takes R, T and " + llvm::Twine(groups) +
                  " tensors per optimised tensor");
  int64_t elements = 0;
  for (unsigned i = 0; i < tensors / groups; ++i) {
    auto x = v.operandElements(2 + i);
    if (!x)
      return false;
    elements += *x;
  }
  StringRef mode = v.strAttr("mode", "standard");
  if (type == "Adagrad")
    w.forward = {0, 8 * elements, elements};
  else if (type == "Momentum")
    w.forward = WorkCounts::arithmetic((mode == "nesterov" ? 9 : 7) * elements);
  else
    w.forward = {0, 14 * elements, elements};
  return true;
}

/// com.microsoft EmbedLayerNormalization(input_ids [B, S], segment_ids?,
/// word_embedding [V, H], position_embedding [P, H], segment_embedding?,
/// gamma, beta, mask?, position_ids?): each of the B S tokens gathers its
/// row of each table (only those rows are read) and sums them (1 addition,
/// 2 with segments, per element), then LayerNormalization (7 per element,
/// 3 and a reciprocal square root per row); with a mask, mask_index sums
/// it (1 per token). ONNX Runtime's BERT optimizer writes it; it has no
/// gradient.
static bool contribEmbedLayerNorm(OpView &v, OpWork &w) {
  auto custom = cast<carbon::onnx::CustomOp>(v.op);
  w.inferenceOnly = true;
  auto y = v.resultShape(0);
  if (!y)
    return false;
  if (y->size() != 3)
    return v.fail("the output must be [batch, sequence, hidden]");
  int64_t tokens = (*y)[0] * (*y)[1], n = tokens * (*y)[2];
  bool segments = customInput(custom, 4) != nullptr;
  int64_t flops = n * (segments ? 2 : 1) + 7 * n + 3 * tokens;
  if (customInput(custom, 7))
    flops += tokens;
  w.forward = {0, flops, tokens};
  for (unsigned table : {2u, 3u, 4u})
    if (std::optional<unsigned> operand = customOperandIndex(custom, table)) {
      if (w.operandElementsRead.size() <= *operand)
        w.operandElementsRead.resize(*operand + 1);
      w.operandElementsRead[*operand] = n;
    }
  return true;
}

static const llvm::StringMap<Formula> &contribFormulas() {
  static const llvm::StringMap<Formula> table = {
      {"FusedMatMul", contribFusedMatMul},
      {"SkipLayerNormalization",
       [](OpView &v, OpWork &w) { return contribLayerNorm(v, w, true, false); }},
      {"SkipSimplifiedLayerNormalization",
       [](OpView &v, OpWork &w) { return contribLayerNorm(v, w, true, true); }},
      {"SimplifiedLayerNormalization",
       [](OpView &v, OpWork &w) { return contribLayerNorm(v, w, false, true); }},
      {"Gelu", [](OpView &v, OpWork &w) { return contribActivation(v, w, 4, -1); }},
      {"BiasGelu", [](OpView &v, OpWork &w) { return contribActivation(v, w, 4, 1); }},
      {"FastGelu", [](OpView &v, OpWork &w) { return contribActivation(v, w, 8, 1); }},
      {"QuickGelu", [](OpView &v, OpWork &w) { return contribActivation(v, w, 5, -1); }},
      {"RotaryEmbedding", contribRotaryEmbedding},
      {"GroupQueryAttention", contribGroupQueryAttention},
      {"MatMulNBits", contribMatMulNBits},
      {"EmbedLayerNormalization", contribEmbedLayerNorm},
  };
  return table;
}

//===----------------------------------------------------------------------===//
// The external models
//===----------------------------------------------------------------------===//

namespace {
/// Runs the default-domain formula of ONNX operator `type`: nullopt when
/// there is none, else whether it succeeded.
static std::optional<bool> defaultDomainFormula(StringRef type, OpView &view,
                                                OpWork &work) {
  if (auto it = formulas().find(type); it != formulas().end())
    return it->second(view, work);
  if (auto it = elementwiseCosts().find(type); it != elementwiseCosts().end())
    return elementwise(type, view, work, it->second);
  return std::nullopt;
}

/// CostOpInterface for every op of the onnx dialect, dispatching on the
/// ONNX operator type.
struct ONNXOpCostModel
    : public CostOpInterface::FallbackModel<ONNXOpCostModel> {
  FailureOr<OpWork> computeWork(Operation *op, std::string &whyNot) const {
    OpView view(op, whyNot);
    OpWork work;
    work.computeType = computeTypeOf(op);
    if (auto custom = dyn_cast<carbon::onnx::CustomOp>(op)) {
      StringRef type = custom.getOpType();
      // Operators of the default domain newer than the ONNX library (opset
      // 18+) import as onnx.Custom; their formulas are the same. Gelu-20's
      // tanh approximation is FastGelu's arithmetic.
      bool defaultDomain = custom.isDefaultDomain();
      if (defaultDomain && type == "Gelu" &&
          view.strAttr("approximate", "none") == "tanh")
        return contribActivation(view, work, 8, -1)
                   ? FailureOr<OpWork>(work)
                   : FailureOr<OpWork>(failure());
      if (defaultDomain)
        if (std::optional<bool> ok = defaultDomainFormula(type, view, work))
          return *ok ? FailureOr<OpWork>(work) : FailureOr<OpWork>(failure());
      if (custom.getDomain() == "ai.onnx.preview.training" &&
          (type == "Adagrad" || type == "Momentum" || type == "Adam"))
        return previewTrainingOptimizer(view, work)
                   ? FailureOr<OpWork>(work)
                   : FailureOr<OpWork>(failure());
      if (custom.getDomain() == "com.microsoft") {
        if (type == "Attention" || type == "MultiHeadAttention") {
          if (!contribAttention(view, work, type == "Attention"))
            return failure();
          return work;
        }
        if (auto it = contribFormulas().find(type);
            it != contribFormulas().end()) {
          if (!it->second(view, work))
            return failure();
          return work;
        }
      }
      whyNot = ("no cost formula for " + custom.getDomain() + "." + type).str();
      return failure();
    }
    if (isa<carbon::onnx::InitializerOp, carbon::onnx::YieldOp>(op))
      return work;
    StringRef type = onnxOpType(op);
    if (std::optional<bool> ok = defaultDomainFormula(type, view, work))
      return *ok ? FailureOr<OpWork>(work) : FailureOr<OpWork>(failure());
    whyNot = ("no cost formula for ONNX " + type).str();
    return failure();
  }

  bool isParameterOperand(Operation *op, unsigned index) const {
    StringRef type;
    if (auto custom = dyn_cast<carbon::onnx::CustomOp>(op)) {
      // Rotary caches are constant tables; of MatMulNBits' inputs only the
      // packed weights are trained (scales and zero points quantise them).
      StringRef customType = custom.getOpType();
      if (customType == "GroupQueryAttention" ||
          customType == "RotaryEmbedding")
        return false;
      if (customType == "MatMulNBits")
        return customOperandIndex(custom, 1) == index;
      if (!custom.isDefaultDomain())
        return true;
      // A default-domain op of a newer opset follows its op type's rule,
      // by node input position (onnx.Custom drops absent inputs).
      type = customType;
      index = customInputPosition(custom, index);
    } else {
      type = onnxOpType(op);
    }
    // Running statistics, shapes, indices and quantization parameters are
    // not trained.
    if (type == "BatchNormalization")
      return index == 1 || index == 2;
    if (type == "Reshape" || type == "Expand" || type == "Tile" ||
        type == "Slice" || type == "Pad" || type == "Resize" ||
        type == "Upsample" || type == "ConstantOfShape" || type == "Range")
      return index == 0;
    if (type == "QLinearConv")
      return index == 3 || index == 8;
    if (type == "QLinearMatMul")
      return index == 3;
    if (type == "QuantizeLinear" || type == "DequantizeLinear")
      return index == 0;
    return true;
  }

  FailureOr<RegionCostRule> getRegionCostRule(Operation *op,
                                              std::string &whyNot) const {
    StringRef type = onnxOpType(op);
    if (type == "If")
      return RegionCostRule::max();
    if (type == "Loop") {
      // The trip count M is an upper bound: a condition may stop earlier.
      if (op->getNumOperands() == 0 || !op->getOperand(0)) {
        whyNot = "the loop has no trip count";
        return failure();
      }
      if (auto trips = constantScalar(op->getOperand(0)))
        return RegionCostRule::sum(*trips);
      whyNot = "the loop's trip count is not a constant";
      return failure();
    }
    if (type == "Scan") {
      // Scan-9+: the body runs once per slice of the scan inputs along
      // their scan axis (0 unless scan_input_axes says otherwise).
      OpView view(op, whyNot);
      int64_t numScanInputs = view.intAttr("num_scan_inputs", 0);
      if (numScanInputs < 1 || numScanInputs > op->getNumOperands()) {
        whyNot = "num_scan_inputs is missing or exceeds the inputs";
        return failure();
      }
      unsigned first = op->getNumOperands() - numScanInputs;
      auto shaped = dyn_cast<RankedTensorType>(op->getOperand(first).getType());
      std::optional<int64_t> axis = 0;
      if (shaped) {
        SmallVector<int64_t> axes =
            view.intsAttr("scan_input_axes").value_or(SmallVector<int64_t>{});
        axis = view.axis(axes.empty() ? 0 : axes.front(), shaped.getRank());
        if (!axis)
          return failure();
      }
      if (!shaped || ShapedType::isDynamic(shaped.getDimSize(*axis))) {
        whyNot = "the scan length is not static";
        return failure();
      }
      return RegionCostRule::sum(shaped.getDimSize(*axis));
    }
    return RegionCostRule::sum();
  }
};
} // namespace

void carbon::registerONNXCostModel(DialectRegistry &registry) {
  registry.addExtension(+[](MLIRContext *ctx, carbon::onnx::ONNXDialect *) {
    // Attach one model to every registered op of the dialect (there is one
    // per ONNX schema version, generated).
    for (RegisteredOperationName name :
         ctx->getRegisteredOperationsByDialect("onnx"))
      name.attachInterface<ONNXOpCostModel>();
  });
}
