//===- ShapeFolding.cpp - Fold the small computations of shapes -*- C++ -*-===//
//
// This file evaluates the nodes through which exporters compute shapes at
// run time (Shape -> Gather -> Concat -> Reshape and its relatives), so that
// shape inference sees a constant where ONNX 1.12's data propagation stops.
// Semantics follow the ONNX operator specification for each op.
//
//===----------------------------------------------------------------------===//

#include "ImporterInternals.h"

#include <algorithm>
#include <cmath>
#include <functional>
#include <numeric>

using namespace carbon::import;
using TP = onnx::TensorProto;

//===----------------------------------------------------------------------===//
// Attribute and value helpers
//===----------------------------------------------------------------------===//

const onnx::AttributeProto *
carbon::import::findAttr(const onnx::NodeProto &node, const std::string &name) {
  for (const auto &attr : node.attribute())
    if (attr.name() == name)
      return &attr;
  return nullptr;
}

int64_t carbon::import::attrInt(const onnx::NodeProto &node,
                                const std::string &name, int64_t defaultValue) {
  const auto *attr = findAttr(node, name);
  return attr ? attr->i() : defaultValue;
}

std::optional<std::vector<int64_t>>
carbon::import::attrInts(const onnx::NodeProto &node, const std::string &name) {
  const auto *attr = findAttr(node, name);
  if (!attr)
    return std::nullopt;
  return std::vector<int64_t>(attr->ints().begin(), attr->ints().end());
}

TensorValue carbon::import::makeInts(std::vector<int64_t> dims,
                                     std::vector<int64_t> ints,
                                     int32_t dataType) {
  TensorValue v;
  v.dataType = dataType;
  v.dims = std::move(dims);
  v.ints = std::move(ints);
  return v;
}

static bool fitsFold(const std::vector<int64_t> &dims) {
  std::optional<int64_t> n = countElements(dims);
  return n && *n <= kMaxFoldedElements;
}

/// Normalises a possibly negative axis; false when out of range.
static bool normalizeAxis(int64_t &axis, int64_t rank) {
  if (axis < -rank || axis >= rank)
    return false;
  if (axis < 0)
    axis += rank;
  return true;
}

/// The known shape of an input, from its inferred type.
static std::optional<std::vector<int64_t>>
knownShape(const onnx::TypeProto *type) {
  if (!type || !type->has_tensor_type() || !type->tensor_type().has_shape())
    return std::nullopt;
  std::vector<int64_t> dims;
  for (const auto &d : type->tensor_type().shape().dim()) {
    if (!d.has_dim_value() || d.dim_value() < 0)
      return std::nullopt;
    dims.push_back(d.dim_value());
  }
  return dims;
}

static std::vector<int64_t> stridesOf(const std::vector<int64_t> &dims) {
  std::vector<int64_t> strides(dims.size(), 1);
  for (int64_t i = static_cast<int64_t>(dims.size()) - 2; i >= 0; --i)
    strides[i] = strides[i + 1] * dims[i + 1];
  return strides;
}

/// Multidirectional (numpy) broadcasting of several shapes.
static std::optional<std::vector<int64_t>>
broadcastShapes(const std::vector<const std::vector<int64_t> *> &shapes) {
  size_t rank = 0;
  for (const auto *s : shapes)
    rank = std::max(rank, s->size());
  std::vector<int64_t> out(rank, 1);
  for (const auto *s : shapes) {
    size_t offset = rank - s->size();
    for (size_t i = 0; i < s->size(); ++i) {
      int64_t d = (*s)[i];
      int64_t &o = out[offset + i];
      if (d == o || d == 1)
        continue;
      if (o != 1)
        return std::nullopt;
      o = d;
    }
  }
  return out;
}

/// Flat index into `inDims` of the element that broadcasts to `outFlat`.
static int64_t broadcastSource(int64_t outFlat,
                               const std::vector<int64_t> &outDims,
                               const std::vector<int64_t> &inDims) {
  int64_t inFlat = 0, inStride = 1;
  size_t offset = outDims.size() - inDims.size();
  for (int64_t i = static_cast<int64_t>(outDims.size()) - 1; i >= 0; --i) {
    int64_t coord = outFlat % outDims[i];
    outFlat /= outDims[i];
    if (static_cast<size_t>(i) < offset)
      continue;
    int64_t inDim = inDims[i - offset];
    if (inDim != 1)
      inFlat += coord * inStride;
    inStride *= inDim;
  }
  return inFlat;
}

/// Copies element `from` of `src` to the end of `dst` (same storage kind).
static void appendElement(TensorValue &dst, const TensorValue &src,
                          int64_t from) {
  if (src.isFloat())
    dst.floats.push_back(src.floats[from]);
  else
    dst.ints.push_back(src.ints[from]);
}

static TensorValue emptyLike(const TensorValue &src,
                             std::vector<int64_t> dims) {
  TensorValue v;
  v.dataType = src.dataType;
  v.dims = std::move(dims);
  return v;
}

//===----------------------------------------------------------------------===//
// Folders, one per op
//===----------------------------------------------------------------------===//

namespace {
using Inputs = std::vector<const TensorValue *>;
using Types = std::vector<const onnx::TypeProto *>;

/// Everything a folder needs about its node.
struct FoldContext {
  const onnx::NodeProto &node;
  int opset;
  const Inputs &in;
  const Types &types;
  std::vector<TensorValue> &out;

  const TensorValue *input(size_t i) const {
    return i < in.size() ? in[i] : nullptr;
  }
  bool hasInput(size_t i) const {
    return i < static_cast<size_t>(node.input_size()) &&
           !node.input(i).empty();
  }
  /// True when every present input is known.
  bool allPresentKnown() const {
    for (int i = 0; i < node.input_size(); ++i)
      if (!node.input(i).empty() && !input(i))
        return false;
    return true;
  }
};
} // namespace

static bool foldConstant(FoldContext &c) {
  const auto &node = c.node;
  if (const auto *a = findAttr(node, "value")) {
    TensorValue v;
    std::string error;
    if (!fitsFold(std::vector<int64_t>(a->t().dims().begin(),
                                       a->t().dims().end())) ||
        !decodeTensorValue(a->t(), v, error))
      return false;
    c.out.push_back(std::move(v));
    return true;
  }
  if (const auto *a = findAttr(node, "value_int")) {
    c.out.push_back(makeInts({}, {a->i()}));
    return true;
  }
  if (const auto *a = findAttr(node, "value_ints")) {
    std::vector<int64_t> ints(a->ints().begin(), a->ints().end());
    c.out.push_back(makeInts({static_cast<int64_t>(ints.size())}, ints));
    return true;
  }
  TensorValue v;
  v.dataType = TP::FLOAT;
  if (const auto *a = findAttr(node, "value_float")) {
    v.floats = {a->f()};
    c.out.push_back(std::move(v));
    return true;
  }
  if (const auto *a = findAttr(node, "value_floats")) {
    v.floats.assign(a->floats().begin(), a->floats().end());
    v.dims = {static_cast<int64_t>(v.floats.size())};
    c.out.push_back(std::move(v));
    return true;
  }
  return false;
}

static bool foldShape(FoldContext &c) {
  auto shape = knownShape(c.types.empty() ? nullptr : c.types[0]);
  if (!shape)
    return false;
  int64_t rank = static_cast<int64_t>(shape->size());
  int64_t start = attrInt(c.node, "start", 0);
  int64_t end = attrInt(c.node, "end", rank);
  // Shape-15 clamps start and end after adding rank to negatives.
  if (start < 0)
    start += rank;
  if (end < 0)
    end += rank;
  start = std::clamp<int64_t>(start, 0, rank);
  end = std::clamp<int64_t>(end, 0, rank);
  std::vector<int64_t> dims;
  for (int64_t i = start; i < end; ++i)
    dims.push_back((*shape)[i]);
  int64_t n = static_cast<int64_t>(dims.size());
  c.out.push_back(makeInts({n}, dims));
  return true;
}

static bool foldSize(FoldContext &c) {
  auto shape = knownShape(c.types.empty() ? nullptr : c.types[0]);
  if (!shape)
    return false;
  c.out.push_back(makeInts({}, {*countElements(*shape)}));
  return true;
}

static bool foldIdentity(FoldContext &c) {
  if (!c.input(0))
    return false;
  c.out.push_back(*c.input(0));
  return true;
}

static bool foldCast(FoldContext &c) {
  const TensorValue *x = c.input(0);
  if (!x)
    return false;
  int32_t to = static_cast<int32_t>(attrInt(c.node, "to", 0));
  TensorValue v = emptyLike(*x, x->dims);
  v.dataType = to;
  int64_t n = x->size();
  if (isFloatDataType(to)) {
    for (int64_t i = 0; i < n; ++i)
      v.floats.push_back(x->getDouble(i));
  } else if (to == TP::BOOL) {
    for (int64_t i = 0; i < n; ++i)
      v.ints.push_back(x->getDouble(i) != 0.0);
  } else if (isIntegerDataType(to)) {
    for (int64_t i = 0; i < n; ++i) {
      if (x->isFloat() && !std::isfinite(x->floats[i]))
        return false;
      v.ints.push_back(x->getInt(i));
    }
  } else {
    return false;
  }
  c.out.push_back(std::move(v));
  return true;
}

static bool foldReshape(FoldContext &c) {
  const TensorValue *x = c.input(0);
  std::vector<int64_t> target;
  if (c.opset < 5) {
    auto shape = attrInts(c.node, "shape");
    if (!shape)
      return false;
    target = *shape;
  } else {
    if (!c.input(1))
      return false;
    target = c.input(1)->ints;
  }
  if (!x)
    return false;
  bool allowZero = attrInt(c.node, "allowzero", 0) != 0;
  int64_t inferred = -1, product = 1;
  for (size_t i = 0; i < target.size(); ++i) {
    if (target[i] == 0 && !allowZero) {
      if (i >= x->dims.size())
        return false;
      target[i] = x->dims[i];
    }
    if (target[i] == -1) {
      if (inferred >= 0)
        return false;
      inferred = static_cast<int64_t>(i);
      continue;
    }
    if (target[i] < 0)
      return false;
    product *= target[i];
  }
  if (inferred >= 0) {
    if (product == 0 || x->size() % product != 0)
      return false;
    target[inferred] = x->size() / product;
  }
  if (countElements(target) != x->size())
    return false;
  TensorValue v = *x;
  v.dims = target;
  c.out.push_back(std::move(v));
  return true;
}

static bool foldUnsqueeze(FoldContext &c) {
  const TensorValue *x = c.input(0);
  if (!x)
    return false;
  std::vector<int64_t> axes;
  if (c.opset < 13) {
    auto a = attrInts(c.node, "axes");
    if (!a)
      return false;
    axes = *a;
  } else {
    if (!c.input(1))
      return false;
    axes = c.input(1)->ints;
  }
  int64_t outRank = static_cast<int64_t>(x->dims.size() + axes.size());
  for (int64_t &a : axes)
    if (!normalizeAxis(a, outRank))
      return false;
  std::sort(axes.begin(), axes.end());
  std::vector<int64_t> dims;
  size_t next = 0;
  for (int64_t i = 0; i < outRank; ++i) {
    if (std::binary_search(axes.begin(), axes.end(), i)) {
      dims.push_back(1);
    } else {
      if (next >= x->dims.size())
        return false;
      dims.push_back(x->dims[next++]);
    }
  }
  TensorValue v = *x;
  v.dims = dims;
  c.out.push_back(std::move(v));
  return true;
}

static bool foldSqueeze(FoldContext &c) {
  const TensorValue *x = c.input(0);
  if (!x)
    return false;
  int64_t rank = static_cast<int64_t>(x->dims.size());
  std::optional<std::vector<int64_t>> axes;
  if (c.opset < 13)
    axes = attrInts(c.node, "axes");
  else if (c.hasInput(1)) {
    if (!c.input(1))
      return false;
    axes = c.input(1)->ints;
  }
  std::vector<int64_t> dims;
  for (int64_t i = 0; i < rank; ++i) {
    bool squeeze;
    if (axes) {
      squeeze = false;
      for (int64_t a : *axes) {
        if (!normalizeAxis(a, rank))
          return false;
        squeeze |= a == i;
      }
      if (squeeze && x->dims[i] != 1)
        return false;
    } else {
      squeeze = x->dims[i] == 1;
    }
    if (!squeeze)
      dims.push_back(x->dims[i]);
  }
  TensorValue v = *x;
  v.dims = dims;
  c.out.push_back(std::move(v));
  return true;
}

static bool foldConcat(FoldContext &c) {
  if (!c.allPresentKnown() || c.in.empty() || !c.input(0))
    return false;
  const TensorValue &first = *c.input(0);
  int64_t rank = static_cast<int64_t>(first.dims.size());
  int64_t axis = attrInt(c.node, "axis", 0);
  if (!normalizeAxis(axis, rank))
    return false;
  std::vector<int64_t> dims = first.dims;
  dims[axis] = 0;
  for (const TensorValue *x : c.in) {
    if (!x)
      continue;
    if (static_cast<int64_t>(x->dims.size()) != rank ||
        x->isFloat() != first.isFloat())
      return false;
    for (int64_t i = 0; i < rank; ++i)
      if (i != axis && x->dims[i] != first.dims[i])
        return false;
    dims[axis] += x->dims[axis];
  }
  if (!fitsFold(dims))
    return false;
  TensorValue v = emptyLike(first, dims);
  int64_t outer = 1;
  for (int64_t i = 0; i < axis; ++i)
    outer *= dims[i];
  for (int64_t o = 0; o < outer; ++o)
    for (const TensorValue *x : c.in) {
      if (!x)
        continue;
      int64_t chunk = 1;
      for (int64_t i = axis; i < rank; ++i)
        chunk *= x->dims[i];
      for (int64_t k = 0; k < chunk; ++k)
        appendElement(v, *x, o * chunk + k);
    }
  c.out.push_back(std::move(v));
  return true;
}

static bool foldGather(FoldContext &c) {
  const TensorValue *data = c.input(0), *indices = c.input(1);
  if (!data || !indices || indices->isFloat())
    return false;
  int64_t rank = static_cast<int64_t>(data->dims.size());
  int64_t axis = attrInt(c.node, "axis", 0);
  if (rank == 0 || !normalizeAxis(axis, rank))
    return false;
  std::vector<int64_t> dims(data->dims.begin(), data->dims.begin() + axis);
  dims.insert(dims.end(), indices->dims.begin(), indices->dims.end());
  dims.insert(dims.end(), data->dims.begin() + axis + 1, data->dims.end());
  if (!fitsFold(dims))
    return false;
  int64_t outer = 1, inner = 1;
  for (int64_t i = 0; i < axis; ++i)
    outer *= data->dims[i];
  for (int64_t i = axis + 1; i < rank; ++i)
    inner *= data->dims[i];
  int64_t axisDim = data->dims[axis];
  TensorValue v = emptyLike(*data, dims);
  for (int64_t o = 0; o < outer; ++o)
    for (int64_t idx : indices->ints) {
      if (idx < -axisDim || idx >= axisDim)
        return false;
      if (idx < 0)
        idx += axisDim;
      for (int64_t k = 0; k < inner; ++k)
        appendElement(v, *data, (o * axisDim + idx) * inner + k);
    }
  c.out.push_back(std::move(v));
  return true;
}

static bool foldSlice(FoldContext &c) {
  const TensorValue *data = c.input(0);
  if (!data)
    return false;
  int64_t rank = static_cast<int64_t>(data->dims.size());
  std::vector<int64_t> starts, ends, axes, steps;
  if (c.opset < 10) {
    auto s = attrInts(c.node, "starts"), e = attrInts(c.node, "ends");
    if (!s || !e)
      return false;
    starts = *s;
    ends = *e;
    if (auto a = attrInts(c.node, "axes"))
      axes = *a;
  } else {
    if (!c.input(1) || !c.input(2))
      return false;
    starts = c.input(1)->ints;
    ends = c.input(2)->ints;
    if (c.hasInput(3)) {
      if (!c.input(3))
        return false;
      axes = c.input(3)->ints;
    }
    if (c.hasInput(4)) {
      if (!c.input(4))
        return false;
      steps = c.input(4)->ints;
    }
  }
  if (axes.empty())
    for (size_t i = 0; i < starts.size(); ++i)
      axes.push_back(static_cast<int64_t>(i));
  if (steps.empty())
    steps.assign(starts.size(), 1);
  if (ends.size() != starts.size() || axes.size() != starts.size() ||
      steps.size() != starts.size())
    return false;

  std::vector<int64_t> begin(rank, 0), step(rank, 1), count(rank);
  for (int64_t i = 0; i < rank; ++i)
    count[i] = data->dims[i];
  for (size_t k = 0; k < axes.size(); ++k) {
    int64_t axis = axes[k];
    if (!normalizeAxis(axis, rank) || steps[k] == 0)
      return false;
    int64_t dim = data->dims[axis];
    int64_t s = starts[k], e = ends[k], st = steps[k];
    // Clamping as the Slice-13 specification states.
    if (s < 0)
      s += dim;
    if (e < 0)
      e += dim;
    if (st > 0) {
      s = std::clamp<int64_t>(s, 0, dim);
      e = std::clamp<int64_t>(e, 0, dim);
      count[axis] = e > s ? (e - s + st - 1) / st : 0;
    } else {
      s = std::clamp<int64_t>(s, 0, dim - 1);
      e = std::clamp<int64_t>(e, -1, dim - 1);
      count[axis] = s > e ? (s - e - st - 1) / (-st) : 0;
    }
    begin[axis] = s;
    step[axis] = st;
  }
  if (!fitsFold(count))
    return false;
  TensorValue v = emptyLike(*data, count);
  std::vector<int64_t> inStrides = stridesOf(data->dims);
  int64_t total = *countElements(count);
  for (int64_t flat = 0; flat < total; ++flat) {
    int64_t rem = flat, src = 0;
    for (int64_t i = rank - 1; i >= 0; --i) {
      int64_t coord = rem % count[i];
      rem /= count[i];
      src += (begin[i] + coord * step[i]) * inStrides[i];
    }
    appendElement(v, *data, src);
  }
  c.out.push_back(std::move(v));
  return true;
}

static bool foldRange(FoldContext &c) {
  const TensorValue *start = c.input(0), *limit = c.input(1),
                    *delta = c.input(2);
  if (!start || !limit || !delta || start->size() != 1 ||
      limit->size() != 1 || delta->size() != 1)
    return false;
  TensorValue v = emptyLike(*start, {});
  // Range-11: number_of_elements = max(ceil((limit - start) / delta), 0).
  double s = start->getDouble(0), l = limit->getDouble(0),
         d = delta->getDouble(0);
  if (d == 0)
    return false;
  int64_t n = std::max<int64_t>(
      static_cast<int64_t>(std::ceil((l - s) / d)), 0);
  if (n > kMaxFoldedElements)
    return false;
  v.dims = {n};
  for (int64_t i = 0; i < n; ++i) {
    if (start->isFloat())
      v.floats.push_back(s + i * d);
    else
      v.ints.push_back(start->ints[0] + i * delta->ints[0]);
  }
  c.out.push_back(std::move(v));
  return true;
}

static bool foldConstantOfShape(FoldContext &c) {
  const TensorValue *shape = c.input(0);
  if (!shape)
    return false;
  if (!fitsFold(shape->ints))
    return false;
  TensorValue fill;
  fill.dataType = TP::FLOAT;
  fill.floats = {0.0};
  if (const auto *a = findAttr(c.node, "value")) {
    std::string error;
    if (!decodeTensorValue(a->t(), fill, error) || fill.size() != 1)
      return false;
  }
  TensorValue v = emptyLike(fill, shape->ints);
  int64_t n = *countElements(shape->ints);
  for (int64_t i = 0; i < n; ++i)
    appendElement(v, fill, 0);
  c.out.push_back(std::move(v));
  return true;
}

/// Elementwise ops over broadcast inputs; `compute` gets the elements of
/// every input as doubles (and as int64s) and returns the result.
static bool
foldElementwise(FoldContext &c, int32_t resultType,
                const std::function<bool(const std::vector<double> &,
                                         const std::vector<int64_t> &,
                                         double &, int64_t &)> &compute) {
  if (!c.allPresentKnown() || c.in.empty())
    return false;
  std::vector<const std::vector<int64_t> *> shapes;
  std::vector<const TensorValue *> xs;
  for (const TensorValue *x : c.in)
    if (x) {
      shapes.push_back(&x->dims);
      xs.push_back(x);
    }
  if (xs.empty())
    return false;
  auto dims = broadcastShapes(shapes);
  if (!dims || !fitsFold(*dims))
    return false;
  TensorValue v;
  v.dataType = resultType;
  v.dims = *dims;
  int64_t n = *countElements(*dims);
  std::vector<double> ds(xs.size());
  std::vector<int64_t> is(xs.size());
  for (int64_t flat = 0; flat < n; ++flat) {
    for (size_t k = 0; k < xs.size(); ++k) {
      int64_t src = broadcastSource(flat, *dims, xs[k]->dims);
      ds[k] = xs[k]->getDouble(src);
      is[k] = xs[k]->isFloat() ? 0 : xs[k]->ints[src];
    }
    double d = 0;
    int64_t i = 0;
    if (!compute(ds, is, d, i))
      return false;
    if (v.isFloat())
      v.floats.push_back(d);
    else
      v.ints.push_back(i);
  }
  c.out.push_back(std::move(v));
  return true;
}

static int32_t firstKnownType(const FoldContext &c) {
  for (const TensorValue *x : c.in)
    if (x)
      return x->dataType;
  return 0;
}

static bool foldArithmetic(FoldContext &c, const std::string &op) {
  int32_t type = firstKnownType(c);
  bool isFloat = isFloatDataType(type);
  bool fmod = attrInt(c.node, "fmod", 0) != 0;
  return foldElementwise(
      c, type,
      [&](const std::vector<double> &d, const std::vector<int64_t> &i,
          double &rd, int64_t &ri) {
        if (isFloat) {
          if (op == "Add")
            rd = d[0] + d[1];
          else if (op == "Sub")
            rd = d[0] - d[1];
          else if (op == "Mul")
            rd = d[0] * d[1];
          else if (op == "Div")
            rd = d[0] / d[1];
          else if (op == "Pow")
            rd = std::pow(d[0], d[1]);
          else if (op == "Mod")
            rd = fmod ? std::fmod(d[0], d[1])
                      : d[0] - d[1] * std::floor(d[0] / d[1]);
          else
            return false;
          return true;
        }
        if (op == "Add")
          ri = i[0] + i[1];
        else if (op == "Sub")
          ri = i[0] - i[1];
        else if (op == "Mul")
          ri = i[0] * i[1];
        else if (op == "Div" || op == "Mod") {
          if (i[1] == 0)
            return false;
          if (op == "Div")
            ri = i[0] / i[1];
          else if (fmod)
            ri = i[0] % i[1];
          else {
            // Mod with fmod=0 takes the sign of the divisor.
            ri = i[0] % i[1];
            if (ri != 0 && ((ri < 0) != (i[1] < 0)))
              ri += i[1];
          }
        } else if (op == "Pow")
          ri = static_cast<int64_t>(std::pow(d[0], d[1]));
        else
          return false;
        return true;
      });
}

static bool foldVariadicMinMax(FoldContext &c, bool isMax) {
  int32_t type = firstKnownType(c);
  return foldElementwise(c, type,
                         [&](const std::vector<double> &d,
                             const std::vector<int64_t> &i, double &rd,
                             int64_t &ri) {
                           rd = isMax ? *std::max_element(d.begin(), d.end())
                                      : *std::min_element(d.begin(), d.end());
                           if (!i.empty())
                             ri = isMax
                                      ? *std::max_element(i.begin(), i.end())
                                      : *std::min_element(i.begin(), i.end());
                           return true;
                         });
}

static bool foldCompare(FoldContext &c, const std::string &op) {
  int32_t type = firstKnownType(c);
  bool isFloat = isFloatDataType(type);
  return foldElementwise(
      c, TP::BOOL,
      [&](const std::vector<double> &d, const std::vector<int64_t> &i,
          double &, int64_t &ri) {
        auto cmp = [&](auto a, auto b) {
          if (op == "Equal")
            return a == b;
          if (op == "Less")
            return a < b;
          if (op == "Greater")
            return a > b;
          if (op == "LessOrEqual")
            return a <= b;
          return a >= b;
        };
        ri = isFloat ? cmp(d[0], d[1]) : cmp(i[0], i[1]);
        return true;
      });
}

static bool foldLogical(FoldContext &c, const std::string &op) {
  return foldElementwise(c, TP::BOOL,
                         [&](const std::vector<double> &,
                             const std::vector<int64_t> &i, double &,
                             int64_t &ri) {
                           if (op == "Not")
                             ri = !i[0];
                           else if (op == "And")
                             ri = i[0] && i[1];
                           else if (op == "Or")
                             ri = i[0] || i[1];
                           else
                             ri = (i[0] != 0) != (i[1] != 0);
                           return true;
                         });
}

static bool foldUnary(FoldContext &c, const std::string &op) {
  int32_t type = firstKnownType(c);
  bool isFloat = isFloatDataType(type);
  return foldElementwise(
      c, type,
      [&](const std::vector<double> &d, const std::vector<int64_t> &i,
          double &rd, int64_t &ri) {
        if (op == "Neg") {
          rd = -d[0];
          ri = -i[0];
        } else if (op == "Abs") {
          rd = std::fabs(d[0]);
          ri = i[0] < 0 ? -i[0] : i[0];
        } else if (op == "Floor" && isFloat) {
          rd = std::floor(d[0]);
        } else if (op == "Ceil" && isFloat) {
          rd = std::ceil(d[0]);
        } else if (op == "Sqrt" && isFloat) {
          rd = std::sqrt(d[0]);
        } else if (op == "Round" && isFloat) {
          rd = std::nearbyint(d[0]); // round half to even, as ONNX says
        } else if (op == "Reciprocal" && isFloat) {
          rd = 1.0 / d[0];
        } else if (op == "Sign") {
          rd = (d[0] > 0) - (d[0] < 0);
          ri = (i[0] > 0) - (i[0] < 0);
        } else {
          return false;
        }
        return true;
      });
}

static bool foldWhere(FoldContext &c) {
  if (!c.input(0) || !c.input(1) || !c.input(2))
    return false;
  int32_t type = c.input(1)->dataType;
  return foldElementwise(c, type,
                         [&](const std::vector<double> &d,
                             const std::vector<int64_t> &i, double &rd,
                             int64_t &ri) {
                           bool cond = d[0] != 0.0;
                           rd = cond ? d[1] : d[2];
                           ri = cond ? i[1] : i[2];
                           return true;
                         });
}

static bool foldExpand(FoldContext &c) {
  const TensorValue *x = c.input(0), *shape = c.input(1);
  if (!x || !shape)
    return false;
  auto dims = broadcastShapes({&x->dims, &shape->ints});
  if (!dims || !fitsFold(*dims))
    return false;
  TensorValue v = emptyLike(*x, *dims);
  int64_t n = *countElements(*dims);
  for (int64_t flat = 0; flat < n; ++flat)
    appendElement(v, *x, broadcastSource(flat, *dims, x->dims));
  c.out.push_back(std::move(v));
  return true;
}

static bool foldReduce(FoldContext &c, const std::string &op) {
  const TensorValue *x = c.input(0);
  if (!x)
    return false;
  int64_t rank = static_cast<int64_t>(x->dims.size());
  std::vector<int64_t> axes;
  if (auto a = attrInts(c.node, "axes"))
    axes = *a;
  else if (c.hasInput(1)) {
    if (!c.input(1))
      return false;
    axes = c.input(1)->ints;
  }
  bool keepDims = attrInt(c.node, "keepdims", 1) != 0;
  std::vector<bool> reduced(rank, axes.empty());
  for (int64_t a : axes) {
    if (!normalizeAxis(a, rank))
      return false;
    reduced[a] = true;
  }
  std::vector<int64_t> outDims, keptDims;
  for (int64_t i = 0; i < rank; ++i) {
    keptDims.push_back(reduced[i] ? 1 : x->dims[i]);
    if (!reduced[i] || keepDims)
      outDims.push_back(reduced[i] ? 1 : x->dims[i]);
  }
  int64_t outN = *countElements(keptDims);
  std::vector<double> accD(outN, op == "ReduceProd" ? 1.0 : 0.0);
  std::vector<int64_t> accI(outN, op == "ReduceProd" ? 1 : 0);
  std::vector<bool> seen(outN, false);
  std::vector<int64_t> outStrides = stridesOf(keptDims);
  int64_t n = x->size();
  for (int64_t flat = 0; flat < n; ++flat) {
    int64_t rem = flat, dst = 0;
    for (int64_t i = rank - 1; i >= 0; --i) {
      int64_t coord = rem % x->dims[i];
      rem /= x->dims[i];
      if (!reduced[i])
        dst += coord * outStrides[i];
    }
    double d = x->getDouble(flat);
    int64_t iv = x->isFloat() ? 0 : x->ints[flat];
    if (op == "ReduceProd") {
      accD[dst] *= d;
      accI[dst] *= iv;
    } else if (op == "ReduceSum") {
      accD[dst] += d;
      accI[dst] += iv;
    } else if (op == "ReduceMax" || op == "ReduceMin") {
      bool better = !seen[dst] ||
                    (op == "ReduceMax" ? d > accD[dst] : d < accD[dst]);
      if (better) {
        accD[dst] = d;
        accI[dst] = iv;
      }
    } else {
      return false;
    }
    seen[dst] = true;
  }
  TensorValue v = emptyLike(*x, outDims);
  if (v.isFloat())
    v.floats = accD;
  else
    v.ints = accI;
  c.out.push_back(std::move(v));
  return true;
}

static bool foldNonZero(FoldContext &c) {
  const TensorValue *x = c.input(0);
  if (!x)
    return false;
  int64_t rank = static_cast<int64_t>(x->dims.size());
  std::vector<int64_t> hits;
  for (int64_t i = 0; i < x->size(); ++i)
    if (x->getDouble(i) != 0.0)
      hits.push_back(i);
  int64_t count = static_cast<int64_t>(hits.size());
  std::vector<int64_t> strides = stridesOf(x->dims);
  std::vector<int64_t> coords(rank * count);
  for (int64_t k = 0; k < count; ++k)
    for (int64_t d = 0; d < rank; ++d)
      coords[d * count + k] = (hits[k] / strides[d]) % x->dims[d];
  c.out.push_back(makeInts({rank, count}, coords));
  return true;
}

bool carbon::import::foldNode(const onnx::NodeProto &node, int opsetVersion,
                              const Inputs &inputs, const Types &inputTypes,
                              std::vector<TensorValue> &outputs) {
  outputs.clear();
  FoldContext c{node, opsetVersion, inputs, inputTypes, outputs};
  const std::string &op = node.op_type();
  bool folded = false;
  if (op == "Constant")
    folded = foldConstant(c);
  else if (op == "Shape")
    folded = foldShape(c);
  else if (op == "Size")
    folded = foldSize(c);
  else if (op == "Identity")
    folded = foldIdentity(c);
  else if (op == "Cast")
    folded = foldCast(c);
  else if (op == "Reshape")
    folded = foldReshape(c);
  else if (op == "Unsqueeze")
    folded = foldUnsqueeze(c);
  else if (op == "Squeeze")
    folded = foldSqueeze(c);
  else if (op == "Concat")
    folded = foldConcat(c);
  else if (op == "Gather")
    folded = foldGather(c);
  else if (op == "Slice")
    folded = foldSlice(c);
  else if (op == "Range")
    folded = foldRange(c);
  else if (op == "ConstantOfShape")
    folded = foldConstantOfShape(c);
  else if (op == "Add" || op == "Sub" || op == "Mul" || op == "Div" ||
           op == "Mod" || op == "Pow")
    folded = foldArithmetic(c, op);
  else if (op == "Max" || op == "Min")
    folded = foldVariadicMinMax(c, op == "Max");
  else if (op == "Equal" || op == "Less" || op == "Greater" ||
           op == "LessOrEqual" || op == "GreaterOrEqual")
    folded = foldCompare(c, op);
  else if (op == "Not" || op == "And" || op == "Or" || op == "Xor")
    folded = foldLogical(c, op);
  else if (op == "Neg" || op == "Abs" || op == "Floor" || op == "Ceil" ||
           op == "Sqrt" || op == "Round" || op == "Reciprocal" || op == "Sign")
    folded = foldUnary(c, op);
  else if (op == "Where")
    folded = foldWhere(c);
  else if (op == "Expand")
    folded = foldExpand(c);
  else if (op == "ReduceProd" || op == "ReduceSum" || op == "ReduceMax" ||
           op == "ReduceMin")
    folded = foldReduce(c, op);
  else if (op == "NonZero")
    folded = foldNonZero(c);
  // Only single-output folds exist; a node with more outputs stays as is.
  return folded && outputs.size() == 1 && node.output_size() == 1;
}
