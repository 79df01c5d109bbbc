//===- ShapeFoldingTest.cpp - Tests of the shape-computation folder -------===//
//
// Each case is computed by hand from the ONNX operator specification.
//
//===----------------------------------------------------------------------===//

#include "ImporterInternals.h"

#include "gtest/gtest.h"

using namespace carbon::import;
using TP = onnx::TensorProto;

namespace {

TensorValue ints(std::vector<int64_t> dims, std::vector<int64_t> values) {
  TensorValue v;
  v.dataType = TP::INT64;
  v.dims = std::move(dims);
  v.ints = std::move(values);
  return v;
}

onnx::NodeProto node(const std::string &op, int numInputs) {
  onnx::NodeProto n;
  n.set_op_type(op);
  for (int i = 0; i < numInputs; ++i)
    n.add_input("in" + std::to_string(i));
  n.add_output("out");
  return n;
}

void setInt(onnx::NodeProto &n, const std::string &name, int64_t v) {
  auto *a = n.add_attribute();
  a->set_name(name);
  a->set_type(onnx::AttributeProto::INT);
  a->set_i(v);
}

/// Folds `n` with `inputs` (all known) and returns the single output.
TensorValue fold(const onnx::NodeProto &n,
                 const std::vector<TensorValue> &inputs, int opset = 17,
                 const std::vector<const onnx::TypeProto *> &types = {}) {
  std::vector<const TensorValue *> ptrs;
  for (const auto &i : inputs)
    ptrs.push_back(&i);
  std::vector<TensorValue> out;
  EXPECT_TRUE(foldNode(n, opset, ptrs, types, out));
  return out.empty() ? TensorValue() : out[0];
}

TEST(ShapeFolding, ShapeOfKnownTensorWithStartEnd) {
  onnx::TypeProto type;
  auto *shape = type.mutable_tensor_type()->mutable_shape();
  for (int64_t d : {8, 197, 768})
    shape->add_dim()->set_dim_value(d);
  auto n = node("Shape", 1);
  setInt(n, "start", -2);
  std::vector<const TensorValue *> inputs = {nullptr};
  std::vector<TensorValue> out;
  ASSERT_TRUE(foldNode(n, 15, inputs, {&type}, out));
  EXPECT_EQ(out[0].ints, (std::vector<int64_t>{197, 768}));
  EXPECT_EQ(out[0].dims, (std::vector<int64_t>{2}));
}

TEST(ShapeFolding, ShapeOfDynamicTensorDoesNotFold) {
  onnx::TypeProto type;
  auto *shape = type.mutable_tensor_type()->mutable_shape();
  shape->add_dim()->set_dim_param("batch");
  std::vector<TensorValue> out;
  EXPECT_FALSE(foldNode(node("Shape", 1), 15, {nullptr}, {&type}, out));
}

TEST(ShapeFolding, GatherNegativeScalarIndex) {
  // Gather(data=[8,197,768], indices=-1 (scalar)) = 768, rank 0.
  auto out = fold(node("Gather", 2), {ints({3}, {8, 197, 768}), ints({}, {-1})});
  EXPECT_EQ(out.ints, (std::vector<int64_t>{768}));
  EXPECT_TRUE(out.dims.empty());
}

TEST(ShapeFolding, ReshapeWithZeroAndMinusOne) {
  // A [2,3,4] tensor reshaped to [0,-1]: 0 copies dim 0, -1 takes 12.
  std::vector<int64_t> data(24);
  for (int i = 0; i < 24; ++i)
    data[i] = i;
  auto out = fold(node("Reshape", 2), {ints({2, 3, 4}, data), ints({2}, {0, -1})});
  EXPECT_EQ(out.dims, (std::vector<int64_t>{2, 12}));
}

TEST(ShapeFolding, SliceClampsEndAndStepsBackwards) {
  // Slice-13 of [0..9]: starts=8, ends=INT64_MIN, step=-3 -> 8, 5, 2.
  std::vector<int64_t> data = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9};
  auto out = fold(node("Slice", 5),
                  {ints({10}, data), ints({1}, {8}),
                   ints({1}, {std::numeric_limits<int64_t>::min()}),
                   ints({1}, {0}), ints({1}, {-3})});
  EXPECT_EQ(out.ints, (std::vector<int64_t>{8, 5, 2}));
  // ends past the dim clamp to the dim: [7..] = 7, 8, 9.
  auto tail = fold(node("Slice", 3), {ints({10}, data), ints({1}, {-3}),
                                      ints({1}, {std::numeric_limits<int64_t>::max()})});
  EXPECT_EQ(tail.ints, (std::vector<int64_t>{7, 8, 9}));
}

TEST(ShapeFolding, ConcatOfShapePieces) {
  auto out = fold(node("Concat", 3),
                  {ints({1}, {8}), ints({1}, {-1}), ints({2}, {12, 64})});
  EXPECT_EQ(out.ints, (std::vector<int64_t>{8, -1, 12, 64}));
}

TEST(ShapeFolding, UnsqueezeAndSqueezeAxes) {
  auto un = fold(node("Unsqueeze", 2), {ints({}, {5}), ints({1}, {0})});
  EXPECT_EQ(un.dims, (std::vector<int64_t>{1}));
  auto sq = fold(node("Squeeze", 2), {ints({1, 1}, {5}), ints({1}, {-1})});
  EXPECT_EQ(sq.dims, (std::vector<int64_t>{1}));
}

TEST(ShapeFolding, IntegerDivAndModSigns) {
  // Div truncates; Mod with fmod=0 takes the divisor's sign: -7 mod 3 = 2.
  auto div = fold(node("Div", 2), {ints({1}, {768}), ints({}, {12})});
  EXPECT_EQ(div.ints, (std::vector<int64_t>{64}));
  auto mod = fold(node("Mod", 2), {ints({1}, {-7}), ints({1}, {3})});
  EXPECT_EQ(mod.ints, (std::vector<int64_t>{2}));
}

TEST(ShapeFolding, BroadcastingMul) {
  auto out = fold(node("Mul", 2), {ints({2, 1}, {1, 2}), ints({3}, {1, 10, 100})});
  EXPECT_EQ(out.dims, (std::vector<int64_t>{2, 3}));
  EXPECT_EQ(out.ints, (std::vector<int64_t>{1, 10, 100, 2, 20, 200}));
}

TEST(ShapeFolding, RangeCount) {
  // Range-11: ceil((10 - 1) / 3) = 3 elements: 1, 4, 7.
  auto out = fold(node("Range", 3), {ints({}, {1}), ints({}, {10}), ints({}, {3})});
  EXPECT_EQ(out.ints, (std::vector<int64_t>{1, 4, 7}));
}

TEST(ShapeFolding, WhereAndEqual) {
  auto eq = fold(node("Equal", 2), {ints({3}, {1, -1, 4}), ints({}, {-1})});
  EXPECT_EQ(eq.dataType, TP::BOOL);
  EXPECT_EQ(eq.ints, (std::vector<int64_t>{0, 1, 0}));
  TensorValue cond = eq;
  auto out = fold(node("Where", 3), {cond, ints({}, {1}), ints({3}, {1, -1, 4})});
  EXPECT_EQ(out.ints, (std::vector<int64_t>{1, 1, 4}));
}

TEST(ShapeFolding, ReduceProdKeepsDims) {
  auto n = node("ReduceProd", 1);
  setInt(n, "keepdims", 0);
  auto out = fold(n, {ints({3}, {8, 197, 768})}, 13);
  EXPECT_EQ(out.ints, (std::vector<int64_t>{8 * 197 * 768}));
  EXPECT_TRUE(out.dims.empty());
}

TEST(ShapeFolding, ConstantOfShapeIsBounded) {
  std::vector<TensorValue> out;
  TensorValue huge = ints({2}, {1 << 20, 1 << 20});
  EXPECT_FALSE(foldNode(node("ConstantOfShape", 1), 17, {&huge}, {}, out));
}

TEST(ShapeFolding, UnknownOpDoesNotFold) {
  std::vector<TensorValue> out;
  TensorValue x = ints({1}, {1});
  EXPECT_FALSE(foldNode(node("MatMul", 2), 17, {&x, &x}, {}, out));
}

} // namespace
