//===- ContribSchemas.cpp - Schemas of common com.microsoft ops -*- C++ -*-===//
//
// This file registers, with the ONNX schema registry, the com.microsoft
// operators that ONNX Runtime's graph optimizer writes into transformer
// models (FusedMatMul, Attention, MultiHeadAttention, the fused layer norms
// and embedding, the Gelu family) and those onnxruntime-genai's model builder
// writes (GroupQueryAttention, RotaryEmbedding, MatMulNBits), with type and
// shape inference following the operator specifications in
// onnxruntime/docs/ContribOperators.md; and the ai.onnx operators added
// after opset 17, the newest ONNX 1.12 defines (Gelu, Swish, Mish,
// GroupNormalization, the bitwise ops, RMSNormalization, RotaryEmbedding,
// Attention),
// following onnx/docs/Operators.md. Without them ONNX cannot type their
// outputs and such models would not import. They stay onnx.Custom ops in
// MLIR; only inference learns about them.
//
//===----------------------------------------------------------------------===//

#include "ImporterInternals.h"

#include "onnx/defs/schema.h"
#include "onnx/defs/shape_inference.h"
#include "onnx/defs/tensor_proto_util.h"

#include <mutex>
#include <optional>

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

/// Skip(Simplified)LayerNormalization: the output and, when asked for,
/// input_skip_bias_sum (output 3, the residual the next layer adds) have
/// the input's type and shape.
static void skipLayerNormInference(InferenceContext &ctx) {
  sameAsFirstInput(ctx);
  if (ctx.getNumOutputs() > 3) {
    onnx::propagateElemTypeFromInputToOutput(ctx, 0, 3);
    if (onnx::hasInputShape(ctx, 0))
      onnx::propagateShapeFromInputToOutput(ctx, 0, 3);
  }
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

/// The value of a constant scalar input (an initializer), if any.
static std::optional<int64_t> constantScalarInput(InferenceContext &ctx,
                                                  size_t index) {
  const onnx::TensorProto *t = ctx.getInputData(index);
  if (!t)
    return std::nullopt;
  std::vector<int64_t> values;
  if (t->data_type() == onnx::TensorProto::INT32)
    for (int32_t v : onnx::ParseData<int32_t>(t))
      values.push_back(v);
  else if (t->data_type() == onnx::TensorProto::INT64)
    values = onnx::ParseData<int64_t>(t);
  if (values.size() != 1)
    return std::nullopt;
  return values[0];
}

/// GroupQueryAttention(query [B, S, D], key?, value?, past_key? [B, Nkv,
/// P, H], ...): output [B, S, num_heads H] (query's shape unless QKV are
/// packed into it, D = (num_heads + 2 kv_num_heads) H); present_key and
/// present_value [B, Nkv, max(total_sequence_length, P), H] with a past
/// and a constant total (else the length the graph declares), without one
/// [B, Nkv, total or the new keys, H]: ONNX Runtime's inference
/// (bert_defs.cc) but for a run-time total.
static void groupQueryAttentionInference(InferenceContext &ctx) {
  onnx::propagateElemTypeFromInputToOutput(ctx, 0, 0);
  for (size_t o : {1, 2})
    if (ctx.getNumOutputs() > o)
      onnx::propagateElemTypeFromInputToOutput(
          ctx, onnx::hasInputShape(ctx, 3) ? 3 : 0, o);
  if (!onnx::hasInputShape(ctx, 0))
    return;
  const auto &query = onnx::getInputShape(ctx, 0);
  if (query.dim_size() != 3)
    return;
  int64_t heads = onnx::getAttribute(ctx, "num_heads", 0);
  int64_t kvHeads = onnx::getAttribute(ctx, "kv_num_heads", 0);
  if (heads <= 0 || kvHeads <= 0)
    return;
  bool packed = ctx.getNumInputs() <= 2 || !ctx.getInputType(2);
  std::optional<int64_t> headSize;
  if (query.dim(2).has_dim_value())
    headSize =
        query.dim(2).dim_value() / (packed ? heads + 2 * kvHeads : heads);
  onnx::TensorShapeProto out = query;
  if (packed) {
    if (headSize)
      out.mutable_dim(2)->set_dim_value(*headSize * heads);
    else
      out.mutable_dim(2)->Clear();
  }
  *onnx::getOutputShape(ctx, 0) = out;
  std::optional<int64_t> total = constantScalarInput(ctx, 6);
  onnx::TensorShapeProto present;
  if (onnx::hasInputShape(ctx, 3)) {
    const auto &past = onnx::getInputShape(ctx, 3);
    if (past.dim_size() != 4)
      return;
    present = past;
    // A run-time total leaves the length to the graph's declared outputs:
    // it is past's with a shared buffer and past + new keys without, which
    // the graph alone does not say (ONNX Runtime's own inference keeps past's).
    if (total && past.dim(2).has_dim_value())
      present.mutable_dim(2)->set_dim_value(
          std::max(*total, past.dim(2).dim_value()));
    else
      present.mutable_dim(2)->Clear();
  } else {
    *present.add_dim() = query.dim(0);
    present.add_dim()->set_dim_value(kvHeads);
    auto *length = present.add_dim();
    if (total)
      length->set_dim_value(*total);
    else if (onnx::hasInputShape(ctx, 2))
      *length = onnx::getInputShape(ctx, 2).dim(1);
    else
      *length = query.dim(1);
    auto *head = present.add_dim();
    if (headSize)
      head->set_dim_value(*headSize);
  }
  for (size_t o : {1, 2})
    if (ctx.getNumOutputs() > o)
      *onnx::getOutputShape(ctx, o) = present;
}

/// EmbedLayerNormalization(input_ids [B, S], segment_ids?, word_embedding
/// [V, H], ...): output and embedding_sum [B, S, H] of the tables' type,
/// mask_index [B] int32.
static void embedLayerNormInference(InferenceContext &ctx) {
  onnx::propagateElemTypeFromInputToOutput(ctx, 2, 0);
  if (ctx.getNumOutputs() > 1)
    onnx::updateOutputElemType(ctx, 1, onnx::TensorProto::INT32);
  if (ctx.getNumOutputs() > 2)
    onnx::propagateElemTypeFromInputToOutput(ctx, 2, 2);
  if (!onnx::hasInputShape(ctx, 0) || !onnx::hasInputShape(ctx, 2))
    return;
  const auto &ids = onnx::getInputShape(ctx, 0);
  const auto &table = onnx::getInputShape(ctx, 2);
  if (ids.dim_size() != 2 || table.dim_size() != 2)
    return;
  onnx::TensorShapeProto out = ids;
  *out.add_dim() = table.dim(1);
  *onnx::getOutputShape(ctx, 0) = out;
  if (ctx.getNumOutputs() > 1) {
    onnx::TensorShapeProto mask;
    *mask.add_dim() = ids.dim(0);
    *onnx::getOutputShape(ctx, 1) = mask;
  }
  if (ctx.getNumOutputs() > 2)
    *onnx::getOutputShape(ctx, 2) = out;
}

/// MatMulNBits(A [..., K], B, scales, ...): Y [..., N].
static void matMulNBitsInference(InferenceContext &ctx) {
  onnx::propagateElemTypeFromInputToOutput(ctx, 0, 0);
  if (!onnx::hasInputShape(ctx, 0))
    return;
  onnx::TensorShapeProto y = onnx::getInputShape(ctx, 0);
  int64_t n = onnx::getAttribute(ctx, "N", 0);
  if (n <= 0)
    fail_shape_inference("MatMulNBits: N must be positive, got ", n);
  if (y.dim_size() < 1)
    return;
  y.mutable_dim(y.dim_size() - 1)->set_dim_value(n);
  *onnx::getOutputShape(ctx, 0) = y;
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
        .TypeAndShapeInferenceFunction(skipLayerNormInference);
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
  // The operators of onnxruntime-genai's model builder (Llama, Phi, Mistral
  // exports), as ONNX Runtime defines them
  // (docs/targets-research/ort-genai-ops.md).
  OpSchema gqa = contribSchema("GroupQueryAttention");
  gqa.Input(0, "query", "", "T")
      .Input(1, "key", "", "T", OpSchema::Optional)
      .Input(2, "value", "", "T", OpSchema::Optional)
      .Input(3, "past_key", "", "T_CACHE", OpSchema::Optional)
      .Input(4, "past_value", "", "T_CACHE", OpSchema::Optional)
      .Input(5, "seqlens_k", "", "M")
      .Input(6, "total_sequence_length", "", "M")
      .Input(7, "cos_cache", "", "T", OpSchema::Optional)
      .Input(8, "sin_cache", "", "T", OpSchema::Optional)
      .Input(9, "position_ids", "", "P", OpSchema::Optional)
      .Input(10, "attention_bias", "", "T", OpSchema::Optional)
      .Input(11, "head_sink", "", "T", OpSchema::Optional)
      .Input(12, "k_scale", "", "S", OpSchema::Optional)
      .Input(13, "v_scale", "", "S", OpSchema::Optional)
      .Input(14, "q_norm_weight", "", "T", OpSchema::Optional)
      .Input(15, "k_norm_weight", "", "T", OpSchema::Optional)
      .Output(0, "output", "", "T")
      .Output(1, "present_key", "", "T_CACHE", OpSchema::Optional)
      .Output(2, "present_value", "", "T_CACHE", OpSchema::Optional)
      .Output(3, "output_qk", "", "T", OpSchema::Optional)
      .TypeConstraint("T_CACHE",
                      {"tensor(float)", "tensor(float16)", "tensor(bfloat16)",
                       "tensor(uint8)", "tensor(int8)"},
                      "cache (ONNX 1.12 has no float8 types)")
      .TypeConstraint("M", {"tensor(int32)"}, "lengths")
      .TypeConstraint("P", {"tensor(int64)"}, "positions")
      .TypeConstraint("S", {"tensor(float)"}, "cache scales")
      .Attr("num_heads", "", AP::INT, true)
      .Attr("kv_num_heads", "", AP::INT, true)
      .Attr("scale", "", AP::FLOAT, false)
      .Attr("softcap", "", AP::FLOAT, false)
      .Attr("local_window_size", "", AP::INT, static_cast<int64_t>(-1))
      .Attr("do_rotary", "", AP::INT, false)
      .Attr("rotary_interleaved", "", AP::INT, false)
      .Attr("smooth_softmax", "", AP::INT, static_cast<int64_t>(-1))
      .Attr("causal", "", AP::INT, static_cast<int64_t>(1))
      .Attr("sliding_window_cache", "", AP::INT, static_cast<int64_t>(0))
      .Attr("qk_output", "", AP::INT, static_cast<int64_t>(0))
      .Attr("k_quant_type", "", AP::STRING, std::string("NONE"))
      .Attr("v_quant_type", "", AP::STRING, std::string("NONE"))
      .Attr("kv_cache_bit_width", "", AP::INT, false)
      .Attr("qk_norm_epsilon", "", AP::FLOAT, 1e-6f)
      .TypeAndShapeInferenceFunction(groupQueryAttentionInference);
  registerSchema(gqa);

  registerSchema(contribSchema("RotaryEmbedding")
                     .Input(0, "input", "", "T")
                     .Input(1, "position_ids", "", "M")
                     .Input(2, "cos_cache", "", "T")
                     .Input(3, "sin_cache", "", "T")
                     .Output(0, "output", "", "T")
                     .TypeConstraint("M", {"tensor(int64)"}, "positions")
                     .Attr("scale", "", AP::FLOAT, false)
                     .Attr("interleaved", "", AP::INT, false)
                     .Attr("rotary_embedding_dim", "", AP::INT, false)
                     .Attr("num_heads", "", AP::INT, false)
                     .Attr("is_packed_batching", "", AP::INT, false)
                     .TypeAndShapeInferenceFunction(sameAsFirstInput));

  OpSchema nbits;
  nbits.SetName("MatMulNBits")
      .SetDomain(kDomain)
      .SinceVersion(1)
      .Input(0, "A", "", "T1")
      .Input(1, "B", "", "T2")
      .Input(2, "scales", "", "T1")
      .Input(3, "zero_points", "", "T3", OpSchema::Optional)
      .Input(4, "g_idx", "", "T4", OpSchema::Optional)
      .Input(5, "bias", "", "T1", OpSchema::Optional)
      .Output(0, "Y", "", "T1")
      .TypeConstraint("T1", floatTensorTypes(), "float tensors")
      .TypeConstraint("T2", {"tensor(uint8)", "tensor(int32)"},
                      "packed weights")
      .TypeConstraint("T3",
                      {"tensor(uint8)", "tensor(int32)", "tensor(float16)",
                       "tensor(float)", "tensor(bfloat16)"},
                      "zero points")
      .TypeConstraint("T4", {"tensor(int32)"}, "group index")
      .Attr("K", "", AP::INT, true)
      .Attr("N", "", AP::INT, true)
      .Attr("bits", "", AP::INT, static_cast<int64_t>(4))
      .Attr("block_size", "", AP::INT, true)
      .Attr("accuracy_level", "", AP::INT, static_cast<int64_t>(0))
      .Attr("weight_prepacked", "", AP::INT, static_cast<int64_t>(0))
      .TypeAndShapeInferenceFunction(matMulNBitsInference);
  registerSchema(nbits);

  OpSchema embed = contribSchema("EmbedLayerNormalization");
  embed.Input(0, "input_ids", "", "T1")
      .Input(1, "segment_ids", "", "T1", OpSchema::Optional)
      .Input(2, "word_embedding", "", "T")
      .Input(3, "position_embedding", "", "T")
      .Input(4, "segment_embedding", "", "T", OpSchema::Optional)
      .Input(5, "gamma", "", "T")
      .Input(6, "beta", "", "T")
      .Input(7, "mask", "", "T1", OpSchema::Optional)
      .Input(8, "position_ids", "", "T1", OpSchema::Optional)
      .Output(0, "output", "", "T")
      .Output(1, "mask_index", "", "T1", OpSchema::Optional)
      .Output(2, "embedding_sum", "", "T", OpSchema::Optional)
      .TypeConstraint("T1", {"tensor(int32)"}, "indices")
      .Attr("epsilon", "", AP::FLOAT, 1e-12f)
      .Attr("mask_index_type", "", AP::INT, static_cast<int64_t>(1))
      .TypeAndShapeInferenceFunction(embedLayerNormInference);
  registerSchema(embed);

  registerSchema(contribSchema("BiasGelu")
                     .Input(0, "A", "", "T")
                     .Input(1, "B", "", "T")
                     .Output(0, "C", "", "T")
                     .TypeAndShapeInferenceFunction(sameAsFirstInput));
}

static std::vector<std::string> intTensorTypes() {
  return {"tensor(int8)",   "tensor(int16)", "tensor(int32)",
          "tensor(int64)",  "tensor(uint8)", "tensor(uint16)",
          "tensor(uint32)", "tensor(uint64)"};
}

/// Elementwise with numpy broadcasting (the bitwise ops).
static void broadcastBinary(InferenceContext &ctx) {
  onnx::propagateElemTypeFromInputToOutput(ctx, 0, 0);
  if (onnx::hasInputShape(ctx, 0) && onnx::hasInputShape(ctx, 1))
    onnx::bidirectionalBroadcastShapeInference(onnx::getInputShape(ctx, 0),
                                               onnx::getInputShape(ctx, 1),
                                               *onnx::getOutputShape(ctx, 0));
}

/// Attention-23(Q, K, V, attn_mask?, past_key?, past_value?): Q, K and V
/// are [B, heads, S, head] or [B, S, heads x head] (heads from q_num_heads,
/// kv_num_heads); Y has Q's rank, [B, Hq, S, Dv] or [B, S, Hq x Dv];
/// present_key and present_value [B, Hkv, P + L, D or Dv] after a past of P;
/// qk_matmul_output [B, Hq, S, P + L].
static void standardAttentionInference(InferenceContext &ctx) {
  onnx::propagateElemTypeFromInputToOutput(ctx, 0, 0);
  for (size_t o : {1, 2})
    if (ctx.getNumOutputs() > o)
      onnx::propagateElemTypeFromInputToOutput(ctx, o, o);
  if (ctx.getNumOutputs() > 3)
    onnx::propagateElemTypeFromInputToOutput(ctx, 0, 3);
  for (size_t i : {0, 1, 2})
    if (!onnx::hasInputShape(ctx, i))
      return;
  const auto &q = onnx::getInputShape(ctx, 0);
  const auto &k = onnx::getInputShape(ctx, 1);
  const auto &v = onnx::getInputShape(ctx, 2);
  int rank = q.dim_size();
  if ((rank != 3 && rank != 4) || k.dim_size() != rank || v.dim_size() != rank)
    fail_shape_inference("Attention: Q, K and V must all have rank 3 or 4");
  auto value = [](const onnx::TensorShapeProto &s,
                  int i) -> std::optional<int64_t> {
    if (s.dim(i).has_dim_value())
      return s.dim(i).dim_value();
    return std::nullopt;
  };
  auto setDim = [](onnx::TensorShapeProto &s, std::optional<int64_t> v) {
    auto *d = s.add_dim();
    if (v)
      d->set_dim_value(*v);
  };
  int64_t qHeads = onnx::getAttribute(ctx, "q_num_heads", 0);
  int64_t kvHeads = onnx::getAttribute(ctx, "kv_num_heads", 0);
  if (rank == 3 && (qHeads <= 0 || kvHeads <= 0))
    fail_shape_inference("Attention: 3-D inputs need q_num_heads and "
                         "kv_num_heads");
  auto perHead = [](std::optional<int64_t> hidden, int64_t heads) {
    return hidden ? std::optional<int64_t>(*hidden / heads) : std::nullopt;
  };
  std::optional<int64_t> b = value(q, 0);
  std::optional<int64_t> hq = rank == 4 ? value(q, 1) : qHeads;
  std::optional<int64_t> s = value(q, rank == 4 ? 2 : 1);
  std::optional<int64_t> hkv = rank == 4 ? value(k, 1) : kvHeads;
  std::optional<int64_t> l = value(k, rank == 4 ? 2 : 1);
  std::optional<int64_t> d =
      rank == 4 ? value(q, 3) : perHead(value(q, 2), qHeads);
  std::optional<int64_t> dv =
      rank == 4 ? value(v, 3) : perHead(value(v, 2), kvHeads);
  std::optional<int64_t> total = l;
  if (ctx.getNumInputs() > 4 && onnx::hasInputShape(ctx, 4)) {
    const auto &past = onnx::getInputShape(ctx, 4);
    std::optional<int64_t> p =
        past.dim_size() == 4 ? value(past, 2) : std::nullopt;
    total = p && l ? std::optional<int64_t>(*p + *l) : std::nullopt;
  }
  onnx::TensorShapeProto y;
  setDim(y, b);
  if (rank == 4) {
    setDim(y, hq);
    setDim(y, s);
    setDim(y, dv);
  } else {
    setDim(y, s);
    setDim(y, hq && dv ? std::optional<int64_t>(*hq * *dv) : std::nullopt);
  }
  *onnx::getOutputShape(ctx, 0) = y;
  for (size_t o : {1, 2}) {
    if (ctx.getNumOutputs() <= o)
      continue;
    onnx::TensorShapeProto present;
    for (std::optional<int64_t> dim : {b, hkv, total, o == 1 ? d : dv})
      setDim(present, dim);
    *onnx::getOutputShape(ctx, o) = present;
  }
  if (ctx.getNumOutputs() > 3) {
    onnx::TensorShapeProto qk;
    for (std::optional<int64_t> dim : {b, hq, s, total})
      setDim(qk, dim);
    *onnx::getOutputShape(ctx, 3) = qk;
  }
}

/// An ai.onnx operator newer than the library: registered in the default
/// domain from version 1 (the library's range ends at 17, and the importer
/// reads newer opsets with its opset-17 definitions).
static OpSchema newerStandardSchema(const char *name) {
  OpSchema s;
  s.SetName(name).SetDomain("").SinceVersion(1);
  return s;
}

/// The ai.onnx operators added after opset 17 that exporters write and that
/// have a cost formula; each keeps the shape of its first input but the
/// broadcasting bitwise ops.
static void registerNewerStandardOps() {
  using AP = AttributeProto;
  registerSchema(newerStandardSchema("Gelu")
                     .Input(0, "X", "", "T")
                     .Output(0, "Y", "", "T")
                     .TypeConstraint("T", floatTensorTypes(), "float tensors")
                     .Attr("approximate", "", AP::STRING, std::string("none"))
                     .TypeAndShapeInferenceFunction(sameAsFirstInput));
  registerSchema(newerStandardSchema("Swish")
                     .Input(0, "X", "", "T")
                     .Output(0, "Y", "", "T")
                     .TypeConstraint("T", floatTensorTypes(), "float tensors")
                     .Attr("alpha", "", AP::FLOAT, 1.0f)
                     .TypeAndShapeInferenceFunction(sameAsFirstInput));
  registerSchema(newerStandardSchema("Mish")
                     .Input(0, "X", "", "T")
                     .Output(0, "Y", "", "T")
                     .TypeConstraint("T", floatTensorTypes(), "float tensors")
                     .TypeAndShapeInferenceFunction(sameAsFirstInput));
  registerSchema(newerStandardSchema("GroupNormalization")
                     .Input(0, "X", "", "T")
                     .Input(1, "scale", "", "T")
                     .Input(2, "bias", "", "T")
                     .Output(0, "Y", "", "T")
                     .TypeConstraint("T", floatTensorTypes(), "float tensors")
                     .Attr("num_groups", "", AP::INT, true)
                     .Attr("epsilon", "", AP::FLOAT, 1e-5f)
                     .Attr("stash_type", "", AP::INT, static_cast<int64_t>(1))
                     .TypeAndShapeInferenceFunction(sameAsFirstInput));
  registerSchema(newerStandardSchema("RMSNormalization")
                     .Input(0, "X", "", "T")
                     .Input(1, "scale", "", "V")
                     .Output(0, "Y", "", "V")
                     .TypeConstraint("T", floatTensorTypes(), "float tensors")
                     .TypeConstraint("V", floatTensorTypes(), "float tensors")
                     .Attr("axis", "", AP::INT, static_cast<int64_t>(-1))
                     .Attr("epsilon", "", AP::FLOAT, 1e-5f)
                     .Attr("stash_type", "", AP::INT, static_cast<int64_t>(1))
                     .TypeAndShapeInferenceFunction([](InferenceContext &ctx) {
                       onnx::propagateElemTypeFromInputToOutput(ctx, 1, 0);
                       if (onnx::hasInputShape(ctx, 0))
                         onnx::propagateShapeFromInputToOutput(ctx, 0, 0);
                     }));
  registerSchema(
      newerStandardSchema("RotaryEmbedding")
          .Input(0, "X", "", "T")
          .Input(1, "cos_cache", "", "T")
          .Input(2, "sin_cache", "", "T")
          .Input(3, "position_ids", "", "M", OpSchema::Optional)
          .Output(0, "Y", "", "T")
          .TypeConstraint("T", floatTensorTypes(), "float tensors")
          .TypeConstraint("M", {"tensor(int64)"}, "positions")
          .Attr("interleaved", "", AP::INT, static_cast<int64_t>(0))
          .Attr("rotary_embedding_dim", "", AP::INT, static_cast<int64_t>(0))
          .Attr("num_heads", "", AP::INT, static_cast<int64_t>(0))
          .TypeAndShapeInferenceFunction(sameAsFirstInput));
  registerSchema(
      newerStandardSchema("Attention")
          .Input(0, "Q", "", "T1")
          .Input(1, "K", "", "T1")
          .Input(2, "V", "", "T2")
          .Input(3, "attn_mask", "", "U", OpSchema::Optional)
          .Input(4, "past_key", "", "T1", OpSchema::Optional)
          .Input(5, "past_value", "", "T2", OpSchema::Optional)
          .Input(6, "nonpad_kv_seqlen", "", "M", OpSchema::Optional)
          .Output(0, "Y", "", "T1")
          .Output(1, "present_key", "", "T1", OpSchema::Optional)
          .Output(2, "present_value", "", "T2", OpSchema::Optional)
          .Output(3, "qk_matmul_output", "", "T1", OpSchema::Optional)
          .TypeConstraint("T1", floatTensorTypes(), "float tensors")
          .TypeConstraint("T2", floatTensorTypes(), "float tensors")
          .TypeConstraint(
              "U",
              [] {
                std::vector<std::string> t = floatTensorTypes();
                t.push_back("tensor(bool)");
                return t;
              }(),
              "mask")
          .TypeConstraint("M", {"tensor(int64)"}, "lengths")
          .Attr("is_causal", "", AP::INT, static_cast<int64_t>(0))
          .Attr("q_num_heads", "", AP::INT, false)
          .Attr("kv_num_heads", "", AP::INT, false)
          .Attr("qk_matmul_output_mode", "", AP::INT, static_cast<int64_t>(0))
          .Attr("scale", "", AP::FLOAT, false)
          .Attr("softcap", "", AP::FLOAT, 0.0f)
          .Attr("softmax_precision", "", AP::INT, false)
          .TypeAndShapeInferenceFunction(standardAttentionInference));
  for (const char *name : {"BitwiseAnd", "BitwiseOr", "BitwiseXor"})
    registerSchema(newerStandardSchema(name)
                       .Input(0, "A", "", "T")
                       .Input(1, "B", "", "T")
                       .Output(0, "C", "", "T")
                       .TypeConstraint("T", intTensorTypes(), "integer tensors")
                       .TypeAndShapeInferenceFunction(broadcastBinary));
  registerSchema(newerStandardSchema("BitwiseNot")
                     .Input(0, "X", "", "T")
                     .Output(0, "Y", "", "T")
                     .TypeConstraint("T", intTensorTypes(), "integer tensors")
                     .TypeAndShapeInferenceFunction(sameAsFirstInput));
}

void carbon::import::registerContribSchemas() {
  static std::once_flag once;
  std::call_once(once, [] {
    registerAll();
    registerNewerStandardOps();
  });
}
