//===- ContribSchemas.cpp - Schemas of common com.microsoft ops -*- C++ -*-===//
//
// This file registers, with the ONNX schema registry, the com.microsoft
// operators that ONNX Runtime's graph optimizer writes into transformer
// models (FusedMatMul, Attention, MultiHeadAttention, the fused layer norms,
// the Gelu family), with type and shape inference following the operator
// specifications in onnxruntime/docs/ContribOperators.md. Without them ONNX
// cannot type their outputs and such models would not import. They stay
// onnx.Custom ops in MLIR; only inference learns about them.
//
//===----------------------------------------------------------------------===//

#include "ImporterInternals.h"

#include "onnx/defs/schema.h"
#include "onnx/defs/shape_inference.h"

#include <mutex>

using namespace carbon::import;
using onnx::AttributeProto;
using onnx::InferenceContext;
using onnx::OpSchema;

static const char *kDomain = "com.microsoft";

static std::vector<std::string> floatTensorTypes() {
  return {"tensor(float)", "tensor(float16)", "tensor(bfloat16)",
          "tensor(double)"};
}

/// The output has input 0's type and shape (activations, layer norms).
static void sameAsFirstInput(InferenceContext &ctx) {
  onnx::propagateElemTypeFromInputToOutput(ctx, 0, 0);
  if (onnx::hasInputShape(ctx, 0))
    onnx::propagateShapeFromInputToOutput(ctx, 0, 0);
}

/// FusedMatMul: MatMul of optionally transposed A and B (transA/transB swap
/// the last two dims), times alpha; batch dims broadcast.
static void fusedMatMulInference(InferenceContext &ctx) {
  onnx::propagateElemTypeFromInputToOutput(ctx, 0, 0);
  if (!onnx::hasInputShape(ctx, 0) || !onnx::hasInputShape(ctx, 1))
    return;
  if (onnx::getAttribute(ctx, "transBatchA", 0) ||
      onnx::getAttribute(ctx, "transBatchB", 0))
    return; // Batch transposes: left unknown, and reported so.
  onnx::TensorShapeProto a = onnx::getInputShape(ctx, 0);
  onnx::TensorShapeProto b = onnx::getInputShape(ctx, 1);
  if (a.dim_size() < 2 || b.dim_size() < 2)
    return;
  if (onnx::getAttribute(ctx, "transA", 0))
    a.mutable_dim()->SwapElements(a.dim_size() - 1, a.dim_size() - 2);
  if (onnx::getAttribute(ctx, "transB", 0))
    b.mutable_dim()->SwapElements(b.dim_size() - 1, b.dim_size() - 2);
  onnx::TensorShapeProto batchA, batchB, batch;
  for (int i = 0; i < a.dim_size() - 2; ++i)
    *batchA.add_dim() = a.dim(i);
  for (int i = 0; i < b.dim_size() - 2; ++i)
    *batchB.add_dim() = b.dim(i);
  onnx::bidirectionalBroadcastShapeInference(batchA, batchB, batch);
  *batch.add_dim() = a.dim(a.dim_size() - 2);
  *batch.add_dim() = b.dim(b.dim_size() - 1);
  *onnx::getOutputShape(ctx, 0) = batch;
}

/// Attention(input [B, S, H], weights [H, 3H'], ...): output [B, S, Hv],
/// Hv the value hidden size (qkv_hidden_sizes[2], else weights' dim 1 / 3).
static void attentionInference(InferenceContext &ctx) {
  onnx::propagateElemTypeFromInputToOutput(ctx, 0, 0);
  if (!onnx::hasInputShape(ctx, 0) || !onnx::hasInputShape(ctx, 1))
    return;
  const auto &input = onnx::getInputShape(ctx, 0);
  const auto &weights = onnx::getInputShape(ctx, 1);
  if (input.dim_size() != 3 || weights.dim_size() != 2)
    return;
  onnx::TensorShapeProto out;
  *out.add_dim() = input.dim(0);
  *out.add_dim() = input.dim(1);
  auto *hidden = out.add_dim();
  const auto *sizes = ctx.getAttribute("qkv_hidden_sizes");
  if (sizes && sizes->ints_size() == 3)
    hidden->set_dim_value(sizes->ints(2));
  else if (weights.dim(1).has_dim_value())
    hidden->set_dim_value(weights.dim(1).dim_value() / 3);
  *onnx::getOutputShape(ctx, 0) = out;
}

/// MultiHeadAttention(query [B, S, D], key, value [B, L, Dv]): output
/// [B, S, Dv] (D when value is not a rank-3 tensor).
static void multiHeadAttentionInference(InferenceContext &ctx) {
  onnx::propagateElemTypeFromInputToOutput(ctx, 0, 0);
  if (!onnx::hasInputShape(ctx, 0))
    return;
  const auto &query = onnx::getInputShape(ctx, 0);
  if (query.dim_size() != 3)
    return;
  onnx::TensorShapeProto out = query;
  if (onnx::hasInputShape(ctx, 2)) {
    const auto &value = onnx::getInputShape(ctx, 2);
    if (value.dim_size() == 3)
      *out.mutable_dim(2) = value.dim(2);
  }
  *onnx::getOutputShape(ctx, 0) = out;
}

static void registerSchema(OpSchema schema) {
  onnx::OpSchemaRegistry::OpSchemaRegisterOnce once(schema);
}

static OpSchema contribSchema(const char *name) {
  OpSchema s;
  s.SetName(name).SetDomain(kDomain).SinceVersion(1).TypeConstraint(
      "T", floatTensorTypes(), "float tensors");
  return s;
}

static void registerAll() {
  auto &versions = onnx::OpSchemaRegistry::DomainToVersionRange::Instance();
  if (!versions.Map().count(kDomain))
    versions.AddDomainToVersion(kDomain, 1, 1);

  using AP = AttributeProto;
  registerSchema(contribSchema("FusedMatMul")
                     .Input(0, "A", "", "T")
                     .Input(1, "B", "", "T")
                     .Output(0, "Y", "", "T")
                     .Attr("alpha", "", AP::FLOAT, 1.0f)
                     .Attr("transA", "", AP::INT, static_cast<int64_t>(0))
                     .Attr("transB", "", AP::INT, static_cast<int64_t>(0))
                     .Attr("transBatchA", "", AP::INT, static_cast<int64_t>(0))
                     .Attr("transBatchB", "", AP::INT, static_cast<int64_t>(0))
                     .TypeAndShapeInferenceFunction(fusedMatMulInference));

  OpSchema attention = contribSchema("Attention");
  attention.Input(0, "input", "", "T")
      .Input(1, "weights", "", "T")
      .Input(2, "bias", "", "T", OpSchema::Optional)
      .Input(3, "mask_index", "", "M", OpSchema::Optional)
      .Input(4, "past", "", "T", OpSchema::Optional)
      .Input(5, "attention_bias", "", "T", OpSchema::Optional)
      .Input(6, "past_sequence_length", "", "M", OpSchema::Optional)
      .Output(0, "output", "", "T")
      .Output(1, "present", "", "T", OpSchema::Optional)
      .TypeConstraint("M", {"tensor(int32)"}, "mask")
      .Attr("num_heads", "", AP::INT, true)
      .Attr("qkv_hidden_sizes", "", AP::INTS, false)
      .Attr("unidirectional", "", AP::INT, static_cast<int64_t>(0))
      .Attr("mask_filter_value", "", AP::FLOAT, false)
      .Attr("scale", "", AP::FLOAT, false)
      .Attr("do_rotary", "", AP::INT, static_cast<int64_t>(0))
      .Attr("past_present_share_buffer", "", AP::INT, static_cast<int64_t>(0))
      .TypeAndShapeInferenceFunction(attentionInference);
  registerSchema(attention);

  OpSchema mha = contribSchema("MultiHeadAttention");
  mha.Input(0, "query", "", "T")
      .Input(1, "key", "", "T", OpSchema::Optional)
      .Input(2, "value", "", "T", OpSchema::Optional)
      .Input(3, "bias", "", "T", OpSchema::Optional)
      .Input(4, "key_padding_mask", "", "M", OpSchema::Optional)
      .Input(5, "attention_bias", "", "T", OpSchema::Optional)
      .Input(6, "past_key", "", "T", OpSchema::Optional)
      .Input(7, "past_value", "", "T", OpSchema::Optional)
      .Output(0, "output", "", "T")
      .Output(1, "present_key", "", "T", OpSchema::Optional)
      .Output(2, "present_value", "", "T", OpSchema::Optional)
      .TypeConstraint("M", {"tensor(int32)"}, "mask")
      .Attr("num_heads", "", AP::INT, true)
      .Attr("mask_filter_value", "", AP::FLOAT, false)
      .Attr("scale", "", AP::FLOAT, false)
      .Attr("unidirectional", "", AP::INT, static_cast<int64_t>(0))
      .TypeAndShapeInferenceFunction(multiHeadAttentionInference);
  registerSchema(mha);

  for (const char *name :
       {"SkipLayerNormalization", "SkipSimplifiedLayerNormalization"}) {
    OpSchema s = contribSchema(name);
    s.Input(0, "input", "", "T")
        .Input(1, "skip", "", "T")
        .Input(2, "gamma", "", "T")
        .Output(0, "output", "", "T")
        .Output(1, "mean", "", "U", OpSchema::Optional)
        .Output(2, "inv_std_var", "", "U", OpSchema::Optional)
        .Output(3, "input_skip_bias_sum", "", "T", OpSchema::Optional)
        .TypeConstraint("U", {"tensor(float)"}, "statistics")
        .Attr("epsilon", "", AP::FLOAT, 1e-12f)
        .TypeAndShapeInferenceFunction(sameAsFirstInput);
    if (std::string(name) == "SkipLayerNormalization")
      s.Input(3, "beta", "", "T", OpSchema::Optional)
          .Input(4, "bias", "", "T", OpSchema::Optional);
    else
      s.Input(3, "bias", "", "T", OpSchema::Optional);
    registerSchema(s);
  }
  registerSchema(contribSchema("SimplifiedLayerNormalization")
                     .Input(0, "X", "", "T")
                     .Input(1, "scale", "", "T")
                     .Output(0, "Y", "", "T")
                     .Output(1, "inv_std_var", "", "U", OpSchema::Optional)
                     .TypeConstraint("U", {"tensor(float)"}, "statistics")
                     .Attr("axis", "", AP::INT, static_cast<int64_t>(-1))
                     .Attr("epsilon", "", AP::FLOAT, 1e-5f)
                     .TypeAndShapeInferenceFunction(sameAsFirstInput));
  for (const char *name : {"Gelu", "QuickGelu"})
    registerSchema(contribSchema(name)
                       .Input(0, "X", "", "T")
                       .Output(0, "Y", "", "T")
                       .Attr("alpha", "", AP::FLOAT, 1.702f)
                       .TypeAndShapeInferenceFunction(sameAsFirstInput));
  registerSchema(contribSchema("FastGelu")
                     .Input(0, "X", "", "T")
                     .Input(1, "bias", "", "T", OpSchema::Optional)
                     .Output(0, "Y", "", "T")
                     .TypeAndShapeInferenceFunction(sameAsFirstInput));
  registerSchema(contribSchema("BiasGelu")
                     .Input(0, "A", "", "T")
                     .Input(1, "B", "", "T")
                     .Output(0, "C", "", "T")
                     .TypeAndShapeInferenceFunction(sameAsFirstInput));
}

void carbon::import::registerContribSchemas() {
  static std::once_flag once;
  std::call_once(once, registerAll);
}
